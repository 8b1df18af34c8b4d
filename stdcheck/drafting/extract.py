"""The text of an opinion, whatever it was saved as, cleaned of what is only a way of writing.

``.txt`` is decoded by a fixed ladder (a byte-order mark, then strict UTF-8, then GB18030);
``.docx`` is read with python-docx (paragraphs and table rows in document order); ``.html`` /
``.htm`` with the standard library's parser, scripts, styles and navigation dropped; ``.pdf``
with pypdf, when it has a text layer. python-docx and pypdf are imported only here, when such a
file is read.

:func:`clean` then removes the pinyin some web copies put after characters (``區(qū)``),
converts traditional characters, folds full-width digits, letters and spaces, and cuts an
advertisement found after the end of the document. Punctuation is kept as written (the drafted
``source`` fields quote the text); the parsers accept full- and half-width forms alike.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional

from ..errors import InputError
from ..names import CJK, PINYIN_LETTER, simplified
from ..vocabulary import msg
from .header import looks_like_issuer, number_in, parse_date

MAX_BYTES = 64 * 2**20  # a 50-page plan is a few hundred KB; this is not an opinion

SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf")

# A pinyin annotation right after a character, in half- or full-width brackets: 區(qū), 區（qū）.
_PINYIN = re.compile(rf"(?<=[{CJK}])(?:[(（][A-Z]?[{PINYIN_LETTER}]{{1,12}}[)）])+")
# Full-width digits, letters and the ideographic space; punctuation is left alone.
_WIDTH = {**{0xFF10 + i: 0x30 + i for i in range(10)},
          **{0xFF21 + i: 0x41 + i for i in range(26)},
          **{0xFF41 + i: 0x61 + i for i in range(26)},
          0x3000: 0x20, 0xA0: 0x20}


def _error(en: str, zh: str, hint: Optional[tuple[str, str]] = None) -> InputError:
    return InputError(msg(en, zh), hint=msg(*hint) if hint else None)


def read(path: Path) -> tuple[str, list[str]]:
    """The text of the opinion at ``path`` and notes on how it was read (the encoding, a
    cleaning step that changed something)."""
    path = Path(path)
    if not path.exists():
        raise _error(f"{path}: no such file", f"{path}：文件不存在")
    if not path.is_file():
        raise _error(f"{path}: not a regular file", f"{path}：不是普通文件")
    if path.stat().st_size > MAX_BYTES:
        raise _error(f"{path}: larger than {MAX_BYTES // 2**20} MiB; this is not an opinion",
                     f"{path}：大于 {MAX_BYTES // 2**20} MiB；这不是一份实施意见")
    suffix = path.suffix.lower()
    notes: list[str] = []
    if suffix == ".docx":
        text = _docx(path)
    elif suffix == ".pdf":
        text = _pdf(path)
    elif suffix in (".html", ".htm"):
        raw, encoding = decode(path.read_bytes(), str(path), html=True)
        notes.append(encoding)
        text = html_text(raw)
    elif suffix == ".txt" or not suffix:
        text, encoding = decode(path.read_bytes(), str(path))
        notes.append(encoding)
    else:
        raise _error(f"{path}: cannot draft from a {suffix} file; give the opinion as .txt, "
                     ".docx, .html or .pdf",
                     f"{path}：无法从 {suffix} 文件起草；请提供 .txt、.docx、.html 或 .pdf 格式的意见")
    if not text.strip():
        raise _error(f"{path}: the file holds no text; nothing to draft",
                     f"{path}：文件中没有文字；无法起草",
                     ("give the file that holds the opinion's text", "请提供含有实施意见正文的文件"))
    return text, notes


def decode(data: bytes, source: str, html: bool = False) -> tuple[str, str]:
    """Bytes to text by the ladder: BOM (UTF-8, UTF-16), strict UTF-8, GB18030."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    if b"\x00" in data[:4096]:
        raise _error(f"{source}: binary data or UTF-16 without a byte-order mark; save the "
                     "text as UTF-8", f"{source}：二进制数据或无 BOM 的 UTF-16；请另存为 UTF-8 文本")
    if html:
        m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:4096])
        if m:
            declared = m.group(1).decode("ascii")
            # pages that say gb2312 or gbk are written by GBK-era editors: Python's gb2312
            # reads their em dash (A1AA) as ― and fails on any GBK character; GB18030 is the
            # superset that reads them as their editors wrote them
            name = "gb18030" if declared.lower().replace("-", "").replace("_", "") in _GB \
                else declared
            try:
                return data.decode(name), declared
            except (LookupError, UnicodeDecodeError):
                pass
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise _error(f"{source}: neither UTF-8 nor GB18030 text", f"{source}：既不是 UTF-8 也不是 GB18030 文本",
                 ("save it as UTF-8 text", "请另存为 UTF-8 文本"))


_GB = {"gb2312", "gbk", "cp936", "xgbk", "gb231280", "euccn", "xeuccn"}


def _missing(package: str) -> InputError:
    """``package`` (its name on PyPI) is not installed. ``stdcheck[draft]`` only works where
    stdcheck came from an index, so the hint names the package itself, for each way of
    installing."""
    return _error(f"reading this file needs the {package} package, which is not installed: "
                  f"add it where stdcheck is installed (pip install {package}; for a pipx "
                  f"install, pipx inject stdcheck {package}; in a checkout, pip install "
                  "'.[draft]')",
                  f"读取此文件需要 {package} 包，但未安装：请在安装 stdcheck 的环境中添加（pip install "
                  f"{package}；用 pipx 安装的，pipx inject stdcheck {package}；在源码目录中，"
                  "pip install '.[draft]'）")


#: Paragraphs a Word document may hold: a fifty-page plan has a few thousand
MAX_PARAGRAPHS = 200_000
_PARAGRAPH = re.compile(rb"<w:p[ >/]")


def _docx(path: Path) -> str:
    """Paragraphs and table rows in document order, parsed by python-docx in a bounded child
    (:mod:`stdcheck.bounded`) once the document's parts are checked."""
    try:
        import docx  # noqa: F401 - python-docx, imported by the child; here only to say it is missing
    except ImportError:
        raise _missing("python-docx") from None
    _check_docx(path)
    lines: list[str] = []
    for item in _in_child("docx", path):
        lines.append(table_row(item) if isinstance(item, list) else item)
    return "\n".join(lines)


def _check_docx(path: Path) -> None:
    """Refuse a .docx that would unpack to gigabytes or hold millions of paragraphs before
    python-docx builds them all in memory (streamed, nothing kept)."""
    import zipfile
    import zlib

    from ..zip_limits import too_large_part

    not_docx = (f"{path}: not a readable .docx", f"{path}：不是可读取的 .docx 文件")
    try:
        with zipfile.ZipFile(path) as z:
            problem = too_large_part(z.infolist())
            if problem is not None:
                raise InputError(msg(f"{path}: ", f"{path}：") + problem + msg(
                    "open it in Word or WPS and save it again, or give the opinion as text",
                    "请用 Word 或 WPS 打开后重新保存，或提供文本格式的意见"))
            count, tail = 0, b""
            with z.open("word/document.xml") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    data = tail + block
                    count += len(_PARAGRAPH.findall(data))
                    tail = data[-4:]  # a tag cut by the block's end: no whole match fits in 4
                    if count > MAX_PARAGRAPHS:
                        raise _error(
                            f"{path}: more than {MAX_PARAGRAPHS:,} paragraphs; an opinion has a "
                            "few thousand at most (an empty paragraph repeated, or not an opinion)",
                            f"{path}：超过 {MAX_PARAGRAPHS:,} 个段落；一份实施意见最多几千段（重复的"
                            "空段落，或不是实施意见）",
                            ("delete the empty paragraphs in Word, or give the opinion as text",
                             "请在 Word 中删除空段落，或提供文本格式的意见"))
    except (zipfile.BadZipFile, KeyError, zlib.error, EOFError, NotImplementedError,
            OSError) as e:
        raise _error(*not_docx, ("the file may be damaged: save it again from Word or WPS",
                                 "文件可能已损坏：请用 Word 或 WPS 重新保存")) from e


def _in_child(task: str, path: Path) -> list:  # type: ignore[type-arg]
    """What the bounded child read of ``path`` (``docx`` or ``pdf``)."""
    from ..bounded import Child, ChildError

    try:
        with Child(task, path) as child:
            return child.receive()  # type: ignore[no-any-return]
    except ChildError as e:
        kind = ".docx" if task == "docx" else "PDF"
        if e.kind in ("memory", "time"):
            limit = e.detail if e.kind == "memory" else e.detail.replace("no answer in ", "")
            raise _error(f"{path}: reading this {kind} took more than {limit}; it is far larger "
                         "than an opinion, or damaged",
                         f"{path}：读取此 {kind} 超过了 {limit}；它远大于一份实施意见，或已损坏",
                         ("give the opinion as text (.txt) or as its web page",
                          "请提供文本格式（.txt）或网页版的意见")) from None
        name = e.detail.split(":", 1)[0] if e.kind == "error" else "stopped"
        raise _error(f"{path}: not a readable {kind} ({name})",
                     f"{path}：不是可读取的 {kind} 文件（{name}）",
                     ("the file may be damaged or cut short: download it again, or give the "
                      ".docx or the web page of the opinion",
                      "文件可能已损坏或不完整：请重新下载，或提供该意见的 .docx 或网页版")) from None


def table_row(cells: list[str]) -> str:
    """A row of a task table (序号 | 任务 | 责任单位) as the numbered line it stands for:
    ``1.任务（责任单位）``; any other row as its cells joined by spaces."""
    distinct = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
    if len(distinct) >= 3 and re.fullmatch(r"[0-9]+", distinct[0]):
        return f"{distinct[0]}.{''.join(distinct[1:-1])}（{distinct[-1]}）"
    return " ".join(distinct)


def _pdf(path: Path) -> str:
    with path.open("rb") as f:
        start = f.read(1024)
    if b"%PDF-" not in start:
        raise _not_pdf(path, start)
    try:
        import pypdf  # noqa: F401 - imported by the child; here only to say it is missing
    except ImportError:
        raise _missing("pypdf") from None
    text = "\n".join(_in_child("pdf", path))
    if len(re.sub(r"\s", "", text)) < 20:
        raise _error(f"{path}: the PDF has no text layer (a scan?); nothing to draft from",
                     f"{path}：PDF 没有文字层（扫描件？）；无法起草",
                     ("run it through OCR, or get the .docx or the web page of the opinion",
                      "请先做文字识别（OCR），或找到该意见的 .docx 或网页版"))
    return join_wrapped(text)


def _not_pdf(path: Path, start: bytes) -> InputError:
    """A file named .pdf that is something else: say what it looks like."""
    lowered = start.lower()
    if start.startswith(b"PK\x03\x04"):
        looks = ("a Word document (.docx)", "Word 文档（.docx）", ".docx")
    elif b"<html" in lowered or b"<!doctype" in lowered or b"<meta" in lowered:
        looks = ("a saved web page", "保存的网页", ".html")
    else:
        looks = ("text", "文本", ".txt")
    return _error(f"{path}: not a PDF (it does not start with %PDF-); it looks like {looks[0]}",
                  f"{path}：不是 PDF 文件（开头没有 %PDF-）；看起来是{looks[1]}",
                  (f"rename it to {looks[2]} and draft again, or give the opinion's real PDF",
                   f"请改名为 {looks[2]} 后再起草，或提供该意见真正的 PDF"))


_HEADING_START = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十0-9]+[)）]|"
                            r"[0-9]+[.．、](?![0-9])|第[一二三四五六七八九十]+[章节条])")
_PAGE_NUMBER = re.compile(r"\s*[-—–－]*\s*[0-9]+\s*[-—–－]*\s*")


def join_wrapped(text: str) -> str:
    """Lines of a PDF are its printed lines: join a line to the next unless it ends a sentence
    or the next one starts a heading; drop page numbers (— 3 —). A header line — a document
    number, an issuer or a date standing alone — is never joined to a line nor a line to it,
    however long the title above it."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _PAGE_NUMBER.fullmatch(line):
            continue
        if out and not re.search(r"[。：:；;！!？?）)〕]\s*$", out[-1]) \
                and not _HEADING_START.match(line) and len(out[-1]) > 15 \
                and not _stands_alone(line) and not _stands_alone(out[-1]):
            out[-1] = out[-1].rstrip() + line
        else:
            out.append(line)
    return "\n".join(out)


def _stands_alone(line: str) -> bool:
    number = number_in(line)
    return bool((number and not number[1]) or parse_date(line) or looks_like_issuer(line))


_SKIP_TAGS = {"script", "style", "nav", "header", "footer", "noscript", "iframe", "select",
              "form", "button", "template", "svg", "aside"}
_SKIP_CLASS = re.compile(r"nav|menu|breadcrumb|crumb|footer|header|sidebar|share|toolbar|"
                         r"copyright|banner|login|search", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
               "section", "article", "title", "ul", "ol", "dd", "dt", "blockquote", "pre"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source",
         "track", "wbr", "param"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []  # the tags of open regions being dropped
        self.cells: Optional[list[str]] = None  # cells of the current table row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skip:
                self.parts.append("\n")
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        if self.skip or tag in _SKIP_TAGS or (marks and _SKIP_CLASS.search(marks)
                                              and tag not in ("p", "span", "td")):
            self.skip.append(tag)
            return
        if tag == "tr":
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append("")
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            elif tag in self.skip:  # an unclosed tag inside the dropped region
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag == "tr" and self.cells is not None:
            self.parts.append("\n" + table_row([c.strip() for c in self.cells]) + "\n")
            self.cells = None
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cells:
            self.cells[-1] += data
        elif self.cells is None:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of a saved web page, one block per line, scripts, styles and
    navigation dropped."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


_AD = re.compile(r"https?://|www\.|[0-9]{3,4}-[0-9]{3,4}-[0-9]{4}|热线|电话|微信|公众号|扫码|"
                 r"关注|咨询|欢迎|版权所有|Copyright", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[。)）〕]\s*$")
_DATE_LINE = re.compile(r"\s*(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})\s*年.{1,3}月.{1,4}日\s*")


def clean(text: str) -> tuple[str, list[str]]:
    """The text as the parsers read it, and the lines dropped after the end of the document."""
    text = text.translate(_WIDTH).replace("\r\n", "\n").replace("\r", "\n")
    text = simplified(text)
    text = _PINYIN.sub("", text)
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    # An advertisement after the end: the lines after the last one that ends a sentence (or
    # is a date, as a signature is), when one of them advertises (a link, a phone number, 关注).
    tail = len(lines)
    while tail > 0 and not _ENDS_SENTENCE.search(lines[tail - 1]) \
            and not _DATE_LINE.fullmatch(lines[tail - 1]):
        tail -= 1
    dropped = lines[tail:]
    if dropped and any(_AD.search(line) for line in dropped):
        lines = lines[:tail]
    else:
        dropped = []
    return "\n".join(lines), dropped
