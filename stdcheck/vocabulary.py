"""The words every stage shares: bilingual text and the enumerations of kinds, statuses,
severities, states and lights."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints


class Text(BaseModel):
    """Text in Chinese (the opinion's language, and the authority) and English.

    One fallback rule for every piece of text the tool holds or prints: English when ``en`` is
    asked for, Chinese otherwise. Policy data validates both halves as non-empty; messages the
    tool writes itself are built with :func:`msg` without validation, as they are made per row.
    """

    # built on first validation: a run that only writes messages never needs the schema
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    zh: Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
    en: Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def __add__(self, other: Text) -> Text:
        return msg(self.en + other.en, self.zh + other.zh)


_TEXT_FIELDS = frozenset(("zh", "en"))
_set = object.__setattr__


def msg(en: str, zh: str) -> Text:
    """A message the tool writes, English first as it is read in code review; not validated.
    Made as ``Text.model_construct`` makes it, without its per-call work: a roll-up makes one
    for every finding (a test holds the two equal)."""
    m = Text.__new__(Text)
    _set(m, "__dict__", {"zh": zh, "en": en})
    _set(m, "__pydantic_fields_set__", _TEXT_FIELDS)
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


#: The level of government that issues a policy (省, 市, 区, 县): it decides the words for "every
#: department" and for the units below that implement (towns, counties, cities). A municipality
#: (重庆市) is a city here: its departments are 市政府各部门 and its districts and counties implement.
Level = Literal["province", "city", "district", "county"]


class EntryKind(str, Enum):
    """What a ledger row records. Targets count rows of these kinds."""

    international = "international"
    national = "national"
    industry = "industry"
    local = "local"
    group = "group"
    enterprise = "enterprise"
    pilot = "pilot"
    activity = "activity"


class Status(str, Enum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class Severity(str, Enum):
    error = "error"  # the row (or file) could not be used as written
    warning = "warning"  # usable, but something in it deserves a look
    info = "info"  # said only when asked for (--show-normalised): nothing to fix


class State(str, Enum):
    met = "met"
    on_track = "on_track"
    behind = "behind"
    overdue = "overdue"
    met_late = "met_late"


class Light(str, Enum):
    """Traffic lights (亮灯) as district supervision practice uses them."""

    green = "green"
    yellow = "yellow"
    red = "red"
