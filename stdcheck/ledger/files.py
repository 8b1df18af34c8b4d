"""Opening a ledger file: everything that makes a file unusable is found before a row is read
(the file, its format, encoding, sheet, header row, required columns) and raised as
:class:`~stdcheck.errors.LedgerError`; what is left is a reader per ledger (a text file's
table, each ledger sheet of a workbook)."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Optional

from ..errors import LedgerError
from ..findings import Finding
from ..result import FileSummary
from ..vocabulary import Text, msg
from .columns import HEADER_MIN, HEADER_SCAN, LABELS, REQUIRED, Header, expected_text
from .paths import SUFFIXES, TEXT_SUFFIXES, unreadable
from .rows import MAX_COLUMNS, Cells, LedgerReader

if TYPE_CHECKING:
    from ..names import DepartmentIndex

MAX_BYTES = 512 * 2**20


def open_ledger(path: Path, *, names: Optional[DepartmentIndex] = None,
                cells: Optional[Cells] = None, encoding: Optional[str] = None,
                sheet: Optional[str] = None, max_bytes: int = MAX_BYTES, max_task: int = 19,
                home_prefix: Optional[str] = None, problems: Any = None,
                show_normalised: bool = False) -> LedgerReader:
    """The first ledger of ``path`` (its first ledger sheet, for a workbook); see
    :func:`open_ledgers`, which gives them all."""
    for reader in open_ledgers(path, names=names, cells=cells, encoding=encoding, sheet=sheet,
                               max_bytes=max_bytes, max_task=max_task, home_prefix=home_prefix,
                               problems=problems, show_normalised=show_normalised):
        return reader
    raise AssertionError("open_ledgers yields a reader or raises")  # pragma: no cover


class LedgerFile:
    """The ledgers in one file: a text file's one table, or every ledger sheet of a workbook.

    Iterating yields a :class:`LedgerReader` per ledger (sheets loaded one at a time).
    ``skipped`` names the sheets passed over and why (instructions, lists, charts, hidden
    sheets); ``findings`` holds sheets that look like ledgers but cannot be read. A file
    without any ledger raises ``LedgerError``. A text file is opened once, here: every look at
    it and the reading of its rows read that one opening (``handle``).
    """

    def __init__(self, path: Path, source: str, suffix: str, head: bytes, cells: Cells,
                 encoding: Optional[str], sheet: Optional[str], problems: Any,
                 handle: Optional[BinaryIO] = None) -> None:
        self.path, self.source, self.suffix, self.head = path, source, suffix, head
        self.cells, self.encoding, self.sheet, self.problems = cells, encoding, sheet, problems
        self.handle = handle
        self.skipped: list[tuple[Optional[str], Text]] = []
        self.findings: list[Finding] = []

    def _reader(self, src: Any, header: Header, summary: FileSummary) -> LedgerReader:
        return LedgerReader(src, header, self.source, summary, self.cells, self.problems)

    def close(self) -> None:
        """Close the file (a reader closes it too, once its rows are read)."""
        if self.handle is not None:
            self.handle.close()

    def __iter__(self) -> Iterator[LedgerReader]:
        if self.suffix in TEXT_SUFFIXES:
            try:
                reader = self._text()
            except BaseException:
                self.close()
                raise
            yield reader
        else:
            yield from self._sheets()

    def _text(self) -> LedgerReader:
        from . import text as T

        source, f = self.source, self.handle
        assert f is not None  # opened by open_ledgers for a text file
        head = self.head
        if head.startswith(b"PK\x03\x04"):  # a zip: what its first entries are named
            try:
                f.seek(0)
                head = f.read(65_536)
                f.seek(0)
            except OSError:
                pass
        what = T.sniff_binary(head)
        if what:
            raise LedgerError(source, msg("is not a text table but ", "不是文本表格，而是") + what,
                              code="wrong-format")
        try:
            enc = T.decide_encoding(f, source, self.encoding)
            src, header, best = T.find_header(f, source, enc, self.suffix)
            if header is None and self.encoding is None:  # the ladder's choice: was it Big5?
                T.check_big5(f, source, enc)
        except OSError as e:
            raise unreadable(source, e) from None
        _check_header(source, header, best)
        assert header is not None
        return self._reader(src, header, FileSummary(source=source, format=src.format,
                                                     encoding=enc))

    def _sheets(self) -> Iterator[LedgerReader]:
        from fnmatch import fnmatchcase

        from . import workbook as W
        from .text import scan_header

        source = self.source
        book = W.Book(self.path, source, self.suffix, self.head)
        try:
            if self.sheet is not None:
                chosen = [sh for sh in book.sheets if fnmatchcase(sh.name, self.sheet)]
                if not chosen:
                    listed = ", ".join(f"“{sh.name}”" for sh in book.sheets) or "none"
                    listed_zh = "、".join(f"“{sh.name}”" for sh in book.sheets) or "无"
                    raise LedgerError(source, msg(
                        f"has no sheet named “{self.sheet}”; its sheets are: {listed}. Pass one "
                        "of them (or a pattern such as '2025*') with --sheet",
                        f"没有名为“{self.sheet}”的工作表；现有工作表：{listed_zh}。请用 --sheet "
                        "指定其中之一（或用 '2025*' 这样的通配符）"), code="no-sheet")
            else:
                chosen = []
                for sh in book.sheets:
                    if not sh.worksheet:
                        self.skipped.append((sh.name, msg("not a worksheet (a chart)",
                                                          "不是工作表（图表）")))
                    elif not sh.visible:
                        self.skipped.append((sh.name, msg("hidden", "隐藏的工作表")))
                    else:
                        chosen.append(sh)
            read = 0
            for sh in chosen:
                try:
                    src = book.load(sh.name)
                    with src.records() as rdr:
                        header, best = scan_header(rdr)
                    # a sheet asked for by --sheet must be a ledger; others may be notes
                    if (header is None and self.sheet is None
                            and (best is None or len(best.columns) < HEADER_MIN - 1)):
                        self.skipped.append((sh.name, msg("no ledger header (instructions, a "
                                                          "list or notes)",
                                                          "没有台账表头（说明、名录或备注）")))
                        continue
                    _check_header(source, header, best, sheet=sh.name)
                except LedgerError as e:
                    self.findings.append(e.as_finding())
                    continue
                assert header is not None
                read += 1
                src.in_use = True
                yield self._reader(src, header, FileSummary(source=source, format=src.format,
                                                            sheet=sh.name))
            if read == 0:
                if self.findings:
                    first = self.findings[0]
                    raise LedgerError(source, first.message, first.code, first.line,
                                      more=self.findings[1:])
                names = "、".join(sh.name for sh in chosen) or "—"
                raise LedgerError(source, msg(
                    f"none of its sheets ({names}) has a ledger header: a header row names at "
                    f"least {HEADER_MIN} known columns ({expected_text().en}). Add or rename "
                    "the headers",
                    f"所有工作表（{names}）都没有台账表头：表头行至少要有 {HEADER_MIN} 个可识别的"
                    f"列名（{expected_text().zh}）。请补充或修改表头"), code="no-header")
        finally:
            book.close()


def open_ledgers(path: Path, *, names: Optional[DepartmentIndex] = None,
                 cells: Optional[Cells] = None, encoding: Optional[str] = None,
                 sheet: Optional[str] = None, max_bytes: int = MAX_BYTES, max_task: int = 19,
                 home_prefix: Optional[str] = None, problems: Any = None,
                 show_normalised: bool = False) -> LedgerFile:
    """Check that ``path`` is a file a ledger can be read from; raise ``LedgerError`` if not.

    ``cells`` is what the run has read of cells so far (shared by every file of a run); without
    it one is made from ``names`` (the policy's departments), ``max_task`` (the highest task
    number), ``home_prefix`` (the local-standard prefix of the policy's province) and
    ``show_normalised``. ``encoding`` overrides the encoding ladder of text files; ``sheet``
    picks the worksheets of a workbook by name or pattern (default: every visible worksheet
    with a ledger header); ``problems`` an optional ``FindingLog`` to report row findings to
    (default: each ``reader.problems``, a list).
    """
    if cells is None:
        if names is None:
            raise TypeError("open_ledgers needs cells or names")
        cells = Cells(names, max_task, home_prefix, show_normalised)
    source = str(path)
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        st = path.stat()
        size = st.st_size
    except FileNotFoundError:
        raise LedgerError(source, msg("no such file; check the path",
                                      "文件不存在；请检查路径"), code="no-such-file") from None
    except OSError as e:
        raise unreadable(source, e) from None
    if path.is_dir():
        raise LedgerError(source, msg("is a folder, not a file", "是文件夹，不是文件"))
    if not stat.S_ISREG(st.st_mode):  # and never opened: opening a FIFO blocks
        raise _not_regular(source, st.st_mode)
    if suffix not in SUFFIXES:
        raise LedgerError(source, _unknown_suffix(path), code="wrong-format")
    if size == 0:
        raise LedgerError(source, msg("is empty (0 bytes); send the ledger again",
                                      "是空文件（0 字节）；请重新报送台账"), code="empty-file")
    if size > max_bytes:
        raise LedgerError(source, msg(
            f"is {_size(size)}, over the limit of {_size(max_bytes)} for one ledger; split it "
            "(by year or department) into smaller files",
            f"文件大小 {_size(size)}，超过单个台账 {_size(max_bytes)} 的上限；请按年度或部门"
            "拆分成较小的文件"), code="too-large")
    try:
        f = open(path, "rb")  # noqa: SIM115 - a text file's one opening: closed once read
    except OSError as e:
        raise unreadable(source, e) from None
    try:
        head = f.read(512)
    except OSError as e:
        f.close()
        raise unreadable(source, e) from None
    if suffix not in TEXT_SUFFIXES:
        f.close()  # a workbook is opened by its reader
        return LedgerFile(path, source, suffix, head, cells, encoding, sheet, problems)
    return LedgerFile(path, source, suffix, head, cells, encoding, sheet, problems, f)


def _unknown_suffix(path: Path) -> Text:
    if path.suffix.lower() == ".et":
        return msg("is a WPS spreadsheet (.et), which cannot be read; in WPS, save it as .xlsx "
                   "(文件 → 另存为 → Excel 工作簿)",
                   "是 WPS 表格文件（.et），无法读取；请在 WPS 中另存为 .xlsx（文件 → 另存为 → "
                   "Excel 工作簿）")
    return msg(f"has the unknown suffix “{path.suffix or '(none)'}”; ledgers are "
               f"{', '.join(SUFFIXES)}. Save the table in one of these formats",
               f"扩展名“{path.suffix or '（无）'}”无法识别；台账应为 {'、'.join(SUFFIXES)} "
               "之一。请将表格另存为其中一种格式")


def _check_header(source: str, header: Optional[Header], best: Optional[Header],
                  sheet: Optional[str] = None) -> None:
    """Raise LedgerError when no header was found or it lacks a required column."""
    pre = msg(f"sheet “{sheet}”: ", f"工作表“{sheet}”：") if sheet else msg("", "")
    if header is None:
        closest = (", ".join(best.cells[i] for i in best.columns.values())
                   if best is not None and best.columns else "")
        where = f"; the closest was row {best.row} with {closest}" if closest and best else ""
        where_zh = f"；最接近的是第 {best.row} 行（{closest}）" if closest and best else ""
        expected = expected_text()
        raise LedgerError(source, pre + msg(
            f"no header row found in the first {HEADER_SCAN} rows: a header row names at least "
            f"{HEADER_MIN} known columns ({expected.en}){where}. Add or rename the headers",
            f"前 {HEADER_SCAN} 行中找不到表头行：表头行至少要有 {HEADER_MIN} 个可识别的列名"
            f"（{expected.zh}）{where_zh}。请补充或修改表头"), code="no-header", sheet=sheet)
    missing = [c for c in REQUIRED if c not in header.columns]
    if missing:
        have = ", ".join(c for c in header.cells if c) or "nothing"
        have_zh = "、".join(c for c in header.cells if c) or "无"
        raise LedgerError(source, pre + msg(
            f"the header row (row {header.row}) has no "
            f"{' / '.join(LABELS[c] for c in missing)} column; it has: {have}. Add the "
            "column, or rename its header to one of the accepted names",
            f"表头行（第 {header.row} 行）缺少"
            f"{'、'.join(LABELS[c] for c in missing)}列；现有：{have_zh}。请补充该列，或把表头"
            "改为可识别的列名"), code="missing-column", line=header.row, sheet=sheet)
    if len(header.cells) > MAX_COLUMNS:
        raise LedgerError(source, pre + msg(
            f"the header row (row {header.row}) has {len(header.cells)} cells; a ledger has at "
            f"most {MAX_COLUMNS} columns. Check the delimiter and stray cells",
            f"表头行（第 {header.row} 行）有 {len(header.cells)} 个单元格；台账最多 "
            f"{MAX_COLUMNS} 列。请检查分隔符和多余的单元格"), code="too-large", line=header.row,
            sheet=sheet)


def _not_regular(source: str, mode: int) -> LedgerError:
    what = (msg("a named pipe (FIFO)", "命名管道（FIFO）") if stat.S_ISFIFO(mode) else
            msg("a socket", "套接字") if stat.S_ISSOCK(mode) else
            msg("a device", "设备文件"))
    return LedgerError(source, msg(f"is not a regular file but {what.en}; save the ledger to a "
                                   "file and give that file",
                                   f"不是普通文件，而是{what.zh}；请把台账保存为文件后再指定该文件"))


def _size(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB" if n >= 2**20 else f"{n:,} bytes"
