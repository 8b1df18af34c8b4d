"""Dates as ledgers write them: a day in many forms, a month alone, a spreadsheet serial.

Used by the ledger reader (completion dates and deadlines) and by the options that take a date
(``--as-of``, ``--since``), so both accept the same forms.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Optional, Union

from .vocabulary import Text, msg


class Bad:
    """An unreadable value and the message that says how to fix it."""

    __slots__ = ("message",)

    def __init__(self, message: Text):
        self.message = message

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Bad({self.message!r})"


def show(text: str, limit: int = 60) -> str:
    """A cell value quoted for a message, shortened if long."""
    text = text.strip()
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


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


_TIME = r"(?:[T\s]+\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?)?"
_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?" + _TIME + "$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})" + _TIME + "$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (25569, 73051)  # 1970-01-01 .. 2099-12-31

DATE_FORMS = "2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 or 20240305 (or a month alone, " \
             "2024-03 or 2024年3月)"
DATE_FORMS_ZH = "2024-03-05、2024/3/5、2024.3.5、2024年3月5日或20240305（也可只写月份，如 " \
                "2024-03、2024年3月）"




def parse_date(text: str) -> Union[dt.date, Bad, None]:
    """A date as ledgers write it.

    Accepted: ``2024-03-05``, ``2024/3/5``, ``2024.3.5``, ``2024年3月5日``, ``20240305``, with an
    optional time of day (dropped); a month alone (``2024-03``, ``2024/03``, ``2024年3月``) is a
    :class:`Month`; a bare five-digit number is an Excel serial date (what
    a date cell shows when it lost its format). Workbook date cells arrive as ISO text.
    """
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        return None
    m = _DAY.match(s) or _COMPACT.match(s)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _MONTH.match(s)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                raise ValueError("month must be in 1..12")
            return Month(year, month, text.strip())
    except (ValueError, calendar.IllegalMonthError):
        return Bad(msg(f"{show(text)} is not a real date; correct it (dates are written like "
                       f"{DATE_FORMS})",
                       f"{show(text)} 不是真实存在的日期；请改正（日期写法如 {DATE_FORMS_ZH}）"))
    m = _SERIAL.match(s)
    if m and _SERIAL_RANGE[0] <= int(m.group(1)) <= _SERIAL_RANGE[1]:
        return _EXCEL_EPOCH + dt.timedelta(days=int(m.group(1)))
    return Bad(msg(f"{show(text)} is not a date; write it like {DATE_FORMS}",
                   f"{show(text)} 不是日期；请按以下写法填写：{DATE_FORMS_ZH}"))


def parse_full_date(text: str) -> Optional[dt.date]:
    """A whole date (day included) in any form :func:`parse_date` reads, else None: for
    options such as ``--as-of``, where a month alone or a serial number would be a guess."""
    day = read_full_date(text)
    return day if isinstance(day, dt.date) else None


def read_full_date(text: str) -> Union[dt.date, Bad, None]:
    """As :func:`parse_full_date`, with the message for a day that does not exist
    (2025-02-30): None only for what is not written as a whole date at all."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not (_DAY.match(s) or _COMPACT.match(s)):
        return None
    day = parse_date(s)
    return day if isinstance(day, (dt.date, Bad)) else None
