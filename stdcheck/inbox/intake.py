"""An upload, from the first byte to its row: streamed in, kept, checked with the ``validate``
rules, recorded.

:func:`receive` reads a ``multipart/form-data`` body as it arrives and writes its one file part
straight into the store's ``tmp/``, hashing and counting it: past the limit it stops at once
(413), and an over-limit body is never held, in memory or on disk. :func:`accept` then keeps the
file (by its hash), checks it (``validation.validate``, the rules of ``stdcheck validate``, in a
worker thread, a few at a time) and commits its row.

Accepted means readable as a ledger: a file from which no ledger could be read (a PDF, a
picture, a table without the required columns) is kept as received and recorded, but never
counted (the API answers 422); a ledger with row findings is accepted, its findings listed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, cast

from ..vocabulary import msg
from .refusals import Refused
from .store import Incoming, Principal, Store, Upload, no_open_round, safe_name, suffix_of

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks
    from starlette.requests import Request

    from ..result import ValidationReport

log = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_LIMIT = 20 * MB
SLACK = 64 * 1024  # the multipart framing and form fields around the file
FIELD_LIMIT = 4096  # bytes of a text field (the CSRF token, the language)
FIELDS = 16  # text fields in one form
#: Checks running at once: each reads a whole workbook; more than the cores only queue.
CHECKS = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))


def too_large(limit: int) -> Refused:
    size = f"{limit / MB:g} MB"
    return Refused(413, msg(
        f"the file is over the limit of {size} for one upload; split the ledger (by year or "
        "by sheet) into smaller files, or ask the bureau to raise the limit",
        f"文件超过单次上传 {size} 的上限；请把台账按年度或工作表拆分成较小的文件，或请联席会议办公室"
        "调高上限"))


def _bad_form(why_en: str, why_zh: str) -> Refused:
    return Refused(400, msg(f"{why_en}; send the ledger as multipart/form-data with the file in "
                            "the field `file`",
                            f"{why_zh}；请以 multipart/form-data 方式上传，文件放在 `file` 字段中"))


@dataclass
class Received:
    """The file part of a form, in ``tmp/``, with the name it was sent under and the form's
    text fields."""

    incoming: Incoming
    name: str
    fields: dict[str, str] = field(default_factory=dict)


class _Form:
    """The callbacks of python-multipart's streaming parser: the part named ``file`` goes to
    an :class:`Incoming`, other parts are short text fields."""

    def __init__(self, store: Store, limit: int) -> None:
        self.store, self.limit = store, limit
        self.file: Optional[Incoming] = None
        self.name = ""
        self.fields: dict[str, str] = {}
        self.over = False
        self.wrong: Optional[Refused] = None
        self._header = [bytearray(), bytearray()]
        self._headers: dict[bytes, bytes] = {}
        self._field: Optional[str] = None
        self._text = bytearray()
        self._to_file = False

    def callbacks(self) -> dict[str, Any]:
        return {"on_part_begin": self._begin, "on_header_field": self._field_name,
                "on_header_value": self._field_value, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_done, "on_part_data": self._data,
                "on_part_end": self._end}

    def _begin(self) -> None:
        self._headers, self._field, self._to_file = {}, None, False
        self._text = bytearray()

    def _field_name(self, data: bytes, start: int, end: int) -> None:
        self._header[0] += data[start:end]

    def _field_value(self, data: bytes, start: int, end: int) -> None:
        self._header[1] += data[start:end]

    def _header_end(self) -> None:
        self._headers[bytes(self._header[0]).lower()] = bytes(self._header[1])
        self._header = [bytearray(), bytearray()]

    def _headers_done(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if name == "file" and filename is not None:
            if self.file is not None:
                self.wrong = _bad_form("the form holds more than one file",
                                       "表单中有不止一个文件")
                return
            self.file = self.store.incoming()
            self.name = filename.decode("utf-8", "replace")
            self._to_file = True
        elif len(self.fields) >= FIELDS:
            self.wrong = _bad_form("the form has too many fields", "表单字段过多")
        else:
            self._field = name

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self.wrong is not None or self.over:
            return
        if self._to_file:
            assert self.file is not None
            if self.file.size + (end - start) > self.limit:
                self.over = True  # nothing past the limit is written
            else:
                self.file.write(data[start:end])
        elif self._field is not None:
            self._text += data[start:end]
            if len(self._text) > FIELD_LIMIT:
                self.wrong = _bad_form(f"the field `{self._field}` is too long",
                                       f"字段 `{self._field}` 过长")

    def _end(self) -> None:
        if self._field is not None and self.wrong is None:
            self.fields[self._field] = self._text.decode("utf-8", "replace")
        self._field, self._to_file = None, False

    def discard(self) -> None:
        if self.file is not None:
            self.file.discard()


async def receive(request: Request, store: Store, limit: int = DEFAULT_LIMIT) -> Received:
    """Read the upload form of ``request`` as it streams in; see the module docstring."""
    from python_multipart.exceptions import FormParserError
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, options = parse_options_header(request.headers.get("Content-Type", ""))
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise _bad_form("the request is not a form with a file", "请求中没有以表单方式提交的文件")
    length = request.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > limit + SLACK:
        raise too_large(limit)  # said before a byte of the body is read
    form = _Form(store, limit)
    parser = MultipartParser(options[b"boundary"], cast("MultipartCallbacks", form.callbacks()))
    body = 0
    try:
        async for chunk in request.stream():
            body += len(chunk)
            if body > limit + SLACK:
                raise too_large(limit)
            parser.write(chunk)
            if form.over:
                raise too_large(limit)
            if form.wrong is not None:
                raise form.wrong
        parser.finalize()
    except FormParserError:
        form.discard()
        raise _bad_form("the form cannot be read", "无法解析表单") from None
    except BaseException:
        form.discard()
        raise
    if form.file is None or not form.name:
        form.discard()
        raise _bad_form("the form has no file (choose one before sending)",
                        "表单中没有文件（请先选择文件）")
    return Received(form.file, form.name, form.fields)


def accept(store: Store, who: Principal, received: Received, via: str) -> Upload:
    """Keep, check and record an upload of ``who``'s department into the open round; the
    upload is returned with its findings. A file that is no ledger is recorded all the same
    (``accepted`` false)."""
    incoming = received.incoming
    rnd = store.current()
    if rnd is None or who.department is None:
        incoming.discard()
        raise no_open_round() if rnd is None else Refused(403, msg(
            "uploads come from a department's token; the bureau's does not upload",
            "台账须由责任单位的令牌上传，管理员令牌不能上传"))
    shown = safe_name(received.name) or "—"
    suffix = suffix_of(received.name)
    path = store.keep(incoming, who.department, suffix)
    try:
        with CHECKS:
            report = _check(store, path)
    except Exception as e:  # the file is kept and its row says why it does not count
        log.exception("checking upload %s of %s failed", incoming.sha256, who.department)
        findings = [_unchecked(e, shown)]
        accepted, rows = False, (0, 0, 0)
    else:
        findings = [_finding(f.model_dump(mode="json"), str(path), shown)
                    for f in report.findings]
        accepted = any(s.readable for s in report.ledgers)
        if not accepted and not any(f["severity"] == "error" for f in findings):
            findings.insert(0, _not_a_ledger(report, shown))
        rows = (sum(s.rows for s in report.ledgers), sum(s.used for s in report.ledgers),
                sum(s.counted for s in report.ledgers))
    errors = sum(f["severity"] == "error" for f in findings)
    warnings = sum(f["severity"] == "warning" for f in findings)
    return store.record(rnd.id, who.department, who.token_id, via, shown, suffix,
                        incoming.sha256, incoming.size, accepted, rows, errors, warnings, findings)


def _check(store: Store, path: Path) -> ValidationReport:
    """``stdcheck validate`` on the one file, cell values shown (the department sees only its
    own file); a file the reader turns down is a finding there, never an exception."""
    from ..validation import validate

    return validate([path], store.policy(), dt.date.today(), show_values=True, root=store.root)


def _finding(f: dict[str, Any], path: str, shown: str) -> dict[str, Any]:
    """A finding as the department reads it: its file by the name it was sent under."""
    message = {k: v.replace(path, shown) for k, v in f["message"].items()}
    return {"source": shown, "sheet": f["sheet"], "line": f["line"], "column": f["column"],
            "field": f["field"], "code": f["code"], "severity": f["severity"],
            "message": message, "counts": f["counts"]}


def _not_a_ledger(report: ValidationReport, shown: str) -> dict[str, Any]:
    notes = [n.note for n in report.files if n.note is not None]
    why_en = "; ".join(n.en for n in notes) or "no ledger could be read from it"
    why_zh = "；".join(n.zh for n in notes) or "无法从中读取台账"
    return {"source": shown, "sheet": None, "line": None, "column": None, "field": None,
            "code": "wrong-format", "severity": "error",
            "message": {"en": f"not a ledger: {why_en}; send the ledger as .xlsx, .xls, .ods "
                              "or .csv",
                        "zh": f"不是台账：{why_zh}；请以 .xlsx、.xls、.ods 或 .csv 格式上传台账"},
            "counts": None}


def _unchecked(e: Exception, shown: str) -> dict[str, Any]:
    """The finding of a file the check could not finish: the reader's own code and message
    for an input it refuses, else ``unreadable-file`` naming the error."""
    from ..errors import InputError

    if isinstance(e, InputError):
        message = {"en": e.message.en, "zh": e.message.zh}
    else:
        message = {"en": f"the check could not finish ({type(e).__name__}); the file is kept: "
                         "tell the bureau",
                   "zh": f"校验未能完成（{type(e).__name__}）；文件已保存：请告知联席会议办公室"}
    return {"source": shown, "sheet": None, "line": None, "column": None, "field": None,
            "code": getattr(e, "code", None) or "unreadable-file", "severity": "error",
            "message": message, "counts": None}
