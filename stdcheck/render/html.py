"""HTML: the meeting report as one self-contained page, to read on screen or print on A4.

The page is a Jinja2 template (``templates/report.html.j2``) filled with plain strings and
numbers laid out here from :mod:`.sections`, so it says what the Markdown says, section by
section. Autoescaping is on and every undefined name is an error: a ledger title holding
``<script>`` shows as text. The rows of the tables are the one exception: they reach the
template as markup, each cell escaped here with the escape autoescaping uses (:func:`table`).
Nothing is fetched: the CSS is inline, the charts are inline SVG and the fonts are named (with
CJK fallbacks), never downloaded. The CSS is one file, ``templates/report.css``, written into the
page here (:func:`stylesheet`) and served as it is to the inbox's pages, so both look alike.
Jinja2 is imported only here, when an HTML report is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Optional

from markupsafe import Markup, escape
from pydantic import BaseModel

from ..findings import Finding
from ..i18n import Labels
from ..result import Change, Item, MeetingReport, TargetResult
from . import Options, Unsupported
from . import sections as S
from .controls import CONTROLS, visible

#: The lights as the page colours them (the words are always beside the colour: papers are
#: often printed in black and white); report.css names the same three (a test holds them equal).
COLOURS = {"green": "#2e7d32", "yellow": "#e0a800", "red": "#c62828"}

#: The progress chart's size in CSS pixels: the bar, and the room for the tick above and below.
CHART_WIDTH = 320
CHART_HEIGHT = 30
_BAR_Y, _BAR_H = 8, 14


@dataclass(frozen=True)
class Row:
    cells: list[str]
    light: str = ""  # green, yellow, red: colours the row's light cell


_SPECIAL = re.compile(f"[&<>'\"{CONTROLS}]")


def _text(value: object) -> str:
    """``value`` escaped as markupsafe's ``escape`` writes it (the entities autoescaping
    writes), as plain text, control characters made visible: a cell without ``&<>'"`` or a
    control character (most of them) is taken as it is, and no ``Markup`` is made per cell."""
    if hasattr(value, "__html__"):  # already markup: escape() leaves it as it is
        return str(escape(value))
    s = value if type(value) is str else str(value)
    if _SPECIAL.search(s) is None:
        return s
    s = visible(s)
    return (s.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[str]  # each row as HTML, its cells escaped: see table()
    numeric: frozenset[int] = frozenset()  # the columns of numbers, right-aligned
    kinds: tuple[str, ...] = ()  # what each column holds (sections.*_KINDS): its CSS class

    def body(self) -> Markup:
        """The rows, for the template to write as they are."""
        return Markup("\n".join(self.rows))

    def header_class(self, i: int) -> str:
        kind = self.kinds[i] if i < len(self.kinds) else ""
        return " ".join(c for c in ("num" if i in self.numeric else "", kind) if c)


def table(columns: list[str], rows: Iterable[Row], numeric: frozenset[int] = frozenset(),
          light: Optional[int] = None, kinds: Optional[list[str]] = None) -> Table:
    """A table with its rows as lines of ``<tr>`` and ``<td>``, each cell escaped as
    autoescaping would; ``light`` is the column that holds the light's word; ``kinds`` says
    what each column holds (a class the print CSS sizes it by: a date never breaks).

    Built here, not by a loop in the template: the evidence and department tables run to tens
    of thousands of rows, and a Jinja2 loop over their cells took most of the page's time.
    Each row is made into its line as it comes (pass a generator): keeping every ``Row`` of
    such a table until the end set the garbage collector sweeping the whole report."""
    kinds = kinds or []
    numeric = numeric | {i for i, k in enumerate(kinds) if k == "num"}
    opens = []  # a column's <td>, the same on every row
    for i in range(len(columns)):
        kind = kinds[i] if i < len(kinds) and kinds[i] != "num" else ""
        cls = " ".join(name for name, on in (("num", i in numeric), ("light", i == light),
                                             (kind, bool(kind))) if on)
        opens.append(f'\n      <td class="{cls}">' if cls else "\n      <td>")
    # a file's path may break after each / (a deep folder would otherwise widen its column
    # until the dates beside it break), never inside a name or its row number
    paths = [i < len(kinds) and kinds[i] == "loc" for i in range(len(columns))]
    lines = []
    for r in rows:
        tr = f'    <tr class="light-{escape(r.light)}">' if r.light else "    <tr>"
        # str.join, not +: str + Markup would escape the tags
        tds = ["".join([td, _text(cell).replace("/", "/<wbr>") if path else _text(cell),
                        "</td>"])
               for td, cell, path in zip(opens, r.cells, paths, strict=True)]
        lines.append("".join([tr, *tds, "\n    </tr>"]))
    return Table(columns, lines, frozenset(numeric), tuple(kinds))


@dataclass(frozen=True)
class Chart:
    """A target's progress: a bar to the required value, the achieved part filled in the
    light's colour, a tick at the number expected by now."""

    id: str
    name: str
    title: str  # the SVG's <title>, for screen readers and as a tooltip
    caption: str  # the same numbers as text
    required_w: float
    achieved_w: float
    expected_x: float
    colour: str
    light: str
    achieved: int
    required: int
    expected: float


@dataclass(frozen=True)
class TargetLine:
    """A row of the summary table, with its numbers as data attributes."""

    target: TargetResult
    row: Row


@dataclass(frozen=True)
class Department:
    heading: str
    silent: str
    untasked: str
    share: str
    overdue: Optional[Table]
    due_soon: Optional[Table]
    findings: Optional[Table]
    outstanding: bool


@dataclass(frozen=True)
class Evidence:
    heading: str
    counted_label: str
    counted: Table
    not_counted_label: str
    not_counted: Optional[Table]


@dataclass(frozen=True)
class Since:
    since: str
    previous: str
    moves: Optional[Table]
    added: Optional[Table]
    completed: Table
    newly_overdue: Table
    counts: dict[str, int] = field(default_factory=dict)


def _items(items: Iterable[Item], t: Labels, days: str) -> Table:
    return table(S.item_columns(t, days),
                 (Row(S.item_row(i, i.days_overdue if days == "days_overdue" else i.days_left))
                  for i in items), kinds=S.ITEM_KINDS)


def _changes(changes: list[Change], t: Labels) -> Table:
    return table([t("location"), t("title"), t("department"), t("report.number"),
                  t("report.date")],
                 (Row([S.where(c.source, c.sheet, c.row), c.title, c.department or "",
                       c.code or "", str(c.date) if c.date else ""]) for c in changes),
                 kinds=S.CHANGE_KINDS)


def _findings(findings: list[Finding], t: Labels, lang: str, columns: int = 6) -> Table:
    return table(S.finding_columns(t)[:columns],
                 (Row(S.finding_row(f, t, lang)[:columns]) for f in findings),
                 kinds=S.FINDING_KINDS[:columns])


def _chart(x: TargetResult, t: Labels, lang: str) -> Chart:
    scale = CHART_WIDTH / max(x.required, x.achieved, x.expected_by_now, 1)
    figure = (S.figure(x, t) if x.late  # met late: the late rows apart, not a bare 2 / 3
              else f"{t('report.achieved')} {x.achieved} / {t('report.required')} {x.required}")
    numbers = f"{figure}{t('list_sep')}{t('expected')} {x.expected_by_now:g}"
    return Chart(
        id=x.id, name=x.name.get(lang),
        title=f"{x.short.get(lang)}{t('colon')}{numbers}{t('list_sep')}{t.enum('light', x.light)}",
        caption=f"{numbers} · {t.enum('state', x.state)} · {t.enum('light', x.light)}",
        required_w=round(x.required * scale, 1), achieved_w=round(x.achieved * scale, 1),
        expected_x=round(x.expected_by_now * scale, 1), colour=COLOURS[x.light.value], light=x.light.value,
        achieved=x.achieved, required=x.required, expected=x.expected_by_now)


def _since(r: MeetingReport, t: Labels, lang: str) -> Optional[Since]:
    s = r.since_last_meeting
    if s is None:
        return None
    moves = added = None
    if s.previous:
        moves = table([t("target"), t("report.before"), t("report.after")],
                      (Row([S.target_name(r, m.target, lang), str(m.before), str(m.after)])
                       for m in s.moves), kinds=S.MOVE_KINDS)
        added = _changes(s.added, t)
    return Since(
        since=t("report.since_date", date=s.since.isoformat()) if s.since else "",
        previous=S.previous_line(s, t) if s.previous else "",
        moves=moves, added=added, completed=_changes(s.completed, t),
        newly_overdue=_items(s.newly_overdue, t, "days_overdue"),
        counts={"added": len(s.added), "completed": len(s.completed),
                "newly_overdue": len(s.newly_overdue)})


def _departments(r: MeetingReport, t: Labels, lang: str
                 ) -> tuple[list[Department], Optional[Table], str]:
    pages: list[Department] = []
    laid = S.department_pages(r, lang)
    for heading, p in laid.pages:
        pages.append(Department(
            heading=heading,
            silent=", ".join(str(n) for n in p.silent_tasks),
            untasked=", ".join(str(n) for n in p.untasked_tasks),
            share=S.share_text(r, p, t, lang),
            overdue=_items(p.overdue, t, "days_overdue") if p.overdue else None,
            due_soon=_items(p.due_soon, t, "days_left") if p.due_soon else None,
            findings=_findings(p.findings, t, lang, 5) if p.findings else None,
            outstanding=p.outstanding))
    silent = table([t("department"), t("report.tasks_owed")],
                   (Row(S.silent_row(h, p, lang)) for h, p in laid.silent),
                   kinds=S.SILENT_KINDS) if laid.silent else None
    return pages, silent, t("list_sep").join(laid.quiet)


def _tasks(r: MeetingReport, t: Labels) -> Table:
    rows = (Row(S.task_row(x, t, t.lang), x.light.value) for x in r.tasks)
    return table(S.task_columns(t), rows, light=6, kinds=S.TASK_KINDS)


def _evidence(r: MeetingReport, t: Labels, lang: str) -> list[Evidence]:
    out = []
    for e in r.evidence:
        counted = table([t("location"), t("title"), t("report.number"), t("report.date"),
                         t("department")],
                        (Row([S.where(c.source, c.sheet, c.row), c.title, c.code or "",
                              str(c.date or ""), c.department or ""]) for c in e.counted),
                        kinds=S.COUNTED_KINDS)
        not_counted = table([t("location"), t("title"), t("report.reason"), t("message")],
                            (Row([S.where(n.source, n.sheet, n.row), n.title or "",
                                  S.reason(n.reason, t, lang), S.for_paper(n.message.get(lang))])
                             for n in e.not_counted),
                            kinds=S.NOT_COUNTED_KINDS) if e.not_counted else None
        out.append(Evidence(S.target_name(r, e.target, lang),
                            t("report.counted_rows", n=len(e.counted)), counted,
                            t("report.not_counted_rows", n=len(e.not_counted)), not_counted))
    return out


def _others(r: MeetingReport, t: Labels) -> Optional[Table]:
    if not r.other_rows:
        return None
    return table(S.other_columns(t), map(Row, S.other_rows(r, t)), kinds=S.OTHER_KINDS)


def _labels(t: Labels) -> dict[str, str]:
    keys = ["report.title", "as_of", "report.sources", "unreadable", "report.generated",
            "report.by", "report.contents", "report.goals", "report.moves", "report.added",
            "report.completed", "report.newly_overdue", "report.silent_tasks",
            "report.untasked_tasks", "report.share", "overdue", "due_soon",
            "report.data_findings", "report.nothing_outstanding", "report.none", "progress",
            "colon", "report.sent_nothing"]
    return {k: t(k) for k in keys}


def context(r: MeetingReport, lang: str) -> dict[str, object]:
    """Everything the template shows, as strings, numbers and the tables above."""
    t = Labels(lang, r.policy.level)
    s = r.summary
    departments, silent, quiet = _departments(r, t, lang)
    return {
        "lang": "zh-CN" if lang == "zh" else "en",
        "label": _labels(t),
        "policy_title": r.policy.title.get(lang),
        "as_of": r.as_of.isoformat(),
        "sources_line": S.sources_line(r, t),
        "numbers": {"files": s.files, "rows_read": s.rows_read, "rows_used": s.rows_used,
                    "counted": sum(f.counted for f in r.files),
                    "findings": s.errors + s.warnings},
        "files": [(name, f.readable) for name, f in zip(S.file_names(r), r.files, strict=True)],
        "version": r.tool_version,
        "colophon": S.colophon(r, t),
        "overview": S.overview(r, t, lang),
        "sections": S.sections(r, lang),
        "targets": Table(S.target_columns(t), [], frozenset({2, 4, 5}), tuple(S.TARGET_KINDS)),
        "target_lines": [TargetLine(x, Row(S.target_row(x, t, lang), x.light.value))
                         for x in r.targets],
        "charts": [_chart(x, t, lang) for x in r.targets],
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bar_y": _BAR_Y,
                  "bar_h": _BAR_H},
        "goals": [(g.year, g.text.get(lang)) for g in r.goals],
        "since": _since(r, t, lang),
        "open_total": S.open_total(r, t),
        "overdue": _items(r.overdue, t, "days_overdue"),
        "due_soon": _items(r.due_soon, t, "days_left"),
        "open_counts": {"overdue": len(r.overdue), "due_soon": len(r.due_soon)},
        "departments": departments,
        "silent": silent,
        "silent_count": len(silent.rows) if silent else 0,
        "quiet": quiet,
        "tasks": _tasks(r, t),
        "evidence": _evidence(r, t, lang),
        "others": _others(r, t),
        "others_label": t("report.other_rows", n=len(r.other_rows)),
        "others_note": t("report.other_rows_note"),
        "quality": _findings(r.findings, t, lang) if r.findings else None,
        "files_table": table(S.file_columns(t), map(Row, S.file_rows(r, t)),
                             kinds=S.FILE_KINDS),
        "files_label": t("report.files_read", n=len(r.files)),
        "files_note": t("report.files_note"),
        "css": Markup(stylesheet()),
    }


def _visible(value: object) -> object:
    """What the template writes, control characters made visible (markup is the tables' own,
    already made so by ``_text``)."""
    return visible(value) if type(value) is str else value


def stylesheet() -> str:
    """The report's CSS (``templates/report.css``): inlined into the report, which stays one
    self-contained file, and served as a file by the inbox."""
    from importlib import resources

    return resources.files(__package__).joinpath("templates/report.css").read_text("utf-8")


def render(doc: BaseModel, lang: str, options: Options) -> str:
    if not isinstance(doc, MeetingReport):
        raise Unsupported(f"the html format cannot show a {type(doc).__name__}")
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("stdcheck.render", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, finalize=_visible)
    return env.get_template("report.html.j2").render(context(doc, lang))
