"""The least a pure-Python row loop must do on the varied ledger, as a floor for any reshaping of
the reader and the tally: read the CSV, look up each row's shape (kind, department, status, task)
and its dates in caches, check the number fits its kind (the reader's fast forms), de-duplicate, count the window, keep
the overdue items. No entries, findings, roll-call, task tallies, checks of long or odd cells,
start-up or output. Run: python bench/minimal_loop.py LEDGER.csv (best of three, in process).
bench/NOTES.md quotes what it measured."""

from __future__ import annotations

import csv
import datetime as dt
import sys
import time
from typing import Any

from stdcheck.codes import FastKeys, normalize_code
from stdcheck.dates import Bad, parse_date
from stdcheck.ledger.values import parse_kind, parse_status
from stdcheck.vocabulary import Status

AS_OF = dt.date(2026, 11, 28)
WINDOW = (dt.date(2021, 1, 1), dt.date(2025, 12, 31))


def csv_pass(path: str) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        for _ in csv.reader(f):
            pass


def minimal(path: str) -> int:
    keys = FastKeys("DB50")  # the reader's fast forms: a key that fits, a common way rewritten
    dates: dict[str, Any] = {"": None}
    shapes: dict[tuple[Any, ...], list[Any]] = {}
    seen: set[str] = set()
    achieved = late = 0
    overdue: list[tuple[Any, ...]] = []
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        # the bench's two layouts; a column a ledger lacks reads as the "" appended to each row
        at = {name: header.index(name) if name in header else len(header) for name in (
            "完成日期", "公开时间", "类别", "名称", "标准名称", "标准编号", "责任单位", "对应任务",
            "状态", "完成时限")}
        di = min(at["完成日期"], at["公开时间"])
        ki, ti, ci = at["类别"], min(at["名称"], at["标准名称"]), at["标准编号"]
        dpi, tki, si, dui = at["责任单位"], at["对应任务"], at["状态"], at["完成时限"]
        pad = dui == len(header)
        for row in rows:
            if pad:
                row.append("")
            date = dates.get(row[di], 0)
            if date == 0:
                d = parse_date(row[di])
                date = dates[row[di]] = None if isinstance(d, Bad) else d
            due = dates.get(row[dui], 0)
            if due == 0:
                d = parse_date(row[dui])
                due = dates[row[dui]] = None if isinstance(d, Bad) else d
            key = (row[ki], row[dpi], row[si], row[tki], due is None, date is not None)
            shape = shapes.get(key)
            if shape is None:
                kind, status = parse_kind(row[ki]), parse_status(row[si])
                done = status[0] is Status.done if isinstance(status, tuple) else bool(date)
                name = kind.value if kind is not None and not isinstance(kind, Bad) else "national"
                shape = shapes[key] = [keys.fits[name], done, 0, keys.rewrite[name]]
            shape[2] += 1
            title = row[ti].strip()
            code = row[ci]
            if code and not shape[0](code):  # GB/T5-2025: the space put in, else normalised
                code = shape[3](code) or normalize_code(code)
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
