"""GitHub Actions workflow commands for ``validate``: one ``::error``/``::warning``/``::notice``
line per finding, which GitHub shows as an annotation on the file and line, and a Markdown
table for the job summary (``$GITHUB_STEP_SUMMARY``).

Values are escaped as the Actions toolkit does (``@actions/core`` ``command.ts``): ``%``, CR and
LF in the message; those and ``:`` and ``,`` in the properties.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..findings import CODES
from ..i18n import Labels
from ..vocabulary import Severity
from . import Options, Unsupported
from .controls import visible
from .sections import validation_line

LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def escape_data(text: str) -> str:
    """``text`` as a workflow command's data: control characters visible (an escape sequence
    in a file name or a cell would colour the log), line breaks and % encoded."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _report(doc: BaseModel) -> object:
    from ..result import ValidationReport

    if not isinstance(doc, ValidationReport):
        raise Unsupported("the github format shows `validate` reports; use table or json")
    return doc


def render(doc: BaseModel, lang: str, options: Options) -> str:
    from ..result import ValidationReport

    report = _report(doc)
    assert isinstance(report, ValidationReport)
    out = []
    for f in report.findings:
        props = [f"file={escape_property(_path(f.uri))}"]
        if f.line is not None:
            props.append(f"line={f.line}")
            if f.column is not None:
                props.append(f"col={f.column}")
        code = CODES.get(f.code)
        title = f"{f.code}: {code.title.get(lang)}" if code else f.code
        props.append(f"title={escape_property(title)}")
        where = f"[{f.sheet}] " if f.sheet else ""
        out.append(f"::{LEVEL[f.severity]} {','.join(props)}::{escape_data(where + f.text(lang))}")
    s = report.summary
    if s.not_listed:
        out.append(f"::notice::{s.not_listed} more not listed (--max-problems)")
    return "\n".join(out) + ("\n" if out else "")


def _path(uri: str) -> str:
    from urllib.parse import unquote

    return unquote(uri)


def _cell(text: str) -> str:
    return (visible(text).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ")
            .replace("\n", " "))


def summary_markdown(doc: BaseModel, lang: str) -> str:
    """The whole report as a Markdown table, for ``$GITHUB_STEP_SUMMARY``."""
    from ..result import ValidationReport

    report = _report(doc)
    assert isinstance(report, ValidationReport)
    s = report.summary
    zh = lang == "zh"
    t = Labels(lang)
    verdict = t("validate.verdict.failed" if report.fails else "validate.verdict.passed")
    lines = [f"### stdcheck validate{t('colon')}{verdict}\n",
             validation_line(report, t, counts_only=True) + "\n"]
    noted = [f for f in report.files if f.note is not None]
    for passed in noted:
        why = _cell(passed.note.get(lang)) if passed.note else ""
        where = passed.source + (f"[{passed.sheet}]" if passed.sheet else "")
        lines.append(f"- `{_cell(where)}`{t('colon')}{why}")
    if noted:
        lines.append("")
    if report.findings:
        lines.append("| 级别 | 位置 | 代码 | 说明 |" if zh else "| severity | where | code | message |")
        lines.append("|---|---|---|---|")
        for f in report.findings:
            lines.append(f"| {f.severity.value} | `{_cell(f.where())}` | `{f.code}` | "
                         f"{_cell(f.text(lang))} |")
    if s.not_listed:
        lines.append("")
        lines.append(t("validate.not_listed", n=s.not_listed))
    return "\n".join(lines) + "\n"
