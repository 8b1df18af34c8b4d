"""Where the district stands in a round: the library's documents over the round's counted
uploads — ``status`` (``evaluate.check``) and the meeting report (``meeting.build``) — and the
inbox's own views of them: the roll-call and each target's count round by round.

The files are given to the library in the order ``stdcheck inbox export`` writes them (by
department), so ``stdcheck report`` on an export reads the same files in the same order and
gives the same numbers. A document is kept while the uploads it was made from stand: a new
upload, a round closed or another day makes a new one.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional, TypeVar

from .store import Round, Store, Upload, safe_name

if TYPE_CHECKING:
    from ..result import MeetingReport, StatusReport
    from ..schema import Department, Target

T = TypeVar("T")
KEEP = 8  # documents kept: a few rounds, a few days, status and report


@dataclass(frozen=True)
class RollLine:
    """A department in the roll-call (报送情况) of a round."""

    department: Department
    state: str  # passed | errors | rejected | silent | overdue
    latest: Optional[Upload]  # its latest upload in the round, accepted or not
    counted: Optional[Upload]  # the one the round counts: its latest accepted upload
    uploads: int
    late: bool  # its first upload of the round came after the deadline (逾期报送)


#: The order the roll-call lists states in: whom to chase first.
STATES = ("overdue", "silent", "rejected", "errors", "passed")


@dataclass(frozen=True)
class Pace:
    """A target's count at each round: (round, achieved, required, light)."""

    target: Target
    counts: list[tuple[Round, int, int, str]]


class Standing:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._kept: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def _cached(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]  # type: ignore[return-value]
        made = make()  # outside the lock: one slow report does not hold up the others
        with self._lock:
            self._kept[key] = made
            while len(self._kept) > KEEP:
                self._kept.popitem(last=False)
        return made

    def counted(self, rnd: Round) -> list[tuple[Upload, Path]]:
        """The round's counted uploads and the paths they are read from, in the order an
        export of the round lists them."""
        ups = sorted(self.store.counted(rnd.id), key=lambda u: safe_name(u.department))
        return [(u, self.store.ledger_path(u.sha256, u.department, u.suffix)) for u in ups]

    def status(self, rnd: Round, as_of: Optional[dt.date] = None) -> StatusReport:
        """``stdcheck status`` over the round's counted uploads."""
        from ..evaluate import check

        day = as_of or rnd.as_of()
        files = self.counted(rnd)
        key = ("status", rnd.id, rnd.closed_at, tuple(u.id for u, _ in files), day)
        return self._cached(key, lambda: check([p for _, p in files], self.store.policy(), day,
                                               keep_going=True))

    def previous(self, rnd: Round) -> Optional[Round]:
        """The last meeting's round: the latest round closed before this one."""
        before = [r for r in self.store.rounds() if r.id < rnd.id and not r.open]
        return before[-1] if before else None

    def meeting(self, rnd: Round, as_of: Optional[dt.date] = None) -> MeetingReport:
        """``stdcheck report`` over the round's counted uploads; "since the last meeting"
        against the previous round's counted uploads as stored, since the day it closed."""
        from ..meeting import build

        day = as_of or rnd.as_of()
        files = self.counted(rnd)
        before = self.previous(rnd)
        old = self.counted(before) if before is not None else []
        since = before.closed_as_of if before is not None else None
        key = ("meeting", rnd.id, rnd.closed_at, tuple(u.id for u, _ in files),
               tuple(u.id for u, _ in old), day)
        return self._cached(key, lambda: build(
            [p for _, p in files], self.store.policy(), day, keep_going=True,
            previous=[p for _, p in old], since=since))

    def roll_call(self, rnd: Round, today: Optional[dt.date] = None) -> list[RollLine]:
        """Every department of the policy: what it has sent in the round, whom to chase
        first (逾期未报, 未报送, 退回修改, 有问题, 已通过), the policy's order within a state."""
        mine: dict[str, list[Upload]] = {}
        for u in self.store.uploads(rnd.id):  # newest first
            mine.setdefault(u.department, []).append(u)
        lines = [_line(d, mine.get(d.name, []), rnd, today or dt.date.today())
                 for d in self.store.policy().departments]
        order = {s: i for i, s in enumerate(STATES)}
        return sorted(lines, key=lambda line: order[line.state])  # stable: policy order kept

    def line(self, rnd: Round, department: Department,
             today: Optional[dt.date] = None) -> RollLine:
        """One department's line of the roll-call, from its own uploads only."""
        return _line(department, self.store.uploads(rnd.id, department.name), rnd,
                     today or dt.date.today())

    def pace(self, upto: Round) -> list[Pace]:
        """Each target's count at every round up to ``upto``: frozen when a round closed, as it
        stands now for the open one."""
        frozen = self.store.frozen_counts()
        rounds = [r for r in self.store.rounds() if r.id <= upto.id]
        live = {t.id: (t.achieved, t.required, t.light.value)
                for t in self.status(upto).targets} if upto.open else {}
        out = []
        for t in self.store.policy().policy.targets:
            counts = []
            for r in rounds:
                got = live.get(t.id) if r.open else frozen.get(r.id, {}).get(t.id)
                if got is not None:
                    counts.append((r, *got))
            out.append(Pace(t, counts))
        return out


def _line(d: Department, ups: list[Upload], rnd: Round, day: dt.date) -> RollLine:
    """The roll-call line of ``d`` from its uploads in the round, newest first."""
    latest = ups[0] if ups else None
    counted = next((u for u in ups if u.accepted), None)
    if latest is None:
        state = "overdue" if day > rnd.deadline else "silent"
    elif not latest.accepted:
        state = "rejected"
    elif counted is not None and counted.errors:
        state = "errors"
    else:
        state = "passed"
    late = bool(ups) and dt.date.fromisoformat(ups[-1].received_at[:10]) > rnd.deadline
    return RollLine(d, state, latest, counted, len(ups), late)
