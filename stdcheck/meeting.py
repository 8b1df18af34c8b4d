"""The gap report for the joint meeting (联席会议): the library side of ``stdcheck report``.

It reads the ledgers once, as ``status`` does, keeping a :class:`~stdcheck.evaluate.Journal`
of every entry and counted row, and builds a :class:`~stdcheck.result.MeetingReport`: the
status itself, a page per department, the evidence behind each count, and what changed since
the last meeting (``since`` a date, or against the ``previous`` ledgers). Every format renders
that one document, so the report and ``status`` never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Optional, Union

from .collector import paused
from .errors import InputError
from .evaluate import EntryState, Journal, Options, evaluate
from .findings import Finding
from .policy import load
from .result import (
    Change,
    DepartmentPage,
    Item,
    Items,
    MeetingReport,
    NotCounted,
    SinceLastMeeting,
    StatusReport,
    TargetEvidence,
    TargetMove,
)
from .schema import PolicyData
from .vocabulary import Severity, Status, msg

#: Findings listed in a report per code and file: a report cuts none off (``status`` keeps
#: 1,000); the bound only guards memory against a hostile file.
REPORT_FINDINGS = 1_000_000


def build(paths: Iterable[Union[str, Path]], policy: Union[PolicyData, str, Path, None] = None,
          as_of: Optional[dt.date] = None, *, due_soon: int = 14, encoding: Optional[str] = None,
          sheet: Optional[str] = None, keep_going: bool = False,
          exclude: Iterable[Union[str, Path]] = (), since: Optional[dt.date] = None,
          previous: Iterable[Union[str, Path]] = (), departments: Iterable[str] = (),
          now: Optional[dt.datetime] = None) -> MeetingReport:
    """The meeting report on ``paths`` as of ``as_of`` (default today).

    ``since``: what was completed or became overdue after that date. ``previous``: the ledgers
    as they stood at the last meeting (read as of ``since``, else ``as_of``): what was added,
    completed, newly overdue, and each target's move. ``departments`` (any alias): only those
    departments' pages. A department name that resolves to none is a ``UsageError``.
    """
    from .listings import resolve

    data = policy if isinstance(policy, PolicyData) else load(
        None if policy is None else Path(policy))
    day = as_of or dt.date.today()
    options = Options(as_of=day, due_soon=due_soon, encoding=encoding, sheet=sheet,
                      keep_going=keep_going)
    old = list(previous)
    journal = Journal(keep_entries=since is not None or bool(old))
    status = evaluate(data, [Path(p) for p in paths], options, [Path(p) for p in exclude],
                      journal, REPORT_FINDINGS)
    with paused():  # the pages and evidence rows of a large roll-up live to the end
        # the open items made once: the pages hold most of them anyway, and every format
        # walks the lists again (an Items makes each item anew when looked at)
        status = status.model_copy(update={
            "overdue": Items(list(status.overdue)), "due_soon": Items(list(status.due_soon))})
        chosen = [resolve(data, name).name for name in departments]
        changes = None
        if since is not None or old:
            before = None
            if old:
                then = Options(as_of=since or day, due_soon=due_soon, encoding=encoding,
                               sheet=sheet, keep_going=True)
                before_journal = Journal()
                before_status = evaluate(data, [Path(p) for p in old], then, (), before_journal)
                _all_read(before_status)
                before = (before_status, before_journal)
            changes = _changes(status, journal, since, [str(p) for p in old], before)
        pages = _pages(data, status, journal, chosen)
        fields = {**dict(status), "departments_chosen": chosen}
        return MeetingReport(
            **fields, generated_at=now or dt.datetime.now().replace(microsecond=0),
            since_last_meeting=changes, department_pages=pages, evidence=_evidence(status, journal),
            other_rows=journal.others)


def _all_read(before: StatusReport) -> None:
    """The last meeting's ledgers are the baseline: one left out would make every row of it
    "added" and every count "then" too low, so a file of them that cannot be read stops the
    report (with or without --keep-going, which is for the ledgers of now)."""
    unread = {f.source for f in before.files if not f.readable}
    if unread:
        raise InputError(msg(
            "--previous: " + ", ".join(sorted(unread)) + " cannot be read, so the comparison "
            "with the last meeting would count its rows as added and its targets as lower "
            "then. Fix the file, or leave it out of --previous",
            "--previous：" + "、".join(sorted(unread)) + " 无法读取，与上次会议的比较会把其中的"
            "条目算作新增、把上次的目标数算低。请修复该文件，或不把它放进 --previous"),
            [f for f in before.findings if f.source in unread])


def _change(state: EntryState) -> Change:
    return Change(source=state.source, sheet=state.sheet, row=state.row, title=state.title,
                  department=state.who, code=state.code, date=state.date, due=state.due)


def _changes(status: StatusReport, journal: Journal, since: Optional[dt.date],
             previous: list[str],
             before: Optional[tuple[StatusReport, Journal]]) -> SinceLastMeeting:
    """Completed and newly overdue after ``since``; with the previous ledgers, also added
    entries and each target's move (compared by the entries' de-duplication keys)."""
    done = Status.done
    if before is None:
        completed = [_change(s) for s in journal.entries.values()
                     if s.status is done and s.date is not None and since is not None
                     and since < s.date <= status.as_of]
        newly = [i for i in status.overdue if since is not None and i.due >= since]
        return SinceLastMeeting(since=since, previous=[], added=[], completed=completed,
                                newly_overdue=newly, moves=[])
    then_status, then = before
    added = [_change(s) for k, s in journal.entries.items() if k not in then.entries]
    # done now and not then, dated by --as-of (a year typo in the future is no completion)
    # and, with --since, after it: the heading says "since"
    completed = [_change(s) for k, s in journal.entries.items()
                 if s.status is done and (k not in then.entries
                                           or then.entries[k].status is not done)
                 and s.date is not None and s.date <= status.as_of
                 and (since is None or since < s.date)]
    was_overdue = {(i.title, i.due) for i in then_status.overdue}
    newly = [i for i in status.overdue if (i.title, i.due) not in was_overdue]
    before_counts = {t.id: t.achieved for t in then_status.targets}
    moves = [TargetMove(target=t.id, before=before_counts.get(t.id, 0), after=t.achieved)
             for t in status.targets]
    dates = [s.date for s in then.entries.values()
             if s.date is not None and s.date <= then_status.as_of]
    return SinceLastMeeting(since=since, previous=previous, previous_latest=max(dates, default=None),
                            added=added, completed=completed, newly_overdue=newly, moves=moves)


def _pages(data: PolicyData, status: StatusReport, journal: Journal,
           chosen: list[str]) -> list[DepartmentPage]:
    """One page per department of the policy (or of ``chosen``), in the registry's order."""
    # whose data each file (or sheet) is: the department most of its rows name
    sender = {(f.source, f.sheet): f.sender for f in status.files if f.sender}
    roll = {d.name: d for d in status.departments}
    # each list walked once, into per-department lists (not once per department)
    overdue_of: dict[str, list[Item]] = {}
    soon_of: dict[str, list[Item]] = {}
    for items, into in ((status.overdue, overdue_of), (status.due_soon, soon_of)):
        for item in items:
            for name in item.departments:
                into.setdefault(name, []).append(item)
    # a finding goes to the departments of its row; to the file's sender only where the row
    # names none (a town's row, a file-level finding, a row whose department cell is empty)
    findings_of: dict[str, list[Finding]] = {}
    for f in status.findings:
        facts = journal.rows.get((f.source, f.sheet, f.line))
        owners = facts.departments if facts is not None and facts.departments else ()
        if not owners:
            owner = sender.get((f.source, f.sheet))
            owners = (owner,) if owner is not None else ()
        for owner in owners:
            findings_of.setdefault(owner, []).append(f)
    pages = []
    order = {d.name: i for i, d in enumerate(data.departments)}
    for dept in data.departments:
        if chosen and dept.name not in chosen:
            continue
        name = dept.name
        silent = [t.number for t in status.tasks if name in t.silent_departments]
        untasked = [t.number for t in status.tasks if name in t.untasked_departments]
        overdue = sorted(overdue_of.get(name, []), key=lambda i: -(i.days_overdue or 0))
        soon = soon_of.get(name, [])
        findings = findings_of.get(name, [])
        share = dict(roll[name].share) if name in roll else {t.id: 0 for t in status.targets}
        sent_nothing = roll[name].sent_nothing if name in roll else True
        pages.append(DepartmentPage.model_construct(
            name=name, en=dept.en, silent_tasks=silent, untasked_tasks=untasked,
            overdue=overdue, due_soon=soon, findings=findings, share=share,
            outstanding=bool(silent or untasked or overdue or soon or findings),
            sent_nothing=sent_nothing))
    pages.sort(key=lambda p: _urgency(p, order[p.name]))
    return pages


def _urgency(p: DepartmentPage, registry: int) -> tuple[int, ...]:
    """Most urgent first: overdue items (more, then older), then having sent nothing, then
    tasks without a report, then findings in the data sent, then due-soon items; the
    registry's order among equals."""
    worst = max((i.days_overdue or 0 for i in p.overdue), default=0)
    return (-len(p.overdue), -worst, -p.sent_nothing, -len(p.silent_tasks),
            -len(p.findings), -len(p.due_soon), registry)


_LATE = msg("dated after the target's deadline: met late, not by the deadline",
            "日期晚于目标期限：逾期完成，不计入期限内完成数")


_RANK = {Severity.info: 0, Severity.warning: 1, Severity.error: 2}


def _evidence(status: StatusReport, journal: Journal) -> list[TargetEvidence]:
    """For each target, the rows that made its count and those of its kinds that did not,
    with the reason: late, a duplicate, outside the window, a number of another kind. A row
    that never became an entry (its kind unknown) is in the data-quality findings."""
    # a row once, with the finding that keeps it out: its error, else its last warning (the
    # evaluator's word on a row comes after the reader's: "no date" after "number unreadable")
    reason: dict[tuple[str, Optional[str], Optional[int]], Finding] = {}
    for f in status.findings:
        if f.counts is False:
            key = (f.source, f.sheet, f.line)
            before = reason.get(key)
            if before is None or _RANK[f.severity] >= _RANK[before.severity]:
                reason[key] = f
    out = []
    for t in status.targets:
        kinds = set(t.kinds)
        not_counted = [NotCounted(source=x.source, sheet=x.sheet, row=x.row, title=x.title,
                                  reason="late", message=_LATE)
                       for x in status.late if x.target == t.id]
        for key, f in reason.items():
            facts = journal.rows.get(key)
            if facts is not None and facts.kind in kinds:
                not_counted.append(NotCounted(source=f.source, sheet=f.sheet, row=f.line,
                                              title=facts.title, reason=f.code,
                                              message=f.message))
        out.append(TargetEvidence(target=t.id, counted=journal.evidence.get(t.id, []),
                                  not_counted=not_counted))
    return out
