"""Excel (xlsx): the meeting report as a workbook, one sheet per section, for the people who
will sort, filter and annotate it.

A cover sheet carries the report's title, the policy, the as-of date, the sources, when and by
what it was generated, and links to each section's sheet. Each section is then a sheet named by
its heading (in the order of :func:`sections.sections`), one table each, with the header row
frozen and an autofilter on it: the departments' pages are one table with a department column
rather than a block per department, so a department head filters to their own rows and a row can
be sorted by due date across departments. Numbers are number cells and dates date cells.

Every string — from a ledger, the policy or the tool — is written with ``write_string``, never
``write``: a title such as ``=HYPERLINK(...)``, ``@SUM(A1)`` or ``-1+2`` is stored as a string
cell, which a spreadsheet shows as text and never evaluates (no formula injection).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import singledispatch
from operator import itemgetter
from typing import IO, Any, Optional, Union

from pydantic import BaseModel

from ..dates import Month
from ..i18n import Labels
from ..result import Change, Item, MeetingReport
from ..sheet_refs import column_letters, column_number
from ..version import WORKBOOK_MARK
from ..vocabulary import Light
from . import Options, Unsupported
from . import sections as S
from .controls import CONTROLS, visible

Cell = Union[str, int, float, dt.date, None]

_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
_MAX_WIDTH = 60  # characters of the widest column; longer text wraps
_MAX_ROWS = 1_048_576  # rows of a worksheet
_LIGHTS = {Light.green: "#C6EFCE", Light.yellow: "#FFEB9C", Light.red: "#FFC7CE"}
#: Rows of a table past which they are written as sheet XML by :func:`_sheet_rows` rather than
#: cell by cell through XlsxWriter: its per-cell cost (about 10 µs) made the annex of a
#: 100,000-row ledger take four times as long as reading it.
BULK = 2_000


def sheet_name(heading: str, taken: Sequence[str] = ()) -> str:
    """A valid worksheet name from a heading: none of ``[]:*?/\\``, no leading or trailing
    apostrophe, at most 31 characters, and not one already ``taken`` (case-insensitively)."""
    name = " ".join(heading.translate(_FORBIDDEN).split()).strip("'")[:31].strip() or "Sheet"
    lower = {t.lower() for t in taken}
    base, n = name, 2
    while name.lower() in lower:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    return name


def display_width(text: str) -> int:
    """Columns a string takes in a spreadsheet's default font: a wide (CJK) character two."""
    lines = text.splitlines() or [""]
    if text.isascii():
        return max(len(line) for line in lines)
    return max(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
               for line in lines)


def _shown(value: Cell) -> str:
    """What a cell's width is measured on: its text, or as wide as a date or number shows."""
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, dt.datetime):
        return "0000-00-00 00:00:00"
    if isinstance(value, dt.date):
        return "0000-00-00"
    return f"{value:g}"


class _Sheet:
    """A worksheet written row by row: caption lines, then one table whose header row is frozen
    and filtered, then (rarely) further blocks below it."""

    def __init__(self, book: _Book, name: str) -> None:
        self.book = book
        self.ws: Any = book.wb.add_worksheet(name)
        self.name = name
        self.row = 0
        self.widths: dict[int, int] = {}
        self.table_at: Optional[tuple[int, int, int]] = None  # header row, last row, columns
        self.rows_written = 0  # table rows, for the paper that names an annex
        self.bulk: list[tuple[int, Sequence[Sequence[Cell]]]] = []  # (first row, rows), BULK

    def caption(self, text: str, style: str = "caption") -> None:
        self.ws.write_string(self.row, 0, visible(text), self.book.f[style])
        self.row += 1

    def pair(self, label: str, value: Cell) -> None:
        """A line of the cover: a label and its value."""
        if label:
            self.ws.write_string(self.row, 0, visible(label), self.book.f["label"])
        self._cell(self.row, 1, value)
        self.row += 1

    def link(self, text: str, sheet: str) -> None:
        """A line that opens another sheet of the workbook."""
        target = "internal:'{}'!A1".format(sheet.replace("'", "''"))
        self.ws.write_url(self.row, 0, target, self.book.f["link"], string=text)
        self._measure(0, text)
        self.row += 1

    def skip(self) -> None:
        self.row += 1

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[Cell]],
              styles: Optional[dict[int, Sequence[Optional[str]]]] = None) -> None:
        """A table: a header row, then its rows. The first table of a sheet is the one frozen
        and filtered; ``styles`` maps a column to a named style per row."""
        header = self.row
        more = len(rows) - (_MAX_ROWS - header - 2)  # the rows a sheet cannot hold
        if more > 0:
            rows = rows[:len(rows) - more]
        for c, text in enumerate(columns):
            self.ws.write_string(header, c, visible(text), self.book.f["header"])
            self._measure(c, text)
        if styles:  # a few rows (targets, tasks): cell by cell
            for r, values in enumerate(rows, start=header + 1):
                for c, value in enumerate(values):
                    style = styles.get(c)
                    self._cell(r, c, value, style[r - header - 1] if style else None)
        elif len(rows) > BULK:
            self.bulk.append((header + 1, rows))  # written when the book closes
            self._widen(rows)
        else:
            self._rows(header + 1, rows)
            self._widen(rows)
        self.row = header + 1 + len(rows)
        self.rows_written += len(rows)
        if self.table_at is None:
            self.table_at = (header, max(self.row - 1, header), len(columns))
        if more > 0:
            self.caption(self.book.t("more", n=more), "note")
        self.row += 1  # a blank line after a table

    def _rows(self, first: int, rows: Sequence[Sequence[Cell]]) -> None:
        """The rows of a table without styles, as :meth:`_cell` writes them but without a call
        of ours per cell (a ledger's tables have hundreds of thousands): the method and format
        by the value's exact class; a None or "" is not written (XlsxWriter would keep no blank
        cell without a format); any other value (a float, a subclass) goes to :meth:`_cell`.
        Widths are left to :meth:`_widen`."""
        ws, f = self.ws, self.book.f
        string, number, date = ws.write_string, ws.write_number, ws.write_datetime
        shown = visible
        text, day = f["text"], f["date"]
        for r, values in enumerate(rows, start=first):
            for c, value in enumerate(values):
                kind = value.__class__
                if kind is str:
                    if value:
                        string(r, c, shown(value), text)  # type: ignore[arg-type]
                elif value is None:
                    pass
                elif kind is int:
                    number(r, c, value, None)
                elif kind is dt.date:
                    date(r, c, value, day)
                else:
                    self._cell(r, c, value)

    def _widen(self, rows: Sequence[Sequence[Cell]]) -> None:
        """Each column as wide as its widest value, as :meth:`_measure` on every cell would
        make it: each distinct value once, the texts longest first and only while one could
        still be wider (a character is at most two columns)."""
        if len(set(map(len, rows))) > 1:  # rows of unequal length (none so far): cell by cell
            for values in rows:
                for c, value in enumerate(values):
                    self._measure(c, _shown(value))
            return
        for c in range(len(rows[0]) if rows else 0):
            texts = []
            for value in set(map(itemgetter(c), rows)):
                if isinstance(value, str):
                    texts.append(value)
                elif value is not None:
                    self._measure(c, _shown(value))
            texts.sort(key=len, reverse=True)
            for text in texts:
                width = self.widths.get(c, 0)
                if width >= _MAX_WIDTH or 2 * len(text) <= width:
                    break  # nor can any shorter text
                if len(text) > width or not text.isascii():  # ASCII: a column a character
                    self._measure(c, text)

    def _cell(self, r: int, c: int, value: Cell, style: Optional[str] = None) -> None:
        f = self.book.f
        if value is None or value == "":
            self.ws.write_blank(r, c, None, f[style] if style else None)
        elif isinstance(value, str):
            self.ws.write_string(r, c, visible(value), f[style or "text"])
        elif isinstance(value, dt.datetime):
            self.ws.write_datetime(r, c, value, f["datetime"])
        elif isinstance(value, dt.date):
            self.ws.write_datetime(r, c, value,
                                   f["month" if isinstance(value, Month) else "date"])
        else:  # int or float (a bool is not a value here)
            decimal = isinstance(value, float) and not value.is_integer()
            self.ws.write_number(r, c, value, f[style or "decimal"] if style or decimal
                                 else None)
        self._measure(c, _shown(value))

    def _measure(self, c: int, text: str) -> None:
        width = self.widths.get(c, 0)
        if width < _MAX_WIDTH and 2 * len(text) > width:  # else it cannot widen the column
            self.widths[c] = max(width, display_width(text))

    def finish(self, freeze: Optional[int] = None) -> None:
        """Column widths, the frozen header row and the autofilter (``freeze``: freeze the rows
        above this one instead, on a sheet without a table)."""
        for c, width in self.widths.items():
            self.ws.set_column(c, c, min(max(width, 4), _MAX_WIDTH) + 2)
        self.ws.set_paper(9)  # A4, landscape, as wide as one page, for the meeting's papers
        self.ws.set_landscape()
        self.ws.fit_to_pages(1, 0)
        if self.table_at is not None:
            header, last, columns = self.table_at
            self.ws.freeze_panes(header + 1, 0)
            self.ws.autofilter(header, 0, last, columns - 1)
            self.ws.repeat_rows(header)  # on every printed page
        elif freeze is not None:
            self.ws.freeze_panes(freeze, 0)


class _Book:
    def __init__(self, lang: str, level: str = "district") -> None:
        import xlsxwriter

        self.buffer = io.BytesIO()
        self.wb: Any = xlsxwriter.Workbook(self.buffer, {
            "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "in_memory": True})
        self.wb.set_custom_property(*WORKBOOK_MARK)
        self.t = Labels(lang, level)
        add = self.wb.add_format
        self.f: dict[str, Any] = {
            "title": add({"bold": True, "font_size": 16}),
            "caption": add({"bold": True, "font_size": 13}),
            "subtitle": add({"bold": True}),
            "note": add({"italic": True}),
            "label": add({"bold": True, "valign": "top"}),
            "header": add({"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True,
                           "valign": "top"}),
            "text": add({"text_wrap": True, "valign": "top"}),
            # ";@" (text shown as is) as Excel writes a custom date format
            "date": add({"num_format": "yyyy-mm-dd;@", "valign": "top"}),
            # a date the ledger wrote as a month alone (2025年9月): a date cell, shown as a month
            "month": add({"num_format": 'yyyy"年"m"月";@' if lang == "zh" else "yyyy-mm;@",
                          "valign": "top"}),
            "datetime": add({"num_format": "yyyy-mm-dd hh:mm:ss", "valign": "top"}),
            "decimal": add({"num_format": "0.0#", "valign": "top"}),
            "percent": add({"num_format": "0%", "valign": "top"}),
            "year": add({"align": "left", "valign": "top"}),
            "link": add({"font_color": "blue", "underline": 1}),
            **{light.value: add({"bg_color": color, "valign": "top", "text_wrap": True})
               for light, color in _LIGHTS.items()},
        }
        self.names: list[str] = []
        self.sheets: list[_Sheet] = []

    def sheet(self, heading: str) -> _Sheet:
        name = sheet_name(heading, self.names)
        self.names.append(name)
        sheet = _Sheet(self, name)
        self.sheets.append(sheet)
        return sheet

    def close(self) -> bytes:
        bulky = [sheet for sheet in self.sheets if sheet.bulk]
        styles = {}
        # the formats the bulk rows name get their style numbers before the book is written,
        # as a cell's would
        if bulky:
            for name in ("text", "date", "month", "datetime", "decimal"):
                styles[name] = self.f[name]._get_xf_index()
        self.wb.close()
        if not bulky:
            return self.buffer.getvalue()
        return _with_rows(self.buffer.getvalue(), {
            f"xl/worksheets/sheet{sheet.ws.index + 1}.xml": sheet.bulk for sheet in bulky},
            styles)


_ROW = re.compile(r'<row r="(\d+)"')
_DIMENSION = re.compile(r'<dimension ref="[A-Z]+\d+(?::([A-Z]+)(\d+))?"/>')
_EXCEL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")  # Excel reads these as escaped characters
# An empty cell while a row is made: a character no cell's XML holds (a control character is
# shown as its picture), so that a row's trailing ones are cut by one rstrip and the rest become
# a place kept in the row (<c/>) by one replace.
_EMPTY = "\x00"
_MADE = 100_000  # texts whose cells are kept for their next use in a table
_EPOCH = dt.date(1899, 12, 30).toordinal()  # day 0 of a spreadsheet's dates
_MAX_CELL = 32_767  # characters of a cell, as XlsxWriter cuts them
# text written as it is: no markup or control character, no space at either end (XML would
# drop it), no longer than a cell holds (and, tested apart, no "_x" of Excel's escapes)
_PLAIN = re.compile(f"(?![\\s{CONTROLS}])[^&<>{CONTROLS}]{{1,{_MAX_CELL}}}(?<![\\s{CONTROLS}])")


def _xml_text(text: str) -> str:
    text = visible(text)[:_MAX_CELL]
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    return text


def _inline(text: str, style: int) -> str:
    """A text cell: the text kept as it is, spaces at either end too."""
    text = _xml_text(text)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _sheet_rows(first: int, rows: Sequence[Sequence[Cell]], styles: dict[str, int]
                ) -> Iterator[str]:
    """Rows as a worksheet's XML, numbered from ``first`` (0-based), as :meth:`_Sheet._rows`
    writes them through XlsxWriter: text as inline strings in the wrapping style, whole numbers
    plain, dates as day numbers in the date style, nothing for None or "". A cell's place is
    its place in the row (its reference is optional in the format, and a third of the bytes).

    Made a block of rows at a time, column by column: a column of texts that are mostly
    distinct (titles, places) in one pass; in any other, each distinct value's cell once (a
    column of targets, departments, reasons or dates repeats a few, kept from block to block)
    and looked up for every row by ``map``: no step of ours per cell. Yields the XML of each
    block."""
    made: dict[int, dict[Any, str]] = {}  # column -> cells of values seen in earlier blocks
    kept = 0
    any_cell = _cell_xml(styles)
    plain, text = _PLAIN.fullmatch, styles["text"]
    head = f'<c s="{text}" t="inlineStr"><is><t>'
    r = first + 1
    for start in range(0, len(rows), _BLOCK):
        block = rows[start:start + _BLOCK]
        width = len(block[0])
        if any(len(values) != width for values in block):  # rows of unequal length (none so far)
            lines: Iterable[Iterable[str]] = (map(any_cell, values) for values in block)
        else:
            columns: list[Iterable[str]] = []
            for c, column in enumerate(zip(*block, strict=True)):
                kinds = set(map(type, column))
                if not kinds <= _QUICK:  # a float, a month: cell by cell
                    columns.append(map(any_cell, column))
                    continue
                distinct = set(column)
                if len(distinct) > len(column) // 4 and kinds <= _TEXTS:  # titles, places
                    # _quick_cell's text case, inline: a call per cell is what this saves
                    columns.append([
                        (f'{head}{value}</t></is></c>' if plain(value) is not None
                         and "_x" not in value else _inline(value, text))
                        if value else _EMPTY for value in column])
                    continue
                seen = made.setdefault(c, {})  # the types of _QUICK never equal one another
                here: dict[Any, str] = {}
                for value in distinct:
                    cell = seen.get(value)
                    if cell is None:
                        cell = _quick_cell(value, styles)
                        if kept < _MADE:
                            seen[value] = cell
                            kept += 1
                    here[value] = cell
                columns.append(map(here.__getitem__, column))
            lines = zip(*columns, strict=True)
        out = []
        for cells in lines:
            xml = "".join(cells).rstrip(_EMPTY).replace(_EMPTY, "<c/>")
            out.append(f'<row r="{r}">{xml}</row>')
            r += 1
        yield "".join(out)


_BLOCK = 4096  # rows whose columns are made at once
_QUICK = {str, type(None), int, dt.date}
_TEXTS = {str, type(None)}


def _quick_cell(value: Any, styles: dict[str, int]) -> str:
    """A text, None, whole number or date (exactly) as :func:`_sheet_rows` writes it."""
    kind = value.__class__
    if kind is str:
        if not value:
            return _EMPTY
        if _PLAIN.fullmatch(value) is not None and "_x" not in value:
            return f'<c s="{styles["text"]}" t="inlineStr"><is><t>{value}</t></is></c>'
        return _inline(value, styles["text"])
    if value is None:
        return _EMPTY
    if kind is int:
        return f"<c><v>{value}</v></c>"
    return f'<c s="{styles["date"]}"><v>{value.toordinal() - _EPOCH}</v></c>'


def _cell_xml(styles: dict[str, int]) -> Callable[[Cell], str]:
    def cell(value: Cell) -> str:
        if value.__class__ in _QUICK:
            return _quick_cell(value, styles)
        return _other_cell(value, styles)
    return cell


def _other_cell(value: Cell, styles: dict[str, int]) -> str:
    """A cell :func:`_sheet_rows` has no quick way for, as :meth:`_Sheet._cell` writes it."""
    if isinstance(value, str):
        return _inline(str(value), styles["text"]) if value else _EMPTY
    if isinstance(value, dt.datetime):
        days = (value - dt.datetime(1899, 12, 30)).total_seconds() / 86_400
        return f'<c s="{styles["datetime"]}"><v>{days!r}</v></c>'
    if isinstance(value, dt.date):
        shown = styles["month" if isinstance(value, Month) else "date"]
        return f'<c s="{shown}"><v>{value.toordinal() - _EPOCH}</v></c>'
    if isinstance(value, (int, float)):
        number = float(value)
        style = "" if number.is_integer() else f' s="{styles["decimal"]}"'
        return f'<c{style}><v>{number!r}</v></c>'
    return _EMPTY


def _with_rows(book: bytes, bulk: dict[str, list[tuple[int, Sequence[Sequence[Cell]]]]],
               styles: dict[str, int]) -> bytes:
    """The workbook XlsxWriter wrote with the bulk rows put into their sheets: each sheet's
    rows stay in order (a table's rows before the lines XlsxWriter wrote below it) and its
    dimension covers them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            tables = bulk.get(info.filename)
            if not tables:
                dst.writestr(info, src.read(info))
                continue
            xml = src.read(info).decode("utf-8")
            with dst.open(info.filename, "w") as sheet:
                _write_sheet(sheet, xml, sorted(tables, key=itemgetter(0)), styles)
    return out.getvalue()


def _write_sheet(sheet: IO[bytes], xml: str, tables: list[tuple[int, Sequence[Sequence[Cell]]]],
                 styles: dict[str, int]) -> None:
    last = max(first + len(rows) for first, rows in tables)  # 1-based: the last bulk row
    width = max((len(v) for _, rows in tables for v in rows), default=1)
    dimension = _DIMENSION.search(xml)
    if dimension is not None:
        end_col = max(column_number(dimension.group(1) or "A"), width)
        end_row = max(int(dimension.group(2) or 1), last)
        xml = (xml[:dimension.start()] + f'<dimension ref="A1:{column_letters(end_col)}'
               f'{end_row}"/>' + xml[dimension.end():])
    at = 0
    for first, rows in tables:
        # the first row XlsxWriter wrote below this table, or the end of the sheet's data
        cut = next((m.start() for m in _ROW.finditer(xml, at) if int(m.group(1)) > first),
                   xml.index("</sheetData>"))
        sheet.write(xml[at:cut].encode("utf-8"))
        for block in _sheet_rows(first, rows, styles):
            sheet.write(block.encode("utf-8"))
        at = cut
    sheet.write(xml[at:].encode("utf-8"))


@singledispatch
def _xlsx(doc: BaseModel, lang: str) -> bytes:
    raise Unsupported(f"the xlsx format cannot show a {type(doc).__name__}")


@_xlsx.register
def _report(r: MeetingReport, lang: str) -> bytes:
    book = _Book(lang, r.policy.level)
    t = book.t
    parts = S.sections(r, lang)
    cover = book.sheet(t("report.contents"))
    sheets = [book.sheet(s.heading) for s in parts]
    _cover(cover, r, t, lang, [(s.heading, sheet.name)
                               for s, sheet in zip(parts, sheets, strict=True)])
    for s, sheet in zip(parts, sheets, strict=True):
        sheet.caption(s.heading)
        _SECTIONS[s.key](sheet, r, t, lang)
        sheet.finish()
    return book.close()


def annex(r: MeetingReport, lang: str, keys: Sequence[str]
          ) -> tuple[bytes, dict[str, str], dict[str, int]]:
    """The annex (附件) of a long Word paper: the report's sections of ``keys`` as they are in
    the workbook, every row. Returns the workbook, and per section key its sheet's name and the
    table rows it holds, which the paper names."""
    book = _Book(lang, r.policy.level)
    names: dict[str, str] = {}
    rows: dict[str, int] = {}
    for s in S.sections(r, lang):
        if s.key not in keys or (s.key == "quality" and not r.findings):
            continue  # a sheet saying "none" is no part of an annex
        sheet = book.sheet(s.heading)
        sheet.caption(s.heading)
        _SECTIONS[s.key](sheet, r, book.t, lang)
        sheet.finish()
        names[s.key], rows[s.key] = sheet.name, sheet.rows_written
    return book.close(), names, rows


def _cover(sheet: _Sheet, r: MeetingReport, t: Labels, lang: str,
           contents: list[tuple[str, str]]) -> None:
    sheet.caption(t("report.title"), "title")
    sheet.caption(r.policy.title.get(lang), "subtitle")
    sheet.skip()
    sheet.pair(t("as_of"), r.as_of)
    sheet.pair(t("report.sources"), S.sources_line(r, t))
    for name, f in zip(S.file_names(r), r.files, strict=True):
        sheet.pair("", name + ("" if f.readable else f" ({t('unreadable')})"))
    sheet.pair(t("report.summary"), S.overview(r, t, lang))
    sheet.skip()
    sheet.caption(t("report.contents"))
    for heading, name in contents:
        sheet.link(heading, name)
    sheet.skip()
    sheet.pair(t("report.generated"), r.generated_at)
    sheet.pair(t("report.by"), f"stdcheck {r.tool_version}")
    sheet.widths[0] = max(sheet.widths.get(0, 0), 12)
    sheet.finish(freeze=2)  # the report's and the policy's titles stay in view


def _summary(sheet: _Sheet, r: MeetingReport, t: Labels, lang: str) -> None:
    columns = [t("target"), t("report.achieved"), t("late"), t("report.required"),
               t("report.share_of_target"), t("report.gap"), t("state"), t("light"),
               t("expected"), t("report.pace_needed"), t("report.projected")]
    first = sheet.row + 1
    sheet.table(columns, [
        [x.name.get(lang), x.achieved, x.late or None, x.required,
         x.achieved / x.required if x.required else None, x.gap, t.enum("state", x.state),
         t.enum("light", x.light), x.expected_by_now, x.rate_needed,
         t("projected_never") if x.projected_never else x.projected]
        for x in r.targets], styles={4: ["percent"] * len(r.targets),
                                     7: [x.light.value for x in r.targets]})
    sheet.caption(t("report.goals"), "subtitle")
    for g in r.goals:  # the text overflows to the right, over the empty cells
        sheet.ws.write_number(sheet.row, 0, g.year, sheet.book.f["year"])
        sheet.ws.write_string(sheet.row, 1, visible(g.text.get(lang)))
        sheet.row += 1
    if r.targets:
        _chart(sheet, r, t, first, first + len(r.targets) - 1)


def _chart(sheet: _Sheet, r: MeetingReport, t: Labels, first: int, last: int) -> None:
    """Each target as a share of its own required number, one bar a target in the colour of
    its light, below the goals: on one axis of counts the 50-standard target flattened the
    others."""
    chart = sheet.book.wb.add_chart({"type": "bar"})
    colours = {Light.green: "#2E7D32", Light.yellow: "#E0A800", Light.red: "#C62828"}
    chart.add_series({
        "name": [sheet.name, first - 1, 4],
        "categories": [sheet.name, first, 0, last, 0],
        "values": [sheet.name, first, 4, last, 4],
        "points": [{"fill": {"color": colours[x.light]}} for x in r.targets],
        "data_labels": {"value": True, "num_format": "0%"}})
    chart.set_title({"name": t("report.share_of_target")})
    # the first target on top, as in the table, and the value axis still at the bottom; 100 %
    # is where every target is met
    top = max([1.0, *(x.achieved / x.required for x in r.targets if x.required)])
    chart.set_x_axis({"min": 0, "max": top, "num_format": "0%",
                      "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True, "crossing": "max"})
    chart.set_legend({"none": True})
    chart.set_size({"width": 860, "height": 90 + 60 * len(r.targets)})
    sheet.ws.insert_chart(sheet.row + 1, 0, chart)


def _since(sheet: _Sheet, r: MeetingReport, t: Labels, lang: str) -> None:
    s = r.since_last_meeting
    assert s is not None
    if s.since:
        sheet.caption(t("report.since_date", date=s.since.isoformat()), "note")
    if s.previous:
        sheet.caption(S.previous_line(s, t), "note")
    rows: list[list[Cell]] = []
    groups: list[tuple[str, list[Change]]] = [(t("report.added"), s.added)] if s.previous else []
    groups.append((t("report.completed"), s.completed))
    for label, changes in groups:
        rows += [[label, S.where(c.source, c.sheet, c.row), c.title, c.department, c.code,
                  c.date, c.due, None] for c in changes]
    rows += [[t("report.newly_overdue"), S.where(i.source, i.sheet, i.row), _title(i),
              i.department, None, None, i.due, i.days_overdue] for i in s.newly_overdue]
    sheet.table([t("report.what"), t("location"), t("title"), t("department"), t("report.number"),
                 t("report.date"), t("due"), t("days_overdue")], rows)
    if s.previous:
        sheet.caption(t("report.moves"), "subtitle")
        sheet.table([t("target"), t("report.before"), t("report.after")],
                    [[S.target_name(r, m.target, lang), m.before, m.after] for m in s.moves])


def _open(sheet: _Sheet, r: MeetingReport, t: Labels, lang: str) -> None:
    """Every overdue item and every item due soon, towns' included, with the totals."""
    sheet.caption(S.open_total(r, t), "note")
    rows: list[list[Cell]] = []
    for label, items, overdue in ((t("overdue"), r.overdue, True),
                                  (t("due_soon"), r.due_soon, False)):
        rows += [[label, S.where(i.source, i.sheet, i.row), i.task, _title(i), i.department,
                  i.due, i.days_overdue if overdue else None, None if overdue else i.days_left]
                 for i in items]
    sheet.table([t("report.what"), t("location"), "#", t("title"), t("department"), t("due"),
                 t("days_overdue"), t("days_left")], rows)


def _title(i: Item) -> str:
    return i.title + (f"（{i.stage}）" if i.stage else "")


def _departments(sheet: _Sheet, r: MeetingReport, t: Labels, lang: str) -> None:
    """One row per thing a department is asked about, the department in the first column."""
    tasks = {x.number: x.title.get(lang) for x in r.tasks}
    rows: list[list[Cell]] = []

    def row(who: str, kind: str, *, where: str = "", task: Optional[int] = None,
            title: str = "", departments: Optional[str] = None,
            due: Optional[dt.date] = None, overdue: Optional[int] = None,
            left: Optional[int] = None, counted: Optional[int] = None, column: str = "",
            code: str = "", severity: str = "", message: str = "") -> None:
        rows.append([who, kind, where, task, title, departments, due, overdue, left, counted,
                     column, code, severity, message])

    for p in r.department_pages:
        who = S.department_heading(p.name, p.en, lang)
        if not S.gets_page(r, p):
            row(who, t("report.nothing_outstanding"))
            continue
        for n in p.silent_tasks:
            row(who, t("report.silent_tasks"), task=n, title=tasks.get(n, ""))
        for n in p.untasked_tasks:
            row(who, t("report.untasked_tasks"), task=n, title=tasks.get(n, ""))
        for i in p.overdue:
            row(who, t("overdue"), where=S.where(i.source, i.sheet, i.row), task=i.task,
                title=_title(i), departments=i.department, due=i.due, overdue=i.days_overdue)
        for i in p.due_soon:
            row(who, t("due_soon"), where=S.where(i.source, i.sheet, i.row), task=i.task,
                title=_title(i), departments=i.department, due=i.due, left=i.days_left)
        for f in p.findings:
            row(who, t("report.data_findings"), where=S.where(f.source, f.sheet, f.line),
                column=f.field or "", code=S.reason(f.code, t, lang),
                severity=t.enum("severity", f.severity), message=S.for_paper(f.text(lang)))
        for target, n in p.share.items():
            if n:  # a row of zeros per target said nothing
                row(who, t("report.share"), title=S.target_name(r, target, lang), counted=n)
        if not p.outstanding:
            row(who, t("report.nothing_outstanding"))
    sheet.table([t("department"), t("report.what"), t("location"), "#", t("title"),
                 t("report.written_departments"), t("due"), t("days_overdue"), t("days_left"),
                 t("counts"), t("column"), t("report.problem"), t("severity"), t("message")],
                rows)


def _tasks(sheet: _Sheet, r: MeetingReport, t: Labels, lang: str) -> None:
    rows: list[list[Cell]] = []
    for x in r.tasks:
        silent = S.silent_text(x, t)
        rows.append([x.number, x.title.get(lang),
                     S.departments_cell(x, t), x.entries, silent,
                     x.overdue, t.enum("light", x.light)])
    sheet.table(["#", t("title"), t("departments"), t("entries"), t("silent"), t("overdue"),
                 t("light")], rows, styles={6: [x.light.value for x in r.tasks]})


def _evidence(sheet: _Sheet, r: MeetingReport, t: Labels, lang: str) -> None:
    rows: list[list[Cell]] = []
    for e in r.evidence:
        name = S.target_name(r, e.target, lang)
        rows += [[name, t("yes"), S.where(c.source, c.sheet, c.row), c.title, c.code, c.date,
                  c.department, None, None] for c in e.counted]
        rows += [[name, t("no"), S.where(n.source, n.sheet, n.row), n.title, None, None, None,
                  S.reason(n.reason, t, lang), S.for_paper(n.message.get(lang))]
                 for n in e.not_counted]
    sheet.table([t("target"), t("counts"), t("location"), t("title"), t("report.number"),
                 t("report.date"), t("department"), t("report.reason"), t("message")], rows)
    if r.other_rows:
        sheet.caption(t("report.other_rows", n=len(r.other_rows)))
        sheet.caption(t("report.other_rows_note"), "note")
        sheet.table(S.other_columns(t), list(S.other_cells(r, t)))


def _quality(sheet: _Sheet, r: MeetingReport, t: Labels, lang: str) -> None:
    rows: list[Sequence[Cell]] = [S.finding_row(f, t, lang) for f in r.findings]
    sheet.table(S.finding_columns(t), rows or [[t("report.none")]])
    sheet.caption(t("report.files_read", n=len(r.files)))
    sheet.caption(t("report.files_note"), "note")
    sheet.table(S.file_columns(t), S.file_cells(r, t))


_SECTIONS = {"summary": _summary, "since": _since, "open": _open, "departments": _departments,
             "tasks": _tasks, "evidence": _evidence, "quality": _quality}


def render(doc: BaseModel, lang: str, options: Options) -> bytes:
    # XlsxWriter keeps a tuple per cell until the book is closed: render.render pauses the
    # cycle collector around every format (..collector)
    return _xlsx(doc, lang)
