"""Ledger columns: the headers each is known by, and finding the header row.

A header is matched after :func:`key`: NFKC (full-width -> half-width), case folded, spaces,
line breaks and decorations such as ``*``, ``※``, ``：`` and a bracketed remark (``（必填）``,
``(YYYY-MM-DD)``, ``【选填】``) removed. Unknown columns are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Optional

from ..vocabulary import Text, msg

#: Column -> the headers it is accepted under (English name first, then Chinese).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "no", "序号", "编码序号"),
    "date": ("date", "完成日期", "完成时间", "发布日期", "发布时间", "公开时间", "公开日期",
             "日期", "实际完成时间", "实际完成日期", "批准日期", "验收日期"),
    "kind": ("kind", "type", "category", "类别", "类型", "标准类别", "标准类型", "工作类别",
             "项目类别"),
    "title": ("title", "name", "名称", "标准名称", "项目名称", "工作内容", "试点名称",
              "工作名称"),
    "code": ("code", "number", "standard number", "标准编号", "编号", "标准号"),
    "department": ("department", "dept", "unit", "责任单位", "牵头单位", "单位", "责任部门",
                   "牵头部门", "填报单位", "主办单位"),
    "task": ("task", "任务", "任务编号", "对应任务", "任务序号", "所属任务"),
    "status": ("status", "状态", "进展", "完成情况", "进展情况", "进度", "标准状态"),
    "due": ("due", "deadline", "完成时限", "时限", "截止日期", "计划完成时间",
            "计划完成日期", "截止时间"),
    "note": ("note", "notes", "remark", "remarks", "备注", "说明"),
    "firm": ("firm", "company", "企业名称", "机构名称", "公司名称", "生产企业", "起草单位"),
}

#: What each column is called in messages: the main Chinese header and the English name.
LABELS: dict[str, str] = {
    "id": "序号 (id)", "date": "完成日期 (date)", "kind": "类别 (kind)", "title": "名称 (title)",
    "code": "标准编号 (code)", "department": "责任单位 (department)", "task": "任务 (task)",
    "status": "状态 (status)", "due": "完成时限 (due)", "note": "备注 (note)",
    "firm": "企业名称 (firm)",
}

REQUIRED: tuple[str, ...] = ("kind", "title", "department")
HEADER_SCAN = 30  # the header row is looked for in this many rows
HEADER_MIN = 3  # a header row matches at least this many known columns
#: Cells of a row matched against the headers: a ledger has at most 200 columns, and a row
#: wider than that is refused anyway; matching a million cells costs seconds a row.
MATCH_LIMIT = 1000

_BRACKETED = re.compile(r"[(\[{<《【〔][^)\]}>》】〕]*[)\]}>》】〕]")
_DROP = str.maketrans("", "", " \t\r\n\u3000\u00a0\ufeff\u200b*※#:：_-·•.。、")


def key(text: str) -> str:
    """``text`` as compared with known headers and values: width, case, spacing, decoration and
    a bracketed remark ignored (the remark is kept if it is all there is), traditional
    characters read as simplified (序號, 類別, 已發布)."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    if not text.isascii():
        from ..names import simplified

        text = simplified(text)
    bare = _BRACKETED.sub("", text).translate(_DROP)
    return bare if bare else text.translate(_DROP)


_LOOKUP: dict[str, str] = {key(alias): column for column, names in ALIASES.items()
                           for alias in names}


def column_for(header: object) -> Optional[str]:
    """The column a header cell names, or None."""
    if not isinstance(header, str) or not header:
        return None
    return _LOOKUP.get(key(header))


@dataclass
class Header:
    """A found header row: where it stands and which cell holds which column."""

    row: int  # as a spreadsheet shows it (1-based)
    index: int  # position among the records read (0-based) of its last row, to skip past it
    cells: list[str]  # the header texts as they stand, stripped
    columns: dict[str, int] = field(default_factory=dict)  # column -> cell position
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (column, position) ignored
    rows: int = 1  # 2 when a second header row under merged group headings completes it

    def text(self, column: str) -> str:
        """The header of ``column`` as it stands in the file (for problem locations)."""
        return self.cells[self.columns[column]]

    def position(self, column: str) -> Optional[int]:
        """The 1-based column number of ``column``, as a finding reports it."""
        pos = self.columns.get(column)
        return None if pos is None else pos + 1


def match_row(cells: Sequence[object], row: int, index: int) -> Header:
    """Match every cell of one row against the known headers."""
    texts = [c.strip() if isinstance(c, str) else ("" if c is None else str(c))
             for c in cells[:MATCH_LIMIT]]
    # past the limit only counted, as blanks: the row is too wide to be read as a ledger
    texts += [""] * (len(cells) - len(texts))
    header = Header(row=row, index=index, cells=texts)
    for pos, text in enumerate(texts[:MATCH_LIMIT]):
        column = column_for(text)
        if column is None:
            continue
        if column in header.columns:
            header.duplicates.append((column, pos))
        else:
            header.columns[column] = pos
    return header


def with_subheader(header: Header, cells: Sequence[object], row: int) -> Optional[Header]:
    """``header`` completed by the row below it when that row is a second header row, as
    government spreadsheets have under a merged group heading (完成情况 over 状态 | 完成时间):
    it names at least one known column, and under the kind, title and department headings it
    is empty or repeats them (those headings span both rows, merged). Its names win at their
    positions. None when the row below is not a header row (nor one too wide to be)."""
    if len(cells) > MATCH_LIMIT:
        return None
    sub = match_row(_dated(header, cells), row, header.index + 1)
    if not sub.columns or any(
            pos < len(sub.cells) and sub.cells[pos] not in ("", header.cells[pos])
            for column, pos in header.columns.items() if column in REQUIRED):
        return None
    merged = Header(row=header.row, index=header.index + 1, rows=2,
                    cells=[s or h for h, s in zip_longest(header.cells, sub.cells, fillvalue="")])
    taken = set(sub.columns.values())
    for column, pos in header.columns.items():
        if pos not in taken and column not in sub.columns:
            merged.columns[column] = pos
    merged.columns.update(sub.columns)
    merged.duplicates = [d for d in header.duplicates if d[1] not in taken] + sub.duplicates
    return merged


# Under a date heading (完成时间 over 计划 | 实际), the sub-heading says which date it is.
_PLANNED = frozenset(key(w) for w in ("计划", "预计", "时限", "计划完成", "预计完成", "计划时间",
                                      "planned", "plan", "due"))
_ACTUAL = frozenset(key(w) for w in ("实际", "完成", "实际完成", "实际时间", "actual", "done"))


def _dated(header: Header, cells: Sequence[object]) -> list[object]:
    """The row below a header with the sub-headings under a date heading named for what they
    are: 计划 under 完成时间 is the deadline (完成时限), 实际 the completion date (完成日期).
    Other cells are left as they are."""
    out = list(cells)
    group = ""  # a heading over several columns stands over the first (a CSV keeps no merge)
    for pos, cell in enumerate(out):
        if pos < len(header.cells) and header.cells[pos]:
            group = header.cells[pos]
        if not isinstance(cell, str) or column_for(group) not in ("date", "due"):
            continue
        k = key(cell)
        if k in _PLANNED:
            out[pos] = f"完成时限（{group}·{cell.strip()}）"
        elif k in _ACTUAL:
            out[pos] = f"完成日期（{group}·{cell.strip()}）"
    return out


def expected_text() -> Text:
    """The list of known columns for a 'header not found' message."""
    required = ", ".join(LABELS[c] for c in REQUIRED)
    optional = ", ".join(LABELS[c] for c in LABELS if c not in REQUIRED)
    return msg(f"required: {required}; optional: {optional}",
               f"必需：{required}；可选：{optional}")
