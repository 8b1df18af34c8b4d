"""CSV and TSV ledgers: the encoding ladder, the delimiter, and the rows.

The encoding is decided by a fixed ladder, never a statistical guess, so the same file is always
read the same way: a byte-order mark (UTF-8, UTF-16 LE/BE), else UTF-8 if the file's start (up
to and including its first 1 MiB chunk with a non-ASCII byte) is valid UTF-8, else GB18030
(which covers GBK and GB2312, what Chinese Excel and WPS save as "CSV"). Rows are then decoded
strictly; a bad byte further on stops the read, and a full pass locates it (line and byte
offset). ``encoding=`` skips the ladder but not the check. Before any row is read, the whole
file is scanned for NUL bytes (a binary file, or UTF-16 without a byte-order mark), which
``csv`` would otherwise read as text.

The delimiter is the one among tab, comma and semicolon with which a header row is found
(a Chinese full-width comma is text, never a delimiter).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, BinaryIO, Optional, Protocol

from ..charsets import file_encoding
from ..errors import LedgerError
from ..vocabulary import Text, msg
from .columns import (
    HEADER_MIN,
    HEADER_SCAN,
    MATCH_LIMIT,
    Header,
    match_row,
    with_subheader,
)

if TYPE_CHECKING:
    from _csv import Reader

    class Records(Protocol):
        """What ``scan_header`` reads: csv.reader or workbook.SheetRows, rows of cells with
        ``line_num`` at the end of the last record read."""

        line_num: int

        def __iter__(self) -> Iterator[list[str]]: ...

CHUNK = 1 << 20
#: Longest cell the csv module accepts; a longer one (usually an unclosed quote that swallows
#: the rest of the file) stops reading with a located error instead of a traceback.
FIELD_LIMIT = 1 << 20
DELIMITERS = ("\t", ",", ";")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
def _encoding_hint(failed: str) -> Text:
    """What to try when ``failed`` could not decode the file: the other of the two encodings
    tables are saved in (never the one that just failed), or saving it again as UTF-8."""
    name = failed.lower().replace("_", "-")
    gb = msg("--encoding gb18030 (GBK/GB2312, what Chinese Excel and WPS save)",
             "--encoding gb18030（GBK/GB2312，中文版 Excel 和 WPS 的默认编码）")
    utf8 = msg("--encoding utf-8", "--encoding utf-8")
    if name.startswith("utf-8") or name == "utf8":
        tried = gb
    elif name in ("gb18030", "gbk", "gb2312"):
        tried = utf8
    else:
        tried = gb + msg(" or ", "或 ") + utf8
    return msg("pass ", "请加 ") + tried + msg(", or open the file and save it again as "
                                               "“CSV UTF-8”", "，或打开文件另存为“CSV UTF-8”")


_SEND_TABLE = msg("send the table itself, saved from Excel or WPS as .xlsx or exported as CSV",
                  "请报送表格本身：用 Excel 或 WPS 保存为 .xlsx，或导出为 CSV")
# Leading bytes of formats that are not tables, with what each is and how to get a ledger.
_SIGNATURES: tuple[tuple[bytes, Text], ...] = (
    (b"\x89PNG\r\n\x1a\n", msg("a PNG image (a screenshot of the table?), which cannot be read "
                               "as a table; ", "PNG 图片（表格截图？），无法作为表格读取；")
     + _SEND_TABLE),
    (b"\xff\xd8\xff", msg("a JPEG image (a photo or screenshot of the table?), which cannot be "
                         "read as a table; ", "JPEG 图片（表格的照片或截图？），无法作为表格读取；")
     + _SEND_TABLE),
    (b"GIF87a", msg("a GIF image, which cannot be read as a table; ",
                    "GIF 图片，无法作为表格读取；") + _SEND_TABLE),
    (b"GIF89a", msg("a GIF image, which cannot be read as a table; ",
                    "GIF 图片，无法作为表格读取；") + _SEND_TABLE),
    (b"%PDF", msg("a PDF document, which cannot be read as a table; open the original in Excel "
                  "or WPS and save it as .xlsx or CSV (not “print to PDF”)",
                  "PDF 文档，无法作为表格读取；请用 Excel 或 WPS 打开原表格，保存为 .xlsx 或 CSV"
                  "（不要“打印为 PDF”）")),
    (b"Rar!\x1a\x07", msg("a RAR archive; unpack it and give the ledger files inside",
                         "RAR 压缩包；请解压后指定其中的台账文件")),
    (b"7z\xbc\xaf\x27\x1c", msg("a 7z archive; unpack it and give the ledger files inside",
                               "7z 压缩包；请解压后指定其中的台账文件")),
)
_ZIP = msg("a zip archive (an .xlsx or .ods workbook?); rename it to .xlsx or .ods as its "
           "contents are, or unpack it if it is an archive of ledgers",
           "zip 压缩包（可能是 .xlsx 或 .ods 工作簿）；请按实际内容改名为 .xlsx 或 .ods，"
           "如果是台账的压缩包请先解压")
_OLE = msg("an Office binary file (an .xls workbook?); rename it to .xls, or export it as CSV",
           "Office 二进制文件（可能是 .xls 工作簿）；请改名为 .xls，或导出为 CSV")
_BINARY = msg("binary data, not text: many of its first bytes are control characters that no "
              "table holds (a damaged file, or another program's format); ",
              "二进制数据，不是文本：开头有大量表格中不会出现的控制字符（文件已损坏，或是其他程序"
              "的格式）；") + _SEND_TABLE
# Control bytes that text tables never hold (tab, newlines, form feed, Ctrl-Z and ESC aside;
# NUL aside too: UTF-16 without a byte-order mark is full of them and has its own message).
_CONTROL = bytes(b for b in range(32) if b not in (0, 9, 10, 11, 12, 13, 26, 27)) + b"\x7f"


def identify(head: bytes) -> Optional[Text]:
    """What the start of a file says it is, when that is a known format that is not a table in
    text (image, PDF, archive) or no text at all; with how to get a ledger from it. None for
    zip and OLE containers (workbooks: the caller knows what it expects) and for text."""
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            return what
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if head and head.count(0) * 20 < len(head):  # not UTF-16 text (a NUL for every ASCII char)
        controls = len(head) - len(head.translate(None, _CONTROL))
        if controls * 20 >= len(head):  # 5%: random bytes have about 10%, text none
            return _BINARY
    return None


_ZIPPED = (  # what a zip's first entries' names say it is
    (b"xl/", msg("an Excel workbook (.xlsx); rename it to .xlsx",
                 "Excel 工作簿（.xlsx）；请改名为 .xlsx")),
    (b"opendocument.spreadsheet", msg("an OpenDocument spreadsheet (.ods); rename it to .ods",
                                      "OpenDocument 电子表格（.ods）；请改名为 .ods")),
    (b"word/", msg("a Word document (.docx), which cannot be read as a table; copy its table "
                   "into Excel or WPS and save that as .xlsx or CSV",
                   "Word 文档（.docx），无法作为表格读取；请把其中的表格复制到 Excel 或 WPS，保存"
                   "为 .xlsx 或 CSV")),
    (b"opendocument.text", msg("an OpenDocument text (.odt), which cannot be read as a table; "
                               "copy its table into a spreadsheet and save that as .xlsx or CSV",
                               "OpenDocument 文本文档（.odt），无法作为表格读取；请把其中的表格复制"
                               "到电子表格，保存为 .xlsx 或 CSV")),
)


def sniff_binary(head: bytes) -> Optional[Text]:
    """What a file that should be text really is, with how to fix it, if it is not text.
    For a zip, ``head`` should reach its first entries' names (a few kilobytes)."""
    if head.startswith(b"PK\x03\x04"):
        return next((what for name, what in _ZIPPED if name in head), _ZIP)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _OLE
    return identify(head)




def _locate(f: BinaryIO, encoding: str, offset: int) -> int:
    """The line (1-based) on which byte ``offset`` stands, for an error message."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    line, left = 1, offset
    f.seek(0)
    while left > 0:
        block = f.read(min(CHUNK, left))
        if not block:
            break
        line += decoder.decode(block).count("\n")
        left -= len(block)
    return line


class Undecodable(Exception):
    """Where ``validate`` met bytes the encoding cannot decode."""

    def __init__(self, encoding: str, line: int, offset: int, data: bytes, reason: str):
        self.msg = msg(f"line {line}, byte offset {offset}: bytes {data.hex(' ')} are not "
                       f"valid {encoding} ({reason})",
                       f"第 {line} 行（字节偏移 {offset}）：字节 {data.hex(' ')} 不是有效的 "
                       f"{encoding} 编码")  # the codec's reason is English only
        super().__init__(self.msg.en)
        self.line, self.offset = line, offset


def validate(f: BinaryIO, source: str, encoding: str, sample: bool = False) -> None:
    """Decode the file with ``encoding`` in 1 MiB chunks, keeping nothing: all of it, or with
    ``sample`` only up to the first chunk that holds a non-ASCII byte (enough to choose an
    encoding: a GB18030 ledger's Chinese is not valid UTF-8; reading then decodes strictly,
    and a bad byte further on is located by a full pass, see ``TextSource.fail``), the rest
    only scanned for NUL bytes. Sampling spares a million-row file a second full decoding
    (bench/NOTES.md has what it cost). UTF-16 is always decoded whole (NUL bytes are normal in it).

    Raises ``Undecodable`` (located) for bytes the encoding cannot decode, ``LedgerError`` for
    a NUL character.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    lines = 1
    f.seek(0)
    while True:
        chunk = f.read(CHUNK)
        final = not chunk
        try:
            text = decoder.decode(chunk, final=final)
        except UnicodeDecodeError as e:
            held = len(e.object) - len(chunk)  # bytes the decoder kept from the last chunk
            at = max(offset - held + e.start, 0)
            raise Undecodable(encoding, _locate(f, encoding, at), at,
                              e.object[e.start:e.start + 4], e.reason) from None
        except UnicodeError as e:  # e.g. UTF-16 without a byte-order mark
            raise Undecodable(encoding, 1, 0, chunk[:2], str(e)) from None
        nul = text.find("\x00")
        if nul >= 0:
            raise _nul(source, lines + text.count("\n", 0, nul))
        if final:
            return
        if sample and not chunk.isascii() and not encoding.startswith(("utf-16", "utf-32")):
            _scan_nul(f, source, encoding, offset + len(chunk))
            return
        lines += text.count("\n")
        offset += len(chunk)


def _scan_nul(f: BinaryIO, source: str, encoding: str, offset: int) -> None:
    """The rest of a sampled file, as bytes: in UTF-8 and GB18030 a NUL byte is a NUL
    character, and ``bytes.find`` costs a fraction of decoding."""
    while True:
        chunk = f.read(CHUNK)
        if not chunk:
            return
        nul = chunk.find(b"\x00")
        if nul >= 0:
            raise _nul(source, _locate(f, encoding, offset + nul))
        offset += len(chunk)


def _nul(source: str, line: int) -> LedgerError:
    return LedgerError(source, msg(
        f"line {line}: the file contains a NUL byte, so it is not a text table. If it is UTF-16 "
        "text without a byte-order mark, pass --encoding utf-16-le; if it is a workbook, give it "
        "its .xlsx or .xls name; otherwise export the table again as CSV",
        f"第 {line} 行：文件含有 NUL 字节，不是文本表格。如果是没有字节顺序标记的 UTF-16 文本，"
        "请加 --encoding utf-16-le；如果是工作簿，请改回 .xlsx 或 .xls 扩展名；否则请重新导出为 CSV"), code="wrong-format")


def decide_encoding(f: BinaryIO, source: str, encoding: Optional[str]) -> str:
    """The encoding to read the file ``f`` with (validated), following the ladder or
    ``encoding``."""
    f.seek(0)
    head = f.read(8)
    if encoding is not None:
        found = file_encoding(encoding)
        if found is None:
            raise LedgerError(source, msg(
                f"“{encoding}” is not an encoding a table is saved in; use utf-8, gb18030 or "
                "utf-16",
                f"“{encoding}”不是表格文件使用的编码；请用 utf-8、gb18030 或 utf-16"),
                code="bad-encoding")
        name = found
        if name == "utf-8" and head.startswith(codecs.BOM_UTF8):
            name = "utf-8-sig"
        ladder: tuple[str, ...] = (name,)
    else:
        ladder = next(((name,) for bom, name in _BOMS if head.startswith(bom)),
                      ("utf-8", "gb18030"))
    failure: Optional[Undecodable] = None
    for name in ladder:
        try:
            validate(f, source, name, sample=True)
            return name
        except Undecodable as e:
            failure = e  # the last rung: where even it breaks
    assert failure is not None
    if len(ladder) > 1:
        raise LedgerError(source, msg(
            f"neither UTF-8 nor GB18030 text ({failure.msg.en}); open the file in Excel or WPS "
            "and save it again as “CSV UTF-8”, or pass the right --encoding",
            f"既不是 UTF-8 也不是 GB18030 文本（{failure.msg.zh}）；请用 Excel 或 WPS 打开后"
            "另存为“CSV UTF-8”，或用 --encoding 指定正确的编码"), code="bad-encoding") from None
    raise LedgerError(source, failure.msg + msg("; ", "；") + _encoding_hint(ladder[0]),
                      code="bad-encoding") from None


class TextSource:
    """Rows of a delimited text file: lists of strings, with ``line_num`` as csv keeps it. The
    file is the one opened to look at it (``f``): read from its start each time, never opened
    again, and closed with :meth:`close` once its rows have been read."""

    def __init__(self, f: BinaryIO, source: str, encoding: str, delimiter: str = ","):
        self.file = f
        self.source = source
        self.encoding = encoding
        self.delimiter = delimiter

    errors = (csv.Error, UnicodeError, OSError)

    @property
    def format(self) -> str:
        return "tsv" if self.delimiter == "\t" else "csv"

    @contextmanager
    def records(self) -> Iterator[Reader]:
        csv.field_size_limit(FIELD_LIMIT)  # process-wide; this module owns csv here
        self.file.seek(0)
        text = io.TextIOWrapper(self.file, encoding=self.encoding, newline="")
        try:
            yield csv.reader(text, delimiter=self.delimiter)
        finally:
            text.detach()  # the file stays open for the next reading

    def close(self) -> None:
        self.file.close()

    def swallowed(self, row: list[str], columns: int, start: int,
                  last: int) -> Optional[LedgerError]:
        """A record running over lines ``start``..``last`` because a quote opened a cell and
        took in what should have been more rows: the record has more filled cells than the
        header has columns, or one cell holds lines that each look like a row of their own.
        A cell with ordinary line breaks (a 备注 over two lines) passes."""
        filled = sum(1 for c in row if c)
        looks_like_rows = max(2, columns // 2)
        if filled <= columns and not any(
                "\n" in c and sum(1 for line in c.splitlines()
                                  if line.count(self.delimiter) >= looks_like_rows) >= 1
                for c in row):
            return None
        lines = last - start
        return LedgerError(self.source, msg(
            f"line {start}: a quote (\") opens a cell here and is not closed until line {last}, "
            f"so the {lines} line(s) after it were read as part of that one cell instead of as "
            "rows. Close the quote where the cell ends, or remove it",
            f"第 {start} 行：此处一个引号（\"）开始了单元格，直到第 {last} 行才闭合，其后 {lines} "
            "行被当作这一个单元格的内容，而没有作为台账行读取。请在单元格结束处补上引号，或删除该引号"),
            code="bad-csv", line=start)

    def fail(self, rdr: Reader, error: Exception) -> LedgerError:
        """A mid-file failure as a located LedgerError."""
        line = rdr.line_num
        if isinstance(error, csv.Error) and "field larger" in str(error):
            return LedgerError(self.source, msg(
                f"line {line}: a cell grows past {FIELD_LIMIT:,} characters; this is almost "
                "always a quote (\") that opens a cell and is never closed. Find the stray "
                "quote above this line, or quote the cell properly",
                f"第 {line} 行：某个单元格超过 {FIELD_LIMIT:,} 个字符；几乎总是因为一个引号（\"）"
                "开始了单元格却没有闭合。请在此行之前找到多余的引号，或正确地给单元格加引号"), code="bad-csv")
        if isinstance(error, UnicodeError):
            return self.undecodable(line, error)
        return LedgerError(self.source, msg(f"line {line}: cannot read the CSV: {error}",
                                            f"第 {line} 行：无法读取 CSV：{error}"), code="bad-csv")

    def undecodable(self, line: int, error: UnicodeError) -> LedgerError:
        """Bytes the encoding cannot decode after ``line``, located."""
        # The encoding was chosen on a sample; a full pass says exactly where it breaks.
        try:
            validate(self.file, self.source, self.encoding)
        except Undecodable as e:
            return LedgerError(self.source, e.msg + msg("; ", "；")
                               + _encoding_hint(self.encoding), code="bad-encoding")
        except LedgerError as e:
            return e
        return LedgerError(self.source, msg(
            f"after line {line}: {error}; the file changed while it was read, or ",
            f"第 {line} 行之后：{error}；可能是文件在读取时被改动；如果不是，")
            + _encoding_hint(self.encoding))


def scan_header(rdr: Records, limit: int = HEADER_SCAN) -> tuple[Optional[Header], Optional[Header]]:
    """(header, best candidate) among the first ``limit`` records of ``rdr`` (csv-like:
    iterable, with ``line_num`` at the end of the last record read)."""
    best: Optional[Header] = None
    last = rdr.line_num
    for index, row in enumerate(rdr):
        if index >= limit:
            break
        start, last = last + 1, rdr.line_num
        if not row:
            continue
        found = match_row(row, start, index)
        if len(found.columns) >= HEADER_MIN:
            below = next(iter(rdr), None)
            merged = (with_subheader(found, below, rdr.line_num)
                      if below is not None else None)
            return (merged or found), found
        if best is None or len(found.columns) > len(best.columns):
            best = found
    return None, best


def find_header(f: BinaryIO, source: str, encoding: str,
                suffix: str) -> tuple[TextSource, Optional[Header], Optional[Header]]:
    """Pick the delimiter from the header line, then find the header record with it.

    Each of the first ``HEADER_SCAN`` lines is split by tab, comma and semicolon (tab first for
    .tsv/.txt, comma first otherwise); the first line on which one of them yields at least
    ``HEADER_MIN`` known columns decides (the most columns if several do). The header record
    is then found again with ``csv`` and that delimiter, so quoted cells and line numbers are
    right. Returns (source, header or None, best candidate for the message).
    """
    order = DELIMITERS if suffix in (".tsv", ".txt") else (",", "\t", ";")
    delimiter = order[0]
    f.seek(0)
    lines = io.TextIOWrapper(f, encoding=encoding, newline="")
    try:
        for _ in range(HEADER_SCAN):
            line = lines.readline(FIELD_LIMIT)
            if not line:
                break
            line = line.rstrip("\r\n")
            counts = [(len(match_row([c.strip().strip('"')
                                      for c in line.split(d, MATCH_LIMIT)], 0, 0).columns),
                       -i, d)
                      for i, d in enumerate(order)]
            found, _, d = max(counts)
            if found >= HEADER_MIN:
                delimiter = d
                break
    except UnicodeError as e:  # a character cut short at the end of a file the ladder sampled
        raise TextSource(f, source, encoding).undecodable(0, e) from None
    finally:
        lines.detach()
    src = TextSource(f, source, encoding, delimiter)
    with src.records() as rdr:
        try:
            header, best = scan_header(rdr)
        except (csv.Error, UnicodeError) as e:
            raise src.fail(rdr, e) from None
    return src, header, best


def check_big5(f: BinaryIO, source: str, encoding: str) -> None:
    """Raise ``bad-encoding`` naming Big5 when a file read by the ladder (``encoding``) has no
    header, but its start read as Big5 has one. Big5 (traditional Chinese, what Taiwanese and
    Hong Kong tools save) always decodes as GB18030 without an error, only as nonsense, so the
    ladder cannot tell; the header can. Headers are compared in simplified characters here
    (序號 as 序号), whether or not the reader takes traditional headers."""
    if encoding.startswith(("utf-16", "utf-32")):
        return
    from ..names import normalize

    f.seek(0)
    start = f.read(CHUNK)
    lines = start.decode("big5", errors="replace").splitlines()[:HEADER_SCAN]
    for line in lines:
        for d in DELIMITERS:
            cells = [normalize(c.strip().strip('"')) for c in line.split(d)]
            if len(match_row(cells, 0, 0).columns) >= HEADER_MIN:
                raise LedgerError(source, msg(
                    f"no header row found reading the file as {encoding.upper()}, but it has one "
                    "read as Big5 (traditional Chinese, as Taiwanese and Hong Kong tools save "
                    "it): pass --encoding big5, or open the file and save it again as "
                    "“CSV UTF-8”",
                    f"按 {encoding.upper()} 读取找不到表头行，按 Big5（繁体中文编码，台湾、香港的软件"
                    "常用）读取则有表头：请加 --encoding big5，或打开文件另存为“CSV UTF-8”"),
                    code="bad-encoding")
