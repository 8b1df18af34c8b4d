"""What every document format of the meeting report shares: the order of its sections, their
numbered headings, and the cells of its tables as plain text (before a format escapes them).

Markdown, HTML, Word and Excel each lay these out their own way; keeping the words and the
order here is what makes the formats say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

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

_ZH_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    key: str  # summary, since, departments, tasks, evidence, quality
    heading: str  # numbered: 一、目标完成情况 / 1. Where the targets stand
    anchor: str


def sections(r: MeetingReport, lang: str) -> list[Section]:
    """The report's sections in order; "since the last meeting" only when asked for."""
    t = Labels(lang, r.policy.level)
    keys = ["summary", *(["since"] if r.since_last_meeting else []), "departments", "tasks",
            "evidence", "quality"]
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
    """A department has a page of its own when it has something outstanding, or was asked for
    with --department; the others share one line."""
    return p.outstanding or bool(r.departments_chosen)


def department_pages(r: MeetingReport, lang: str
                     ) -> tuple[list[tuple[str, DepartmentPage]], list[str]]:
    """(heading, page) of each department that gets a page, and the headings of those with
    nothing outstanding, in the registry's order."""
    pages, quiet = [], []
    for p in r.department_pages:
        heading = department_heading(p.name, p.en, lang)
        if gets_page(r, p):
            pages.append((heading, p))
        else:
            quiet.append(heading)
    return pages, quiet


def target_row(x: TargetResult, t: Labels, lang: str) -> list[str]:
    """The summary line of a target: name, achieved / required, gap, state and light,
    expected by now, the pace needed and the projected date."""
    return [x.name.get(lang), f"{x.achieved} / {x.required}", str(x.gap),
            f"{t.enum('state', x.state)} · {t.enum('light', x.light)}",
            f"{x.expected_by_now:g}",
            "" if x.rate_needed is None else f"{x.rate_needed:g}",
            t("projected_never") if x.projected_never
            else "" if x.projected is None else x.projected.isoformat()]


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
            i.department or "", i.due.isoformat(), "" if days is None else str(days)]


def item_columns(t: Labels, days_label: str) -> list[str]:
    return [t("location"), t("title"), t("department"), t("due"), t(days_label)]


def finding_row(f: Finding, t: Labels, lang: str) -> list[str]:
    entry = CODES.get(f.code)
    return [where(f.source, f.sheet, f.line), f.field or "", f.code,
            t.enum("severity", f.severity), f.text(lang), entry.help.get(lang) if entry else ""]


def finding_columns(t: Labels) -> list[str]:
    return [t("location"), t("column"), t("code"), t("severity"), t("message"), t("report.fix")]


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
    skipped = sum(1 for f in r.files if f.kind == "skipped")
    line = t("validate.checked", files=s.files)
    if skipped and not counts_only:
        line += t("validate.not_checked", n=skipped)
    line += t("validate.counts", errors=s.errors, warnings=s.warnings)
    if s.baselined:
        line += t("validate.baselined", n=s.baselined)
    if counts_only:
        return line
    line += t("validate.failed" if r.fails else "validate.passed")
    if r.strict:
        line += t("validate.strict")
    return line
