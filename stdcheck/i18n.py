"""Labels in Chinese and English. Data (names, titles) carries its own zh/en text; this holds
only the words the tool itself prints, with the one fallback rule of ``vocabulary.Text``:
English when ``en`` is asked for, Chinese otherwise."""

from __future__ import annotations

import os
import string
from typing import Any

#: What each kind of entry is called (the table every other place takes them from): its
#: Chinese name, as a ledger writes it and the template offers it, and its English name.
KIND_NAMES: dict[str, tuple[str, str]] = {
    "international": ("国际标准", "international"),
    "national": ("国家标准", "national"),
    "industry": ("行业标准", "industry"),
    "local": ("地方标准", "local"),
    "group": ("团体标准", "group"),
    "enterprise": ("企业标准", "enterprise"),
    "pilot": ("试点示范", "pilot"),
    "activity": ("工作进展", "activity"),
}

_LABELS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "targets": ("量化目标", "Counted targets"),
    "goals": ("定性目标（不计数）", "Qualitative goals (not counted)"),
    "target": ("目标", "Target"),
    "kinds": ("计入类别", "Counts"),
    "bound": ("要求", "Required"),
    "window": ("统计区间", "Window"),
    "year": ("年份", "Year"),
    "tasks": ("主要任务", "Tasks"),
    "section": ("部分", "Section"),
    "title": ("名称", "Title"),
    "departments": ("责任单位", "Departments"),
    "department": ("责任单位", "Department"),
    "open_list": ("等", "and others"),
    # the words for every department and for the units below follow the issuer's level
    "all_departments.province": ("省政府各部门", "every provincial department"),
    "all_departments.city": ("市政府各部门", "every city department"),
    "all_departments.district": ("区政府各部门", "every district department"),
    "all_departments.county": ("县政府各部门", "every county department"),
    "towns_implement.province": ("各市（州）落实", "every city and prefecture implements"),
    "towns_implement.city": ("各区县（市）落实", "every district and county implements"),
    "towns_implement.district": ("各镇街落实", "every town and sub-district implements"),
    "towns_implement.county": ("各乡镇（街道）落实", "every township and sub-district implements"),
    "registry": ("部门名录", "Department registry"),
    "name": ("名称", "Name"),
    "full_name": ("全称", "Full name"),
    "aliases": ("简称/别名", "Aliases"),
    "unconfirmed": ("（未核实）", " (unconfirmed)"),
    "no_tasks": ("该部门在实施意见中没有具体任务。", "This department has no task in the opinion."),
    "town_registry": ("镇街名录", "Towns and sub-districts"),
    "town_kind.town": ("镇", "town"),
    "town_kind.subdistrict": ("街道", "subdistrict"),
    "town_of": ("{district}的{kind}", "a {kind} of {district}"),
    "the_district": ("本区", "the district"),
    "implements": ("落实任务 {tasks}", "implements task {tasks}"),
    "no_town_tasks": ("没有由下级单位（镇街）落实的任务。", "No task is implemented by every town."),
    "town_unlisted": ("（该政策未列出镇街名录：凡按镇街写法书写的名称都视为镇街）",
                      "(this policy lists no towns: any name written like a town is taken "
                      "for one)"),
    "colon": ("：", ": "),  # after a label: full width in Chinese, as the Word paper writes it
    "as_of": ("截至", "As of"),
    "files": ("读取文件", "Files read"),
    "file_rows": ("读取 {rows} 行，可用 {used} 行，计入 {counted} 行",
                  "{rows} {rows:row|rows} read, {used} used, {counted} counted"),
    "file_skipped_rows": ("，另有 {n} 行非数据（空行、合计、分节标题）",
                          ", {n} not data (blank rows, totals, headings)"),
    "sent_nothing": ("未报送任何条目的单位", "Sent nothing at all"),
    "roll_call": ("报送情况", "Who has reported"),
    "roll_files": ("文件", "Files"),
    "roll_rows": ("报送条目", "Rows sent"),
    "roll_counted": ("计入", "Counted"),
    "roll_flagged": ("有问题", "Flagged"),
    "roll_latest": ("最近日期", "Latest date"),
    "roll_open": ("未完成事项", "Open items"),
    "share": ("所选部门计入", "Their share"),
    "untasked": ("（已报送，未注明任务）", " (reported, task not given)"),
    "skipped": ("未读取", "Not read"),
    "list_sep": ("；", "; "),
    "unreadable": ("无法读取", "unreadable"),
    "expected": ("按进度应完成", "Expected by now"),
    "progress": ("进度", "Progress"),
    "state": ("状态", "State"),
    "late": ("逾期完成", "Late"),
    "pace": ("进度测算", "Pace"),
    "per_month": ("项/月", "/month"),
    "rate_so_far": ("当前速度", "so far"),
    "rate_needed": ("所需速度", "needed"),
    "projected": ("预计完成", "projected"),
    "projected_never": ("按此速度 9999 年前无法完成", "not before 9999 at this pace"),
    "entries": ("条目", "Entries"),
    "silent": ("未报送单位", "Silent departments"),
    "towns": ("镇街报送", "towns reporting"),
    "light": ("亮灯", "Light"),
    "overdue": ("逾期事项", "Overdue items"),
    "due_soon": ("即将到期", "Due soon"),
    "due": ("时限", "Due"),
    "days_overdue": ("逾期天数", "Days overdue"),
    "days_left": ("剩余天数", "Days left"),
    "problems": ("数据问题", "Problems"),
    "location": ("位置", "Where"),
    "column": ("列", "Column"),
    "code": ("代码", "Code"),
    "message": ("说明", "Message"),
    "counts": ("计入", "Counts"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "more": ("另有 {n} 条未显示，完整列表请用 --format json", "{n} more not shown; use --format json for all"),
    "state.met": ("已完成", "met"),
    "state.on_track": ("进度正常", "on track"),
    "state.behind": ("进度滞后", "behind"),
    "state.overdue": ("逾期未完成", "overdue"),
    "state.met_late": ("逾期后完成", "met late"),
    "light.green": ("绿灯", "green"),
    "light.yellow": ("黄灯", "yellow"),
    "light.red": ("红灯", "red"),
    "numbers": ("标准编号", "Standard numbers"),
    "number_written": ("填写的编号", "As written"),
    "kind": ("类别", "Kind"),
    "number_key": ("规范编号（去重依据）", "Key (for matching)"),
    "number_parts": ("解读", "Reading"),
    "number_unknown": ("无法判断", "unknown"),
    "number_unsure": ("（不确定）", " (not sure)"),
    "number_prefix": ("代号", "prefix"),
    "number_issuer": ("发布地", "issuer"),
    "number_serial": ("顺序号", "serial"),
    "number_no_year": ("无年份", "no year"),
    "number_adopted": ("采用国际标准", "adopts"),
    "number_changes": ("已规范", "normalised"),
    "number_unread": ("无法识别的部分", "could not read"),
    # --- the meeting report ---
    "report.title": ("标准化工作联席会议差距报告", "Gap report for the standardization joint meeting"),
    "report.generated": ("生成时间", "Generated"),
    "report.by": ("生成工具", "By"),
    "report.sources": ("数据来源", "Sources"),
    "report.sources_line": ("{files} 个文件（工作表），读取 {rows} 行，可用 {used} 行，计入 {counted} 行；"
                            "数据问题 {findings} 条",
                            # counts after a colon: no "1 files" whatever the number
                            "files (sheets): {files}; rows read: {rows}, used: {used}, counted: "
                            "{counted}; findings: {findings}"),
    "report.contents": ("目录", "Contents"),
    "report.summary": ("总体情况", "Overview"),
    "report.overview": ("截至{date}，{total} 项量化目标中 {met} 项已完成、{red} 项亮红灯。",
                        "As of {date}, {met} of the {total} counted targets are met and {red} "
                        "{red:is|are} red. "),
    "report.overview_overdue": ("逾期事项 {n} 项，逾期最久的是{who}“{title}”（逾期 {days} 天）。",
                                "{n} {n:item is|items are} overdue, the longest {title}{who} "
                                "({days} days). "),
    "report.overview_no_overdue": ("无逾期事项。", "Nothing is overdue. "),
    "report.overview_soon": ("另有 {n} 项将在 {days} 天内到期。",
                             "{n} more {n:is|are} due within {days} days. "),
    "report.overview_silent": ("{n} 个单位未报送任何台账：{names}。",
                               "{n} {n:department|departments} sent nothing: {names}."),
    "report.overview_all_sent": ("各单位均已报送台账。", "Every department sent a ledger."),
    "report.figure_late": ("{done} 项按期 + {late} 项逾期完成 / 目标 {required}",
                           "{done} on time + {late} late / {required} required"),
    "report.open": ("逾期和即将到期事项", "Overdue and due soon"),
    "report.open_total": ("逾期事项共 {overdue} 项，即将到期（{days} 天内）共 {soon} 项。",
                          "{overdue} overdue {overdue:item|items} in all; {soon} due within "
                          "{days} days."),
    "report.sent_nothing": ("未报送任何台账的单位", "Departments that sent nothing"),
    "report.tasks_owed": ("应报送的任务", "Tasks it is on"),
    "report.problem": ("问题", "Problem"),
    # not 类别 (a ledger's kind column): a report's sheets must not read as a ledger's
    "report.what": ("事项", "What"),
    "report.share_of_target": ("完成率", "Share of the target"),
    "report.count": ("条数", "Count"),
    "report.counted": ("计入", "Counted"),
    "report.not_counted": ("未计入", "Not counted"),
    "report.all_in_annex": ("共 {n} 行，全部见附件“{sheet}”。",
                            "{n} rows, all of them in the annex, sheet {sheet}."),
    "report.annex_line": ("附件：{name}（{rows} 行：{parts}）", "Annex: {name} ({rows} rows: {parts})"),
    "report.annex_part": ("“{sheet}”{n} 行", "{sheet} {n}"),
    "report.in_annex": ("共 {n} 行，以上为前 {shown} 行，全部见附件“{sheet}”。",
                        "{n} rows; the first {shown} are above, all of them in the annex, "
                        "sheet {sheet}."),
    "report.required": ("目标值", "Required"),
    "report.achieved": ("已完成", "Achieved"),
    "report.gap": ("差距", "Gap"),
    "report.pace_needed": ("每月需完成", "Needed per month"),
    "report.projected": ("按当前速度预计完成", "Projected at the current pace"),
    "report.goals": ("定性目标（台账不计量）", "Qualitative goals (not measured by the ledger)"),
    "report.since": ("上次会议以来", "Since the last meeting"),
    "report.since_date": ("自 {date} 以来", "Since {date}"),
    "report.previous": ("与上次会议时的台账比较：{files}", "Compared with the ledgers of the last meeting: {files}"),
    "report.previous_latest": ("（其中最近的日期为 {date}）", " (their latest date: {date})"),
    "report.moves": ("目标进展", "Targets then and now"),
    "report.before": ("上次", "Then"),
    "report.after": ("本次", "Now"),
    "report.added": ("新增条目", "Added"),
    "report.completed": ("新完成", "Completed"),
    "report.newly_overdue": ("新增逾期", "Newly overdue"),
    "report.departments": ("各部门督办事项", "Actions by department"),
    "report.nothing_outstanding": ("无待办事项", "nothing outstanding"),
    "report.silent_tasks": ("未报送的任务", "Tasks with nothing reported"),
    "report.untasked_tasks": ("已报送、未注明任务", "Reported without saying on which task"),
    "report.share": ("计入各目标的条目", "Rows counted toward each target"),
    "report.data_findings": ("所报数据中的问题", "Findings in the data it sent"),
    "report.tasks": ("主要任务", "Tasks"),
    "report.evidence": ("计数依据", "Evidence"),
    "report.counted_rows": ("计入的条目（{n}）", "Rows counted ({n})"),
    "report.not_counted_rows": ("未计入的条目及原因（{n}）", "Rows not counted, and why ({n})"),
    "report.reason": ("原因", "Reason"),
    "report.other_rows": ("其他已读取的条目（{n}）", "Other rows read ({n})"),
    "report.other_rows_note": ("未到期或无时限的未完成事项、活动等不计入目标的类别、已取消的条目：不计入"
                               "目标，也无需改正。",
                               "Open items not yet due or without a deadline, activities and "
                               "other kinds no target counts, cancelled entries: not counted "
                               "toward a target, nothing to fix."),
    "report.other_rows_in_annex": ("逐条见附件，列在计数依据之后。",
                                   " Each is in the annex, after the evidence."),
    "report.row_status": ("状态", "Status"),
    "report.files_read": ("读取的文件（{n}）", "Files read ({n})"),
    "report.file": ("文件", "File"),
    "report.rows_read": ("读取行数", "Rows read"),
    "report.rows_used": ("可用", "Used"),
    "report.rows_counted": ("计入", "Counted"),
    "report.rows_not_data": ("非数据", "Not data"),
    "report.files_note": ("“非数据”为空行、合计行和分节标题行，不计入读取行数。",
                          "Not data: blank rows, totals and section headings, apart from the "
                          "rows read."),
    "report.sent_by": ("报送单位", "Sent by"),
    "report.date_or_due": ("日期或时限", "Date or due"),
    "row_status.planned": ("计划", "planned"),
    "row_status.in_progress": ("进行中", "in progress"),
    "row_status.done": ("已完成", "done"),
    "row_status.cancelled": ("已取消", "cancelled"),
    "report.quality": ("数据质量", "Data quality"),
    "report.fix": ("改正方法", "How to fix"),
    "report.none": ("无", "none"),
    "report.number": ("编号", "Number"),
    "report.date": ("日期", "Date"),
    "report.written_departments": ("台账所填责任单位", "Departments as written"),
    "report.reason.late": ("逾期完成", "late"),
    # validate's count line, in text and the GitHub step summary
    "validate.checked": ("检查了 {files} 个文件", "{files} {files:file|files} checked"),
    "validate.not_checked": ("（{n} 个未检查）", " ({n} not checked)"),
    "validate.sheets_not_read": ("（{n} 个工作表未读取）", " ({n} {n:sheet|sheets} not read)"),
    "validate.counts": ("：{errors} 个错误，{warnings} 个提示",
                        ": {errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}"),
    "validate.baselined": ("，{n} 条已在基线中", ", {n} in the baseline"),
    "validate.passed": ("；通过", "; passed"),
    "validate.failed": ("；不通过", "; failed"),
    "validate.verdict.passed": ("通过", "passed"),
    "validate.verdict.failed": ("不通过", "failed"),
    "validate.strict": ("（--strict）", " (--strict)"),
    "validate.not_listed": ("另有 {n} 条问题未列出（--max-problems）",
                            "{n} more not listed (--max-problems)"),
    # what a draft's review items are about (stdcheck draft: REVIEW.md and the terminal)
    "topic.input": ("输入", "Input"),
    "topic.policy": ("政策信息", "Policy"),
    "topic.target": ("量化目标", "Targets"),
    "topic.goal": ("定性目标", "Goals"),
    "topic.section": ("部分", "Sections"),
    "topic.task": ("任务", "Tasks"),
    "topic.department": ("责任单位", "Departments"),
    "topic.translation": ("英文翻译", "Translation"),
    "severity": ("级别", "Severity"),
    "scope": ("范围", "Scope"),
    "scope.ledger": ("台账行", "ledger row"),
    "scope.file": ("文件", "file"),
    "scope.policy": ("政策数据", "policy data"),
    "example": ("示例", "Example"),
    "codes": ("问题代码", "Finding codes"),
    "explain_hint": ("`stdcheck explain 代码` 显示某个代码的含义和改正方法",
                     "`stdcheck explain CODE` shows what a code means and how to fix it"),
    "severity.error": ("错误", "error"),
    "severity.info": ("说明", "info"),
    "severity.warning": ("提示", "warning"),
    **{f"kind.{kind}": names for kind, names in KIND_NAMES.items()},
    "headline": ("{met}/{total} 项目标已完成，{red} 项红灯，{silent} 个任务有未报送单位，{overdue} 项逾期",
                 "{met}/{total} targets met, {red} red, {silent} {silent:task|tasks} with silent "
                 "departments, {overdue} overdue {overdue:item|items}"),
}


def default_lang() -> str:
    """zh when the locale says Chinese, else en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


class _Plural(string.Formatter):
    """``{n:row|rows}`` in an English label: the word for the number (1 row, 2 rows)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if value == 1 else many
        return str(super().format_field(value, format_spec))


_plural = _Plural()


def fill(label: str, **values: object) -> str:
    """A ``label`` with its ``values``, an English plural word (``{n:row|rows}``) chosen
    for its number; the inbox's words are filled the same way."""
    return _plural.format(label, **values) if "|" in label else label.format(**values)


class Labels:
    """The labels of one language; ``level`` is the policy's level of government, for the
    labels that follow it (``t.enum("all_departments", t.level)``)."""

    def __init__(self, lang: str, level: str = "district"):
        self.lang = lang
        self.level = level
        self._i = 1 if lang == "en" else 0

    def __call__(self, key: str, **values: object) -> str:
        text = _LABELS[key][self._i]
        return fill(text, **values) if values else text

    def enum(self, prefix: str, value: object) -> str:
        raw = getattr(value, "value", value)
        return self(f"{prefix}.{raw}")
