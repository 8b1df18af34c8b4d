"""Where the district stands: count ledger entries against targets, find silent departments,
overdue items and duplicates. Pure core: no CLI, no rendering.

Entries stream through ``Tally.add`` one at a time and only what the output needs is kept
(counts, one location per de-duplication key, the few open items), so a municipal roll-up of a
million rows fits in memory.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .codes import normalize_code
from .problems import LIMIT, ProblemLog
from .models import (
    AtLeast, Duplicate, Entry, EntryKind, Evaluation, FileSummary, Item, LateEntry, Light,
    Location, PolicyData, Problem, Severity, State, Status, Target, TargetResult, TaskResult,
)

DAYS_PER_MONTH = 365.25 / 12
YELLOW_SHARE = 0.8  # behind, but at least 80% of the trajectory: yellow; below: red
ALL_DEPARTMENTS = "区政府各部门"  # the opinion's own words for task 16's assignees

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


@dataclass
class _TaskTally:
    entries: int = 0
    done: int = 0
    departments: set[str] = field(default_factory=set)
    towns: set[str] = field(default_factory=set)
    overdue: int = 0
    due_soon: int = 0


class Tally:
    """Accumulates entries (from any number of files) and produces the ``Evaluation``."""

    def __init__(self, data: PolicyData, options: Options):
        self.data = data
        self.opt = options
        self.problems = ProblemLog()
        self.files: list[FileSummary] = []
        self.achieved = {t.id: 0 for t in data.policy.targets}
        self.late: list[LateEntry] = []  # listed, at most LIMIT per target
        self.late_count = {t.id: 0 for t in data.policy.targets}
        self.seen: dict[str, tuple[str, int]] = {}  # de-duplication key -> first location
        self.duplicates: list[Duplicate] = []
        self.overdue: list[Item] = []
        self.due_soon: list[Item] = []
        self.open_due_soon_kinds: set[EntryKind] = set()
        self.tasks = {t.number: _TaskTally() for t in data.tasks}
        # kind -> targets counting it, computed once instead of per row
        self.by_kind: dict[EntryKind, list[Target]] = {}
        for t in data.policy.targets:
            for k in t.kinds:
                self.by_kind.setdefault(k, []).append(t)

    # -- per entry (hot path) ------------------------------------------------------------------

    def add(self, e: Entry) -> None:
        opt = self.opt
        if e.date is not None and e.date > opt.as_of:
            self._problem(e, "date", "future-date", Severity.warning,
                          f"dated {e.date}, after the as-of date {opt.as_of}; it does not count "
                          "yet. Check the date, or run with a later --as-of", counts=False)
            return
        tt = self.tasks.get(e.task) if e.task is not None else None
        if tt is not None and e.status is not Status.cancelled:
            tt.entries += 1
            if e.department:
                tt.departments.add(e.department)
            elif e.town:
                tt.towns.add(e.town)
        if e.status is Status.done:
            if tt is not None:
                tt.done += 1
            self._count(e)
        elif e.status is not Status.cancelled and e.due is not None:
            self._open_item(e, tt)

    def _count(self, e: Entry) -> None:
        targets = self.by_kind.get(e.kind)
        if not targets:
            return
        if e.date is None:
            self._problem(e, "date", "missing-date", Severity.error,
                          "a done entry needs the date it was achieved (完成日期) to be counted "
                          "in a target's window; add the date", counts=False)
            return
        key = normalize_code(e.code) if e.code else f"{e.kind.value}:{title_key(e.title)}"
        first = self.seen.get(key)
        if first is not None:
            if len(self.duplicates) < LIMIT:
                self.duplicates.append(Duplicate(key=key, first=Location(source=first[0],
                                                                         row=first[1]),
                                                 again=Location(source=e.source, row=e.row)))
            what = f"standard {e.code}" if e.code else f"“{e.title}”"
            self._problem(e, "code" if e.code else "title", "duplicate-entry", Severity.warning,
                          f"{what} was already reported at {first[0]} row {first[1]}; it counts "
                          "once. Keep it in one ledger, or leave it if two departments share it",
                          counts=False)
            return
        self.seen[key] = (e.source, e.row)
        for t in targets:
            if e.date in t.window:
                self.achieved[t.id] += 1
            elif e.date > t.window.end:
                self.late_count[t.id] += 1
                if self.late_count[t.id] <= LIMIT:
                    self.late.append(LateEntry(target=t.id, source=e.source, row=e.row,
                                               title=e.title, date=e.date))
            else:
                self._problem(e, "date", "outside-window", Severity.warning,
                              f"dated {e.date}, before the window of {t.id} opens "
                              f"({t.window.start}); it does not count toward it", counts=False)

    def _open_item(self, e: Entry, tt: Optional[_TaskTally]) -> None:
        days = (e.due - self.opt.as_of).days  # type: ignore[operator]
        item = Item(source=e.source, row=e.row, title=e.title, department=e.department or e.town,
                    task=e.task, status=e.status, due=e.due)  # type: ignore[arg-type]
        if days < 0:
            item.days_overdue = -days
            self.overdue.append(item)
            if tt is not None:
                tt.overdue += 1
        elif days <= self.opt.due_soon:
            item.days_left = days
            self.due_soon.append(item)
            self.open_due_soon_kinds.add(e.kind)
            if tt is not None:
                tt.due_soon += 1

    def _problem(self, e: Entry, column: str, code: str, severity: Severity, message: str,
                 counts: bool) -> None:
        self.problems.add(e.source, e.row, column, code, severity, message, counts)

    # -- results -------------------------------------------------------------------------------

    def result(self) -> Evaluation:
        as_of = self.opt.as_of
        return Evaluation(
            as_of=as_of,
            policy=self.data.policy.id,
            files=self.files,
            targets=[self._target(t) for t in self.data.policy.targets],
            goals=self.data.policy.goals,
            tasks=[self._task(t) for t in self.data.tasks],
            late=sorted(self.late, key=lambda x: (x.target, x.date)),
            overdue=sorted(self.overdue, key=lambda i: (-(i.days_overdue or 0), i.source, i.row)),
            due_soon=sorted(self.due_soon, key=lambda i: (i.days_left or 0, i.source, i.row)),
            duplicates=self.duplicates,
            problems=self.problems.all(),
        )

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
            id=t.id, name=t.name, kinds=list(t.kinds), bound=t.bound.describe("en"),
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

    def _task(self, t) -> TaskResult:
        tt = self.tasks[t.number]
        reporting = sorted(tt.departments, key=_order(t.departments))
        if t.all_departments:
            silent = [] if (tt.departments or tt.towns) else [ALL_DEPARTMENTS]
        else:
            silent = [d for d in t.departments if d not in tt.departments]
        if tt.overdue or (tt.entries == 0):
            light = Light.red
        elif tt.due_soon or silent:
            light = Light.yellow
        else:
            light = Light.green
        return TaskResult(
            number=t.number, section=t.section, title=t.title, departments=list(t.departments),
            all_departments=t.all_departments, towns_implement=t.towns_implement,
            entries=tt.entries, done=tt.done, reporting_departments=reporting,
            silent_departments=silent, towns_reporting=len(tt.towns), overdue=tt.overdue,
            due_soon=tt.due_soon, light=light,
        )


def _order(assigned: list[str]):
    index = {name: i for i, name in enumerate(assigned)}
    return lambda name: (index.get(name, len(index)), name)


def check(data: PolicyData, paths: Iterable[Path], options: Options) -> Evaluation:
    """Read every ledger under ``paths`` and evaluate them together against ``data``.

    A file that cannot be read raises ``LedgerError`` unless ``options.keep_going``, in which
    case it is reported as an ``unreadable-file`` problem and the rest is evaluated.
    """
    from .ledger import LedgerError, expand, open_ledger
    from .names import DepartmentIndex

    names = DepartmentIndex(data.departments, data.prefixes)
    tally = Tally(data, options)
    max_task = max((t.number for t in data.tasks), default=0)
    for path in expand(paths):
        reader = None
        try:
            reader = open_ledger(path, names=names, problems=tally.problems,
                                 encoding=options.encoding, sheet=options.sheet, max_task=max_task)
            for entry in reader:
                tally.add(entry)
        except LedgerError as e:
            if not options.keep_going:
                raise
            if reader is not None and reader.summary.used:
                # The file broke part-way: say exactly what was and was not counted.
                tail = (f"; reading stopped there: the {reader.summary.used} rows before it "
                        "were counted, the rest were not")
                reader.summary.readable = False
                tally.files.append(reader.summary)
            else:
                tail = "; none of its rows were counted"
                tally.files.append(FileSummary(source=e.source, readable=False,
                                               format=path.suffix.lstrip(".") or "?"))
            tally.problems.add(e.source, None, None, "unreadable-file", Severity.error,
                               e.message + tail, counts=False)
            continue
        tally.files.append(reader.summary)
    return tally.result()


def has_findings(result: Evaluation, kind: str) -> bool:
    """What ``--fail-on`` tests: ``gap`` (a target not met), ``overdue`` (an overdue item),
    ``problems`` (any problem in the input)."""
    if kind == "gap":
        return any(t.gap > 0 for t in result.targets)
    if kind == "overdue":
        return bool(result.overdue)
    if kind == "problems":
        return bool(result.problems)
    raise ValueError(f"unknown finding kind {kind!r}")
