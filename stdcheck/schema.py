"""The policy schema: what targets.yaml, tasks.yaml and departments.yaml hold.

Models are strict and forbid unknown keys, so a typo in a data file is an error, not a silently
ignored field, and YAML 1.1 surprises (``no`` -> False, ``on`` -> True) cannot pass where a
string is meant.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from .vocabulary import EntryKind, Level, Text


class RuleError(ValueError):
    """A rule a value breaks, said in English (``str``) and Chinese (``zh``); the loader puts
    both into the finding."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.zh = zh

# Enum fields accept their string value from YAML even though the models are otherwise strict.
KindField = Annotated[EntryKind, Field(strict=False)]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


#: The largest count a target can ask for: a district counts standards by the tens or hundreds
MAX_TARGET = 1_000_000
#: The largest section or task number (an opinion has a few dozen tasks)
MAX_NUMBERED = 999


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- targets.yaml ----------------------------------------------------------------------------


class AtLeast(StrictModel):
    """``achieved >= value``. Other bounds (at_most, ratio) join the ``Bound`` union as classes."""

    type: Literal["at_least"]
    value: Annotated[int, Field(ge=0, le=MAX_TARGET)]

    def is_met(self, achieved: float) -> bool:
        return achieved >= self.value

    def gap(self, achieved: float) -> float:
        return max(0, self.value - achieved)

    def describe(self, lang: str) -> str:
        return f"≥ {self.value}" if lang == "en" else f"≥{self.value}"


class AtMost(StrictModel):
    """``achieved <= value`` (e.g. a cap on withdrawn standards). Counted like at_least, met
    while the count stays under the cap; it has no trajectory."""

    type: Literal["at_most"]
    value: Annotated[int, Field(ge=0, le=MAX_TARGET)]

    def is_met(self, achieved: float) -> bool:
        return achieved <= self.value

    def gap(self, achieved: float) -> float:
        return max(0, achieved - self.value)

    def describe(self, lang: str) -> str:
        return f"≤ {self.value}"


Bound = Annotated[Union[AtLeast, AtMost], Field(discriminator="type")]


class Window(StrictModel):
    start: dt.date
    end: dt.date
    why: Optional[str] = None  # where a date is a judgement rather than the text's, say so

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end <= self.start:
            raise RuleError(f"window ends ({self.end}) on or before it starts ({self.start}); "
                            "make `end` later than `start`",
                            f"统计区间的结束日（{self.end}）不晚于开始日（{self.start}）；"
                            "请把 `end` 改到 `start` 之后")
        return self

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Target(StrictModel):
    id: Slug
    name: Text
    short: Optional[Text] = None  # a label that fits a table column; the name if absent
    kinds: Annotated[list[KindField], Field(min_length=1)]
    bound: Bound
    window: Window
    unit: Optional[Text] = None
    source: NonEmpty  # the sentence of the opinion the target comes from

    @field_validator("kinds")
    @classmethod
    def _unique_kinds(cls, kinds: list[EntryKind]) -> list[EntryKind]:
        if len(set(kinds)) != len(kinds):
            raise RuleError("a kind is listed twice; list each kind once",
                            "有类别列了两次；每个类别只列一次")
        return kinds


class Goal(StrictModel):
    """A qualitative goal: listed in reports, never counted."""

    id: Slug
    year: Annotated[int, Field(ge=1900, le=2100)]
    text: Text


class Policy(StrictModel):
    id: Slug
    title: Text
    issuer: Text
    references: list[NonEmpty] = []
    issued: Optional[dt.date] = None
    issued_note: Optional[str] = None
    # The prefix of the province's (or city's) local standards (DB50: Chongqing): another
    # province's local standard on a ledger is flagged. None: no local numbers are flagged.
    local_prefix: Optional[Annotated[str, StringConstraints(pattern=r"^DB[0-9]{2}([0-9]{2})?$")]] = None
    # The level of government that issues the policy: the words for "every department" and for
    # the units below that implement (各镇街, 各区县, 各市州) follow it.
    level: Level = "district"
    targets: list[Target]
    goals: list[Goal] = []


# --- tasks.yaml and departments.yaml -------------------------------------------------------


class Department(StrictModel):
    id: Slug
    name: NonEmpty  # canonical: exactly as the opinion writes it
    full_name: NonEmpty  # official name (post-2019 Chongqing pattern)
    full_name_confirmed: bool = False
    en: NonEmpty
    aliases: list[NonEmpty] = []


class Section(StrictModel):
    number: Annotated[int, Field(ge=1, le=MAX_NUMBERED)]
    title: Text


class Task(StrictModel):
    number: Annotated[int, Field(ge=1, le=MAX_NUMBERED)]
    section: Annotated[int, Field(ge=1, le=MAX_NUMBERED)]
    title: Text
    summary: Text
    # Canonical department names in the opinion's order.
    departments: list[NonEmpty] = []
    open: bool = False  # the list ends with 等: others may contribute
    all_departments: bool = False  # 区政府各部门 (task 16)
    # 各镇街落实 (task 12): the units below the district implement; a task may name only them
    # (责任单位：各乡镇人民政府)
    towns_implement: bool = False

    @model_validator(mode="after")
    def _assignment(self) -> Task:
        if self.all_departments and self.departments:
            raise RuleError("a task for every department (all_departments: true) lists no "
                            "departments; remove the list or set all_departments: false",
                            "由各部门承担的任务（all_departments: true）不再列出部门；请删除列表，"
                            "或设 all_departments: false")
        if not self.all_departments and not self.departments and not self.towns_implement:
            raise RuleError("list the responsible departments, or set all_departments: true "
                            "(or towns_implement: true when only the towns implement it)",
                            "请列出责任单位，或设 all_departments: true"
                            "（仅由镇街落实时设 towns_implement: true）")
        if len(set(self.departments)) != len(self.departments):
            raise RuleError("a department is listed twice; list each once",
                            "有部门列了两次；每个部门只列一次")
        return self


class TaskBook(StrictModel):
    """The content of tasks.yaml."""

    sections: list[Section]
    tasks: list[Task]


_TOWN_ENDINGS = ("镇", "街道")


class Town(StrictModel):
    """A town (镇) or sub-district (街道) of the district: not a department, but what a task
    every town implements (各镇街落实) counts."""

    name: NonEmpty  # the short official form, as it is counted: 白沙镇, 几江街道
    en: NonEmpty  # pinyin name: Baisha Town, Jijiang Subdistrict
    aliases: list[NonEmpty] = []  # other ways people write it (an old name, a short form)

    @field_validator("name")
    @classmethod
    def _town_form(cls, name: str) -> str:
        if not name.endswith(_TOWN_ENDINGS) or name in _TOWN_ENDINGS:
            raise RuleError(f"`{name}` is not a town or sub-district name; write the short "
                            "form ending in 镇 or 街道 (白沙镇, 几江街道)",
                            f"`{name}` 不是镇或街道的名称；请写以“镇”或“街道”结尾的简称"
                            "（白沙镇、几江街道）")
        return name

    @property
    def kind(self) -> str:
        """``town`` (镇) or ``subdistrict`` (街道)."""
        return "subdistrict" if self.name.endswith("街道") else "town"


class Registry(StrictModel):
    """The content of departments.yaml."""

    # Place prefixes a name may carry or drop (重庆市江津区, 江津区, 区): names are also compared
    # with them stripped, so 江津区科技局 and 重庆市江津区科技局 find 区科技局.
    prefixes: list[NonEmpty] = []
    # The district's own name, for messages about its towns ("a town of 江津区").
    district: Optional[Text] = None
    departments: list[Department]
    # The district's towns and sub-districts (镇街). Empty (or absent): any name ending in 镇
    # or 街道 is taken for a town, as a policy that does not list them needs.
    towns: list[Town] = []


class PolicyData(BaseModel):
    """A loaded, cross-checked policy: what every later stage receives."""

    model_config = ConfigDict(frozen=True)

    policy: Policy
    sections: list[Section]
    tasks: list[Task]
    departments: list[Department]
    prefixes: list[str] = []
    district: Optional[Text] = None
    towns: list[Town] = []  # empty: any …镇 / …街道 is a town
    source: str  # the directory it came from, or "embedded"

    def task(self, number: int) -> Optional[Task]:
        return next((t for t in self.tasks if t.number == number), None)

    def department(self, name: str) -> Optional[Department]:
        return next((d for d in self.departments if d.name == name), None)

    def tasks_of(self, name: str) -> list[Task]:
        """Tasks a department (canonical name) is named in, or shares as "every department"."""
        return [t for t in self.tasks if name in t.departments or t.all_departments]
