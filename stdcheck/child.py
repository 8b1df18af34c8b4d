"""The program of a bounded child (see :mod:`stdcheck.bounded`): it parses one untrusted file
and sends what it read as ``marshal`` frames on its standard output.

Run as ``main([TASK, PATH, MEMORY])``, it imports nothing of stdcheck but the package's face,
so it starts in a few tens of milliseconds; the parsers (python-calamine, python-docx, pypdf)
are imported after its memory limit is set.
"""

from __future__ import annotations

import datetime as dt
import marshal
import struct
import sys

TYPE_CHECKING = False  # typing itself is not imported: a tenth of the child's start
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import IO, Any, Optional

#: A frame's length, before its data
HEAD = struct.Struct("<I")
#: The largest frame a child may send (a batch of rows); a larger length is a broken child.
MAX_FRAME = 256 << 20


def read_frame(stream: IO[bytes]) -> Any:
    """The next frame of ``stream``, or None at its end."""
    head = stream.read(HEAD.size)
    if len(head) < HEAD.size:
        return None
    (size,) = HEAD.unpack(head)
    if size > MAX_FRAME:
        raise ValueError("frame too large")
    data = stream.read(size)
    if len(data) < size:
        return None
    return marshal.loads(data)


def _send(value: Any) -> None:
    data = marshal.dumps(value)
    out = sys.stdout.buffer
    out.write(HEAD.pack(len(data)) + data)
    out.flush()


def _limit(memory: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: see the module's docstring
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft > memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, hard))


def cell_text(c: object) -> str:
    """A workbook cell as the text the CSV reader would give (``1.0`` -> ``"1"``, a date cell
    -> ``"2024-03-05"``, the time of a date-time dropped)."""
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


def _error(e: BaseException) -> tuple[str, str]:
    # a Rust panic arrives as pyo3's PanicException: the parser's own failure, said as such
    name = "the reader failed" if type(e).__name__ == "PanicException" else type(e).__name__
    return ("error", f"{name}: {e}"[:2000])


def _workbook(path: str) -> None:
    """Serve one workbook: its sheets, then each sheet asked for and its rows in batches."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(path)
        _send(("ok", _sheets(book)))
    except BaseException as e:  # calamine's errors, and a Rust panic (a BaseException)
        _send(_error(e))
        return
    sheet: Any = None
    rows: Optional[Iterator[Any]] = None
    while True:
        request = read_frame(sys.stdin.buffer)
        if request is None or request[0] == "close":
            return
        try:
            if request[0] == "load":
                _, name, copy = request
                if copy:  # the same sheet from a copy of the file the parent made
                    other = CalamineWorkbook.from_path(copy)
                    sheet = other.get_sheet_by_name(name)
                    other.close()
                else:
                    sheet = book.get_sheet_by_name(name)
                rows = None
                merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in
                          (getattr(sheet, "merged_cell_ranges", None) or ())]
                _send(("ok", (sheet.width, sheet.height,
                              tuple(sheet.start) if sheet.start else None, merged)))
            elif request[0] == "rows":  # from the first row again
                rows = iter(sheet.iter_rows())
                _send(("ok", None))
            elif request[0] == "next":
                batch = []
                if rows is not None:
                    for row in rows:
                        batch.append([c if c.__class__ is str else cell_text(c) for c in row])
                        if len(batch) >= request[1]:
                            break
                _send(("ok", batch))
            else:
                _send(("error", f"unknown request {request[0]!r}"))
        except BaseException as e:  # as above; the child goes on serving other sheets
            _send(_error(e))


def _sheets(book: Any) -> list[tuple[str, bool, bool]]:
    """Every sheet in workbook order, with whether it is visible and a worksheet (not a
    chart). Where calamine cannot say, a sheet counts as a visible worksheet."""
    names = list(book.sheet_names)
    try:
        meta = {m.name: m for m in book.sheets_metadata}
    except Exception:  # metadata is a convenience; without it every sheet is read
        meta = {}
    out = []
    for name in names:
        m = meta.get(name)
        visible = m is None or str(m.visible).rsplit(".", 1)[-1] == "Visible"
        worksheet = m is None or "WorkSheet" in str(m.typ)
        out.append((name, visible, worksheet))
    return out


def main(argv: list[str]) -> int:
    task, path, memory = argv
    _limit(int(memory))
    if task == "workbook":
        _workbook(path)
    elif task in _DOCUMENTS:
        try:
            _send(("ok", _DOCUMENTS[task](path)))
        except BaseException as e:
            _send(_error(e))
    else:
        _send(("error", f"unknown task {task!r}"))
    return 0


def _docx(path: str) -> list[str]:
    """A Word document's paragraphs and table rows (each a list of cell texts) in order."""
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(path)
    out: list[Any] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                out.append([c.text.strip() for c in row.cells])
    return out


def _pdf(path: str) -> list[str]:
    """A PDF's pages as text (an empty page for one without a text layer)."""
    import logging
    import warnings

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its repair notes are not ours
    warnings.simplefilter("ignore")
    return [page.extract_text() or "" for page in PdfReader(path).pages]


_DOCUMENTS = {"docx": _docx, "pdf": _pdf}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
