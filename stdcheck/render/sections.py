"""What every document format of the meeting report shares: the order of its sections, their
numbered headings, and the cells of its tables as plain text (before a format escapes them).

Markdown, HTML, Word and Excel each lay these out their own way; keeping the words and the
order here is what makes the formats say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Optional

from ..findings import CODES, Finding
from ..i18n import Labels
from ..result import (
    DepartmentPage,
    Item,
    MeetingReport,
    SinceLastMeeting,
    TargetResult,
    TaskResult,
    ValidationReport,
)
from ..vocabulary import EntryKind, Status

_ZH_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    key: str  # summary, since, departments, tasks, evidence, quality
    heading: str  # numbered: 一、总体情况 / 1. Overview
    anchor: str


def sections(r: MeetingReport, lang: str) -> list[Section]:
    """The report's sections in order; "since the last meeting" only when asked for."""
    t = Labels(lang, r.policy.level)
    keys = ["summary", *(["since"] if r.since_last_meeting else []), "open", "departments",
            "tasks", "evidence", "quality"]
    out = []
    for i, key in enumerate(keys):
        number = f"{_ZH_NUMBERS[i]}、" if lang == "zh" else f"{i + 1}. "
        out.append(Section(key, number + t(f"report.{key}"), key))
    return out


def where(source: str, sheet: Optional[str], row: Optional[int]) -> str:
    """``file[sheet]:row`` as every format shows a location."""
    return source + (f"[{sheet}]" if sheet else "") + (f":{row}" if row else "")


def target_name(r: MeetingReport, target_id: str, lang: str) -> str:
    found = next((x for x in r.targets if x.id == target_id), None)
    return found.name.get(lang) if found else target_id


def department_heading(name: str, en: str, lang: str) -> str:
    """Names stay as the opinion writes them; English adds the English name."""
    return name if lang == "zh" else f"{name} ({en})"


def gets_page(r: MeetingReport, p: DepartmentPage) -> bool:
    """A department has a page of its own when it has something outstanding beyond having sent
    nothing, or was asked for with --department; those that sent nothing share one table, the
    others with nothing outstanding one line."""
    if r.departments_chosen:
        return True
    return p.outstanding and not only_silent(p)


def only_silent(p: DepartmentPage) -> bool:
    """Sent nothing at all, and so has nothing but the tasks it owes a report on."""
    return p.sent_nothing and not (p.overdue or p.due_soon or p.findings)


@dataclass(frozen=True)
class DepartmentPages:
    pages: list[tuple[str, DepartmentPage]]  # (heading, page), most urgent first
    silent: list[tuple[str, DepartmentPage]]  # sent nothing: one table, a row each
    quiet: list[str]  # nothing outstanding: one line


def department_pages(r: MeetingReport, lang: str) -> DepartmentPages:
    """The departments as the report lays them out, in the order of the report's pages (most
    urgent first)."""
    out = DepartmentPages([], [], [])
    for p in r.department_pages:
        heading = department_heading(p.name, p.en, lang)
        if gets_page(r, p):
            out.pages.append((heading, p))
        elif p.outstanding:
            out.silent.append((heading, p))
        else:
            out.quiet.append(heading)
    return out


def silent_row(heading: str, p: DepartmentPage, lang: str) -> list[str]:
    return [heading, ("、" if lang == "zh" else ", ").join(
        str(n) for n in [*p.silent_tasks, *p.untasked_tasks])]


def share_text(r: MeetingReport, p: DepartmentPage, t: Labels, lang: str) -> str:
    """A department's rows counted toward each target: the targets it counted toward, or
    "none" (a line of zeros says nothing)."""
    parts = [f"{target_name(r, k, lang)} {v}" for k, v in p.share.items() if v]
    return t("list_sep").join(parts) or t("report.none")


def figure(x: TargetResult, t: Labels) -> str:
    """Achieved against required: ``9 / 10``; with rows dated after the deadline, those
    apart (``2 项按期 + 1 项逾期完成 / 目标 3``), not a bare 2/3 beside "met late"."""
    if x.late:
        return t("report.figure_late", done=x.achieved, late=x.late, required=x.required)
    return f"{x.achieved} / {x.required}"


def target_row(x: TargetResult, t: Labels, lang: str) -> list[str]:
    """The summary line of a target: name, achieved / required, gap, state and light,
    expected by now, the pace needed and the projected date."""
    return [x.name.get(lang), figure(x, t), str(x.gap),
            f"{t.enum('state', x.state)} · {t.enum('light', x.light)}",
            f"{x.expected_by_now:g}",
            "" if x.rate_needed is None else f"{x.rate_needed:g}",
            t("projected_never") if x.projected_never
            else "" if x.projected is None else x.projected.isoformat()]


# What each column of a table holds, for its width: ``atom`` a date, a standard number or an
# id, ``num`` a number (neither may break inside), ``short`` a word or two (a light, a
# severity: kept on one line), ``loc`` a file and row, ``text`` text that wraps, ``wide``
# text that wraps and wants room (a message, how to fix it).
TARGET_KINDS = ["text", "text", "num", "short", "num", "num", "atom"]
TASK_KINDS = ["num", "text", "text", "num", "text", "num", "short"]
ITEM_KINDS = ["loc", "text", "text", "atom", "num"]
FINDING_KINDS = ["loc", "short", "short", "short", "wide", "wide"]
CHANGE_KINDS = ["loc", "text", "text", "atom", "atom"]
COUNTED_KINDS = ["loc", "text", "atom", "atom", "text"]
NOT_COUNTED_KINDS = ["loc", "text", "short", "wide"]
OTHER_KINDS = ["loc", "text", "short", "short", "text", "atom"]
FILE_KINDS = ["text", "num", "num", "num", "num", "short"]
MOVE_KINDS = ["text", "num", "num"]
SILENT_KINDS = ["short", "text"]


def target_columns(t: Labels) -> list[str]:
    return [t("target"), f"{t('report.achieved')} / {t('report.required')}", t("report.gap"),
            t("state"), t("expected"), t("report.pace_needed"), t("report.projected")]


def silent_text(x: TaskResult, t: Labels) -> str:
    """Who has not reported on a task: every department for an every-department task nobody
    reported on, else the silent ones and those that reported without a task column."""
    if x.nobody_reported:
        return t.enum("all_departments", t.level)
    return "、".join([*x.silent_departments,
                     *(d + t("untasked") for d in x.untasked_departments)])


def departments_cell(x: TaskResult, t: Labels) -> str:
    """A task's departments in a report table: the names, else the words for every department,
    or for the units below when only they implement it (各乡镇人民政府)."""
    if x.departments:
        return "、".join(x.departments)
    return t.enum("towns_implement" if x.towns_implement and not x.all_departments
                  else "all_departments", t.level)


def task_row(x: TaskResult, t: Labels, lang: str) -> list[str]:
    return [str(x.number), x.title.get(lang), departments_cell(x, t),
            str(x.entries), silent_text(x, t) or "—", str(x.overdue or ""),
            t.enum("light", x.light)]


def task_columns(t: Labels) -> list[str]:
    return ["#", t("title"), t("departments"), t("entries"), t("silent"), t("overdue"),
            t("light")]


def item_row(i: Item, days: Optional[int]) -> list[str]:
    return [where(i.source, i.sheet, i.row), i.title + (f"（{i.stage}）" if i.stage else ""),
            i.department or "", str(i.due), "" if days is None else str(days)]


def item_columns(t: Labels, days_label: str) -> list[str]:
    return [t("location"), t("title"), t("department"), t("due"), t(days_label)]


def finding_row(f: Finding, t: Labels, lang: str) -> list[str]:
    """A finding as a paper shows it: the catalogue's title of its code (a reader does not
    know the codes; the JSON keeps them), and no command-line option in what it says."""
    entry = CODES.get(f.code)
    return [where(f.source, f.sheet, f.line), f.field or "",
            entry.title.get(lang) if entry else f.code, t.enum("severity", f.severity),
            for_paper(f.text(lang)), for_paper(entry.help.get(lang)) if entry else ""]


def finding_columns(t: Labels) -> list[str]:
    return [t("location"), t("column"), t("report.problem"), t("severity"), t("message"),
            t("report.fix")]


_CLAUSE = re.compile(r"[^，；。,;.!?]*(?:[，；。,;!?]|\.(?=\s|$)|$)")
_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def for_paper(text: str) -> str:
    """``text`` without the clauses that tell how to run the command (``或用更晚的 --as-of
    运行``, ``pass --encoding gb18030``): the people at a meeting do not run it. A text that is
    all such clauses stays as it is."""
    if "--" not in text or _OPTION.search(text) is None:
        return text
    clauses = [c for c in _CLAUSE.findall(text) if c]
    kept = [c for c in clauses if _OPTION.search(c) is None]
    if not kept:
        return text
    out = "".join(kept).strip()
    out = re.sub(r"^(或|or )", "", out).strip()
    if out and out[-1] in "，,；;":  # the clause that ended the sentence was dropped
        out = out[:-1] + ("。" if re.search(r"[\u4e00-\u9fff]", out) else ".")
    return out


def file_names(r: MeetingReport) -> list[str]:
    """The files read as page one names them: each by its name, with as much of its folder as
    tells two files of one name apart (2025/区科技局/台账.xlsx and 2024/区科技局/台账.xlsx)."""
    paths = [PurePath(f.source) for f in r.files]
    depth = 1
    names = [p.name for p in paths]
    while len(set(names)) < len(names) and depth < 8:
        depth += 1
        names = ["/".join(p.parts[-depth:]) for p in paths]
    return [where(name, f.sheet, None) for name, f in zip(names, r.files, strict=True)]


def overview(r: MeetingReport, t: Labels, lang: str) -> str:
    """The paragraph a bureau's paper opens with (总体情况): how many targets are met and how
    many red, the overdue items (how many, the longest overdue), those due soon, and the
    departments that sent nothing."""
    s = r.summary
    date = (f"{r.as_of.year}年{r.as_of.month}月{r.as_of.day}日" if lang == "zh"
            else r.as_of.isoformat())
    out = t("report.overview", date=date, total=s.targets_total, met=s.targets_met,
            red=s.targets_red)
    # oldest deadline first: the first is the longest overdue (an item is made when looked at)
    worst = r.overdue[0] if r.overdue else None
    if worst is None:
        out += t("report.overview_no_overdue")
    else:
        # "of 区科技局" in English; a row naming no department names none
        who = worst.department or ""
        if who and lang != "zh":
            who = f" of {who}"
        out += t("report.overview_overdue", n=s.overdue, who=who, title=worst.title,
                 days=worst.days_overdue)
    if s.due_soon:
        out += t("report.overview_soon", n=s.due_soon, days=r.due_soon_days)
    silent = [d.name for d in r.departments if d.sent_nothing]
    if silent:
        out += t("report.overview_silent", n=len(silent), names="、".join(silent))
    elif r.departments:
        out += t("report.overview_all_sent")
    return out.strip()


def open_total(r: MeetingReport, t: Labels) -> str:
    return t("report.open_total", overdue=r.summary.overdue, soon=r.summary.due_soon,
             days=r.due_soon_days)


def colophon(r: MeetingReport, t: Labels) -> str:
    """When and by what the report was made: the last line of the paper."""
    return (f"{t('report.generated')}{t('colon')}{r.generated_at.isoformat(sep=' ')}"
            f"{t('list_sep')}{t('report.by')}{t('colon')}stdcheck {r.tool_version}")


def sources_line(r: MeetingReport, t: Labels) -> str:
    s = r.summary
    return t("report.sources_line", files=s.files, rows=s.rows_read, used=s.rows_used,
             counted=sum(f.counted for f in r.files), findings=s.errors + s.warnings)


def previous_line(s: SinceLastMeeting, t: Labels) -> str:
    """What the report compares with: the last meeting's ledgers, and how recent they are."""
    line = t("report.previous", files="、".join(s.previous))
    if s.previous_latest is not None:
        line += t("report.previous_latest", date=s.previous_latest.isoformat())
    return line


def reason(code: str, t: Labels, lang: str) -> str:
    if code == "late":
        return t("report.reason.late")
    entry = CODES.get(code)
    return entry.title.get(lang) if entry else code


def validation_line(r: ValidationReport, t: Labels, counts_only: bool = False) -> str:
    """``validate``'s count line: files checked (and not), errors, warnings, the baseline and
    the verdict; with ``counts_only`` the files and counts alone (the GitHub summary's head
    says the verdict)."""
    s = r.summary
    skipped = sum(1 for f in r.files if f.kind == "skipped" and f.sheet is None)
    sheets = sum(1 for f in r.files if f.kind == "skipped" and f.sheet is not None)
    line = t("validate.checked", files=s.files)
    if skipped and not counts_only:
        line += t("validate.not_checked", n=skipped)
    if sheets and not counts_only:  # a workbook's instructions or hidden sheet: not a file
        line += t("validate.sheets_not_read", n=sheets)
    line += t("validate.counts", errors=s.errors, warnings=s.warnings)
    if s.baselined:
        line += t("validate.baselined", n=s.baselined)
    if counts_only:
        return line
    line += t("validate.failed" if r.fails else "validate.passed")
    if r.strict:
        line += t("validate.strict")
    return line


def other_columns(t: Labels) -> list[str]:
    return [t("location"), t("title"), t("kind"), t("report.row_status"), t("department"),
            t("report.date_or_due")]


def other_labels(t: Labels) -> tuple[dict[EntryKind, str], dict[Status, str]]:
    """The words for each kind and status, looked up once for a table of many rows."""
    return ({k: t.enum("kind", k) for k in EntryKind},
            {s: t.enum("row_status", s) for s in Status})


def other_cells(r: MeetingReport, t: Labels) -> Iterator[list[Any]]:
    """The rows no target counts, as every format lists them: where, title, kind, status,
    department and an open item's deadline, else the row's date (a ``date``, or None), for a
    workbook's cells; :func:`other_rows` is the same as text."""
    kind, status = other_labels(t)
    for o in r.other_rows:
        yield [where(o.source, o.sheet, o.row), o.title, kind[o.kind], status[o.status],
               o.department, o.due if o.due is not None else o.date]


def other_rows(r: MeetingReport, t: Labels) -> Iterator[list[str]]:
    """:func:`other_cells` as text: a date as the ledger wrote it (2025年9月 stays a month)."""
    for *cells, when in other_cells(r, t):
        yield [*(c or "" for c in cells), "" if when is None else str(when)]


def file_columns(t: Labels) -> list[str]:
    return [t("report.file"), t("report.rows_read"), t("report.rows_used"),
            t("report.rows_counted"), t("report.rows_not_data"), t("report.sent_by")]


def file_cells(r: MeetingReport, t: Labels) -> list[list[Any]]:
    """Each file (or sheet) read, with the rows read, used, counted and not data (numbers), as
    status's file line gives them: the report's totals add up from these, and every row of them
    is named in the evidence, the lists, the other rows or the findings."""
    return [[where(f.source, f.sheet, None), f.rows, f.used, f.counted, f.skipped_rows,
             f.sender or ""] if f.readable
            else [where(f.source, f.sheet, None), t("unreadable"), "", "", "", ""]
            for f in r.files]


def file_rows(r: MeetingReport, t: Labels) -> list[list[str]]:
    """:func:`file_cells` as text."""
    return [[str(c) for c in row] for row in file_cells(r, t)]
