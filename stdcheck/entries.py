"""A usable ledger row, as the reader hands it to the evaluator."""

from __future__ import annotations

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
