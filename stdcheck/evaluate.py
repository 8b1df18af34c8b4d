"""Where the district stands: count ledger entries against targets, find silent departments,
overdue items and duplicates. Pure core: no CLI, no rendering.

Entries stream through ``Tally.add_all`` one at a time and only what the output needs is kept
(counts, one location per de-duplication key, the few open items), so a municipal roll-up of a
million rows fits in memory.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from . import __version__
from .collector import paused
from .entries import Entry, Month
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
    PolicyInfo,
    Skipped,
    StatusReport,
    TargetResult,
    TaskResult,
    evidence_row,
    open_item,
    summarize,
)
from .schema import AtLeast, PolicyData, Target, Task
from .vocabulary import EntryKind, Light, Severity, State, Status, Text, msg

if TYPE_CHECKING:
    from .ledger import LedgerError, LedgerReader

DAYS_PER_MONTH = 365.25 / 12
LIMIT_WHO = 10_000  # distinct department cells whose item text is shared
YELLOW_SHARE = 0.8  # behind, but at least 80% of the trajectory: yellow; below: red
_MISSING = object()

#: An open item as the tally keeps it: (due, source, row, (file, sheet) number << 32, sheet,
#: title, department, co-departments, roles, town, task, status, stage)
_Open = tuple[Any, ...]

_TITLE_NOISE = re.compile(r"[\s《》<>“”\"'‘’「」()（）\[\]【】,，.。:：;；、\-—_]+")


def title_key(title: str) -> str:
    """Titles compared for de-duplication: width, case, spaces, brackets and punctuation ignored."""
    return _TITLE_NOISE.sub("", unicodedata.normalize("NFKC", title)).lower()


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


class Tally:
    """Accumulates entries (from any number of files) and produces the ``StatusReport``."""

    def __init__(self, data: PolicyData, options: Options, journal: Optional[Journal] = None,
                 finding_limit: int = LIMIT):
        self.data = data
        self.opt = options
        self.journal = journal  # every entry and counted row, for the meeting report
        self.findings = FindingLog(finding_limit)
        self.files: list[FileSummary] = []
        self.skipped: list[Skipped] = []
        self.achieved = {t.id: 0 for t in data.policy.targets}
        self.late: list[LateEntry] = []  # listed, at most LIMIT per target
        self.late_count = {t.id: 0 for t in data.policy.targets}
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
        self.overdue: list[_Open] = []
        # (department, co-departments, roles, town) -> how an item names who is on it: one
        # text shared by the items of one department cell
        self._who: dict[tuple[Optional[str], tuple[str, ...], tuple[str, ...], Optional[str]],
                        Optional[str]] = {}
        self.due_soon: list[_Open] = []
        self.open_due_soon_kinds: set[EntryKind] = set()
        self.tasks = {t.number: _TaskTally() for t in data.tasks}
        # departments that reported in a ledger without a task column: on their tasks they are
        # "reported, task not given", not silent
        self.untasked: set[str] = set()
        self._no_task_column: set[tuple[str, Optional[str]]] = set()
        # rows counted toward a target, per (source, sheet), for the file line's 计入 count
        self.counted: dict[tuple[str, Optional[str]], int] = {}
        # the roll-call: department -> [rows naming it, its latest date, (file, sheet)s, open]
        self.rolls: dict[str, list[Any]] = {}
        # (file, sheet) -> rows per department named: whose data a file is (its sender)
        self.senders: dict[tuple[str, Optional[str]], dict[str, int]] = {}
        # (target, department) -> rows counted: a department's share of each target
        self.share: dict[tuple[str, str], int] = {}
        # (kind, title) of a numberless done row -> (who, first location): two companies'
        # standards of one name are two standards
        self._titles: dict[tuple[EntryKind, str], tuple[Optional[str], str, int]] = {}
        # kind -> (target id, window start, window end) of the targets counting it, computed
        # once instead of per row
        windows: dict[EntryKind, list[tuple[str, dt.date, dt.date]]] = {}
        for t in data.policy.targets:
            for k in t.kinds:
                windows.setdefault(k, []).append((t.id, t.window.start, t.window.end))
        self._windows = {k: tuple(v) for k, v in windows.items()}

    # -- per entry (hot path) ------------------------------------------------------------------

    def add_all(self, rows: Iterable[Entry]) -> None:
        """Tally entries. ``Entry.code`` is already normalized (the reader does it once).

        The common row (done, dated inside the window, not seen before) runs through this one
        loop on local names, the hot path of a million-row roll-up; anything unusual leaves it
        for a method (bench/NOTES.md has what each shape measured)."""
        as_of = self.opt.as_of
        tasks = self.tasks
        seen = self.seen
        achieved = self.achieved
        windows = self._windows
        done, cancelled = Status.done, Status.cancelled
        future, unusual, open_item = self._future, self._unusual, self._open_item
        source, sheet, packed, counted_here = None, None, 0, 0
        here: tuple[str, Optional[str]] = ("", None)
        untasked, no_task_column = self.untasked, self._no_task_column
        journal = self.journal
        # every entry only when two meetings are compared; counted rows always
        entries = journal if journal is not None and journal.keep_entries else None
        rolls, share = self.rolls, self.share
        senders: dict[str, int] = {}
        try:
            for e in rows:
                if entries is not None:
                    entries.entry(e)
                if e.source is not source or e.sheet is not sheet:
                    if source is not None:
                        self.counted[here] = self.counted.get(here, 0) + counted_here
                    source, sheet, counted_here = e.source, e.sheet, 0
                    here = (source, sheet)
                    packed = self._source_number(here) << 32
                    senders = self.senders.setdefault(here, {})
                date = e.date
                who = e.department
                if who is not None:  # the roll-call: who sent what
                    roll = rolls.get(who)
                    if roll is None:
                        roll = rolls[who] = [0, None, set(), 0]
                    roll[0] += 1
                    if date is not None and (roll[1] is None or date > roll[1]):
                        roll[1] = date
                    roll[2].add(here)
                    if e.status is not done and e.status is not cancelled:
                        roll[3] += 1
                    senders[who] = senders.get(who, 0) + 1
                    if e.co_departments:
                        self._roll_also(e, here)
                if date is not None and date > as_of:
                    future(e)
                    continue
                status = e.status
                tt = None
                if e.task is not None:
                    tt = tasks.get(e.task)
                    if tt is not None and status is not cancelled:
                        tt.entries += 1
                        if e.department:
                            tt.departments.add(e.department)
                            if e.co_departments:
                                tt.departments.update(e.co_departments)
                        elif e.town:
                            tt.towns.add(e.town)
                    if e.more_tasks and status is not cancelled:
                        self._more_tasks(e)
                elif e.department and here in no_task_column and status is not cancelled:
                    untasked.add(e.department)
                    untasked.update(e.co_departments)
                if status is done:
                    if tt is not None:
                        tt.done += 1
                    counted = windows.get(e.kind)
                    if counted is None:
                        continue  # a kind no target counts (e.g. activity)
                    key = e.code or self._title_key(e)
                    if date is None or key in seen:
                        counted_here += unusual(e, key, counted)
                        continue
                    seen[key] = packed | e.row
                    hit = 0
                    for target, start, end in counted:
                        if start <= date <= end:
                            achieved[target] += 1
                            hit = 1
                            if who is not None:
                                share[(target, who)] = share.get((target, who), 0) + 1
                                for co in e.co_departments:
                                    share[(target, co)] = share.get((target, co), 0) + 1
                            if journal is not None:
                                journal.counted(target, e)
                        else:
                            hit |= unusual(e, None, ((target, start, end),))
                    counted_here += hit
                elif status is not cancelled and e.due is not None:
                    open_item(e, tt, packed)
        finally:
            if source is not None:
                self.counted[here] = self.counted.get(here, 0) + counted_here

    def _roll_also(self, e: Entry, here: tuple[str, Optional[str]]) -> None:
        """The further departments a row names are on the roll-call too."""
        for name in e.co_departments:
            roll = self.rolls.setdefault(name, [0, None, set(), 0])
            roll[0] += 1
            if e.date is not None and (roll[1] is None or e.date > roll[1]):
                roll[1] = e.date
            roll[2].add(here)
            if e.status is not Status.done and e.status is not Status.cancelled:
                roll[3] += 1

    def _more_tasks(self, e: Entry) -> None:
        """The further tasks a row names (3、13): each gets the row as its entry too."""
        for number in e.more_tasks:
            tt = self.tasks.get(number)
            if tt is None:
                continue
            tt.entries += 1
            if e.status is Status.done:
                tt.done += 1
            if e.department:
                tt.departments.add(e.department)
                tt.departments.update(e.co_departments)
            elif e.town:
                tt.towns.add(e.town)

    def _title_key(self, e: Entry) -> tuple[EntryKind, str, Optional[str]]:
        """The de-duplication key of a row without a number: kind, title and who (the firm
        where a column names it, else the department). The same title from another firm or
        department is another standard: both count, and a warning says they have no number."""
        title = title_key(e.title)
        who = e.firm or e.department or e.town
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

    def _unusual(self, e: Entry, key: Union[str, tuple[EntryKind, str, Optional[str]], None],
                counted: tuple[tuple[str, dt.date, dt.date], ...]) -> int:
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
            number = e.code_text or e.code
            what = f"standard {number}" if e.code else f"“{e.title}”"
            what_zh = f"标准 {number}" if e.code else f"“{e.title}”"
            self._finding(e, "code" if e.code else "title", "duplicate-entry", Severity.warning,
                          msg(f"{what} was already reported at {first_where} row {first_row}; "
                              "it is counted once, there. Keep it in one ledger, or leave it if "
                              "two departments share it",
                              f"{what_zh} 已在 {first_where} 第 {first_row} 行报送，只计一次。请只在"
                              "一个台账中保留；如两个部门共同参与，可保留不改"), counts=False)
            return 0
        hit = 0
        for target, start, end in counted:
            if isinstance(e.date, Month) and e.date <= end and e.date.last >= start:
                self.achieved[target] += 1  # some day of that month is in the window
                hit = 1
                for name in _departments(e):
                    self.share[(target, name)] = self.share.get((target, name), 0) + 1
                if self.journal is not None:
                    self.journal.counted(target, e)
            elif e.date > end:
                self.late_count[target] += 1
                if self.late_count[target] <= LIMIT:
                    self.late.append(LateEntry(target=target, source=e.source, sheet=e.sheet,
                                               row=e.row, title=e.title, date=e.date))
            else:
                self._finding(e, "date", "outside-window", Severity.warning, msg(
                    f"dated {e.date}, before the window of {target} opens ({start}); it does "
                    "not count toward it",
                    f"日期 {e.date} 早于目标 {target} 的起算日（{start}），不计入该目标"),
                    counts=False)
        return hit

    def _open_item(self, e: Entry, tt: Optional[_TaskTally], packed: int) -> None:
        days = (e.due - self.opt.as_of).days  # type: ignore[operator]
        if days < 0:
            into = self.overdue
            if tt is not None:
                tt.overdue += 1
        elif days <= self.opt.due_soon:
            into = self.due_soon
            self.open_due_soon_kinds.add(e.kind)
            if tt is not None:
                tt.due_soon += 1
        else:
            return
        # kept as a tuple, the ``Item`` made when it is shown (``result.Items``); the number of
        # its (file, sheet) orders two sheets' rows of one line as they were read
        into.append((e.due, e.source, e.row, packed, e.sheet, e.title, e.department,
                     e.co_departments, e.roles, e.town, e.task, e.status, e.stage))

    def _items(self, rows: list[_Open], overdue: bool) -> Items:
        """Open items, oldest deadline first (the most overdue, the soonest due), then by
        file and row."""
        rows.sort()  # (due, file, row, sheet read): never two alike, no key list to hold
        as_of, cache = self.opt.as_of, self._who

        def make(r: _Open) -> Item:
            due, source, row, _, sheet, title, department, co, roles, town, task, status, stage = r
            key = (department, co, roles, town)
            who = cache.get(key, _MISSING)
            if who is _MISSING:
                who = _who_of(department, co, roles, town)
                if len(cache) < LIMIT_WHO:
                    cache[key] = who
            days = (due - as_of).days
            return open_item(source, sheet, row, title, who,  # type: ignore[arg-type]
                             [department, *co] if department else [], task, status, stage,
                             due, -days if overdue else None, None if overdue else days)

        return Items(rows, make)

    def _finding(self, e: Entry, column: str, code: str, severity: Severity, message: Text,
                 counts: bool) -> None:
        if self.journal is not None:
            self.journal.kinds[(e.source, e.sheet, e.row)] = e.kind
        field, position = self.headers.get((e.source, e.sheet), {}).get(column, (column, None))
        self.findings.add(e.source, e.row, field, code, severity, message, counts, position,
                          e.sheet)

    def read(self, reader: LedgerReader, progress: Optional[Progress] = None) -> None:
        """Tally one ledger (a file, or a sheet of a workbook) as the reader streams it."""
        header = reader.header
        where = (reader.source, reader.sheet)
        self.headers[where] = {c: (header.text(c), p + 1) for c, p in header.columns.items()}
        if "task" not in header.columns:
            self._no_task_column.add(where)
        with paused():  # what the row loop keeps lives to the end; see .collector
            self.add_all(reader if progress is None else _told(reader, progress))
        reader.summary.counted = self.counted.get(where, 0)
        names = self.senders.get(where)
        if names:
            reader.summary.sender = max(names, key=lambda d: names[d])
        self.files.append(reader.summary)

    def unreadable(self, e: LedgerError, summary: Optional[FileSummary]) -> None:
        """A file that could not be read (``--keep-going``), or broke part-way (``summary``
        of what was read): listed as unreadable, with a finding saying what was counted."""
        if summary is not None and summary.used:
            tail = msg(f"; reading stopped there: the {summary.used} rows before it were "
                       "counted, the rest were not",
                       f"；读取在此中断：此前的 {summary.used} 行已计入，其余未计入")
            summary.readable = False
            self.files.append(summary)
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
            skipped=self.skipped,
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
        for r in self.overdue:
            for name in (r[6], *r[7]) if r[6] else ():
                late[name] = late.get(name, 0) + 1
        rolls = []
        for d in self.data.departments:
            rows, latest, files, open_items = self.rolls.get(d.name, [0, None, set(), 0])
            rolls.append(DepartmentRoll(
                name=d.name, en=d.en, files=len({f for f, _ in files}), rows=rows,
                latest=latest, open=open_items, overdue=late.get(d.name, 0),
                sent_nothing=rows == 0,
                share={t.id: self.share.get((t.id, d.name), 0)
                       for t in self.data.policy.targets}))
        return sorted(rolls, key=lambda r: not r.sent_nothing)

    def _target(self, t: Target) -> TargetResult:
        as_of, w = self.opt.as_of, t.window
        achieved = self.achieved[t.id]
        late = self.late_count[t.id]
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
            r.projected = as_of + dt.timedelta(days=round(remaining / r.rate_so_far
                                                          * DAYS_PER_MONTH))

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
        # (source, sheet, row) -> the kind of an entry the evaluator had a finding on: which
        # target a row that did not count concerns
        self.kinds: dict[tuple[str, Optional[str], Optional[int]], EntryKind] = {}

    @staticmethod
    def key(e: Entry) -> object:
        return e.code or (e.kind, title_key(e.title), e.firm or e.department or e.town)

    def entry(self, e: Entry) -> None:
        k = self.key(e)
        if k not in self.entries:
            self.entries[k] = EntryState(e.status, e.title, _who(e), _departments(e), e.source,
                                         e.sheet, e.row, e.date, e.due, e.code_text or e.code)

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
    """``check`` for a loaded policy and options: the pipeline's read and evaluate stages.
    ``journal`` keeps every entry and counted row (the meeting report's evidence);
    ``finding_limit`` is how many findings of one code and file are listed; ``progress`` is
    told where reading stands (the CLI draws a bar with it)."""
    from .ledger import LedgerError, expand, open_ledgers
    from .names import DepartmentIndex

    names = DepartmentIndex(data.departments, data.prefixes, data.towns)
    tally = Tally(data, options, journal, finding_limit)
    max_task = max((t.number for t in data.tasks), default=0)
    missing: Optional[list[LedgerError]] = [] if options.keep_going else None
    found = expand(paths, errors=missing, exclude=exclude)
    for path, reason in found.skipped:
        tally.skipped.append(Skipped(source=str(path), reason=reason))
    total = len(found.files)
    for number, path in enumerate(found.files, 1):
        if progress is not None:
            progress(str(path), number, total, 0)
        reader = ledger = None
        try:
            ledger = open_ledgers(path, names=names, problems=tally.findings,
                                  encoding=options.encoding, sheet=options.sheet,
                                  max_task=max_task, home_prefix=data.policy.local_prefix,
                                  show_normalised=options.show_normalised)
            for reader in ledger:
                tally.read(reader, progress)
        except LedgerError as e:
            if (e.code == "no-header" and path in found.in_folders
                    and path.suffix.lower() == ".txt"):
                # a note or a readme beside the ledgers, not a ledger that failed
                tally.skipped.append(Skipped(source=str(path), reason=msg(
                    "a text file without a ledger header", "没有台账表头的文本文件")))
            elif not options.keep_going:
                raise
            else:
                tally.unreadable(e, reader.summary if reader is not None else None)
        if ledger is not None:
            tally.skipped += [Skipped(source=ledger.source, sheet=name, reason=why)
                              for name, why in ledger.skipped]
            tally.findings.extend(ledger.findings)
    for error in missing or ():
        tally.unreadable(error, None)
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
    return _who_of(e.department, e.co_departments, e.roles, e.town)


def _who_of(department: Optional[str], co: tuple[str, ...], roles: tuple[str, ...],
            town: Optional[str]) -> Optional[str]:
    names = [n for n in (department, *co) if n] or ([town] if town else [])
    if not names:
        return None
    roles = roles or ("",) * len(names)
    return "、".join(n + (f"（{r}）" if r else "") for n, r in zip(names, roles, strict=False))
