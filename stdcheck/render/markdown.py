"""GitHub-flavoured Markdown: the meeting report for wikis and issue trackers.

Every string from a ledger or the policy is escaped, so a title holding ``|``, ``*``, ``_``,
``<script>`` or a link shows as written and cannot break a table or inject markup.
"""

from __future__ import annotations

import re
from functools import singledispatch

from pydantic import BaseModel

from ..i18n import Labels
from ..result import MeetingReport
from . import Options, Unsupported
from . import sections as S
from .controls import CONTROLS, visible

# What can start markup inside a line or a table cell; a value never starts a line here (it
# stands in a cell or after a label), so list and heading markers need no escape. One
# translation table: the report escapes every cell of every table.
# Control characters are made visible in the same pass (see .controls), all but NUL: _row joins
# a row's cells on it.
_ESCAPES = str.maketrans({**{c: "\\" + c for c in "\\`*_[]|~#"},
                          "&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "<br>", "\r": "<br>",
                          **{chr(c): visible(chr(c)) for c in range(1, 0xA0)
                             if visible(chr(c)) != chr(c) and c != 0x0D},
                          **{chr(c): visible(chr(c)) for c in (0x200E, 0x200F, *range(0x202A, 0x202F),
                                                               *range(0x2066, 0x206A))}})


_MARKUP = re.compile("[" + re.escape("\\`*_[]|~#&<>\n\r") + CONTROLS.replace("\x00", "\x01", 1)
                     + "]")


def escape(text: object) -> str:
    """``text`` as literal Markdown: markup characters backslash-escaped, ``<``, ``>`` and
    ``&`` as entities, line breaks as ``<br>`` (a table cell is one line)."""
    s = text if type(text) is str else str(text)
    if _MARKUP.search(s) is None:  # most cells: translating Chinese text char by char is slow
        return s
    if "\r" in s:
        s = s.replace("\r\n", "\n")
    return s.translate(_ESCAPES)


def _row(cells: list[str]) -> str:
    """A table row: the cells escaped in one pass (joined on NUL, which no ledger cell holds:
    a text ledger with one is refused), then parted by the column bars."""
    try:
        joined = "\x00".join(cells)
    except TypeError:
        joined = "\x00".join(map(str, cells))
    return "| " + escape(joined).replace("\x00", " | ") + " |"


def _table(columns: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(escape(c) for c in columns) + " |",
           "|" + "---|" * len(columns)]
    out += [_row(row) for row in rows]
    return [*out, ""]


@singledispatch
def _markdown(doc: BaseModel, lang: str) -> list[str]:
    raise Unsupported(f"the md format cannot show a {type(doc).__name__}")


@_markdown.register
def _report(r: MeetingReport, lang: str) -> list[str]:
    t = Labels(lang, r.policy.level)
    out = [f"# {escape(t('report.title'))}", "", f"**{escape(r.policy.title.get(lang))}**", "",
           f"- {t('as_of')}{t('colon')}{r.as_of.isoformat()}",
           f"- {t('report.sources')}{t('colon')}{escape(S.sources_line(r, t))}"]
    out += [f"  - {escape(name)}" + ("" if f.readable else f" ({escape(t('unreadable'))})")
            for name, f in zip(S.file_names(r), r.files, strict=True)]
    out += [""]
    parts = S.sections(r, lang)
    out += [f"## {t('report.contents')}", ""]
    out += [f"- [{escape(s.heading)}](#{s.anchor})" for s in parts] + [""]
    for s in parts:
        out += [f'<a id="{s.anchor}"></a>', "", f"## {escape(s.heading)}", ""]
        out += _SECTIONS[s.key](r, t, lang)
    out += ["---", "", escape(S.colophon(r, t))]
    return out


def _summary(r: MeetingReport, t: Labels, lang: str) -> list[str]:
    out = [escape(S.overview(r, t, lang)), ""]
    out += _table(S.target_columns(t), [S.target_row(x, t, lang) for x in r.targets])
    out += [f"**{escape(t('report.goals'))}**", ""]
    out += [f"- {g.year}{t('colon')}{escape(g.text.get(lang))}" for g in r.goals] + [""]
    return out


def _since(r: MeetingReport, t: Labels, lang: str) -> list[str]:
    s = r.since_last_meeting
    assert s is not None
    out = []
    if s.since:
        out += [escape(t("report.since_date", date=s.since.isoformat())), ""]
    if s.previous:
        out += [escape(S.previous_line(s, t)), ""]
        out += [f"### {escape(t('report.moves'))}", ""]
        out += _table([t("target"), t("report.before"), t("report.after")],
                      [[S.target_name(r, m.target, lang), str(m.before), str(m.after)]
                       for m in s.moves])
        out += [f"### {escape(t('report.added'))} ({len(s.added)})", ""]
        out += _changes(s.added, t)
    out += [f"### {escape(t('report.completed'))} ({len(s.completed)})", ""]
    out += _changes(s.completed, t)
    out += [f"### {escape(t('report.newly_overdue'))} ({len(s.newly_overdue)})", ""]
    out += _table(S.item_columns(t, "days_overdue"),
                  [S.item_row(i, i.days_overdue) for i in s.newly_overdue])
    return out


def _changes(changes: list, t: Labels) -> list[str]:  # type: ignore[type-arg]
    return _table([t("location"), t("title"), t("department"), t("report.number"),
                   t("report.date")],
                  [[S.where(c.source, c.sheet, c.row), c.title, c.department or "",
                    c.code or "", str(c.date) if c.date else ""] for c in changes])


def _open(r: MeetingReport, t: Labels, lang: str) -> list[str]:
    out = [escape(S.open_total(r, t)), ""]
    out += [f"### {escape(t('overdue'))} ({len(r.overdue)})", ""]
    out += _table(S.item_columns(t, "days_overdue"),
                  [S.item_row(i, i.days_overdue) for i in r.overdue])
    out += [f"### {escape(t('due_soon'))} ({len(r.due_soon)})", ""]
    out += _table(S.item_columns(t, "days_left"),
                  [S.item_row(i, i.days_left) for i in r.due_soon])
    return out


def _departments(r: MeetingReport, t: Labels, lang: str) -> list[str]:
    out: list[str] = []
    laid = S.department_pages(r, lang)
    pages, quiet = laid.pages, laid.quiet
    for heading, p in pages:
        out += [f"### {escape(heading)}", ""]
        if p.silent_tasks:
            out += [f"- {escape(t('report.silent_tasks'))}{t('colon')}"
                    + ", ".join(str(n) for n in p.silent_tasks)]
        if p.untasked_tasks:
            out += [f"- {escape(t('report.untasked_tasks'))}{t('colon')}"
                    + ", ".join(str(n) for n in p.untasked_tasks)]
        out += [f"- {escape(t('report.share'))}{t('colon')}"
                + escape(S.share_text(r, p, t, lang))]
        out += [""]
        if p.overdue:
            out += [f"**{escape(t('overdue'))} ({len(p.overdue)})**", ""]
            out += _table(S.item_columns(t, "days_overdue"),
                          [S.item_row(i, i.days_overdue) for i in p.overdue])
        if p.due_soon:
            out += [f"**{escape(t('due_soon'))} ({len(p.due_soon)})**", ""]
            out += _table(S.item_columns(t, "days_left"),
                          [S.item_row(i, i.days_left) for i in p.due_soon])
        if p.findings:
            out += [f"**{escape(t('report.data_findings'))} ({len(p.findings)})**", ""]
            out += _table(S.finding_columns(t)[:5],
                          [S.finding_row(f, t, lang)[:5] for f in p.findings])
        if not p.outstanding:
            out += [escape(t("report.nothing_outstanding")), ""]
    if laid.silent:
        out += [f"### {escape(t('report.sent_nothing'))} ({len(laid.silent)})", ""]
        out += _table([t("department"), t("report.tasks_owed")],
                      [S.silent_row(h, p, lang) for h, p in laid.silent])
    if quiet:
        out += [f"**{escape(t('report.nothing_outstanding'))}**: "
                + escape(t("list_sep").join(quiet)), ""]
    return out


def _tasks(r: MeetingReport, t: Labels, lang: str) -> list[str]:
    return _table(S.task_columns(t), [S.task_row(x, t, lang) for x in r.tasks])


def _evidence(r: MeetingReport, t: Labels, lang: str) -> list[str]:
    out: list[str] = []
    for e in r.evidence:
        out += [f"### {escape(S.target_name(r, e.target, lang))}", ""]
        out += [f"**{escape(t('report.counted_rows', n=len(e.counted)))}**", ""]
        out += _table([t("location"), t("title"), t("report.number"), t("report.date"),
                       t("department")],
                      [[S.where(c.source, c.sheet, c.row), c.title, c.code or "",
                        str(c.date or ""), c.department or ""] for c in e.counted])
        if e.not_counted:
            out += [f"**{escape(t('report.not_counted_rows', n=len(e.not_counted)))}**", ""]
            out += _table([t("location"), t("title"), t("report.reason"), t("message")],
                          [[S.where(n.source, n.sheet, n.row), n.title or "",
                            S.reason(n.reason, t, lang), S.for_paper(n.message.get(lang))]
                           for n in e.not_counted])
    if r.other_rows:
        out += [f"### {escape(t('report.other_rows', n=len(r.other_rows)))}", "",
                escape(t("report.other_rows_note")), ""]
        out += _table(S.other_columns(t), list(S.other_rows(r, t)))
    return out


def _quality(r: MeetingReport, t: Labels, lang: str) -> list[str]:
    out = [f"### {escape(t('report.files_read', n=len(r.files)))}", "",
           escape(t("report.files_note")), ""]
    out += _table(S.file_columns(t), S.file_rows(r, t))
    if not r.findings:
        return [*out, escape(t("report.none")), ""]
    return out + _table(S.finding_columns(t), [S.finding_row(f, t, lang) for f in r.findings])


_SECTIONS = {"summary": _summary, "since": _since, "open": _open, "departments": _departments,
             "tasks": _tasks, "evidence": _evidence, "quality": _quality}


def render(doc: BaseModel, lang: str, options: Options) -> str:
    return "\n".join(_markdown(doc, lang)).rstrip() + "\n"
