"""Shared test helpers (one place; test files do not import each other) and the import path
for a checkout that is not pip-installed."""

from __future__ import annotations

import csv
import datetime as dt
import http.client
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def make_ods(path: Path, rows: list[list[Any]], sheet: str = "台账") -> Path:
    """A minimal OpenDocument spreadsheet: mimetype, manifest, content.xml."""

    def cell(v: Any) -> str:
        if v is None or v == "":
            return "<table:table-cell/>"
        if isinstance(v, dt.date):
            return (f'<table:table-cell office:value-type="date" office:date-value='
                    f'"{v.isoformat()}"><text:p>{v.isoformat()}</text:p></table:table-cell>')
        if isinstance(v, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{v}">'
                    f"<text:p>{v}</text:p></table:table-cell>")
        return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}'
                "</text:p></table:table-cell>")

    body = "".join("<table:table-row>" + "".join(cell(c) for c in r) + "</table:table-row>"
                   for r in rows)
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
               'office:version="1.2"><office:body><office:spreadsheet>'
               f'<table:table table:name="{sheet}">{body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def write_rows(path: Path, rows: list[list[Any]]) -> Path:
    """A UTF-8 CSV of ``rows`` (the header first), quoted as Excel would."""
    import csv

    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


# The report tests' ledger header and their way of running the command line.
REPORT_HEADER = ["序号", "完成日期", "类别", "名称", "标准编号", "责任单位", "对应任务", "状态",
                 "完成时限"]


def report_ledger(path: Path, body: list[list[str]]) -> Path:
    """A ledger CSV with the report tests' header and ``body`` as its rows."""
    return write_rows(path, [REPORT_HEADER, *body])


def figure(t: dict[str, Any]) -> str:
    """A target's figure (of ``status --format json``) as the English report writes it: rows
    dated after the deadline apart, not a bare 2 / 3 beside "met late"."""
    if t["late"]:
        return f"{t['achieved']} on time + {t['late']} late / {t['required']} required"
    return f"{t['achieved']} / {t['required']}"


def run_ok(*args: str) -> Any:
    """``stdcheck ARGS`` in process, asserted to exit 0, its output 120 columns wide."""
    from typer.testing import CliRunner

    from stdcheck.cli import app

    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result


# --- the ledger inbox: a real server, and ledgers as departments send them ----------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class InboxServer:
    """``stdcheck serve STORE`` in a subprocess, waited for until /healthz answers."""

    def __init__(self, store: Path, *args: str) -> None:
        self.store, self.args = store, args
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> InboxServer:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "stdcheck.cli", "serve", str(self.store), "--port",
             str(self.port), *self.args], cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(self.proc.stdout.read().decode() if self.proc.stdout else "")
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> str:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.proc.stdout.read().decode() if self.proc and self.proc.stdout else ""


def example_by_department() -> dict[str, bytes]:
    """The example ledger as each department would send its own part of it (a row goes to
    the department it names first; a town's rows to the market supervision bureau, which
    collects them)."""
    from stdcheck.names import DepartmentIndex
    from stdcheck.policy import load

    policy = load(None)
    index = DepartmentIndex(policy.departments, policy.prefixes, policy.towns)
    with open(ROOT / "examples" / "ledger.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    column = header.index("责任单位")
    parts: dict[str, list[list[str]]] = {}
    for row in body:
        lead = index.canonical(re.split(r"[、,，]", row[column])[0]) or "江津区市场监管局"
        parts.setdefault(lead, []).append(row)
    out = {}
    for lead, mine in parts.items():
        buf = io.StringIO()
        csv.writer(buf).writerows([header, *mine])
        out[lead] = buf.getvalue().encode("utf-8")
    return out


@pytest.fixture(params=["cells", "bulk"])
def bulk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each table written cell by cell through XlsxWriter, then as sheet XML put in after it
    (as a table past :data:`~stdcheck.render.xlsx.BULK` rows is): the workbook reads alike."""
    import stdcheck.render.xlsx as xlsx

    if request.param == "bulk":
        monkeypatch.setattr(xlsx, "BULK", 0)
    return str(request.param)
