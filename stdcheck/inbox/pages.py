"""The HTML pages: Jinja2 templates (``templates/``) filled with plain values shaped here.

Autoescaping is on everywhere and every value written passes :func:`visible` first, so a
ledger string — a title holding ``<script>``, a file named ``"><img onerror=…>``, a cell with
``{{7*7}}`` or control characters — shows as the text it is. Pages carry no script at all (the
Content-Security-Policy forbids it); forms are plain HTML forms and work without JavaScript.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from ..findings import CODES
from .standing import Pace
from .words import Words

# C0 controls (but tab and line breaks) as their visible pictures (␛ for ESC), DEL as ␡, and
# the C1 controls and the bidirectional overrides (which can make a file name read backwards)
# as the replacement character.
_SHOWN = {c: 0x2400 + c for c in range(0x20) if c not in (9, 10, 13)}
_SHOWN.update({0x7F: 0x2421, **{c: 0xFFFD for c in range(0x80, 0xA0)},
               **{c: 0xFFFD for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}})


def visible(value: Any) -> Any:
    """What a page writes for ``value``: text with its control characters made visible;
    markup the templates built themselves is left as it is."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return value.translate(_SHOWN)
    return value


def when(stamp: Optional[str]) -> str:
    """``2025-09-20T10:11:12+08:00`` as a person reads it: 2025-09-20 10:11."""
    if not stamp:
        return ""
    return stamp[:16].replace("T", " ")


def size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(1, round(n / 1024))} KB"


def column_letter(n: Optional[int]) -> str:
    """A 1-based column as a spreadsheet names it (1 → A, 27 → AA)."""
    if not n:
        return ""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


@dataclass(frozen=True)
class FindingLine:
    where: str  # 工作表 2025年 第 12 行
    column: str  # D（标准编号）
    title: str  # the code's title
    message: str
    fix: str
    severity: str  # error | warning | info
    severity_word: str
    counts: str  # 仍计入 / 不计入 / ""


def finding_lines(findings: list[dict[str, Any]], w: Words) -> list[FindingLine]:
    """The findings of an upload as its page shows them, row by row with the column."""
    out = []
    for f in findings:
        entry = CODES.get(f["code"])
        where = f"{f['sheet']} · " if f.get("sheet") else ""
        where += str(f["line"]) if f.get("line") else w("whole_file")
        letter = column_letter(f.get("column"))
        column = (f"{letter}（{f['field']}）" if w.lang == "zh" else f"{letter} ({f['field']})"
                  ) if letter and f.get("field") else letter or (f.get("field") or "")
        counts = f.get("counts")
        out.append(FindingLine(
            where=where, column=column,
            title=entry.title.get(w.lang) if entry else f["code"],
            message=f["message"]["en" if w.lang == "en" else "zh"],
            fix=entry.help.get(w.lang) if entry else "",
            severity=f["severity"], severity_word=w.enum("severity", f["severity"]),
            counts=w(f"counts.{counts}") if counts is not None else ""))
    return out


def deadline_note(deadline: dt.date, w: Words, today: Optional[dt.date] = None) -> str:
    days = (deadline - (today or dt.date.today())).days
    if days > 0:
        return w("to_deadline", n=days)
    return w("due_today") if days == 0 else w("days_over", n=-days)


@dataclass(frozen=True)
class Bar:
    round: str
    open: bool
    achieved: int
    required: int
    light: str
    width: float  # of the achieved part, in the chart's units
    full: float  # of the required part


@dataclass(frozen=True)
class PaceChart:
    name: str
    bars: list[Bar]


PACE_WIDTH = 180


def pace_charts(paces: list[Pace], lang: str) -> list[PaceChart]:
    """Each target's counts round by round as bars on one scale per target."""
    out = []
    for p in paces:
        top = max([1, *(max(a, r) for _, a, r, _ in p.counts)])
        scale = PACE_WIDTH / top
        name = (p.target.short or p.target.name).get(lang)
        out.append(PaceChart(name, [Bar(rnd.name, rnd.open, a, r, light, round(a * scale, 1),
                                        round(r * scale, 1)) for rnd, a, r, light in p.counts]))
    return out


class Pages:
    """The templates, loaded once."""

    def __init__(self) -> None:
        import jinja2

        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("stdcheck.inbox", "templates"),
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            finalize=visible)
        self.env.filters.update(when=when, size=size)

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)
