"""Shared test helpers (one place; test files do not import each other) and the import path
for a checkout that is not pip-installed."""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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


def run_ok(*args: str) -> Any:
    """``stdcheck ARGS`` in process, asserted to exit 0, its output 120 columns wide."""
    from typer.testing import CliRunner

    from stdcheck.cli import app

    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result
