"""Text written to a ``.csv`` file, as a spreadsheet will open it.

A report or a list of findings written with ``--output x.csv`` is opened by double-click, in
Excel or WPS, which split each line at commas and evaluate any cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula: a ledger cell such as
``=HYPERLINK("//e.x")`` would become a live link. So the text goes in one column, one line per
row, each line a quoted cell, and a line that starts with one of those characters starts
with an apostrophe, which the spreadsheet shows as text (the xlsx report writes every cell
as a string for the same reason).
"""

from __future__ import annotations

import csv
import io

#: What a spreadsheet reads as the start of a formula (or of a cell it rewrites)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a leading formula character is escaped."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def as_csv(text: str) -> str:
    """``text`` as a one-column CSV: each line one row, each row text, never a formula."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    for line in text.splitlines():
        out.writerow([neutral(line)])
    return buf.getvalue()
