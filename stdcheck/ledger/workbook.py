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

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, Optional
from xml.etree import ElementTree

from ..bounded import Child, ChildError, idle_limit
from ..errors import LedgerError
from ..sheet_refs import column_letters, column_number
from ..version import WORKBOOK_MARK
from ..vocabulary import Text, msg
from ..zip_limits import MAX_XML, too_large_part

MAX_COLUMNS = 200
MAX_CELLS = 20_000_000  # several hundred MB once calamine holds them densely

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RESAVE = msg("open it in Excel or WPS and save it again as .xlsx, or export the table as CSV",
              "请用 Excel 或 WPS 打开后另存为 .xlsx，或导出为 CSV")
_AS_CSV = msg("save the table as CSV, which is read row by row",
              "请把表格另存为 CSV（CSV 逐行读取）")


def _damaged(source: str, what: Text, error: Exception) -> LedgerError:
    # the library's own words (File is not a zip file) help in English only
    return LedgerError(source, what + msg(f" ({error}); ", "；") + _RESAVE)


def written_by_stdcheck(path: Path) -> bool:
    """Whether ``path`` is a workbook stdcheck wrote (a report or an annex: see
    :data:`stdcheck.version.WORKBOOK_MARK`), read from its small custom-properties part."""
    name, value = WORKBOOK_MARK
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/custom.xml")
            if info.file_size > 65_536:  # a few properties: anything larger is not ours
                return False
            with z.open(info) as part:
                data = part.read(65_537)
        root = ElementTree.fromstring(data)
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError,
            zlib.error, EOFError, NotImplementedError):
        return False
    return any(p.get("name") == name and any(v.text == value for v in p)
               for p in root if p.tag.endswith("property"))


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
                z_infos = z.infolist()
                names = {i.filename for i in z_infos}
        except (zipfile.BadZipFile, NotImplementedError, OSError) as e:  # a newer zip version
            raise _damaged(source, msg("is a damaged zip archive", "是损坏的 zip 压缩包"),
                           e) from None
        if suffix == ".ods" and "content.xml" not in names:
            raise LedgerError(source, msg(
                "is a zip archive but not an OpenDocument spreadsheet (no content.xml)",
                "是 zip 压缩包，但不是 OpenDocument 电子表格（没有 content.xml）"), code="wrong-format")
        problem = too_large_part(z_infos)
        if problem is not None:
            raise LedgerError(source, problem + _AS_CSV, code="too-large")
        if suffix in (".xlsx", ".xlsm"):
            check_shared_strings(path, source, names)
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


_UNIQUE = re.compile(rb'\buniqueCount="([0-9]{1,15})"')


def check_shared_strings(path: Path, source: str, names: set[str]) -> None:
    """Refuse an .xlsx whose table of shared strings says it holds more texts than a sheet
    can have cells (calamine reads the whole table before any sheet)."""
    member = "xl/sharedStrings.xml"
    if member not in names:
        return
    try:
        with zipfile.ZipFile(path) as z, z.open(member) as f:
            head = f.read(4096)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError) as e:
        raise _damaged(source, msg("is a damaged workbook", "是损坏的工作簿"), e) from None
    m = _UNIQUE.search(head)
    if m is not None and int(m.group(1)) > MAX_CELLS:
        raise LedgerError(source, msg(
            f"its table of texts says it holds {int(m.group(1)):,} different texts, more than "
            f"the {MAX_CELLS:,} cells a workbook ledger may have; ",
            f"其文字表声明有 {int(m.group(1)):,} 条不同的文字，超过工作簿台账最多 {MAX_CELLS:,} 个"
            "单元格；") + _AS_CSV, code="too-large")


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
_DIMENSION_REF = re.compile(rb'(<(?:\w+:)?dimension ref=")[^"]*"')
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
        # the sheet's <dimension> claims far more than its cells fill (calamine would hold the
        # claimed rectangle): the copy says this one instead
        self.dimension: Optional[bytes] = None

    @property
    def needs_copy(self) -> bool:
        return self.unsupported or self.dimension is not None

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


def repaired_copy(path: Path, member: str, into: Path,
                  dimension: Optional[bytes] = None) -> None:
    """A copy of the workbook at ``path`` written to ``into``, in which the sheet ``member``'s
    error cells of values calamine refuses (#SPILL!, #CALC! …) hold #N/A instead, and its
    ``<dimension>`` is ``dimension`` where one is given; streamed."""
    import shutil

    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(into, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            with zin.open(info) as src, zout.open(info.filename, "w", force_zip64=True) as dst:
                if info.filename != member:
                    shutil.copyfileobj(src, dst, 1 << 20)
                    continue
                scan = ErrorCells()
                carry = b""
                first = True
                while True:
                    block = src.read(1 << 20)
                    if first and dimension is not None:  # <dimension> opens the sheet's XML
                        block = _DIMENSION_REF.sub(b"\\g<1>" + dimension + b'"', block, 1)
                    first = False
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
        declared = 0  # the rows the <dimension> claims
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
                        declared = int(m.group(2))
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
    if width is not None and declared * min(width, MAX_COLUMNS) > MAX_CELLS:
        # a <dimension> far beyond the cells (A1:GQ1048576 over a small table): calamine would
        # hold the whole claimed rectangle, so the sheet is read from a copy that claims its cells
        errors.dimension = f"A1:{column_letters(width)}{max(last_row, 1)}".encode()
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


class SheetRows:
    """Iterates a sheet's rows as lists of text (the child converts each cell as the CSV
    reader would give it), keeping ``line_num`` (the spreadsheet row number of the last row
    returned) like ``csv.reader`` does.

    Merged cells are unmerged the way Excel's "unmerge and fill" does: every cell of a merged
    range reads as its top-left value. Department sheets often merge 责任单位 down the rows of
    one department; read as stored, all but the first of those rows would have no department.
    """

    __slots__ = ("_active", "_batch", "_child", "_col0", "_errors", "_pending", "_size",
                 "line_num")

    def __init__(self, child: Child, col0: int, merged: list[tuple[int, int, int, int]],
                 errors: Optional[Errors] = None) -> None:
        # the child yields rows from the sheet's first row (row 1), even when the used range
        # starts lower; columns start at the first used column.
        child.ask("rows")
        self._child = child
        self._batch: Iterator[list[str]] = iter(())
        self._size = 64  # the header is found in the first rows: a small first batch
        self.line_num = 0
        self._col0 = col0
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
        cells = next(self._batch, None)
        if cells is None:
            batch = self._child.ask("next", self._size)
            if not batch:
                raise StopIteration
            self._size = min(self._size * 8, BATCH)
            self._batch = iter(batch)
            cells = next(self._batch)
        self.line_num += 1
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


BATCH = 2000  # rows per answer of the child, once past the header


class WorkbookSource:
    """One loaded sheet of a workbook, as the row loop reads a source."""

    errors: tuple[type[BaseException], ...] = (ChildError, OSError, ValueError)

    def __init__(self, book: Book, format: str, sheet_name: str, col0: int,
                 merged: list[tuple[int, int, int, int]],
                 errors: Optional[Errors] = None):
        self.book = book
        self.merged = merged
        self.errors_at = errors
        self.path = book.path
        self.source = book.source
        self.format = format
        self.encoding = None
        self.sheet_name = sheet_name
        self.col0 = col0
        self.in_use = False  # handed to a reader, which closes it once its rows are read
        self.done = False

    @contextmanager
    def records(self) -> Iterator[SheetRows]:
        try:
            yield SheetRows(self.book.child, self.col0, self.merged, self.errors_at)
        except ChildError as e:
            raise child_failed(self.source, e, msg(f"sheet “{self.sheet_name}” cannot be read",
                                                   f"工作表“{self.sheet_name}”无法读取")) from None

    def swallowed(self, row: list[str], columns: int, start: int,
                  last: int) -> Optional[LedgerError]:
        return None  # a sheet row is one row: no quote can join rows

    def close(self) -> None:
        """The reader is done with the sheet: the book's child may end (see Book.close)."""
        self.done = True
        if self.book.closing:
            self.book.child.close()

    def fail(self, rdr: SheetRows, error: Exception) -> LedgerError:
        if isinstance(error, ChildError) and error.kind != "error":
            return child_failed(self.source, error, msg(
                f"row {rdr.line_num}: the sheet “{self.sheet_name}” could not be read further",
                f"第 {rdr.line_num} 行：工作表“{self.sheet_name}”无法继续读取"))
        detail = error.detail if isinstance(error, ChildError) else str(error)
        return LedgerError(self.source, msg(
            f"row {rdr.line_num}: cannot read the sheet: {detail}",
            f"第 {rdr.line_num} 行：无法读取工作表：{detail}"))


def child_failed(source: str, error: ChildError, what: Text) -> LedgerError:
    """What a failed child means for the file: a limit reached, a crash, or a parser's error."""
    if error.kind == "memory":
        return LedgerError(source, what + msg(
            f": reading it needed more than {error.detail.split()[-2]} MiB of memory, far more "
            "than a ledger does (a sheet far larger than its table, or a damaged file); ",
            f"：读取它需要超过 {error.detail.split()[-2]} MiB 内存，远超台账所需（工作表远大于其中的"
            "表格，或文件已损坏）；") + _AS_CSV, code="too-large")
    if error.kind == "time":
        return LedgerError(source, what + msg(
            f": reading it made no progress in {idle_limit():g} seconds (a sheet far larger "
            "than its table, or a damaged file); ",
            f"：读取 {idle_limit():g} 秒没有进展（工作表远大于其中的表格，或文件已损坏）；")
            + _AS_CSV, code="too-large")
    if error.kind == "crash":
        return LedgerError(source, what + msg(
            f": the workbook reader stopped on it ({error.detail}); the file is damaged or "
            "built in a way no spreadsheet program writes; ",
            f"：工作簿读取程序在此停止（{error.detail}）；文件已损坏，或不是电子表格软件写出的；")
            + _RESAVE)
    return _damaged(source, what, Exception(error.detail))


class Sheet:
    """A sheet's name and what kind it is, before it is loaded."""

    __slots__ = ("name", "visible", "worksheet")

    def __init__(self, name: str, visible: bool, worksheet: bool) -> None:
        self.name, self.visible, self.worksheet = name, visible, worksheet


class Book:
    """An open workbook whose sheets are loaded one at a time (``load``), so a workbook of
    many yearly sheets never holds more than one in memory. The workbook is parsed in a
    bounded child (:mod:`stdcheck.bounded`); the checks made here first refuse most hostile
    files before any parser expands them."""

    def __init__(self, path: Path, source: str, suffix: str, head: bytes) -> None:
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
        self._current: Optional[WorkbookSource] = None  # the sheet the child holds
        self.closing = False
        self.child = Child("workbook", path)
        try:
            self.sheets = [Sheet(*sheet) for sheet in self.child.receive()]
        except ChildError as e:
            self.child.close()
            raise child_failed(source, e, msg("is a damaged or unsupported workbook",
                                              "是损坏的或不支持的工作簿")) from None

    def close(self) -> None:
        """End the child, or, while a reader still has a sheet of it to read (the first
        ledger of a file handed out by ``open_ledger``), once that reader is done."""
        current = self._current
        self.closing = True
        if current is None or not current.in_use or current.done:
            self.child.close()

    def load(self, name: str) -> WorkbookSource:
        """Guard and load one sheet; ``LedgerError`` if it cannot be read or is too large."""
        source = self.source
        errors: Optional[ErrorCells] = None
        what = msg(f"sheet “{name}” cannot be read", f"工作表“{name}”无法读取")
        try:
            if self.suffix in (".xlsx", ".xlsm"):
                try:
                    errors = guard_xlsx(self.path, source, name)
                except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError) as e:
                    raise _damaged(source, msg("is a damaged workbook", "是损坏的工作簿"),
                                   e) from None
                if errors.needs_copy:
                    width, height, start, merged = self._load_repaired(name, errors)
                else:
                    width, height, start, merged = self.child.ask("load", name, None)
            else:
                if self._ods is not None:
                    errors = self._ods.errors.get(name)
                width, height, start, merged = self.child.ask("load", name, None)
        except ChildError as e:
            raise child_failed(source, e, what) from None
        if width > MAX_COLUMNS:
            start_col = start[1] if start else 0
            last = column_letters(start_col + width)
            raise LedgerError(source, msg(
                f"sheet “{name}” is {width} columns wide (to column {last}); a ledger "
                f"has at most {MAX_COLUMNS}. Delete the stray cells right of the table",
                f"工作表“{name}”有 {width} 列（到 {last} 列）；台账最多 {MAX_COLUMNS} "
                "列。请删除表格右侧多余的单元格"), code="too-large")
        if height * max(width, 1) > MAX_CELLS:
            raise LedgerError(source, msg(
                f"sheet “{name}” holds {height:,} rows × {width} columns, "
                "more than can be read as a workbook; save the table as CSV",
                f"工作表“{name}”有 {height:,} 行 × {width} 列，超过按工作簿"
                "能读取的上限；请另存为 CSV"), code="too-large")
        if self._ods is not None:  # calamine does not report an .ods's merged ranges
            merged = self._ods.merged.get(name, [])
        self._current = WorkbookSource(self, self.format, name, start[1] if start else 0,
                                       [tuple(r) for r in merged],
                                       errors.cells if errors is not None else None)
        return self._current

    def _load_repaired(self, name: str, errors: ErrorCells) -> Any:
        """The sheet ``name`` loaded from a temporary copy of the workbook in which its newer
        error values (#SPILL!, #CALC! …, which calamine refuses) stand as #N/A and its
        ``<dimension>`` claims only its cells; the error values themselves come back from the
        sheet's XML (``guard_xlsx``)."""
        import tempfile

        with zipfile.ZipFile(self.path) as z:
            member = _sheet_member(z, name)
        assert member is not None  # guard_xlsx found the sheet in it
        with tempfile.TemporaryDirectory(prefix="stdcheck-") as tmp:
            copy = Path(tmp) / "sheet.xlsx"
            repaired_copy(self.path, member, copy, errors.dimension)
            return self.child.ask("load", name, str(copy))
