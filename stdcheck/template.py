"""``stdcheck template``: an empty ledger a department can fill in, that reads back as one.

A CSV template is the header row in UTF-8 with a BOM (so Excel on Chinese Windows opens it
right). An xlsx template adds what keeps rows readable: dropdown lists (data validation) for
kind, status, department and task, date cells formatted and validated as dates with an input
message, a frozen header and column widths, and a 填表说明 sheet with the rules for each column
and the department's tasks. The lists live in a hidden sheet; neither extra sheet has a ledger
header, so the reader names both as not read. XlsxWriter, which writes the meeting report too,
writes it: the template works out of the box.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from .errors import UsageError
from .i18n import KIND_NAMES
from .vocabulary import msg

if TYPE_CHECKING:
    from .schema import PolicyData

ROWS = 500  # rows given dropdowns and date formats
DATE_FORMAT = "yyyy-mm-dd"  # Excel's ISO date format

#: (column, Chinese header, English header, width, rule zh, rule en)
COLUMNS = (
    ("id", "序号", "id", 6, "选填：行的编号。", "Optional: a number for the row."),
    ("kind", "类别", "kind", 12, "必填：从下拉列表选择。", "Required: pick from the list."),
    ("title", "名称", "title", 40, "必填：标准、项目或工作的名称。",
     "Required: the name of the standard, project or activity."),
    ("code", "标准编号", "code", 20, "标准填写编号，如 GB/T 1.1-2020、DB50/T 1234-2023；试点、工作可空。",
     "For a standard its number, e.g. GB/T 1.1-2020; empty for pilots and activities."),
    ("department", "责任单位", "department", 22, "必填：从下拉列表选择，按实施意见的写法。",
     "Required: pick from the list (as the opinion writes it)."),
    ("task", "对应任务", "task", 10, "任务编号（见下表）；可填多个，如 3、13。",
     "The task number (below); several as 3、13."),
    ("status", "状态", "status", 10, "从下拉列表选择；留空时有完成日期即视为已完成。",
     "Pick from the list; empty means done when there is a date."),
    ("date", "完成日期", "date", 13, "已完成的必填：发布、公开、建成或举办的日期。",
     "Required when done: the date it was published, built or held."),
    ("due", "完成时限", "due", 13, "未完成事项的截止日期。", "The deadline of an open item."),
    ("firm", "企业名称", "firm", 20, "企业标准、团体标准无编号时填写起草企业。",
     "For a standard without a number: the firm it is of."),
    ("note", "备注", "note", 30, "选填。", "Optional."),
)
KINDS_ZH = tuple(zh for zh, _ in KIND_NAMES.values())
KINDS_EN = tuple(en for _, en in KIND_NAMES.values())
STATUSES_ZH = ("已完成", "推进中", "计划", "已取消")
STATUSES_EN = ("done", "in_progress", "planned", "cancelled")


def _example_bytes() -> bytes:
    """The example ledger shipped in the wheel (stdcheck/examples), or the checkout's."""
    packaged = resources.files("stdcheck").joinpath("examples").joinpath("ledger.csv")
    if packaged.is_file():
        return packaged.read_bytes()
    return (Path(__file__).resolve().parent.parent / "examples" / "ledger.csv").read_bytes()


def write(out: Path, policy: PolicyData, *, department: Optional[str] = None,
          lang: str = "zh", example: bool = False, force: bool = False) -> None:
    """Write the template (or, with ``example``, the example ledger) to ``out``, atomically;
    an existing file is refused unless ``force``."""
    from .files import cannot_write, write_output
    from .listings import resolve

    suffix = out.suffix.lower()
    # a file there may be a department's ledger; a pipe or a device holds none
    if out.is_file() and not force:
        raise UsageError(msg(f"`{out}` exists; it is not overwritten (a ledger may be in it): "
                             "choose another name, or pass --force",
                             f"`{out}` 已存在，不会覆盖（其中可能是台账）：请换一个文件名，或加 --force"))
    if example:
        if suffix != ".csv":
            raise UsageError(msg("--example writes a CSV; name the file …​.csv",
                                 "--example 写出 CSV 文件；请用 .csv 文件名"))
        data = _example_bytes()
    elif suffix == ".csv":
        data = _csv(lang)
    elif suffix == ".xlsx":
        dept = resolve(policy, department).name if department else None
        data = _xlsx(policy, dept, lang)
    else:
        raise UsageError(msg(f"`{out}`: a template is .xlsx or .csv",
                             f"`{out}`：模板须为 .xlsx 或 .csv 文件"))
    try:
        write_output(out, data)
    except OSError as e:
        raise cannot_write(out, e) from e


def _headers(lang: str) -> list[str]:
    return [c[2] if lang == "en" else c[1] for c in COLUMNS]


def _csv(lang: str) -> bytes:
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(_headers(lang))
    return buf.getvalue().encode("utf-8-sig")


def _letter(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return str(xl_col_to_name(index))


def _xlsx(policy: PolicyData, department: Optional[str], lang: str) -> bytes:
    """The workbook, written with XlsxWriter (a dependency: no extra to install). Every text is
    written as a string, never a formula, whatever it starts with: names and titles come from a
    policy that may itself come from a drafted opinion."""
    import datetime as dt

    from xlsxwriter import Workbook

    en = lang == "en"
    tasks = policy.tasks_of(department) if department else list(policy.tasks)
    departments = [department] if department else [d.name for d in policy.departments]
    departments += [t.name for t in policy.towns] if not department else []

    buf = io.BytesIO()
    book = Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                          "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("Ledger" if en else "台账")
    notes = book.add_worksheet("Instructions" if en else "填表说明")
    lists = book.add_worksheet("lists")
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "align": "center"})
    dates = book.add_format({"num_format": DATE_FORMAT})
    for i, (text, col) in enumerate(zip(_headers(lang), COLUMNS, strict=True)):
        sheet.write_string(0, i, text, head)
        sheet.set_column(i, i, col[3])
    sheet.freeze_panes(1, 0)

    # the lists, in a hidden sheet (an inline list is limited to 255 characters)
    columns = {
        "kind": list(KINDS_EN if en else KINDS_ZH),
        "status": list(STATUSES_EN if en else STATUSES_ZH),
        "department": departments,
        "task": [str(t.number) for t in tasks],
    }
    position = {c[0]: i for i, c in enumerate(COLUMNS)}
    for j, (name, values) in enumerate(columns.items()):
        for k, value in enumerate(values):
            lists.write_string(k, j, value)
        ref = f"=lists!${_letter(j)}$1:${_letter(j)}${max(len(values), 1)}"
        title, prompt = _prompt(name, en, department)
        at = position[name]
        sheet.data_validation(1, at, ROWS, at, {
            "validate": "list", "source": ref, "ignore_blank": True,
            "input_title": title[:32], "input_message": prompt[:255],
            "show_error": name != "task", "error_title": title[:32],
            "error_message": "Pick a value from the list" if en else "请从下拉列表中选择"})
    lists.hide()

    for name in ("date", "due"):
        at = position[name]
        sheet.data_validation(1, at, ROWS, at, {
            "validate": "date", "criteria": ">", "value": dt.date(2000, 1, 1),
            "ignore_blank": True, "input_title": "Date" if en else "日期",
            "input_message": ("A date, e.g. 2025-06-30" if en else "请填写日期，如 2025-06-30"),
            "error_title": "Date" if en else "日期",
            "error_message": ("Write a date such as 2025-06-30" if en
                              else "请填写日期，如 2025-06-30")})
        for row in range(1, ROWS + 1):
            sheet.write_blank(row, at, None, dates)

    _instructions(book, notes, policy, tasks, department, en)
    sheet.activate()
    book.close()
    return buf.getvalue()


def _prompt(name: str, en: bool, department: Optional[str]) -> tuple[str, str]:
    if name == "kind":
        return ("Kind", "Pick the kind") if en else ("类别", "请从下拉列表选择类别")
    if name == "status":
        return (("Status", "Pick the status; empty is done when dated") if en
                else ("状态", "请选择状态；留空时有完成日期即视为已完成"))
    if name == "department":
        if department:
            return (("Department", f"This template is for {department}") if en
                    else ("责任单位", f"本模板供{department}填写"))
        return ("Department", "Pick the department") if en else ("责任单位", "请选择责任单位")
    return (("Task", "The task number (see Instructions)") if en
            else ("对应任务", "任务编号（见填表说明）；多个任务写作 3、13"))


def _instructions(book: Any, ws: Any, policy: PolicyData, tasks: list[Any],
                  department: Optional[str], en: bool) -> None:
    """Rules per column and the tasks, one label and one text per row: never two column names
    in one row, so the sheet cannot be taken for a ledger."""
    title = policy.policy.title.get("en" if en else "zh")
    rows: list[tuple[str, str]] = [
        ("Instructions" if en else "填表说明", title),
        ("Department" if en else "填报部门", department or ("any" if en else "各部门")),
        ("", ""),
        ("Columns" if en else "各列填写要求", ""),
    ]
    rows += [(c[2] if en else c[1], c[5] if en else c[4]) for c in COLUMNS]
    rows += [("", ""), ("Tasks" if en else "对应的任务", "")]
    for t in tasks:
        rows.append((f"{t.number}", f"{t.title.get('en' if en else 'zh')}：{t.summary.get('en' if en else 'zh')}"))
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for r, (label, text) in enumerate(rows):
        ws.write_string(r, 0, label, bold if (label and not text) or r == 0 else None)
        ws.write_string(r, 1, text, wrap)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 100)
