"""Workbook ledgers (.xlsx, .xlsm, .xls, .ods) through python-calamine.

Cells arrive typed; :class:`SheetRows` turns each row into text as the CSV reader gives it
(``1.0`` -> ``"1"``, a date cell -> ``"2024-03-05"``, the time of a date-time dropped), so one
row loop serves every format. calamine loads a sheet as a dense rectangle, so a single stray
cell at XFD1048576 would ask for gigabytes: before loading an .xlsx sheet, its XML is scanned
(streamed, nothing kept) for cells right of column 200 or a rectangle too large to hold.
An .ods is guarded the same way: a two-kilobyte file can repeat one row nine million times
(``table:number-rows-repeated``), which calamine would expand into gigabytes.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Optional
from xml.etree import ElementTree

from ..errors import LedgerError
from ..vocabulary import Text, msg

if TYPE_CHECKING:
    from python_calamine import CalamineSheet

MAX_COLUMNS = 200
MAX_CELLS = 20_000_000  # several hundred MB once calamine holds them densely
MAX_XML = 4 << 30  # uncompressed bytes of one sheet's XML

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RESAVE = msg("open it in Excel or WPS and save it again as .xlsx, or export the table as CSV",
              "请用 Excel 或 WPS 打开后另存为 .xlsx，或导出为 CSV")
_AS_CSV = msg("save the table as CSV, which is read row by row",
              "请把表格另存为 CSV（CSV 逐行读取）")


def _damaged(source: str, what: Text, error: Exception) -> LedgerError:
    return LedgerError(source, what + msg(f" ({error}); ", f"（{error}）；") + _RESAVE)


def column_letters(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def check_container(path: Path, source: str, suffix: str, head: bytes) -> None:
    """Raise LedgerError when the file is not the kind of workbook its suffix says."""
    stripped = head.lstrip()
    if suffix == ".xls":
        if head.startswith(OLE_MAGIC):
            return
        if head.startswith(ZIP_MAGIC):
            raise LedgerError(source, msg(
                "is an .xlsx workbook with an .xls name; rename it to .xlsx",
                "是 .xlsx 工作簿，却用了 .xls 扩展名；请改名为 .xlsx"), code="wrong-format")
        if stripped[:1] == b"<":
            raise LedgerError(source, msg(
                "is not an Excel .xls workbook but a web page (HTML/XML) saved with an .xls "
                "name, as many online systems export; ",
                "不是 Excel .xls 工作簿，而是以 .xls 命名的网页（HTML/XML），许多网上系统导出的"
                "就是这种文件；") + _RESAVE, code="wrong-format")
        _not_a_workbook(source, ".xls", head)
        raise LedgerError(source, msg(
            "is not an Excel .xls workbook (it looks like text); if it is a table in text "
            "form, rename it to .csv, otherwise ",
            "不是 Excel .xls 工作簿（看起来是文本）；如果是文本形式的表格，请改名为 .csv，否则"
        ) + _RESAVE, code="wrong-format")
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, NotImplementedError, OSError) as e:  # a newer zip version
            raise _damaged(source, msg("is a damaged zip archive", "是损坏的 zip 压缩包"),
                           e) from None
        if suffix == ".ods" and "content.xml" not in names:
            raise LedgerError(source, msg(
                "is a zip archive but not an OpenDocument spreadsheet (no content.xml)",
                "是 zip 压缩包，但不是 OpenDocument 电子表格（没有 content.xml）"), code="wrong-format")
        if suffix in (".xlsx", ".xlsm") and "xl/workbook.xml" not in names:
            if "content.xml" in names:
                raise LedgerError(source, msg(
                    "is an OpenDocument spreadsheet with an .xlsx name; rename it to .ods",
                    "是 OpenDocument 电子表格，却用了 .xlsx 扩展名；请改名为 .ods"), code="wrong-format")
            raise LedgerError(source, msg(
                "is a zip archive but not an Excel workbook (no xl/workbook.xml); ",
                "是 zip 压缩包，但不是 Excel 工作簿（没有 xl/workbook.xml）；") + _RESAVE, code="wrong-format")
        return
    if head.startswith(OLE_MAGIC):
        raise LedgerError(source, msg(
            f"is not a {suffix} workbook: it is either password-protected (encrypted) or an "
            f"old .xls workbook renamed. Remove the password, or rename it to .xls",
            f"不是 {suffix} 工作簿：要么设置了密码（已加密），要么是改了名的旧版 .xls 工作簿。"
            "请取消密码，或改名为 .xls"), code="wrong-format")
    _not_a_workbook(source, suffix, head)
    raise LedgerError(source, msg(
        f"is not a {suffix} workbook (not a zip archive; it looks like text). If it is a table "
        "in text form, rename it to .csv; otherwise ",
        f"不是 {suffix} 工作簿（不是 zip 压缩包，看起来是文本）。如果是文本形式的表格，请改名为 "
        ".csv；否则") + _RESAVE, code="wrong-format")


def _not_a_workbook(source: str, suffix: str, head: bytes) -> None:
    """Raise LedgerError naming what the file is when its start says (an image, a PDF, an
    archive, binary data that is no text); return when it may be text."""
    from .text import identify

    what = identify(head)
    if what is not None:
        raise LedgerError(source, msg(f"is not a {suffix} workbook but ",
                                      f"不是 {suffix} 工作簿，而是") + what,
                          code="wrong-format")


# --- guarding calamine against huge rectangles -----------------------------------------------

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# A cell reference right of column 200 (GR): the cheap search, then the whole tag is checked
# for a value (a self-closing <c .../> only carries formatting, and calamine skips it).
_FAR_REF = re.compile(rb' r="(?:[A-Z]{3}|[H-Z][A-Z]|G[S-Z])[0-9]')
_FAR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]* r="((?:[A-Z]{3}|[H-Z][A-Z]|G[S-Z])\d+)"[^>]*(?<!/)>')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
_REF = re.compile(rb'([A-Z]*)(\d+)')


def _sheet_member(z: zipfile.ZipFile, sheet: str) -> Optional[str]:
    """The zip member holding ``sheet`` of an .xlsx."""
    try:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    rid = next((el.get(_REL_NS + "id") for el in book.iter()
                if el.tag.endswith("}sheet") and el.get("name") == sheet), None)
    target = next((el.get("Target") for el in rels.iter()
                   if el.tag.endswith("}Relationship") and el.get("Id") == rid), None)
    if not target:
        return None
    if target.startswith("/"):
        return target.lstrip("/")
    return str(PurePosixPath("xl") / target)


def _far_cell(data: bytes) -> Optional[re.Match[bytes]]:
    at = 0
    while True:
        m = _FAR_REF.search(data, at)
        if m is None:
            return None
        tag = data.rfind(b"<", 0, m.start())
        cell = _FAR_CELL.match(data, tag) if tag >= 0 else None
        if cell is not None:
            return cell
        at = m.end()


_COLUMN_REFS = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')

# --- error cells: what calamine's Python API cannot show ----------------------------------------
# calamine reads a cell holding a cached error (t="e") as an empty cell, and refuses a whole
# sheet holding one of the newer error values. The sheet's XML says which cells they are.

#: Error values calamine reads (as empty cells); a sheet with any other (#SPILL!, #CALC! …) is
#: read from a copy in which those stand as #N/A. Either way the cell's own value is put back.
CALAMINE_ERRORS = frozenset({b"#N/A", b"#DIV/0!", b"#REF!", b"#VALUE!", b"#NAME?", b"#NUM!",
                             b"#NULL!"})
MAX_ERROR_CELLS = 100_000  # error cells remembered per sheet; more and the sheet is refused
_ERROR_TAG = re.compile(rb'<(?:\w+:)?c\b[^>]*\bt="e"[^>]*>')
_CELL_END = re.compile(rb'</(?:\w+:)?c>')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_CELL_VALUE = re.compile(rb'<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>')
_CARRY_MAX = 1 << 16  # an error cell's XML (a long formula) carried to the next block at most

#: Error cells of a sheet: 1-based row -> [(0-based column, the value shown)]
Errors = dict[int, list[tuple[int, str]]]


class ErrorCells:
    """The error cells (``t="e"``) of a sheet's XML, fed block by block: :meth:`feed` returns
    the offset up to which the data is done with (an error cell cut by the block's end is kept
    for the next block) and each complete error cell's value span, for a rewrite."""

    def __init__(self) -> None:
        self.cells: Errors = {}
        self.count = 0
        self.unsupported = False  # a value calamine refuses: the sheet is read from a copy

    def feed(self, data: bytes, final: bool) -> tuple[int, list[tuple[int, int, bytes]]]:
        spans: list[tuple[int, int, bytes]] = []
        at = 0
        while True:
            tag = _ERROR_TAG.search(data, at)
            if tag is None:
                # keep the end of the block: a tag may be cut by it
                return (len(data) if final else max(at, len(data) - 256)), spans
            end = _CELL_END.search(data, tag.end())
            if end is None:
                if final or len(data) - tag.start() > _CARRY_MAX:
                    at = tag.end()  # a damaged cell: calamine will say what it makes of it
                    continue
                return tag.start(), spans
            ref = _CELL_REF.search(tag.group(0))
            value = _CELL_VALUE.search(data, tag.end(), end.start())
            if ref is not None and value is not None:
                self.add(int(ref.group(2)), column_number(ref.group(1).decode()) - 1,
                         value.group(1))
                if value.group(1) not in CALAMINE_ERRORS:
                    spans.append((value.start(1), value.end(1), value.group(1)))
            at = end.end()

    def add(self, row: int, column: int, value: bytes) -> None:
        self.count += 1
        if self.count <= MAX_ERROR_CELLS:
            self.cells.setdefault(row, []).append((column, value.decode("utf-8", "replace")))
        if value not in CALAMINE_ERRORS:
            self.unsupported = True


def _too_many_errors(source: str, sheet: str, count: int) -> LedgerError:
    return LedgerError(source, msg(
        f"sheet “{sheet}” holds {count:,} cells showing a formula error (#N/A, #REF! …), more "
        f"than {MAX_ERROR_CELLS:,}: its formulas failed wholesale. Fix the formulas (or paste "
        "the values), then send it again",
        f"工作表“{sheet}”有 {count:,} 个显示公式错误（#N/A、#REF! 等）的单元格，超过 "
        f"{MAX_ERROR_CELLS:,} 个：公式大面积出错。请修正公式（或粘贴为数值）后重新报送"),
        code="too-large")


def without_new_errors(path: Path, member: str, into: Path) -> None:
    """A copy of the workbook at ``path`` written to ``into``, in which the sheet ``member``'s
    error cells of values calamine refuses (#SPILL!, #CALC! …) hold #N/A instead; streamed."""
    import shutil

    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(into, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            with zin.open(info) as src, zout.open(info.filename, "w", force_zip64=True) as dst:
                if info.filename != member:
                    shutil.copyfileobj(src, dst, 1 << 20)
                    continue
                scan = ErrorCells()
                carry = b""
                while True:
                    block = src.read(1 << 20)
                    data = carry + block
                    done, spans = scan.feed(data, final=not block)
                    at = 0
                    for start, end, _ in spans:
                        dst.write(data[at:start])
                        dst.write(b"#N/A")
                        at = end
                    dst.write(data[at:done])
                    carry = data[done:]
                    if not block:
                        break


def guard_xlsx(path: Path, source: str, sheet: str) -> ErrorCells:
    """Refuse a sheet whose cells reach beyond MAX_COLUMNS or span more than MAX_CELLS; return
    its error cells."""
    errors = ErrorCells()
    with zipfile.ZipFile(path) as z:
        member = _sheet_member(z, sheet)
        if member is None or member not in z.namelist():
            return errors  # calamine will say what is wrong
        if z.getinfo(member).file_size > MAX_XML:
            raise LedgerError(source, msg(
                f"sheet “{sheet}” unpacks to more than {MAX_XML >> 30} GiB; ",
                f"工作表“{sheet}”解压后超过 {MAX_XML >> 30} GiB；") + _AS_CSV, code="too-large")
        width: Optional[int] = None
        widest = 0  # the widest column seen, for a sheet without a <dimension> (streamed)
        last_row = 0
        tail = b""
        carry = b""  # what the error scan is not done with
        with z.open(member) as f:
            first = True
            while True:
                block = f.read(1 << 20)
                if not block:
                    errors.feed(carry, final=True)
                    break
                data = tail + block
                done, _ = errors.feed(carry + block, final=False)
                carry = (carry + block)[done:]
                if first:
                    m = _DIMENSION.search(data)
                    if m:
                        width = column_number(m.group(1).decode())
                    first = False
                far = _far_cell(data)
                if far:
                    ref = far.group(1).decode()
                    letters = ref.rstrip("0123456789")
                    raise LedgerError(source, msg(
                        f"sheet “{sheet}” has a value in cell {ref}, column "
                        f"{column_number(letters)}; a ledger has at most {MAX_COLUMNS} "
                        "columns. Delete the stray cells right of the table",
                        f"工作表“{sheet}”的 {ref} 单元格（第 {column_number(letters)} 列）有内容；"
                        f"台账最多 {MAX_COLUMNS} 列。请删除表格右侧多余的单元格"), code="too-large")
                if width is None:
                    widest = max([widest, *(column_number(c.decode())
                                            for c in set(_COLUMN_REFS.findall(data)))])
                at = max(data.rfind(b"v>"), data.rfind(b"is>"))
                if at > 0:
                    r = data.rfind(b' r="', 0, at)
                    if r >= 0:
                        m = _REF.match(data, r + 4)
                        if m:
                            last_row = max(last_row, int(m.group(2)))
                tail = data[-256:]
    # Writers that stream (openpyxl's write-only mode) leave out <dimension>: then the widest
    # cell seen says how wide the sheet is
    cells = last_row * min(width or widest or MAX_COLUMNS, MAX_COLUMNS)
    if cells > MAX_CELLS:
        raise LedgerError(source, msg(
            f"sheet “{sheet}” reaches row {last_row:,}: reading it as a workbook would hold "
            f"about {cells:,} cells in memory. Delete stray cells far below the table, or ",
            f"工作表“{sheet}”一直延伸到第 {last_row:,} 行：按工作簿读取要在内存中保存约 "
            f"{cells:,} 个单元格。请删除表格下方远处多余的单元格，或") + _AS_CSV, code="too-large")
    if errors.count > MAX_ERROR_CELLS:
        raise _too_many_errors(source, sheet, errors.count)
    return errors


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# LibreOffice marks a cell whose formula failed (its text shows the error, its value is 0)
_CALCEXT_TYPE = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}value-type"


class OdsSheets:
    """What reading an .ods's content.xml found per sheet, before calamine opens it: merged
    ranges (first row, first col, last row, last col; 0-based), which calamine does not
    report, and error cells, which calamine reads as 0."""

    def __init__(self) -> None:
        self.merged: dict[str, list[tuple[int, int, int, int]]] = {}
        self.errors: dict[str, ErrorCells] = {}


def guard_ods(path: Path, source: str) -> OdsSheets:
    """Refuse an .ods with a sheet whose repeated rows and columns, expanded, reach beyond
    MAX_COLUMNS or span more than MAX_CELLS. Every sheet is checked, before calamine opens
    the file: it expands all of them on opening. Empty repeated rows and cells (LibreOffice
    pads every sheet with them) do not count; only those holding a value do.

    Returns each sheet's merged ranges and error cells, for ``SheetRows`` to fill."""
    row_tag, cell_tag, covered_tag = _TABLE + "table-row", _TABLE + "table-cell", \
        _TABLE + "covered-table-cell"
    rows_rep, cols_rep = _TABLE + "number-rows-repeated", _TABLE + "number-columns-repeated"
    rows_span, cols_span = _TABLE + "number-rows-spanned", _TABLE + "number-columns-spanned"
    spans: list[tuple[int, int, int, int]] = []
    found = OdsSheets()
    errors = ErrorCells()
    with zipfile.ZipFile(path) as z:
        if "content.xml" not in z.namelist():
            return found  # check_container already said what is wrong
        if z.getinfo("content.xml").file_size > MAX_XML:
            raise LedgerError(source, msg(
                f"content.xml unpacks to more than {MAX_XML >> 30} GiB; ",
                f"content.xml 解压后超过 {MAX_XML >> 30} GiB；") + _AS_CSV, code="too-large")
        sheet = ""
        row = last_row = width = 0
        merged = found.merged
        with z.open("content.xml") as f:
            for event, el in ElementTree.iterparse(f, events=("start", "end")):
                if el.tag == _TABLE + "table":
                    if event == "start":
                        sheet = el.get(_TABLE + "name", "")
                        row = last_row = width = 0
                        spans = merged.setdefault(sheet, [])
                        errors = found.errors.setdefault(sheet, ErrorCells())
                    elif errors.count > MAX_ERROR_CELLS:
                        raise _too_many_errors(source, sheet, errors.count)
                    continue
                if event != "end" or el.tag != row_tag:
                    continue
                col = filled = 0
                for cell in el:
                    if cell.tag not in (cell_tag, covered_tag):
                        continue
                    down = int(cell.get(rows_span, "1"))
                    across = int(cell.get(cols_span, "1"))
                    if (down > 1 or across > 1) and len(spans) < MAX_CELLS:
                        spans.append((row, col, row + down - 1, col + across - 1))
                    across = int(cell.get(cols_rep, "1"))
                    if cell.get(_CALCEXT_TYPE) == "error":
                        shown = "".join(cell.itertext()).strip().encode()
                        for c in range(col, min(col + across, MAX_COLUMNS)):
                            errors.add(row + 1, c, shown)
                    col += across
                    if cell.get(_OFFICE + "value-type") or len(cell):
                        filled = col
                repeat = int(el.get(rows_rep, "1"))
                row += repeat
                el.clear()  # nothing kept: a sheet of a million rows streams through
                if filled:
                    last_row, width = row, max(width, filled)
                    if width > MAX_COLUMNS:
                        raise LedgerError(source, msg(
                            f"sheet “{sheet}” has a value in column {width} of row {row:,}; "
                            f"a ledger has at most {MAX_COLUMNS} columns. Delete the stray "
                            "cells right of the table",
                            f"工作表“{sheet}”第 {row:,} 行的第 {width} 列有内容；台账最多 "
                            f"{MAX_COLUMNS} 列。请删除表格右侧多余的单元格"), code="too-large")
                    if last_row * width > MAX_CELLS:
                        raise LedgerError(source, msg(
                            f"sheet “{sheet}” reaches row {last_row:,} (a row repeated "
                            f"{repeat:,} times): reading it as a workbook would hold about "
                            f"{last_row * width:,} cells in memory. Delete the repeated rows, "
                            "or ",
                            f"工作表“{sheet}”一直延伸到第 {last_row:,} 行（有一行重复了 "
                            f"{repeat:,} 次）：按工作簿读取要在内存中保存约 "
                            f"{last_row * width:,} 个单元格。请删除重复的行，或") + _AS_CSV, code="too-large")
    return found


# --- rows ------------------------------------------------------------------------------------


def cell_text(c: object) -> str:
    """A non-text cell as the text the CSV reader would give."""
    if c.__class__ is float:
        return str(int(c)) if c.is_integer() else repr(c)
    if isinstance(c, dt.datetime):
        return c.date().isoformat()
    if isinstance(c, dt.date):
        return c.isoformat()
    if c is None:
        return ""
    if c is True or c is False:
        return "TRUE" if c else "FALSE"
    return str(c)


class SheetRows:
    """Iterates a calamine sheet's rows as lists of text, keeping ``line_num`` (the spreadsheet
    row number of the last row returned) like ``csv.reader`` does.

    Merged cells are unmerged the way Excel's "unmerge and fill" does: every cell of a merged
    range reads as its top-left value. Department sheets often merge 责任单位 down the rows of
    one department; read as stored, all but the first of those rows would have no department.
    """

    __slots__ = ("_active", "_col0", "_errors", "_it", "_pending", "line_num")

    def __init__(self, sheet: CalamineSheet,
                 merged: Optional[list[tuple[int, int, int, int]]] = None,
                 errors: Optional[Errors] = None) -> None:
        # calamine yields rows from the sheet's first row (row 1), even when the used range
        # starts lower; columns start at the first used column.
        self._it = iter(sheet.iter_rows())
        self.line_num = 0
        self._col0 = sheet.start[1] if sheet.start else 0
        if merged is None:  # .xlsx and .xls: calamine knows them
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in
                      (getattr(sheet, "merged_cell_ranges", None) or ())]
        ranges = [r for r in merged if (r[0], r[1]) != (r[2], r[3])]
        # Ranges not yet reached, the nearest last (popped as rows arrive); ranges being filled,
        # with the value of their top-left cell: [last row, first col, last col, value].
        self._pending = sorted(ranges, reverse=True)
        self._active: list[list[Any]] = []  # [last row, first col, last col, value]
        # error cells calamine reads as empty (or 0): their shown value put back, so that the
        # reader says which error a cell holds, as it does for a CSV
        self._errors = dict(errors) if errors else None

    def __iter__(self) -> SheetRows:
        return self

    def __next__(self) -> list[str]:
        row = next(self._it)
        self.line_num += 1
        cells = [c if c.__class__ is str else cell_text(c) for c in row]
        if self._errors:
            for column, shown in self._errors.pop(self.line_num, ()):
                at = column - self._col0
                if at >= 0:
                    if at >= len(cells):
                        cells.extend([""] * (at + 1 - len(cells)))
                    cells[at] = shown
        if self._pending or self._active:
            self._fill(cells, self.line_num - 1)
        return cells

    def _fill(self, cells: list[str], r: int) -> None:
        pending, active, col0 = self._pending, self._active, self._col0
        while pending and pending[-1][0] <= r:
            r0, c0, r1, c1 = pending.pop()
            if r0 == r and 0 <= c0 - col0 < len(cells):
                # a range merged far right (a title across the whole sheet) fills the table only
                end = min(c1 - col0, MAX_COLUMNS - 1)
                active.append([r1, c0 - col0, end, cells[c0 - col0]])
        for _, first, end, value in active:
            if value:
                if end >= len(cells):
                    cells.extend([""] * (end + 1 - len(cells)))
                cells[first:end + 1] = [value] * (end + 1 - first)
        active[:] = [span for span in active if span[0] > r]


class WorkbookSource:
    errors: tuple[type[BaseException], ...] = (OSError, ValueError)

    def __init__(self, path: Path, source: str, format: str, sheet_obj: CalamineSheet,
                 sheet_name: str,
                 merged: Optional[list[tuple[int, int, int, int]]] = None,
                 errors: Optional[Errors] = None):
        self.merged = merged
        self.errors_at = errors
        self.path = path
        self.source = source
        self.format = format
        self.encoding = None
        self.sheet = sheet_obj
        self.sheet_name = sheet_name
        from python_calamine import CalamineError

        self.errors = (CalamineError, OSError, ValueError)

    @contextmanager
    def records(self) -> Iterator[SheetRows]:
        yield SheetRows(self.sheet, self.merged, self.errors_at)

    def swallowed(self, row: list[str], columns: int, start: int,
                  last: int) -> Optional[LedgerError]:
        return None  # a sheet row is one row: no quote can join rows

    def close(self) -> None:
        """Nothing to close: the sheet is loaded, the workbook closed with its Book."""

    def fail(self, rdr: SheetRows, error: Exception) -> LedgerError:
        return LedgerError(self.source, msg(
            f"row {rdr.line_num}: cannot read the sheet: {error}",
            f"第 {rdr.line_num} 行：无法读取工作表：{error}"))


class Sheet:
    """A sheet's name and what kind it is, before it is loaded."""

    __slots__ = ("name", "visible", "worksheet")

    def __init__(self, name: str, visible: bool, worksheet: bool) -> None:
        self.name, self.visible, self.worksheet = name, visible, worksheet


class Book:
    """An open workbook whose sheets are loaded one at a time (``load``), so a workbook of
    many yearly sheets never holds more than one in memory."""

    def __init__(self, path: Path, source: str, suffix: str, head: bytes) -> None:
        from python_calamine import CalamineError, CalamineWorkbook

        check_container(path, source, suffix, head)
        self.path, self.source, self.suffix = path, source, suffix
        self.format = "xlsx" if suffix == ".xlsm" else suffix.lstrip(".")
        self._ods: Optional[OdsSheets] = None
        if suffix == ".ods":
            try:
                self._ods = guard_ods(path, source)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
                    ValueError, ElementTree.ParseError) as e:
                raise _damaged(source, msg("is a damaged spreadsheet", "是损坏的电子表格"),
                               e) from None
        try:
            self._wb = CalamineWorkbook.from_path(str(path))
        except (CalamineError, OSError, ValueError) as e:
            raise _damaged(source, msg("is a damaged or unsupported workbook",
                                       "是损坏的或不支持的工作簿"), e) from None
        self.sheets = _sheets(self._wb)

    def close(self) -> None:
        self._wb.close()

    def load(self, name: str) -> WorkbookSource:
        """Guard and load one sheet; ``LedgerError`` if it cannot be read or is too large."""
        from python_calamine import CalamineError

        source = self.source
        errors: Optional[ErrorCells] = None
        if self.suffix in (".xlsx", ".xlsm"):
            try:
                errors = guard_xlsx(self.path, source, name)
                sheet_obj = (self._copy_without_new_errors(name) if errors.unsupported
                             else self._wb.get_sheet_by_name(name))
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError) as e:
                raise _damaged(source, msg("is a damaged workbook", "是损坏的工作簿"),
                               e) from None
            except (CalamineError, ValueError) as e:
                raise _damaged(source, msg(f"sheet “{name}” cannot be read",
                                           f"工作表“{name}”无法读取"), e) from None
        else:
            if self._ods is not None:
                errors = self._ods.errors.get(name)
            try:
                sheet_obj = self._wb.get_sheet_by_name(name)
            except (CalamineError, ValueError) as e:
                raise _damaged(source, msg(f"sheet “{name}” cannot be read",
                                           f"工作表“{name}”无法读取"), e) from None
        if sheet_obj.width > MAX_COLUMNS:
            start_col = sheet_obj.start[1] if sheet_obj.start else 0
            last = column_letters(start_col + sheet_obj.width)
            raise LedgerError(source, msg(
                f"sheet “{name}” is {sheet_obj.width} columns wide (to column {last}); a ledger "
                f"has at most {MAX_COLUMNS}. Delete the stray cells right of the table",
                f"工作表“{name}”有 {sheet_obj.width} 列（到 {last} 列）；台账最多 {MAX_COLUMNS} "
                "列。请删除表格右侧多余的单元格"), code="too-large")
        if sheet_obj.height * max(sheet_obj.width, 1) > MAX_CELLS:
            raise LedgerError(source, msg(
                f"sheet “{name}” holds {sheet_obj.height:,} rows × {sheet_obj.width} columns, "
                "more than can be read as a workbook; save the table as CSV",
                f"工作表“{name}”有 {sheet_obj.height:,} 行 × {sheet_obj.width} 列，超过按工作簿"
                "能读取的上限；请另存为 CSV"), code="too-large")
        return WorkbookSource(self.path, source, self.format, sheet_obj, name,
                              self._ods.merged.get(name, []) if self._ods is not None else None,
                              errors.cells if errors is not None else None)

    def _copy_without_new_errors(self, name: str) -> CalamineSheet:
        """The sheet ``name`` loaded from a temporary copy of the workbook in which its newer
        error values (#SPILL!, #CALC! …, which calamine refuses) stand as #N/A; the values
        themselves come back from the sheet's XML (``guard_xlsx``)."""
        import tempfile

        from python_calamine import CalamineWorkbook

        with zipfile.ZipFile(self.path) as z:
            member = _sheet_member(z, name)
        assert member is not None  # guard_xlsx found the sheet's errors in it
        with tempfile.TemporaryDirectory(prefix="stdcheck-") as tmp:
            copy = Path(tmp) / "sheet.xlsx"
            without_new_errors(self.path, member, copy)
            book = CalamineWorkbook.from_path(str(copy))
            try:
                return book.get_sheet_by_name(name)
            finally:
                book.close()


def _sheets(wb: object) -> list[Sheet]:
    """Every sheet in workbook order, with whether it is visible and a worksheet (not a
    chart). Where calamine cannot say, a sheet counts as a visible worksheet."""
    names = list(wb.sheet_names)  # type: ignore[attr-defined]
    try:
        meta = {m.name: m for m in wb.sheets_metadata}  # type: ignore[attr-defined]
    except Exception:  # metadata is a convenience; without it every sheet is read
        meta = {}
    out = []
    for name in names:
        m = meta.get(name)
        visible = m is None or str(m.visible).rsplit(".", 1)[-1] == "Visible"
        worksheet = m is None or "WorkSheet" in str(m.typ)
        out.append(Sheet(name, visible, worksheet))
    return out
