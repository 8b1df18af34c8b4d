"""The least a pure-Python row loop must do on the varied ledger, as a floor for any reshaping of
the reader and the tally: read the CSV, look up each row's shape (kind, department, status, task)
and its dates in caches, check the number fits its kind, de-duplicate, count the window, keep
the overdue items. No entries, findings, roll-call, task tallies, checks of long or odd cells,
start-up or output. Run: python bench/minimal_loop.py LEDGER.csv (best of three, in process).
bench/NOTES.md quotes what it measured."""

from __future__ import annotations

import csv
import datetime as dt
import sys
import time
from typing import Any

from stdcheck.codes import normalize_code
from stdcheck.ledger.reader import _FITS
from stdcheck.ledger.values import Bad, parse_date, parse_kind, parse_status
from stdcheck.vocabulary import Status

AS_OF = dt.date(2026, 11, 28)
WINDOW = (dt.date(2021, 1, 1), dt.date(2025, 12, 31))


def csv_pass(path: str) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        for _ in csv.reader(f):
            pass


def minimal(path: str) -> int:
    dates: dict[str, Any] = {"": None}
    shapes: dict[tuple[Any, ...], list[Any]] = {}
    seen: set[str] = set()
    achieved = late = 0
    overdue: list[tuple[Any, ...]] = []
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            date = dates.get(row[1], 0)
            if date == 0:
                d = parse_date(row[1])
                date = dates[row[1]] = None if isinstance(d, Bad) else d
            due = dates.get(row[8], 0)
            if due == 0:
                d = parse_date(row[8])
                due = dates[row[8]] = None if isinstance(d, Bad) else d
            key = (row[2], row[5], row[7], row[6], due is None, date is not None)
            shape = shapes.get(key)
            if shape is None:
                kind, status = parse_kind(row[2]), parse_status(row[7])
                done = status[0] is Status.done if isinstance(status, tuple) else bool(date)
                name = kind.value if kind is not None and not isinstance(kind, Bad) else "national"
                shape = shapes[key] = [_FITS.get(name, _FITS["national"]), done, 0]
            shape[2] += 1
            title = row[3].strip()
            code = row[4]
            if code and not shape[0](code):
                code = normalize_code(code)
            if shape[1]:
                number = code or title
                if number in seen or date is None:
                    continue
                seen.add(number)
                if WINDOW[0] <= date <= WINDOW[1]:
                    achieved += 1
                else:
                    late += 1
            elif due is not None and due < AS_OF:
                overdue.append((due, row[0], title))
    return achieved


if __name__ == "__main__":
    best: dict[str, float] = {}
    for _ in range(3):
        for fn in (csv_pass, minimal):
            start = time.perf_counter()
            fn(sys.argv[1])
            took = time.perf_counter() - start
            best[fn.__name__] = min(best.get(fn.__name__, took), took)
    print({k: round(v, 3) for k, v in best.items()},
          f"minimal / csv.reader: {best['minimal'] / best['csv_pass']:.2f}x")
