"""The results the core returns: self-contained, so a renderer needs nothing else.

``StatusReport`` holds everything ``status`` (and later ``report``) shows — the policy's titles,
the files read, targets with their bounds and labels, goals, tasks, open items, findings and
the summary counts — so any format can be written without the policy at hand, and every
format shows the same numbers. Its JSON is the ``status --format json`` document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, Literal, Optional, Union, overload

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import core_schema

from .findings import Finding
from .schema import Bound, Department, Goal, Policy, Section, Target, Task, Town
from .version import __version__
from .vocabulary import EntryKind, Level, Light, Severity, State, Status, Text

#: Version of the shape of every JSON document the tool writes; raised when a key changes
#: meaning or goes away (adding a key does not raise it).
SCHEMA_VERSION = 2


class Model(BaseModel):
    # the validator and serializer are built on first use: a table run builds its result
    # without validating and never serializes, and 30 models' schemas are a tenth of start-up
    model_config = ConfigDict(extra="forbid", defer_build=True)


class PolicyInfo(Model):
    id: str
    title: Text
    issuer: Text
    source: str  # the --data folder, or "embedded"
    level: Level = "district"  # the issuer's level: the words for every department follow it


class FileSummary(Model):
    source: str
    format: str
    encoding: Optional[str] = None
    sheet: Optional[str] = None
    rows: int = 0  # data rows read
    used: int = 0  # rows that became an entry
    counted: int = 0  # rows that counted toward a target
    skipped_rows: int = 0  # rows that are not data: totals, section headings, numbered blanks
    readable: bool = True
    sender: Optional[str] = None  # the department most of its rows name: whose data it is


class Skipped(Model):
    """A file in a ledger folder, or a sheet of a workbook, that was not read, and why."""

    source: str
    sheet: Optional[str] = None
    reason: Text


class TargetResult(Model):
    id: str
    name: Text
    short: Text  # a label that fits a table column
    kinds: list[EntryKind]
    bound: Bound
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
    projected_never: bool = False  # at the current rate, not before the year 9999


class TaskResult(Model):
    number: int
    section: int
    title: Text
    departments: list[str]  # canonical names, the opinion's order
    open: bool  # the list ends with 等
    all_departments: bool  # every district department (区政府各部门)
    towns_implement: bool  # every town and sub-district implements (各镇街落实)
    entries: int
    done: int
    reporting_departments: list[str]
    silent_departments: list[str]  # assigned, and nothing reported at all
    # assigned, reported only in ledgers without a task column: on which task is not known
    untasked_departments: list[str] = []
    nobody_reported: bool  # for an all-departments task: no department reported at all
    towns_reporting: int = 0
    overdue: int
    due_soon: int
    light: Light


class Item(Model):
    """An open item with a deadline: overdue or due soon."""

    source: str
    sheet: Optional[str] = None
    row: int
    title: str
    department: Optional[str]  # as a person reads it: 区科技局（牵头）、区经济信息委
    departments: list[str] = []  # canonical names, lead first
    task: Optional[int]
    status: Status
    stage: Optional[str] = None  # where it stands, as the ledger says (报批中, 暂停)
    due: dt.date
    days_overdue: Optional[int] = None
    days_left: Optional[int] = None


_ITEM_FIELDS = frozenset(Item.model_fields)
_set = object.__setattr__


def item_fields(**given: Any) -> dict[str, Any]:
    """An ``Item``'s fields in their order, the ones not ``given`` None (its lists empty), for
    :func:`item_of`: the evaluator makes the fields an item's shape decides once, and each item
    from a copy."""
    return {name: given.get(name, [] if name == "departments" else None)
            for name in Item.model_fields}


def item_of(fields: dict[str, Any]) -> Item:
    """An ``Item`` of ``fields`` (all of them, in order; see :func:`item_fields`), values the
    reader already checked, made without validating them again."""
    m = Item.__new__(Item)
    _set(m, "__dict__", fields)
    _set(m, "__pydantic_fields_set__", _ITEM_FIELDS)
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


class Items(Sequence[Item]):
    """Open items as a list of ``Item`` that keeps each one compact (a tuple of the values the
    reader checked) and makes its model only when it is looked at: a varied million-row
    roll-up has a quarter of a million open items, the table shows 50, and JSON writes them one
    at a time. Equal to a list of the same items; validates from and serializes to a list."""

    __slots__ = ("_make", "_rows", "split", "varying")

    def __init__(self, rows: Sequence[Any] = (), make: Optional[Callable[[Any], Item]] = None,
                 split: Optional[Callable[[Any], tuple[Hashable, tuple[Any, ...]]]] = None,
                 varying: tuple[str, ...] = ()):
        self._rows = rows
        self._make: Callable[[Any], Item] = make or _same
        # for a writer that makes no model: ``split(row)`` is (its shape, the values of the
        # fields named in ``varying``, in the item's field order); every other field of an
        # item is the same for all rows of one shape
        self.split = split
        self.varying = varying

    def rows(self) -> Sequence[Any]:
        """The compact rows, in order (what ``split`` and :meth:`make` take)."""
        return self._rows

    def make(self, row: Any) -> Item:
        """The ``Item`` of one of :meth:`rows`."""
        return self._make(row)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, i: int) -> Item: ...
    @overload
    def __getitem__(self, i: slice) -> list[Item]: ...
    def __getitem__(self, i: Union[int, slice]) -> Union[Item, list[Item]]:
        if isinstance(i, slice):
            return list(map(self._make, self._rows[i]))
        return self._make(self._rows[i])

    def __iter__(self) -> Iterator[Item]:
        return map(self._make, self._rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Items, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Items({list(self)!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        as_list = handler.generate_schema(list[Item])
        from_list = core_schema.no_info_after_validator_function(cls, as_list)
        return core_schema.json_or_python_schema(
            json_schema=from_list,
            python_schema=core_schema.union_schema(
                [core_schema.is_instance_schema(cls), from_list]),
            serialization=core_schema.plain_serializer_function_ser_schema(
                list, return_schema=as_list))


def _same(item: Item) -> Item:
    return item


class EvidenceRow(Model):
    """A row that counted toward a target: enough to check the figure by hand."""

    source: str
    sheet: Optional[str] = None
    row: int
    title: str
    code: Optional[str]  # as the ledger wrote it
    date: Optional[dt.date]
    department: Optional[str]


_EVIDENCE_FIELDS = frozenset(EvidenceRow.model_fields)


def evidence_row(source: str, sheet: Optional[str], row: int, title: str, code: Optional[str],
                 date: Optional[dt.date], department: Optional[str]) -> EvidenceRow:
    """An ``EvidenceRow`` of values already checked, made as ``item_of`` makes an item: the
    report keeps one per counted row."""
    m = EvidenceRow.__new__(EvidenceRow)
    _set(m, "__dict__", {"source": source, "sheet": sheet, "row": row, "title": title,
                         "code": code, "date": date, "department": department})
    _set(m, "__pydantic_fields_set__", set(_EVIDENCE_FIELDS))  # its own: a model may be edited
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


class LateEntry(Model):
    target: str
    source: str
    sheet: Optional[str] = None
    row: int
    title: str
    date: dt.date


class Location(Model):
    source: str
    sheet: Optional[str] = None
    row: int


class Duplicate(Model):
    key: str
    first: Location
    again: Location


class Summary(Model):
    targets_total: int
    targets_met: int
    targets_red: int
    tasks_with_silent_departments: int
    overdue: int
    due_soon: int
    files: int
    files_unreadable: int
    rows_read: int
    rows_used: int
    errors: int  # findings of each severity, including those past the listing cap
    warnings: int


class DepartmentRoll(Model):
    """The roll-call (报送情况) line of a department: what it has sent."""

    name: str
    en: str
    files: int  # files (or sheets) with rows naming it
    rows: int  # rows naming it: every row it sent, whether it counted or not
    counted: int = 0  # of those, rows counted toward a target
    flagged: int = 0  # of those, rows with a finding (an error or a warning)
    latest: Optional[dt.date]  # the latest date in those rows
    open: int  # open items (planned or in progress)
    overdue: int
    sent_nothing: bool  # no row names it: the first line of a 督办 notice
    share: dict[str, int]  # target id -> rows counted toward it


class StatusReport(Model):
    schema_version: int = SCHEMA_VERSION
    tool_version: str
    policy: PolicyInfo
    as_of: dt.date
    due_soon_days: int
    files: list[FileSummary]
    skipped: list[Skipped]
    summary: Summary
    targets: list[TargetResult]
    goals: list[Goal]
    tasks: list[TaskResult]
    late: list[LateEntry]
    overdue: Items
    due_soon: Items
    duplicates: list[Duplicate]
    findings: list[Finding]
    departments: list[DepartmentRoll] = []  # the roll-call: who sent nothing comes first
    departments_chosen: list[str] = []  # --department: the view narrowed to these


def summarize(targets: list[TargetResult], tasks: list[TaskResult], overdue: Sequence[Item],
              due_soon: Sequence[Item], files: list[FileSummary], errors: int,
              warnings: int) -> Summary:
    """The counts a headline reads out, computed once for every format."""
    return Summary(
        targets_total=len(targets),
        targets_met=sum(1 for t in targets if t.state is State.met),
        targets_red=sum(1 for t in targets if t.light is Light.red),
        tasks_with_silent_departments=sum(1 for t in tasks
                                          if t.silent_departments or t.nobody_reported),
        overdue=len(overdue),
        due_soon=len(due_soon),
        files=len(files),
        files_unreadable=sum(1 for f in files if not f.readable),
        rows_read=sum(f.rows for f in files),
        rows_used=sum(f.used for f in files),
        errors=errors,
        warnings=warnings,
    )



# --- validate: policy YAML and ledgers checked for CI ------------------------------------------


class Issue(Finding):
    """A finding of ``validate``: a :class:`Finding` with ``uri`` (the file relative to the
    repository root, as SARIF and GitHub want it) and ``fingerprint`` (what the finding is
    about, independent of its line: see stdcheck.validation)."""

    uri: str
    fingerprint: str


class CheckedFile(Model):
    """A file ``validate`` was given or found, what it took it for, and whether it was checked:
    ``kind`` is ``targets.yaml`` / ``tasks.yaml`` / ``departments.yaml`` (a policy file),
    ``ledger``, or ``skipped``; ``note`` says why a file was skipped, or how a policy file
    given alone was checked (with the files beside it, or the embedded policy's)."""

    source: str
    uri: str
    kind: str
    sheet: Optional[str] = None
    note: Optional[Text] = None


class ValidationSummary(Model):
    files: int = 0
    errors: int = 0  # counted after --select/--ignore and the baseline
    warnings: int = 0
    infos: int = 0
    baselined: int = 0  # findings the baseline accepted
    deselected: int = 0  # findings --select / --ignore left out
    listed: int = 0
    not_listed: int = 0  # past --max-problems


class ValidationReport(Model):
    """What ``stdcheck validate`` found; ``fails`` decides the exit code."""

    schema_version: int = SCHEMA_VERSION
    tool_version: str = __version__
    kind: Literal["validation"] = "validation"
    as_of: dt.date
    strict: bool = False
    fails: bool = False
    files: list[CheckedFile] = []
    #: each ledger file (or sheet) read, with its rows read, used and counted, as ``status``
    #: lists it; ``readable`` is false for one that could not be read as a ledger
    ledgers: list[FileSummary] = []
    summary: ValidationSummary = ValidationSummary()
    findings: list[Issue] = []


# --- listings of the policy itself (targets, tasks, departments) and of the code catalogue ---


class TargetsListing(Model):
    schema_version: int = SCHEMA_VERSION
    policy: PolicyInfo
    targets: list[Target]
    goals: list[Goal]


class TasksListing(Model):
    schema_version: int = SCHEMA_VERSION
    level: Level = "district"
    sections: list[Section]
    tasks: list[Task]


class DepartmentEntry(Model):
    department: Department
    tasks: list[int]  # numbers of the tasks it is named in, or shares as every department


class TownEntry(Model):
    town: Town
    tasks: list[int]  # numbers of the tasks every town implements (各镇街落实)


class DepartmentsListing(Model):
    schema_version: int = SCHEMA_VERSION
    departments: list[DepartmentEntry]
    towns: list[TownEntry] = []  # the registry's towns and sub-districts, after the departments


class DepartmentDetail(Model):
    schema_version: int = SCHEMA_VERSION
    level: Level = "district"
    department: Department
    sections: list[Section]
    tasks: list[Task]


class TownDetail(Model):
    """A town or sub-district (``departments 白沙镇``): not a department, but it implements the
    tasks every town implements. ``listed`` is false for a policy that lists no towns, where
    any …镇 / …街道 is taken for one (and ``en`` is then unknown)."""

    schema_version: int = SCHEMA_VERSION
    town: str  # the counted name: 白沙镇, 德感街道
    kind: str  # "town" (镇) or "subdistrict" (街道)
    en: Optional[str] = None
    aliases: list[str] = []
    district: Optional[Text] = None
    listed: bool = True
    level: Level = "district"
    sections: list[Section]
    tasks: list[Task]


class CodeEntry(Model):
    code: str
    severity: Severity
    scope: str
    title: Text
    help: Text
    example: Text


class CodesListing(Model):
    schema_version: int = SCHEMA_VERSION
    codes: list[CodeEntry]


class NumberReading(Model):
    """What a standard number is, as ``stdcheck number`` shows it."""

    written: str
    kind: Optional[EntryKind]
    confident: bool
    prefix: Optional[str]
    issuer: Optional[str]  # province (and city) of a local standard
    serial: Optional[str]
    year: Optional[int]
    suffixes: list[str]
    adopted: Optional[str]  # the international standard a national one adopts
    normalised: str  # the key rows are matched by
    changes: list[Text]  # what normalising changed
    unread: Optional[str]  # the part that could not be read


class NumbersListing(Model):
    schema_version: int = SCHEMA_VERSION
    numbers: list[NumberReading]


# --- the meeting report (report): the status, and what a joint meeting needs beside it -------


class NotCounted(Model):
    """A row that did not count toward a target, and why (a finding code, or ``late``)."""

    source: str
    sheet: Optional[str] = None
    row: Optional[int]
    title: Optional[str] = None
    reason: str  # a finding code, or "late"
    message: Text


class OtherRow(Model):
    """A row read and used that no target counts and no finding names, listed so that every
    row is accounted for: an open item not yet due (or without a deadline), an activity or
    another kind no target counts, a cancelled entry."""

    source: str
    sheet: Optional[str] = None
    row: int
    title: str
    kind: EntryKind
    status: Status
    department: Optional[str]  # as the roll-call names it (a town's row: the town)
    date: Optional[dt.date]
    due: Optional[dt.date]


_OTHER_FIELDS = frozenset(OtherRow.model_fields)


def other_row(source: str, sheet: Optional[str], row: int, title: str, kind: EntryKind,
              status: Status, department: Optional[str], date: Optional[dt.date],
              due: Optional[dt.date]) -> OtherRow:
    """An ``OtherRow`` of values the reader checked, made as :func:`evidence_row` makes one."""
    m = OtherRow.__new__(OtherRow)
    _set(m, "__dict__", {"source": source, "sheet": sheet, "row": row, "title": title,
                         "kind": kind, "status": status, "department": department,
                         "date": date, "due": due})
    _set(m, "__pydantic_fields_set__", set(_OTHER_FIELDS))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


class TargetEvidence(Model):
    target: str
    counted: list[EvidenceRow]  # every row that made the count
    not_counted: list[NotCounted]


class TargetMove(Model):
    target: str
    before: int
    after: int


class Change(Model):
    """An entry that changed since the last meeting."""

    source: str
    sheet: Optional[str] = None
    row: int
    title: str
    department: Optional[str]
    code: Optional[str] = None
    date: Optional[dt.date] = None
    due: Optional[dt.date] = None


class SinceLastMeeting(Model):
    since: Optional[dt.date]  # --since: the last meeting's date, when given
    previous: list[str]  # the previous ledgers (--previous), if given
    previous_latest: Optional[dt.date] = None  # the latest date in them: how recent they are
    added: list[Change]  # only with --previous: entries not in the previous ledgers
    completed: list[Change]  # done since then
    newly_overdue: list[Item]  # overdue now, not then
    moves: list[TargetMove]  # only with --previous: each target then and now


class DepartmentPage(Model):
    """What a department head is handed: its silent tasks, overdue and due-soon items, the
    findings in the data it sent, and its share of each target."""

    name: str
    en: str
    silent_tasks: list[int]
    untasked_tasks: list[int]  # reported in a ledger without a task column
    overdue: list[Item]  # oldest first
    due_soon: list[Item]
    findings: list[Finding]
    share: dict[str, int]  # target id -> rows of this department counted toward it
    outstanding: bool  # anything above to act on
    sent_nothing: bool = False  # no row of any ledger names it


class MeetingReport(StatusReport):
    """The gap report for the joint meeting (联席会议): everything ``status`` says, and the
    department pages, the evidence behind each count and the changes since the last
    meeting. Its JSON is a superset of ``status --format json``."""

    generated_at: dt.datetime
    since_last_meeting: Optional[SinceLastMeeting]
    department_pages: list[DepartmentPage]
    evidence: list[TargetEvidence]
    #: every other row read and used: neither counted, nor named by a finding, nor listed as
    #: overdue or due soon (see ``OtherRow``); with the evidence, every row is accounted for
    other_rows: list[OtherRow] = []


# --- draft: another district's opinion read into the three data files ---------------------------
# The policy parts are the schema's own models (``Policy``, ``Section``, ``Task``,
# ``Department``), so a draft that validates here is a draft that loads. What the data files
# have no place for (where each value came from, the role a department was given, what a
# person has to check) is kept beside them.


class DraftModel(BaseModel):
    model_config = ConfigDict(frozen=True)


#: What a review item is about.
Topic = Literal["input", "policy", "target", "goal", "section", "task", "department",
                "translation"]

#: How a department is named in a task's bracket: 牵头 lead, 配合 support,
#: 按职责分工负责 / 负责 responsible; None when the bracket gives no role.
Role = Literal["lead", "support", "responsible", "implement"]


class ReviewItem(DraftModel):
    """Something the draft guessed or skipped: a person decides."""

    topic: Topic
    message: Text
    source: Optional[str] = None  # the sentence (or line) it came from


class Found(DraftModel):
    """A value of the policy header and the text it was read from; ``read`` is false for a
    guess, and ``why`` says what it was guessed from."""

    field: Literal["title", "issuer", "document_number", "issued", "local_prefix", "level"]
    value: str
    source: str
    read: bool = True
    why: Optional[Text] = None


class Assignment(DraftModel):
    name: str  # canonical department name (after merging spellings)
    written: str  # as the bracket writes it
    role: Optional[Role] = None


class TaskDraft(DraftModel):
    """A task with how its departments were named, and the text it came from."""

    number: int
    assignments: list[Assignment] = []
    bracket: Optional[str] = None  # the bracket the departments were read from
    source: str


class Draft(DraftModel):
    """Everything drafted from one opinion."""

    schema_version: int = 1
    input: str  # the file read
    found: list[Found] = []
    document_number: Optional[str] = None
    policy: Policy
    sections: list[Section]
    tasks: list[Task]
    task_sources: list[TaskDraft] = []
    prefixes: list[str] = []
    district: Optional[Text] = None
    departments: list[Department]
    review: list[ReviewItem] = []

    def holds_nothing(self) -> bool:
        """No counted target and no task: nothing a ledger could be checked against."""
        return not self.policy.targets and not self.tasks
