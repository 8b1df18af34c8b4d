"""Where the district stands: count ledger entries against targets, find silent departments,
overdue items and duplicates. Pure core: no CLI, no rendering.

Entries stream through ``Tally.add_all`` one at a time and only what the output needs is kept
(counts, one location per de-duplication key, the few open items), so a municipal roll-up of a
million rows fits in memory. What does not depend on the row itself (its department, kind,
status, tasks) is counted per :class:`~stdcheck.entries.Shape` and added up when a ledger has
been read; the row loop looks only at what is the row's own: its dates and its number.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Optional, Union

from .collector import paused
from .dates import Month
from .entries import Entry, Shape, Who
from .findings import LIMIT, FindingLog
from .result import (
    DepartmentRoll,
    Duplicate,
    EvidenceRow,
    FileSummary,
    Item,
    Items,
    LateEntry,
    Location,
    OtherRow,
    PolicyInfo,
    Skipped,
    StatusReport,
    TargetResult,
    TaskResult,
    evidence_row,
    item_fields,
    item_of,
    other_row,
    summarize,
)
from .schema import AtLeast, PolicyData, Target, Task
from .version import __version__
from .vocabulary import EntryKind, Light, Severity, State, Status, Text, msg

if TYPE_CHECKING:
    from .errors import LedgerError
    from .ledger import LedgerReader

DAYS_PER_MONTH = 365.25 / 12
LIMIT_WHO = 10_000  # distinct department cells whose item text is shared
YELLOW_SHARE = 0.8  # behind, but at least 80% of the trajectory: yellow; below: red
_MISSING = object()
_NEVER = dt.date.min  # a shape's latest date before it has one

_TITLE_NOISE = re.compile(r"[\s《》<>“”\"'‘’「」()（）\[\]【】,，.。:：;；、\-—_]+")


def title_key(title: str) -> str:
    """Titles compared for de-duplication: width, case, spaces, brackets and punctuation ignored.

    The noise goes first: what is left is most often already in NFKC, which is checked for far
    faster than it is made (full-width letters and digits are folded; a full-width dash
    folds to a dash, which goes too)."""
    bare = _TITLE_NOISE.sub("", title)
    if not unicodedata.is_normalized("NFKC", bare):
        bare = _TITLE_NOISE.sub("", unicodedata.normalize("NFKC", bare))
    return bare.lower()


@dataclass
class Options:
    as_of: dt.date
    due_soon: int = 14
    encoding: Optional[str] = None
    sheet: Optional[str] = None
    keep_going: bool = False
    show_normalised: bool = False


@dataclass
class _TaskTally:
    entries: int = 0
    done: int = 0
    departments: set[str] = field(default_factory=set)
    towns: set[str] = field(default_factory=set)
    overdue: int = 0
    due_soon: int = 0


class Roll:
    """A department's line of the roll-call (报送情况) as rows come in."""

    __slots__ = ("counted", "files", "flagged", "latest", "open", "rows")

    def __init__(self) -> None:
        self.rows = 0  # rows naming it: every row it sent
        self.counted = 0  # of those, counted toward a target
        self.flagged = 0  # of those, with a finding
        self.open = 0  # open items (planned or in progress)
        self.latest: Optional[dt.date] = None  # the latest date in its rows
        self.files: set[tuple[str, Optional[str]]] = set()  # (file, sheet)s naming it


_DONE, _OPEN, _CANCELLED = 0, 1, 2


class _Counts:
    """What the rows of one shape add up to while a ledger is read (kept on ``Shape.memo``)."""

    __slots__ = ("counted", "entries", "flagged", "hits", "latest", "overdue", "packed", "rows",
                 "soon", "status", "undated", "windows")

    def __init__(self, shape: Shape, windows: Optional[tuple[tuple[int, dt.date, dt.date], ...]],
                 targets: int, packed: int) -> None:
        status = shape.status
        self.status = (_DONE if status is Status.done else
                       _CANCELLED if status is Status.cancelled else _OPEN)
        self.windows = windows  # (target number, start, end) of the targets its kind counts
        self.packed = packed  # the number of its (file, sheet) << 32: rows' locations
        self.rows = 0
        self.flagged = 0
        self.entries = 0  # rows its tasks count: not cancelled, not dated in the future
        self.counted = 0  # rows counted toward a target
        self.overdue = 0  # open items overdue
        self.soon = 0  # open items due soon
        self.hits = [0] * targets  # rows counted toward each target
        self.undated = 0  # open rows without a deadline
        self.latest = _NEVER


class OpenItem(NamedTuple):
    """An open item as the tally keeps it until it is shown: sorted by deadline, then by the
    order its (file, sheet) was read and its row."""

    due: dt.date
    order: int  # the number of its (file, sheet) among those read
    row: int
    shape: Shape
    title: str


class Tally:
    """Accumulates entries (from any number of files) and produces the ``StatusReport``. It is
    the :class:`~stdcheck.ledger.Sink` of the road ``evaluate`` reads ledgers on."""

    def __init__(self, data: PolicyData, options: Options, journal: Optional[Journal] = None,
                 finding_limit: int = LIMIT, progress: Optional[Progress] = None):
        self.data = data
        self.opt = options
        self.journal = journal  # every entry and counted row, for the meeting report
        self.progress = progress
        self.findings = FindingLog(finding_limit)
        self.files: list[FileSummary] = []
        self.skipped_files: list[Skipped] = []
        self.targets = [t.id for t in data.policy.targets]
        self._target_names = [t.short or t.name for t in data.policy.targets]  # for messages
        self.achieved = [0] * len(self.targets)
        self.late: list[LateEntry] = []  # listed, at most LIMIT per target
        self.late_count = [0] * len(self.targets)
        # de-duplication key (the normalized number, else kind and title) -> first location,
        # packed in one int (source number << 32 | row): a million (source, row) tuples would
        # cost 64 MB more
        self.seen: dict[Union[str, tuple[EntryKind, str, Optional[str]]], int] = {}
        self._sources: list[tuple[str, Optional[str]]] = []  # (file, sheet)
        self._source_no: dict[tuple[str, Optional[str]], int] = {}
        # (source, sheet) -> {column: (its header text there, its 1-based position)}, so the
        # evaluator's findings name a column as the reader's do: as the file writes it
        self.headers: dict[tuple[str, Optional[str]], dict[str, tuple[str, int]]] = {}
        self.duplicates: list[Duplicate] = []
        self.overdue: list[OpenItem] = []
        self.due_soon: list[OpenItem] = []
        # the Who of a department cell -> how an item names who is on it
        self._who: dict[int, Optional[str]] = {}
        self.open_due_soon_kinds: set[EntryKind] = set()
        self.tasks = {t.number: _TaskTally() for t in data.tasks}
        # departments that reported in a ledger without a task column: on their tasks they are
        # "reported, task not given", not silent
        self.untasked: set[str] = set()
        self._no_task_column: set[tuple[str, Optional[str]]] = set()
        # (file, sheet) -> open items with a deadline, and without: a file none of whose open
        # items has one cannot say what is overdue, and is told so once
        self.open_dated: dict[tuple[str, Optional[str]], int] = {}
        self.open_undated: dict[tuple[str, Optional[str]], int] = {}
        # rows counted toward a target, per (source, sheet), for the file line's 计入 count
        self.counted: dict[tuple[str, Optional[str]], int] = {}
        self.rolls: dict[str, Roll] = {}  # the roll-call: department -> what it sent
        # (file, sheet) -> rows per department named: whose data a file is (its sender)
        self.senders: dict[tuple[str, Optional[str]], dict[str, int]] = {}
        # (target, department) -> rows counted: a department's share of each target
        self.share: dict[tuple[str, str], int] = {}
        # (kind, title) of a numberless done row -> (who, first location): two companies'
        # standards of one name are two standards
        self._titles: dict[tuple[EntryKind, str], tuple[Optional[str], str, int]] = {}
        # kind -> (target number, window start, window end) of the targets counting it
        windows: dict[EntryKind, list[tuple[int, dt.date, dt.date]]] = {}
        for i, t in enumerate(data.policy.targets):
            for k in t.kinds:
                windows.setdefault(k, []).append((i, t.window.start, t.window.end))
        self._windows = {k: tuple(v) for k, v in windows.items()}
        self._flagged: Optional[Entry] = None  # the last entry a finding here flagged

    # -- the road's sink -----------------------------------------------------------------------

    def file(self, path: Path, number: int, total: int) -> None:
        if self.progress is not None:
            self.progress(str(path), number, total, 0)

    def sheet(self, reader: LedgerReader) -> None:
        self.read(reader)

    def skipped(self, source: str, sheet: Optional[str], reason: Text) -> None:
        self.skipped_files.append(Skipped(source=source, sheet=sheet, reason=reason))

    # -- per entry (hot path) ------------------------------------------------------------------

    def add_all(self, rows: Iterable[Entry]) -> None:
        """Tally entries. ``Entry.code`` is already normalized (the reader does it once).

        What the row's shape decides is counted per shape (``Shape.memo``) and added up by
        :meth:`_flush`; this loop, the hot path of a million-row roll-up, looks at the row's
        dates and number, and leaves anything unusual to a method."""
        as_of = self.opt.as_of
        soon_by = as_of + dt.timedelta(days=self.opt.due_soon)
        seen = self.seen
        achieved = self.achieved
        overdue, due_soon = self.overdue.append, self.due_soon.append
        future, unusual, title_key_of = self._future, self._unusual, self._title_key
        who_text = self._who_text
        counts = self._counts
        new, item = tuple.__new__, OpenItem  # an OpenItem from its fields in their order
        shape: Optional[Shape] = None
        m: Any = None
        packed = order = status = 0
        windows: Any = None
        journal = self.journal
        # every entry only when two meetings are compared; counted rows always
        entries = journal if journal is not None and journal.keep_entries else None
        shapes: list[Shape] = []
        try:
            for e in rows:
                if entries is not None:
                    entries.entry(e)
                if e.shape is not shape:
                    shape = e.shape
                    m = shape.memo
                    if m is None:
                        m = counts(shape)
                        shapes.append(shape)
                    packed, status, windows = m.packed, m.status, m.windows
                    order = packed >> 32
                m.rows += 1
                if e.flagged:
                    m.flagged += 1
                    if journal is not None:  # whose page the reader's finding goes on
                        journal.flagged(e)
                date = e.date
                if date is not None:
                    # only an achievement can be in the future by mistake (an open row's later
                    # date is its plan); such a date is not the department's latest either
                    if status == _DONE and date > as_of:
                        future(e)
                        continue
                    if date > m.latest:
                        m.latest = date
                if status == _DONE:
                    m.entries += 1
                    if windows is None:  # a kind no target counts (e.g. activity)
                        if journal is not None and not e.flagged:
                            journal.other(e, who_text(e.shape.who))
                        continue
                    key = e.code or title_key_of(e)
                    if date is None or key in seen:
                        if unusual(e, m, key, windows):
                            m.counted += 1
                        continue
                    seen[key] = packed | e.row
                    hit = 0
                    for target, start, end in windows:
                        if start <= date <= end:
                            achieved[target] += 1
                            m.hits[target] += 1
                            hit = 1
                            if journal is not None:
                                journal.counted(self.targets[target], e)
                        else:
                            hit |= unusual(e, m, None, ((target, start, end),))
                    m.counted += hit
                elif status == _OPEN:
                    m.entries += 1
                    due = e.due
                    if due is None:
                        m.undated += 1
                        if journal is not None and not e.flagged:
                            journal.other(e, who_text(e.shape.who))
                    elif due < as_of:
                        overdue(new(item, (due, order, e.row, shape, e.title)))
                        m.overdue += 1
                    elif due <= soon_by:
                        due_soon(new(item, (due, order, e.row, shape, e.title)))
                        m.soon += 1
                    elif journal is not None and not e.flagged:
                        journal.other(e, who_text(e.shape.who))  # not yet due
                elif journal is not None and not e.flagged:
                    journal.other(e, who_text(e.shape.who))  # cancelled
        finally:
            for s in shapes:
                self._flush(s)

    def _counts(self, shape: Shape) -> _Counts:
        m = shape.memo = _Counts(shape, self._windows.get(shape.kind), len(self.targets),
                                 self._source_number((shape.source, shape.sheet)) << 32)
        return m

    def _flush(self, shape: Shape) -> None:
        """Add up what the rows of ``shape`` counted: the roll-call, the tasks, the shares,
        the file's counts. The shape is then done with (a file's shapes are its own)."""
        m: _Counts = shape.memo
        shape.memo = None
        here = (shape.source, shape.sheet)
        who = shape.who
        names = who.departments
        latest = m.latest if m.latest is not _NEVER else None
        for name in names:
            roll = self.rolls.get(name)
            if roll is None:
                roll = self.rolls[name] = Roll()
            roll.rows += m.rows
            roll.flagged += m.flagged
            roll.counted += m.counted
            roll.files.add(here)
            if m.status == _OPEN:
                roll.open += m.rows
            if latest is not None and (roll.latest is None or latest > roll.latest):
                roll.latest = latest
        if who.name is not None:
            senders = self.senders.setdefault(here, {})
            senders[who.name] = senders.get(who.name, 0) + m.rows
        for i, hits in enumerate(m.hits):
            if hits:
                target = self.targets[i]
                for name in names:
                    self.share[(target, name)] = self.share.get((target, name), 0) + hits
        self.counted[here] = self.counted.get(here, 0) + m.counted
        if m.status == _OPEN:
            self.open_dated[here] = self.open_dated.get(here, 0) + m.entries - m.undated
            self.open_undated[here] = self.open_undated.get(here, 0) + m.undated
        if not m.entries:
            return
        if m.soon:
            self.open_due_soon_kinds.add(shape.kind)
        tasks = (shape.task, *shape.more_tasks) if shape.task is not None else ()
        done = m.entries if m.status == _DONE else 0
        for i, number in enumerate(tasks):
            tt = self.tasks.get(number)
            if tt is None:
                continue
            tt.entries += m.entries
            tt.done += done
            if i == 0:  # an item is counted on the first task its row names
                tt.overdue += m.overdue
                tt.due_soon += m.soon
            if names:
                tt.departments.update(names)
            elif who.town:
                tt.towns.add(who.town)
        if not tasks and names and here in self._no_task_column:
            self.untasked.update(names)

    def _title_key(self, e: Entry) -> tuple[EntryKind, str, Optional[str]]:
        """The de-duplication key of a row without a number: kind, title and who (the firm
        where a column names it, else the department). The same title from another firm or
        department is another standard: both count, and a warning says they have no number."""
        title = title_key(e.title)
        who = (e.firm or "").strip() or e.department or e.town
        first = self._titles.setdefault((e.kind, title), (who, e.source, e.row))
        if first[0] != who:
            self._finding(e, "code", "no-number", Severity.warning, msg(
                f"“{e.title}” has no standard number, and a row of the same kind and title from "
                f"{first[0] or 'another department'} ({first[1]} row {first[2]}) has none either;"
                " they count as two standards. Add the numbers, so that a standard reported "
                "twice is counted once",
                f"“{e.title}”没有标准编号，同类同名的另一行（{first[0] or '其他部门'}，{first[1]} "
                f"第 {first[2]} 行）也没有；两行按两项标准计。请补填编号，以便重复报送的标准只计一次"),
                counts=True)
        return (e.kind, title, who)

    def _source_number(self, where: tuple[str, Optional[str]]) -> int:
        number = self._source_no.get(where)
        if number is None:
            number = self._source_no[where] = len(self._sources)
            self._sources.append(where)
        return number

    def _future(self, e: Entry) -> None:
        assert e.date is not None
        if (e.date - self.opt.as_of).days > 366:
            message = msg(
                f"dated {e.date}, more than a year after the as-of date {self.opt.as_of}: most "
                "likely a typo in the year; it does not count. Correct the date",
                f"日期 {e.date} 比统计截止日 {self.opt.as_of} 晚一年以上，很可能是年份笔误；"
                "不计入。请改正日期")
        else:
            message = msg(
                f"dated {e.date}, after the as-of date {self.opt.as_of}; it does not count yet. "
                "Check the date, or run with a later --as-of",
                f"日期 {e.date} 晚于统计截止日 {self.opt.as_of}，暂不计入。请核对日期，或用更晚的 "
                "--as-of 重新运行")
        self._finding(e, "date", "future-date", Severity.warning, message, counts=False)

    def _unusual(self, e: Entry, m: _Counts,
                 key: Union[str, tuple[EntryKind, str, Optional[str]], None],
                 counted: tuple[tuple[int, dt.date, dt.date], ...]) -> int:
        """A done entry the fast loop does not count: undated, a duplicate, or dated outside
        a target's window (``key`` None: already recorded as seen). 1 when it counts after all
        (a month-only date whose month reaches into the window), else 0."""
        if e.date is None:
            self._finding(e, "date", "missing-date", Severity.error, msg(
                "a done entry needs the date it was achieved (完成日期) to be counted in a "
                "target's window; add the date",
                "已完成的事项须填写完成日期，才能按目标期限计数；请补填日期"), counts=False)
            return 0
        if key is not None:
            packed = self.seen[key]
            (first_file, first_sheet), first_row = self._sources[packed >> 32], packed & 0xFFFFFFFF
            first_where = first_file + (f"[{first_sheet}]" if first_sheet else "")
            if len(self.duplicates) < LIMIT:
                self.duplicates.append(Duplicate(
                    key=key if isinstance(key, str) else f"{key[0].value}:{key[1]}",
                    first=Location(source=first_file, sheet=first_sheet, row=first_row),
                    again=Location(source=e.source, sheet=e.sheet, row=e.row)))
            number = e.written or e.code
            what = f"standard “{number}”" if e.code else f"“{e.title}”"
            what_zh = f"标准“{number}”" if e.code else f"“{e.title}”"
            self._finding(e, "code" if e.code else "title", "duplicate-entry", Severity.warning,
                          msg(f"{what} was already reported at {first_where} row {first_row}; "
                              "it is counted once, there. Keep it in one ledger, or leave it if "
                              "two departments share it",
                              f"{what_zh} 已在 {first_where} 第 {first_row} 行报送，只计一次。请只在"
                              "一个台账中保留；如两个部门共同参与，可保留不改"), counts=False)
            return 0
        hit = 0
        for target, start, end in counted:
            name = self.targets[target]
            if isinstance(e.date, Month) and e.date <= end and e.date.last >= start:
                self.achieved[target] += 1  # some day of that month is in the window
                m.hits[target] += 1
                hit = 1
                if self.journal is not None:
                    self.journal.counted(name, e)
            elif e.date > end:
                self.late_count[target] += 1
                if self.late_count[target] <= LIMIT:
                    self.late.append(LateEntry(target=name, source=e.source, sheet=e.sheet,
                                               row=e.row, title=e.title, date=e.date))
            else:
                named = self._target_names[target]  # a reader's words, not the id
                self._finding(e, "date", "outside-window", Severity.warning, msg(
                    f"dated {e.date}, before the window of {named.en} opens ({start}); it does "
                    "not count toward it",
                    f"日期 {e.date} 早于目标“{named.zh}”的起算日（{start}），不计入该目标"),
                    counts=False)
        return hit

    def _items(self, rows: list[OpenItem], overdue: bool) -> Items:
        """Open items, oldest deadline first (the most overdue, the soonest due), then by
        file and row."""
        rows.sort()  # (due, file, row) never alike twice: no Shape is compared
        today = self.opt.as_of.toordinal()
        # what every item of a shape says alike, made once a shape: its Item's fields
        bases: dict[int, dict[str, Any]] = {}

        def make(r: OpenItem) -> Item:
            shape = r.shape
            base = bases.get(id(shape))
            if base is None:
                base = bases[id(shape)] = item_fields(
                    source=shape.source, sheet=shape.sheet, department=self._who_text(shape.who),
                    task=shape.task, status=shape.status, stage=shape.stage)
            fields = base.copy()
            fields["departments"] = list(shape.who.departments)
            fields["row"], fields["title"], fields["due"] = r.row, r.title, r.due
            days = r.due.toordinal() - today
            fields["days_overdue" if overdue else "days_left"] = -days if overdue else days
            return item_of(fields)

        def split(r: OpenItem) -> tuple[int, tuple[Any, ...]]:
            days = r.due.toordinal() - today
            return id(r.shape), (r.row, r.title, r.due, -days if overdue else days)

        return Items(rows, make, split,
                     ("row", "title", "due", "days_overdue" if overdue else "days_left"))

    def _who_text(self, who: Who) -> Optional[str]:
        text = self._who.get(id(who), _MISSING)
        if text is _MISSING:
            text = _who_of(who)
            if len(self._who) < LIMIT_WHO:
                self._who[id(who)] = text
        return text  # type: ignore[return-value]

    def _finding(self, e: Entry, column: str, code: str, severity: Severity, message: Text,
                 counts: bool) -> None:
        if self.journal is not None:
            self.journal.flagged(e)
        if not e.flagged and e is not self._flagged and severity is not Severity.info:
            self._flagged = e  # once a row, however many findings it has
            memo = e.shape.memo
            if memo is not None:
                memo.flagged += 1
        field, position = self.headers.get((e.source, e.sheet), {}).get(column, (column, None))
        self.findings.add(e.source, e.row, field, code, severity, message, counts, position,
                          e.sheet)

    def _dropped(self, here: tuple[str, Optional[str]], who: Optional[Who], date: Any) -> None:
        """A row the reader could not use (its findings say why): its departments sent it
        all the same, and it is flagged."""
        if who is None:
            return
        for name in who.departments:
            roll = self.rolls.get(name)
            if roll is None:
                roll = self.rolls[name] = Roll()
            roll.rows += 1
            roll.flagged += 1
            roll.files.add(here)
            if isinstance(date, dt.date) and (roll.latest is None or date > roll.latest):
                roll.latest = date

    def read(self, reader: LedgerReader) -> None:
        """Tally one ledger (a file, or a sheet of a workbook) as the reader streams it."""
        header = reader.header
        where = (reader.source, reader.sheet)
        self.headers[where] = {c: (header.text(c), p + 1) for c, p in header.columns.items()}
        if "task" not in header.columns:
            self._no_task_column.add(where)
        journal = self.journal
        if journal is None:
            reader.on_dropped = lambda who, row, date, kind, title: self._dropped(where, who,
                                                                                  date)
        else:
            def dropped(who: Optional[Who], row: int, date: Any, kind: Optional[EntryKind],
                        title: Optional[str]) -> None:
                journal.dropped(where[0], where[1], row, who, kind, title)
                self._dropped(where, who, date)
            reader.on_dropped = dropped
        with paused():  # what the row loop keeps lives to the end; see .collector
            self.add_all(reader if self.progress is None else _told(reader, self.progress))
        reader.summary.counted = self.counted.get(where, 0)
        undated = self.open_undated.get(where, 0)
        if undated and not self.open_dated.get(where, 0):
            self.findings.add(reader.source, header.row, None, "no-due-dates", Severity.warning,
                              msg(f"{undated} open item(s) (planned or in progress) and none has "
                                  "a deadline or a planned date: whether they are overdue cannot "
                                  "be judged. Add a 完成时限 (deadline) column, or write each "
                                  "open item's planned date in its date column",
                                  f"{undated} 项未完成事项（计划或进行中）都没有完成时限或计划日期，"
                                  "无法判断是否逾期。请增加“完成时限”列，或在日期列填写各未完成事项"
                                  "的计划完成日期"), None, None, reader.sheet)
        names = self.senders.get(where)
        if names:
            reader.summary.sender = max(names, key=lambda d: names[d])
        self.files.append(reader.summary)

    def unreadable(self, e: LedgerError, summary: Optional[FileSummary]) -> None:
        """A file (or a folder) that could not be read (``--keep-going``), or broke part-way
        (``summary`` of what was read): listed as unreadable, with a finding saying what was
        counted."""
        tail: Optional[Text]
        if summary is not None and summary.used:
            tail = msg(f"; reading stopped there: the {summary.used} rows before it were "
                       "counted, the rest were not",
                       f"；读取在此中断：此前的 {summary.used} 行已计入，其余未计入")
            summary.readable = False
            self.files.append(summary)
        elif Path(e.source).is_dir():  # a folder that cannot be listed: its message says so
            tail = None
            self.files.append(FileSummary(source=e.source, readable=False, format="folder"))
        else:
            tail = msg("; none of its rows were counted", "；该文件没有任何一行计入")
            self.files.append(FileSummary(source=e.source, readable=False,
                                          format=Path(e.source).suffix.lstrip(".") or "?"))
        self.findings.extend([e.as_finding(tail), *e.findings])

    # -- results -------------------------------------------------------------------------------

    def result(self) -> StatusReport:
        p = self.data.policy
        targets = [self._target(t) for t in p.targets]
        tasks = [self._task(t) for t in self.data.tasks]
        overdue = self._items(self.overdue, True)
        due_soon = self._items(self.due_soon, False)
        counted = self.findings.by_severity
        return StatusReport(
            tool_version=__version__,
            policy=PolicyInfo(id=p.id, title=p.title, issuer=p.issuer, source=self.data.source,
                              level=p.level),
            as_of=self.opt.as_of,
            due_soon_days=self.opt.due_soon,
            files=self.files,
            skipped=self.skipped_files,
            summary=summarize(targets, tasks, overdue, due_soon, self.files,
                              counted[Severity.error], counted[Severity.warning]),
            targets=targets,
            goals=p.goals,
            tasks=tasks,
            late=sorted(self.late, key=lambda x: (x.target, x.date)),
            overdue=overdue,
            due_soon=due_soon,
            duplicates=self.duplicates,
            findings=self.findings.all(),
            departments=self._roll_call(),
        )

    def _roll_call(self) -> list[DepartmentRoll]:
        """Every department of the policy, those that sent nothing first, then the rest, each
        in the registry's order."""
        late: dict[str, int] = {}
        for item in self.overdue:
            for name in item.shape.who.departments:
                late[name] = late.get(name, 0) + 1
        rolls = []
        for d in self.data.departments:
            roll = self.rolls.get(d.name) or Roll()
            rolls.append(DepartmentRoll(
                name=d.name, en=d.en, files=len({f for f, _ in roll.files}), rows=roll.rows,
                counted=roll.counted, flagged=roll.flagged,
                latest=roll.latest, open=roll.open, overdue=late.get(d.name, 0),
                sent_nothing=roll.rows == 0,
                share={t.id: self.share.get((t.id, d.name), 0)
                       for t in self.data.policy.targets}))
        return sorted(rolls, key=lambda r: not r.sent_nothing)

    def _target(self, t: Target) -> TargetResult:
        as_of, w = self.opt.as_of, t.window
        i = self.targets.index(t.id)
        achieved = self.achieved[i]
        late = self.late_count[i]
        required = t.bound.value
        span = (w.end - w.start).days
        elapsed = min(max((as_of - w.start).days, 0), span)
        trajectory = isinstance(t.bound, AtLeast)
        expected = round(required * elapsed / span, 2) if trajectory else float(required)

        if t.bound.is_met(achieved):
            state = State.met
        elif as_of > w.end:
            state = State.met_late if t.bound.is_met(achieved + late) else State.overdue
        elif not trajectory or achieved >= expected:
            state = State.on_track
        else:
            state = State.behind

        if state in (State.met, State.on_track):
            light = Light.green
            if state is State.on_track and any(k in self.open_due_soon_kinds for k in t.kinds):
                light = Light.yellow
        elif state is State.met_late:
            light = Light.yellow  # met, but after the deadline the opinion set
        elif state is State.overdue:
            light = Light.red
        else:
            light = Light.yellow if achieved >= YELLOW_SHARE * expected else Light.red

        result = TargetResult(
            id=t.id, name=t.name, short=t.short or t.name, kinds=list(t.kinds), bound=t.bound,
            required=required, achieved=achieved, gap=int(t.bound.gap(achieved)),
            expected_by_now=expected, state=state, light=light, late=late,
            window_start=w.start, window_end=w.end,
        )
        if trajectory and state in (State.on_track, State.behind, State.overdue):
            self._pace(result, as_of)
        return result

    def _pace(self, r: TargetResult, as_of: dt.date) -> None:
        """Monthly rate so far, rate needed to close the gap, projected completion."""
        done = r.achieved + (r.late if r.state is State.overdue else 0)
        months_so_far = max((as_of - r.window_start).days, 1) / DAYS_PER_MONTH
        r.rate_so_far = round(done / months_so_far, 2)
        remaining = max(r.required - done, 0)
        months_left = (r.window_end - as_of).days / DAYS_PER_MONTH
        if r.state is not State.overdue and months_left > 0:
            r.rate_needed = round(remaining / months_left, 2)
        if remaining and r.rate_so_far > 0:
            days = round(remaining / r.rate_so_far * DAYS_PER_MONTH)
            if days <= (dt.date.max - as_of).days:
                r.projected = as_of + dt.timedelta(days=days)
            else:  # a pace that reaches the target after the calendar ends
                r.projected_never = True

    def _task(self, t: Task) -> TaskResult:
        tt = self.tasks[t.number]
        reporting = sorted(tt.departments, key=_order(t.departments))
        quiet = [d for d in t.departments if d not in tt.departments]
        silent = [d for d in quiet if d not in self.untasked]
        untasked = [d for d in quiet if d in self.untasked]
        nobody = t.all_departments and not (tt.departments or tt.towns or self.untasked)
        if tt.overdue or (tt.entries == 0 and not untasked):
            light = Light.red
        elif tt.due_soon or quiet or nobody:
            light = Light.yellow
        else:
            light = Light.green
        return TaskResult(
            number=t.number, section=t.section, title=t.title, departments=list(t.departments),
            open=t.open, all_departments=t.all_departments, towns_implement=t.towns_implement,
            entries=tt.entries, done=tt.done, reporting_departments=reporting,
            silent_departments=silent, untasked_departments=untasked, nobody_reported=nobody,
            towns_reporting=len(tt.towns),
            overdue=tt.overdue,
            due_soon=tt.due_soon, light=light,
        )


def _order(assigned: list[str]) -> Callable[[str], tuple[int, str]]:
    index = {name: i for i, name in enumerate(assigned)}
    return lambda name: (index.get(name, len(index)), name)


@dataclass
class EntryState:
    """What the journal keeps of an entry: enough to say what changed between two meetings."""

    status: Status
    title: str
    who: Optional[str]
    departments: list[str]
    source: str
    sheet: Optional[str]
    row: int
    date: Optional[dt.date]
    due: Optional[dt.date]
    code: Optional[str]


class RowFacts(NamedTuple):
    kind: Optional[EntryKind]
    title: Optional[str]
    departments: tuple[str, ...]  # canonical names, lead first; none for a town's row


class Journal:
    """Every entry and every counted row, kept only for the meeting report: its evidence
    (which rows made each count) and the comparison with the ledgers of the last meeting.
    ``status`` does not keep it."""

    def __init__(self, keep_entries: bool = True) -> None:
        self.evidence: dict[str, list[EvidenceRow]] = {}
        # by de-duplication key, first kept; only for comparing two meetings (--since,
        # --previous): without them the report does not pay for it
        self.keep_entries = keep_entries
        self.entries: dict[object, EntryState] = {}
        # (source, sheet, row) -> what the report says of a row a finding is about: its kind
        # (which target a row that did not count concerns), its title (named in the evidence)
        # and its departments (whose page the finding goes on). Kept for the rows the evaluator
        # had a finding on, the rows the reader flagged, and the rows the reader dropped.
        self.rows: dict[tuple[str, Optional[str], Optional[int]], RowFacts] = {}
        self.others: list[OtherRow] = []

    def flagged(self, e: Entry) -> None:
        self.rows[(e.source, e.sheet, e.row)] = RowFacts(e.kind, e.title, e.shape.who.departments)

    def dropped(self, source: str, sheet: Optional[str], row: int, who: Optional[Who],
                kind: Optional[EntryKind] = None, title: Optional[str] = None) -> None:
        self.rows.setdefault((source, sheet, row),
                             RowFacts(kind, title, who.departments if who else ()))

    @staticmethod
    def key(e: Entry) -> object:
        return e.code or (e.kind, title_key(e.title), e.firm or e.department or e.town)

    def entry(self, e: Entry) -> None:
        k = self.key(e)
        if k not in self.entries:
            self.entries[k] = EntryState(e.status, e.title, _who(e), _departments(e), e.source,
                                         e.sheet, e.row, e.date, e.due, e.code_text or e.code)

    def other(self, e: Entry, who: Optional[str]) -> None:
        """A row used that no target counts and no list names (see ``result.OtherRow``);
        ``who``: its department cell as a person reads it (the tally's text, made once a
        cell)."""
        shape = e.shape
        self.others.append(other_row(shape.source, shape.sheet, e.row, e.title, shape.kind,
                                     shape.status, who, e.date, e.due))

    def counted(self, target: str, e: Entry) -> None:
        # values the reader already checked: built without validating them again
        who = (e.department or e.town) if not (e.co_departments or e.roles) else _who(e)
        self.evidence.setdefault(target, []).append(evidence_row(
            e.source, e.sheet, e.row, e.title, e.code_text or e.code, e.date, who))


def check(paths: Iterable[Union[str, Path]], policy: Union[PolicyData, str, Path, None] = None,
          as_of: Optional[dt.date] = None, *, due_soon: int = 14, encoding: Optional[str] = None,
          sheet: Optional[str] = None, keep_going: bool = False,
          exclude: Iterable[Union[str, Path]] = (), show_normalised: bool = False,
          progress: Optional[Progress] = None) -> StatusReport:
    """Read every ledger under ``paths`` and evaluate them together against ``policy``.

    ``policy`` is a loaded policy, a folder holding one, or None for the embedded opinion;
    ``as_of`` defaults to today; ``sheet`` picks workbook sheets by name or pattern;
    ``exclude`` names files never to read as ledgers (the report being written). A file that
    cannot be read raises ``LedgerError`` unless ``keep_going``: then it becomes a finding and
    the rest is evaluated.
    """
    from .policy import load

    data = policy if isinstance(policy, PolicyData) else load(
        None if policy is None else Path(policy))
    options = Options(as_of=as_of or dt.date.today(), due_soon=due_soon, encoding=encoding,
                      sheet=sheet, keep_going=keep_going, show_normalised=show_normalised)
    return evaluate(data, [Path(p) for p in paths], options, [Path(p) for p in exclude],
                    progress=progress)


#: Told where reading stands: (file, its number, how many files, rows read in it so far).
Progress = Callable[[str, int, int, int], None]
PROGRESS_EVERY = 20_000  # rows between two calls of a progress callback


def evaluate(data: PolicyData, paths: Iterable[Path], options: Options,
             exclude: Iterable[Path] = (), journal: Optional[Journal] = None,
             finding_limit: int = LIMIT, progress: Optional[Progress] = None) -> StatusReport:
    """``check`` for a loaded policy and options: the pipeline's read and evaluate stages, on
    the one road ledgers are read on (:func:`stdcheck.ledger.read_ledgers`). ``journal``
    keeps every entry and counted row (the meeting report's evidence); ``finding_limit`` is
    how many findings of one code and file are listed; ``progress`` is told where reading
    stands (the CLI draws a bar with it)."""
    from .ledger import Reading, read_ledgers

    tally = Tally(data, options, journal, finding_limit, progress)
    reading = Reading.of(data, encoding=options.encoding, sheet=options.sheet,
                         keep_going=options.keep_going, exclude=exclude,
                         show_normalised=options.show_normalised)
    read_ledgers(paths, reading, tally.findings, tally)
    return tally.result()


#: What ``--fail-on`` can test, and what each means.
FAIL_ON: dict[str, Text] = {
    "gap": msg("a target is not met", "有目标未完成"),
    "overdue": msg("an item is overdue", "有逾期事项"),
    "errors": msg("a finding of severity error", "有错误级别的数据问题"),
    "warnings": msg("a finding of severity warning", "有提示级别的数据问题"),
    "problems": msg("any finding", "有任何数据问题"),
}


def fails_on(report: StatusReport, kind: str) -> bool:
    """Whether ``report`` has what ``--fail-on kind`` tests (a key of :data:`FAIL_ON`)."""
    s = report.summary
    if kind == "gap":
        return any(t.gap > 0 for t in report.targets)
    if kind == "overdue":
        return s.overdue > 0
    if kind == "errors":
        return s.errors > 0
    if kind == "warnings":
        return s.warnings > 0
    if kind == "problems":
        return s.errors + s.warnings > 0
    raise ValueError(f"unknown --fail-on value {kind!r}")


def _told(reader: LedgerReader, progress: Progress) -> Iterator[Entry]:
    """The reader's entries, telling ``progress`` every ``PROGRESS_EVERY`` rows."""
    from itertools import islice

    it = iter(reader)
    done = 0
    while True:
        chunk = list(islice(it, PROGRESS_EVERY))
        if not chunk:
            return
        yield from chunk
        done += len(chunk)
        progress(reader.source, 0, 0, done)


def _departments(e: Entry) -> list[str]:
    """The canonical departments a row names, lead first."""
    return [e.department, *e.co_departments] if e.department else []


def _who(e: Entry) -> Optional[str]:
    """The department(s) of an item as a person reads them: 区科技局（牵头）、区经济信息委."""
    return _who_of(e.shape.who)


def _who_of(who: Who) -> Optional[str]:
    names = list(who.departments) or ([who.town] if who.town else [])
    if not names:
        return None
    roles = who.roles or ("",) * len(names)
    return "、".join(n + (f"（{r}）" if r else "") for n, r in zip(names, roles, strict=False))
