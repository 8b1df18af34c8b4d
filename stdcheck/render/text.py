"""Plain text for ``validate``: findings grouped by file, one line each as compilers write them
(``file:line:col: severity [code] message``), then the counts."""

from __future__ import annotations

from pydantic import BaseModel

from ..i18n import Labels
from . import Options, Unsupported
from .controls import visible


def render(doc: BaseModel, lang: str, options: Options) -> str:
    from ..result import ValidationReport

    if not isinstance(doc, ValidationReport):
        raise Unsupported("the text format shows `validate` reports; use table or json")
    zh = lang == "zh"
    out: list[str] = []
    current = None
    for f in doc.findings:
        if f.source != current:
            if current is not None:
                out.append("")
            current = f.source
            out.append(visible(current))
        field = f" {f.field}:" if f.field and f.column is None and f.line is None else ""
        out.append(visible(f"{f.where()}: {f.severity.value} [{f.code}]{field} {f.text(lang)}"))
    s = doc.summary
    if out:
        out.append("")
    skipped = [f for f in doc.files if f.kind == "skipped"]
    noted = [f for f in doc.files if f.note is not None]
    for passed in noted:  # nothing given is passed over without a word, nor checked unsaid
        note = passed.note.get(lang) if passed.note else ""
        out.append(visible(f"{passed.source}{Labels(lang)('colon')}{note}"))
    if noted:
        out.append("")
    if s.not_listed:
        out.append(f"另有 {s.not_listed} 条问题未列出（--max-problems）" if zh
                   else f"{s.not_listed} more not listed (--max-problems)")
    if zh:
        line = f"检查了 {s.files} 个文件"
        if skipped:
            line += f"（{len(skipped)} 个未检查）"
        line += f"：{s.errors} 个错误，{s.warnings} 个提示"
        if s.baselined:
            line += f"，{s.baselined} 条已在基线中"
        line += "；不通过" if doc.fails else "；通过"
    else:
        line = f"{s.files} file(s) checked"
        if skipped:
            line += f" ({len(skipped)} not checked)"
        line += f": {s.errors} error(s), {s.warnings} warning(s)"
        if s.baselined:
            line += f", {s.baselined} in the baseline"
        line += "; failed" if doc.fails else "; passed"
    if doc.strict:
        line += "（--strict）" if zh else " (--strict)"
    out.append(line)
    return "\n".join(out) + "\n"
