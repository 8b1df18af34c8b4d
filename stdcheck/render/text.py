"""Plain text for ``validate``: findings grouped by file, one line each as compilers write them
(``file:line:col: severity [code] message``), then the counts."""

from __future__ import annotations

from pydantic import BaseModel

from ..i18n import Labels
from . import Options, Unsupported
from .controls import visible
from .sections import validation_line


def render(doc: BaseModel, lang: str, options: Options) -> str:
    from ..result import ValidationReport

    if not isinstance(doc, ValidationReport):
        raise Unsupported("the text format shows `validate` reports; use table or json")
    t = Labels(lang)
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
    noted = [f for f in doc.files if f.note is not None]
    for passed in noted:  # nothing given is passed over without a word, nor checked unsaid
        note = passed.note.get(lang) if passed.note else ""
        where = passed.source + (f"[{passed.sheet}]" if passed.sheet else "")
        out.append(visible(f"{where}{t('colon')}{note}"))
    if noted:
        out.append("")
    if s.not_listed:
        out.append(t("validate.not_listed", n=s.not_listed))
    out.append(validation_line(doc, t))
    return "\n".join(out) + "\n"
