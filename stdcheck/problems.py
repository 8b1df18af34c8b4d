"""A bounded list of problems: every problem is counted, the first few of each kind are kept.

A hostile or badly exported file can produce a problem on each of a million rows; keeping them
all would exhaust memory and bury the report. Past ``limit`` problems of one code in one file,
the rest are counted and summed up in one closing problem, so nothing is dropped silently.
"""

from __future__ import annotations

from collections import Counter
from typing import Optional, Union

from .models import Msg, Problem, Severity

LIMIT = 1000


class ProblemLog:
    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self._kept: list[Problem] = []
        self._seen: Counter[tuple[str, str]] = Counter()
        self._severity: dict[tuple[str, str], Severity] = {}

    def add(self, source: str, row: Optional[int], column: Optional[str], code: str,
            severity: Severity, message: Union[Msg, str], counts: Optional[bool] = None) -> None:
        key = (source, code)
        self._seen[key] += 1
        if self._seen[key] <= self.limit:
            self._kept.append(make_problem(source, row, column, code, severity, message, counts))
        else:
            self._severity[key] = severity

    def __len__(self) -> int:
        return sum(self._seen.values())

    def count(self, code: str) -> int:
        return sum(n for (_, c), n in self._seen.items() if c == code)

    def all(self) -> list[Problem]:
        """Kept problems in file and row order, then one summary per code that overflowed."""
        out = sorted(self._kept, key=lambda p: (p.source, p.row or 0))
        for (source, code), n in self._seen.items():
            if n > self.limit:
                more = n - self.limit
                out.append(make_problem(source, None, None, code, self._severity[(source, code)],
                                        Msg(f"{more} more `{code}` problems in this file are not "
                                            f"listed (only the first {self.limit} are); fix "
                                            "those first and run again",
                                            f"本文件另有 {more} 条 {code} 问题未列出（只列出前 "
                                            f"{self.limit} 条）；请先改正已列出的问题，再重新运行")))
        return out


def make_problem(source: str, row: Optional[int], column: Optional[str], code: str,
                 severity: Severity, message: Union[Msg, str],
                 counts: Optional[bool] = None) -> Problem:
    if isinstance(message, Msg):
        return Problem(source=source, row=row, column=column, code=code, severity=severity,
                       message=message.en, message_zh=message.zh, counts=counts)
    return Problem(source=source, row=row, column=column, code=code, severity=severity,
                   message=message, counts=counts)
