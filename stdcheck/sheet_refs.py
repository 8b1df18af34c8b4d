"""Spreadsheet column letters, for the reader of workbooks and the writer of reports alike."""

from __future__ import annotations


def column_letters(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def column_number(letters: str) -> int:
    """A -> 1, AA -> 27: :func:`column_letters` undone."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n
