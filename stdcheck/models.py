"""The one vocabulary every stage speaks: policy, ledger rows, problems, evaluation.

Policy models are strict and forbid unknown keys, so a typo in a data file is an error, not a
silently ignored field, and YAML 1.1 surprises (``no`` -> False, ``on`` -> True) cannot pass where
a string is meant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

# --- shared vocabularies -------------------------------------------------------------------


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
    warning = "warning"  # the row counts, but something in it deserves a look


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


# Enum fields accept their string value from YAML even though the models are otherwise strict.
KindField = Annotated[EntryKind, Field(strict=False)]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Text(StrictModel):
    """A piece of text in the opinion's Chinese and an English rendering."""

    zh: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


# --- targets.yaml ----------------------------------------------------------------------------


class AtLeast(StrictModel):
    """``achieved >= value``. Other bounds (at_most, ratio) join the ``Bound`` union as classes."""

    type: Literal["at_least"]
    value: Annotated[int, Field(ge=0)]

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
    value: Annotated[int, Field(ge=0)]

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
    def _ordered(self) -> "Window":
        if self.end <= self.start:
            raise ValueError(f"window ends ({self.end}) on or before it starts ({self.start}); "
                             "make `end` later than `start`")
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
            raise ValueError("a kind is listed twice; list each kind once")
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
    number: Annotated[int, Field(ge=1)]
    title: Text


class Task(StrictModel):
    number: Annotated[int, Field(ge=1)]
    section: Annotated[int, Field(ge=1)]
    title: Text
    summary: Text
    # Canonical department names in the opinion's order.
    departments: list[NonEmpty] = []
    open: bool = False  # the list ends with 等: others may contribute
    all_departments: bool = False  # 区政府各部门 (task 16)
    towns_implement: bool = False  # 各镇街落实 (task 12)

    @model_validator(mode="after")
    def _assignment(self) -> "Task":
        if self.all_departments and self.departments:
            raise ValueError("a task for every department (all_departments: true) lists no "
                             "departments; remove the list or set all_departments: false")
        if not self.all_departments and not self.departments:
            raise ValueError("list the responsible departments, or set all_departments: true")
        if len(set(self.departments)) != len(self.departments):
            raise ValueError("a department is listed twice; list each once")
        return self


class TaskBook(StrictModel):
    """The content of tasks.yaml."""

    sections: list[Section]
    tasks: list[Task]


class Registry(StrictModel):
    """The content of departments.yaml."""

    # Place prefixes a name may carry or drop (重庆市江津区, 江津区, 区): names are also compared
    # with them stripped, so 江津区科技局 and 重庆市江津区科技局 find 区科技局.
    prefixes: list[NonEmpty] = []
    departments: list[Department]


class PolicyData(BaseModel):
    """A loaded, cross-checked policy: what every later stage receives."""

    model_config = ConfigDict(frozen=True)

    policy: Policy
    sections: list[Section]
    tasks: list[Task]
    departments: list[Department]
    prefixes: list[str] = []
    source: str  # the directory it came from, or "embedded"

    def task(self, number: int) -> Optional[Task]:
        return next((t for t in self.tasks if t.number == number), None)

    def department(self, name: str) -> Optional[Department]:
        return next((d for d in self.departments if d.name == name), None)

    def tasks_of(self, name: str) -> list[Task]:
        """Tasks a department (canonical name) is named in, or shares as "every department"."""
        return [t for t in self.tasks if name in t.departments or t.all_departments]


# --- ledgers -------------------------------------------------------------------------------


@dataclass(slots=True)
class Entry:
    """One usable ledger row.

    Deliberately not a pydantic model: a municipal roll-up has hundreds of thousands of rows and
    validating each through pydantic costs 5-10x the read. The reader fills it only with values
    already checked against the vocabularies above.
    """

    source: str  # file name as given
    row: int  # 1-based, as a spreadsheet shows it
    kind: EntryKind
    title: str
    department: Optional[str]  # canonical name; None for a town/sub-district or unknown
    town: Optional[str] = None  # a 镇/街道 name, for task 12
    date: Optional[dt.date] = None
    code: Optional[str] = None  # normalized (codes.normalize_code): the de-duplication key
    task: Optional[int] = None
    status: Status = Status.done
    due: Optional[dt.date] = None
    ref: Optional[str] = None
    note: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Msg:
    """A message for a person, in both languages the tool speaks: the liaison staff who fix a
    ledger read Chinese. Problems and input errors carry one; renderers pick the language."""

    en: str
    zh: str

    def __add__(self, other: "Msg") -> "Msg":
        return Msg(self.en + other.en, self.zh + other.zh)

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Problem(BaseModel):
    """A located finding about an input. Codes are stable slugs (see README)."""

    model_config = ConfigDict(frozen=True)

    source: str
    row: Optional[int] = None
    column: Optional[str] = None
    code: str
    severity: Severity
    message: str  # English
    message_zh: Optional[str] = None
    counts: Optional[bool] = None  # for row problems: does the row still count?

    def text(self, lang: str) -> str:
        return (self.message_zh or self.message) if lang == "zh" else self.message


# --- evaluation ----------------------------------------------------------------------------


class Location(BaseModel):
    source: str
    row: int


class LateEntry(BaseModel):
    target: str
    source: str
    row: int
    title: str
    date: dt.date


class TargetResult(BaseModel):
    id: str
    name: Text
    kinds: list[EntryKind]
    bound: str
    required: int
    achieved: int
    gap: int
    expected_by_now: float
    state: State
    light: Light
    late: int
    window_start: dt.date
    window_end: dt.date
    rate_so_far: Optional[float] = None  # per month since the window opened
    rate_needed: Optional[float] = None  # per month from as_of to the deadline
    projected: Optional[dt.date] = None  # completion at the current rate


class Item(BaseModel):
    """An open item with a deadline: overdue or due soon."""

    source: str
    row: int
    title: str
    department: Optional[str]
    task: Optional[int]
    status: Status
    due: dt.date
    days_overdue: Optional[int] = None
    days_left: Optional[int] = None


class TaskResult(BaseModel):
    number: int
    section: int
    title: Text
    departments: list[str]
    all_departments: bool
    towns_implement: bool
    entries: int
    done: int
    reporting_departments: list[str]
    silent_departments: list[str]
    towns_reporting: int = 0
    overdue: int
    due_soon: int
    light: Light


class Duplicate(BaseModel):
    key: str
    first: Location
    again: Location


class FileSummary(BaseModel):
    source: str
    format: str
    encoding: Optional[str] = None
    sheet: Optional[str] = None
    rows: int = 0
    used: int = 0
    readable: bool = True


class Evaluation(BaseModel):
    as_of: dt.date
    policy: str
    files: list[FileSummary]
    targets: list[TargetResult]
    goals: list[Goal]
    tasks: list[TaskResult]
    late: list[LateEntry]
    overdue: list[Item]
    due_soon: list[Item]
    duplicates: list[Duplicate]
    problems: list[Problem]
