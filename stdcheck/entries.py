"""A usable ledger row, as the reader hands it to the evaluator."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Optional

from .vocabulary import EntryKind, Status


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
    stage: Optional[str] = None  # where an open item stands, as written (报批中, 暂停)
    # further departments the cell names (区科技局、区经济信息委), canonical, after ``department``
    co_departments: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # per department named (lead first): 牵头, 配合 or ""
    more_tasks: tuple[int, ...] = ()  # further tasks the cell names (3、13)
    code_text: Optional[str] = None  # the number as the ledger wrote it, for messages
    firm: Optional[str] = None  # the company a standard is of, where a column names it
    sheet: Optional[str] = None  # the worksheet of a workbook the row is on
    flagged: bool = False  # the reader had a finding on the row (the roll-call counts it)


class Month(dt.date):
    """A date written as a month alone (2025年11月): some day in that month, printed as written.

    As a completion date it stands on the month's first day, so it counts once the month has
    begun and is late only when the whole month is after a window. As a deadline (``end``) it
    stands on the month's last day: "by August" is kept until the last of August. ``last`` is
    the month's last day either way."""

    written: str
    end: bool

    def __new__(cls, year: int, month: int, written: str, end: bool = False) -> Month:
        day = calendar.monthrange(year, month)[1] if end else 1
        self = super().__new__(cls, year, month, day)
        self.written = written
        self.end = end
        return self

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def as_due(self) -> Month:
        """The same month as a deadline: standing on its last day."""
        return self if self.end else Month(self.year, self.month, self.written, True)

    def __str__(self) -> str:
        return self.written

    def __reduce__(self) -> tuple[type, tuple[int, int, str, bool]]:  # copy and pickle
        return (Month, (self.year, self.month, self.written, self.end))


def as_due(day: Optional[dt.date]) -> Optional[dt.date]:
    """``day`` read as a deadline: a month alone means by the end of that month."""
    return day.as_due() if isinstance(day, Month) else day
