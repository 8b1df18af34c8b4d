"""What the tool says about an input: one ``Finding`` type and one catalogue of codes.

Policy YAML checks, ledger row problems and files that cannot be read all produce ``Finding``s
with a code from :data:`CODES`. The catalogue feeds ``stdcheck explain``, the README table (a
test holds them together), and later SARIF rules and annotation titles: a new check is one
catalogue entry plus the code that emits it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional, Union

from pydantic import BaseModel, ConfigDict

from .vocabulary import Severity, Text, msg

LIMIT = 1000  # findings kept per code and file; the rest are counted in one closing finding


class Finding(BaseModel):
    """One located finding about an input.

    ``line`` is the row of a ledger as a spreadsheet shows it, or the line of a YAML file;
    ``sheet`` the worksheet of a workbook the row is on;
    ``column`` the 1-based column; ``field`` the column's header as the file writes it, or the
    YAML field path (``tasks[3].departments[1]``). ``counts`` says, for a ledger row, whether
    the row still counts.
    """

    model_config = ConfigDict(frozen=True)

    source: str
    sheet: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None
    field: Optional[str] = None
    code: str
    severity: Severity
    message: Text
    counts: Optional[bool] = None

    def where(self) -> str:
        """``file:line:column`` as compilers and editors write it (``file[sheet]:line`` for a
        row of a workbook's sheet)."""
        out = self.source + (f"[{self.sheet}]" if self.sheet else "")
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out

    def text(self, lang: str) -> str:
        return self.message.get(lang)


def finding(source: str, line: Optional[int], field: Optional[str], code: str,
            severity: Severity, message: Text, counts: Optional[bool] = None,
            column: Optional[int] = None, sheet: Optional[str] = None) -> Finding:
    """A finding built without validation: the tool made every value itself."""
    return Finding.model_construct(source=source, sheet=sheet, line=line, column=column,
                                   field=field, code=code, severity=severity, message=message,
                                   counts=counts)


@dataclass(frozen=True)
class Code:
    """A catalogue entry: what a code means and how to fix what it reports."""

    code: str
    severity: Severity  # the usual severity; a finding may carry another (bad-date on `due`)
    scope: str  # "ledger", "file" (a whole file, ledger or policy) or "policy"
    title: Text
    help: Text
    example: Text


def _c(code: str, severity: str, scope: str, title_zh: str, title_en: str, help_zh: str,
       help_en: str, example: Union[str, tuple[str, str]]) -> Code:
    """``example``: cells as a ledger holds them (the same in both languages), or (zh, en)
    where it is said in words."""
    zh, en = (example, example) if isinstance(example, str) else example
    return Code(code, Severity(severity), scope, Text(zh=title_zh, en=title_en),
                Text(zh=help_zh, en=help_en), Text(zh=zh, en=en))


_ENTRIES = (
    # --- ledger rows ---------------------------------------------------------------------
    _c("missing-value", "error", "ledger", "必填单元格为空", "a required cell is empty",
       "类别、名称和责任单位必须填写；该行在补填前不计入。",
       "Kind, title and department must be filled in; the row is not counted until they are.",
       "类别=国家标准, 名称=（空）, 责任单位=区科技局"),
    _c("unknown-kind", "error", "ledger", "类别无法识别", "the kind is not known",
       "类别须为：国际标准、国家标准、行业标准、地方标准、团体标准、企业标准、试点示范、工作进展之一；"
       "改正前该行不计入。",
       "Write one of the entry kinds (国际标准, 国家标准, 行业标准, 地方标准, 团体标准, 企业标准, "
       "试点示范, 工作进展 or their English names); the row is not counted until then.",
       "类别=标准"),
    _c("unknown-status", "error", "ledger", "状态无法识别", "the status is not known",
       "状态须为：计划、推进中、已完成（已发布、已公开）、已取消之一，或留空；改正前该行不计入。",
       "Write one of the statuses (计划 planned, 推进中 in progress, 已完成 done, 已取消 "
       "cancelled) or leave it empty; the row is not counted until then.",
       "状态=差不多了"),
    _c("bad-date", "error", "ledger", "日期无法识别", "a date cannot be read",
       "日期写作 2024-03-05、2024/3/5、2024年3月5日 等形式。完成日期有误时该行不计入；"
       "完成时限有误时该时限不起作用（提示）。",
       "Write dates as 2024-03-05, 2024/3/5, 2024年3月5日 and the like. A wrong completion date "
       "keeps the row out of the count; a wrong deadline is ignored (a warning).",
       "完成日期=2024-02-30"),
    _c("missing-date", "error", "ledger", "已完成事项缺少日期", "a done entry has no date",
       "已完成的事项须填写完成（发布、公开）日期，才能判断是否在目标期限内；补填前不计入。",
       "A done entry needs the date it was achieved to be counted in a target's window; add "
       "the date.",
       "状态=已发布, 完成日期=（空）"),
    _c("future-date", "warning", "ledger", "日期晚于统计截止日", "dated after the as-of date",
       "日期在统计截止日之后，暂不计入。请核对日期是否笔误，或用更晚的 --as-of 运行。",
       "The date is after the as-of date, so the row does not count yet. Check the date for a "
       "typo, or run with a later --as-of.",
       "完成日期=2099-03-01"),
    _c("outside-window", "warning", "ledger", "日期早于目标起算日", "dated before the window",
       "日期早于目标的统计区间，不计入该目标。如日期有误请改正。",
       "The date is before the target's window opens, so it does not count toward it. Correct "
       "the date if it is wrong.",
       "完成日期=2019-05-01"),
    _c("duplicate-entry", "warning", "ledger", "重复报送", "reported again",
       "同一标准（相同编号，无编号时相同类别和名称）已在别处报送，只计一次。请只在一个台账中保留；"
       "如两个部门共同参与，可保留不改。",
       "The same standard (same number; without one, same kind and title) was already "
       "reported; it counts once. Keep it in one ledger, or leave it if two departments share "
       "it.",
       ("GB/T 44019-2024 报送了两行", "GB/T 44019-2024 in two rows")),
    _c("no-number", "warning", "ledger", "同名标准都没有编号", "same title, no numbers",
       "两行类别和名称相同、都没有标准编号，但出自不同企业或部门，按两项标准计。请补填编号：有编号才能"
       "把重复报送的同一标准只计一次。",
       "Two rows of one kind and title have no standard number but come from different firms "
       "or departments, so they count as two standards. Add the numbers: only with them is a "
       "standard reported twice counted once.",
       "企业标准“花椒油”, 两家企业, 无编号"),
    _c("unknown-department", "warning", "ledger", "责任单位无法识别", "the department is not known",
       "责任单位既不是实施意见中的部门，也不是镇街（政策列出镇街名录时，只有名录中的镇街才算，"
       "如火星镇、白纱镇都不算）。请按实施意见的写法填写（`stdcheck departments` 列出全部部门及简称、"
       "镇街）；该行计入目标，但不归入任何部门。",
       "The department is neither one the opinion names nor a town or sub-district (where the "
       "policy lists its towns, only those: 火星镇 or the typo 白纱镇 is not one). Write it as "
       "the opinion does (`stdcheck departments` lists every department and alias, and the "
       "towns); the row counts toward targets but is attributed to no department.",
       "责任单位=区科枝局"),
    _c("unknown-task", "warning", "ledger", "任务编号无法识别", "the task is not known",
       "任务须为实施意见的任务编号（如 1 至 19）；该行计入目标，但不归入任何任务。",
       "The task must be a task number of the opinion (1 to 19 for Jiangjin); the row counts "
       "toward targets but belongs to no task.",
       "对应任务=25"),
    _c("code-kind-conflict", "error", "ledger", "编号属于另一类别", "the number is of another kind",
       "标准编号明确属于另一类别（如地方标准 DB50/T … 填成了国家标准，或 DB/T 地震行业标准填成了地方"
       "标准）。改正前该行不计入任何目标：请改正类别或编号。",
       "The number unambiguously belongs to another kind (a DB50/T local standard filed as "
       "national, an earthquake-industry DB/T filed as local). The row counts toward no target "
       "until the kind or the number is fixed.",
       "类别=国家标准, 编号=DB50/T 1800-2025"),
    _c("code-unreadable", "warning", "ledger", "编号无法识别", "the number cannot be read",
       "标准编号有一部分无法识别（消息中指出是哪一部分）。请按 GB/T 1.1-2020 这样的写法核对；该行仍计入。",
       "Part of the standard number cannot be read (the message names it). Check it against "
       "the usual form, e.g. GB/T 1.1-2020; the row still counts.",
       "编号=GB/T 1-2020 附录"),
    _c("code-other-province", "warning", "ledger", "外省地方标准", "another province's local standard",
       "地方标准编号属于其他省市（如重庆为 DB50）。如本部门确实参与制定可保留，否则请改正编号；该行仍计入。",
       "The local standard is another province's (Chongqing's are DB50). Keep it if the "
       "department took part in it, otherwise correct the number; the row still counts.",
       "编号=DB44/T 1-2020"),
    _c("code-no-year", "warning", "ledger", "编号缺少年份", "the number has no year",
       "标准编号没有年份，而同一标准有多个版本；请写明年份（如 GB/T 4208-2017）。没有年份的行不会与"
       "带年份的同号标准合并去重。该行仍计入。",
       "The number has no year, and one standard has several editions; add the year (GB/T "
       "4208-2017). A row without a year is not merged with the same number with a year. The "
       "row still counts.",
       "编号=GB/T 4208"),
    _c("code-normalised", "info", "ledger", "编号已规范化", "the number was normalised",
       "仅在使用 --show-normalised 时显示：标准编号的写法（下划线、全角字符、连写等）已按规范形式读取，"
       "无需改正；如需统一台账写法，可按所示规范编号修改。",
       "Shown only with --show-normalised: the number was written another way (underscores, "
       "full-width characters, run together) and read in its usual form. Nothing to fix; "
       "write it as shown to keep ledgers uniform.",
       "编号=GB_T_38635.1_2020"),
    _c("long-cell", "warning", "ledger", "单元格过长", "a cell is too long",
       "单元格超过 10000 个字符，只保留前 10000 个。长文字请另附文件。类别、责任单位、日期、状态、"
       "任务和标准编号单元格超过该列值的最大长度（50–200 个字符）时，先截断再识别。",
       "A cell over 10,000 characters is cut to its first 10,000. Put long text in a separate "
       "document. A kind, department, date, status, task or number cell longer than any value of "
       "its column (50–200 characters) is cut before it is read.",
       "备注=（一整篇报告）"),
    _c("total-word-row", "warning", "ledger", "以“合计”开头的台账行", "a ledger row starts with a total word",
       "一行的第一个单元格是“合计”“小计”“总计”或 Total，但该行填有类别、名称和责任单位：它按台账行读取"
       "并计入（合计行没有类别）。如果确是合计行，请清空其类别；否则请把该单元格改为序号。",
       "The first cell of a row says 合计, 小计, 总计 or Total, but the row has a kind, a name and "
       "a department: it is read and counted as a ledger row (a total has no kind). If it is a "
       "total, clear its kind; otherwise write the row's number there.",
       "序号=合计, 类别=国家标准, 名称=…, 责任单位=区科技局"),
    _c("error-cell", "error", "ledger", "单元格是错误值", "a cell holds a spreadsheet error",
       "单元格显示 #DIV/0!、#N/A、#REF!、#VALUE! 等错误值，说明其中的公式出错。请修正公式或直接填写数值。"
       "出现在类别、名称、责任单位或完成日期列时该行不计入；出现在其他列时按空白处理（提示）。",
       "The cell shows #DIV/0!, #N/A, #REF!, #VALUE! or another error value: its formula "
       "failed. Fix the formula or type the value. In the kind, title, department or date "
       "column the row is not counted; elsewhere the cell is read as empty (a warning).",
       "完成日期=#REF!"),
    _c("no-task-column", "warning", "ledger", "缺少任务列", "no task column",
       "台账没有“任务”列：各行照常计入目标，但无法知道对应哪项任务，其责任单位在各项任务中显示为"
       "“已报送、未注明任务”，而不是未报送。请增加“任务”列并填写任务编号。",
       "The ledger has no task column: its rows count toward targets, but not which task they "
       "serve, so its departments show as \"reported, task not given\" on their tasks rather "
       "than silent. Add a 任务 column with the task numbers.",
       "序号, 类别, 名称, 责任单位, 完成日期"),
    _c("duplicate-column", "warning", "ledger", "列名重复", "two columns of one kind",
       "两个表头指向同一列（如“发布日期”和“完成日期”），只使用第一个。请改名或删除其中一列。",
       "Two headers name the same column (发布日期 and 完成日期); the first is used. Rename or "
       "delete one of them.",
       "发布日期 | 完成日期"),
    _c("blank-row", "warning", "ledger", "数据中间有空行", "a blank row between rows of data",
       "仅 `stdcheck validate` 检查：表头以下、最后一行数据之前有空行。筛选、排序和求和常在空行处"
       "中断，后面的行容易被漏掉。请删除空行（表格末尾的空行不算）。",
       "Checked by `stdcheck validate` only: a blank row below the header and above the last "
       "row of data. Filters, sorting and sums often stop at a blank row, so the rows below it "
       "get missed. Delete it (blank rows after the table are fine).",
       ("第 5 行空白，第 6 行起仍有数据", "row 5 blank, data again from row 6")),
    _c("due-before-date", "warning", "ledger", "完成时限早于完成日期", "the deadline is before the date",
       "仅 `stdcheck validate` 检查：完成时限早于完成日期，其中一个日期很可能填错了（年份、月日颠倒）。"
       "如确系逾期完成可保留；该行仍计入。",
       "Checked by `stdcheck validate` only: the deadline is before the completion date, so one "
       "of the two is probably mistyped (the year, or month and day swapped). Leave it if the "
       "item really was finished late; the row still counts.",
       "完成日期=2025-06-30, 完成时限=2024-06-30"),
    _c("no-due-dates", "warning", "ledger", "未完成事项都没有时限", "no open item has a deadline",
       "台账中有未完成事项（计划、进行中），但没有一项填写了完成时限或计划日期，因此无法判断哪些已逾期。"
       "请增加“完成时限”列，或在日期列填写未完成事项的计划完成日期（未完成事项的日期即视为时限）。",
       "The ledger has open items (planned, in progress), but none has a deadline or a planned "
       "date, so whether any is overdue cannot be judged. Add a 完成时限 (deadline) column, or "
       "write each open item's planned date in its date column (an open item's date is its "
       "deadline).",
       ("状态=进行中, 完成时间=（空）, 无完成时限列",
        "状态=进行中, 完成时间=(empty), no 完成时限 column")),
    # --- whole files (ledgers and policy files) ----------------------------------------------
    _c("no-such-file", "error", "file", "文件不存在", "no such file",
       "找不到该文件或文件夹，或台账文件夹中的链接指向不存在的位置（文件夹已移走、网络盘未连接）。"
       "请检查路径（含空格或中文的路径请加引号），或连接链接所指的位置。",
       "The file or folder does not exist, or a link in a ledger folder leads to one that is not "
       "there (a folder moved, a network drive not connected). Check the path (quote one with "
       "spaces), or connect what the link leads to.",
       "stdcheck status 台帐.xlsx"),
    _c("empty-file", "error", "file", "空文件", "the file is empty",
       "文件是空的（0 字节，或只有空白）。请重新导出或报送。",
       "The file is empty (0 bytes, or only blanks). Export or send it again.",
       ("0 字节的 ledger.csv", "ledger.csv of 0 bytes")),
    _c("too-large", "error", "file", "文件超出限制", "the file is over a limit",
       "文件大小、列数、行数或解压后的大小超过上限。请按年度或部门拆分，删除表格外的零散单元格，"
       "或另存为 CSV。",
       "The file's size, columns, rows or unpacked size is over a limit. Split it by year or "
       "department, delete stray cells outside the table, or save it as CSV.",
       ("XFD 列有值的工作表", "a sheet with a value in column XFD")),
    _c("wrong-format", "error", "file", "文件格式与扩展名不符", "not what its name says",
       "文件内容与扩展名不符（如改了扩展名的网页或压缩包），或不是可读取的格式。请按实际内容改扩展名，"
       "或用 Excel/WPS 另存为 .xlsx 或 CSV。",
       "The content is not what the suffix says (a web page or archive renamed), or not a "
       "format that can be read. Rename it to what it is, or save it again as .xlsx or CSV.",
       ("实为网页导出的 台账.xls", "台账.xls that is an HTML export")),
    _c("bad-encoding", "error", "file", "文字编码无法识别", "the text encoding cannot be read",
       "文本既不是 UTF-8 也不是 GB18030。请用 Excel 或 WPS 另存为“CSV UTF-8”，或用 --encoding "
       "指定编码。",
       "The text is neither UTF-8 nor GB18030. Save it from Excel or WPS as “CSV UTF-8”, or "
       "pass the right --encoding.",
       "a Big5 CSV"),
    _c("bad-csv", "error", "file", "CSV 格式错误", "the CSV is malformed",
       "CSV 无法按行读取，常见原因是某个单元格的引号（\"）没有闭合。找到该行改正后重新保存。",
       "The CSV cannot be read row by row, most often because a quote (\") opens a cell and is "
       "never closed. Fix that line and save again.",
       '6,"企标6,...'),
    _c("no-header", "error", "file", "找不到表头", "no header row",
       "前 30 行中没有一行能识别出至少两个列名（类别、名称、责任单位等）。请补充或修改表头。",
       "None of the first 30 rows names at least two known columns (类别, 名称, 责任单位, …). "
       "Add or rename the headers.",
       ("表头为 A、B、C 的工作表", "a sheet whose headers are A, B, C")),
    _c("missing-column", "error", "file", "缺少必需列", "a required column is missing",
       "台账必须有类别、名称、责任单位三列。请补充该列，或把表头改为可识别的列名（见 README 的"
       "“台账”一节）。",
       "A ledger needs the kind, title and department columns. Add the column, or rename its "
       "header to an accepted name (README, Ledgers).",
       ("没有“责任单位”列的表头", "a header without 责任单位")),
    _c("no-sheet", "error", "file", "找不到工作表", "no such sheet",
       "工作簿中没有指定的工作表。请用 --sheet 指定存在的工作表名称。",
       "The workbook has no sheet of that name. Pass an existing sheet name with --sheet.",
       "--sheet 2026年"),
    _c("unreadable-file", "error", "file", "文件无法读取", "the file cannot be read",
       "文件无法打开或在读取中途出错（权限、损坏、读取时被改动），或台账文件夹中的某个文件夹无法"
       "打开（权限）。使用 --keep-going 时，其余文件照常统计，此文件未计入或只计入出错前的行，"
       "无法打开的文件夹中的文件均未读取。请修复后重新报送（文件夹：请开通打开它的权限）。",
       "The file cannot be opened, or broke part-way (permissions, damage, changed while "
       "read), or a folder in a ledger folder cannot be opened (permissions). With --keep-going "
       "the other files are evaluated and this one counts not at all, or only up to the break; "
       "of a folder that cannot be opened, no file is read. Fix it and send it again (a "
       "folder: get the right to open it).",
       ("没有读取权限的文件", "a file without read permission")),
    # --- policy YAML ---------------------------------------------------------------------
    _c("yaml-syntax", "error", "policy", "YAML 语法错误", "YAML syntax error",
       "检查该行及上一行的缩进、冒号和引号。",
       "Check indentation, colons and quotes on this line and the one before.",
       "title:\n  zh: 江津\n en: Jiangjin"),
    _c("yaml-value", "error", "policy", "YAML 取值有歧义", "an ambiguous YAML value",
       "YAML 1.1 会把 010 读作八进制、把 no/yes/on/off 读作是非、把 2025-02-30 读作日期；"
       "标签（!!python/…）不允许。数字写成不带前导零的十进制，文字请加引号，日期写真实日期。",
       "YAML 1.1 reads 010 as octal, no/yes/on/off as booleans and 2025-02-30 as a date; tags "
       "(!!python/…) are not allowed. Write plain decimal numbers, quote text, write real "
       "dates.",
       "value: 010"),
    _c("yaml-too-large", "error", "policy", "YAML 展开过大", "the YAML expands too far",
       "文件通过别名（*name）重复展开成过多的值，或嵌套过深。政策文件很小，请把值直接写出。",
       "The file expands through aliases (*name) into too many values, or nests too deep. A "
       "policy file is small: write the values out.",
       "a: &a [*a]"),
    _c("duplicate-key", "error", "policy", "键重复", "a key is repeated",
       "同一层级出现两次相同的键，YAML 会静默保留后一个。删除或改名其中一个。",
       "A key appears twice at one level; YAML would silently keep the last one. Remove or "
       "rename one.",
       "id: a\nid: b"),
    _c("unknown-key", "error", "policy", "未知的键", "an unknown key",
       "该键不属于此处的结构（常见于拼写错误）。按提示改正，或用 `stdcheck schema` 查看结构。",
       "The key is not part of the shape here (usually a typo). Correct it as suggested; "
       "`stdcheck schema` gives the shape.",
       "tittle: …"),
    _c("missing-key", "error", "policy", "缺少必需的键", "a required key is missing",
       "此处必须有该键。补上它；`stdcheck schema` 给出每个文件的结构。",
       "The key is required here. Add it; `stdcheck schema` gives each file's shape.",
       ("缺少 bound 的目标", "a target without bound")),
    _c("wrong-type", "error", "policy", "值的类型不对", "a value of the wrong type",
       "此处需要另一种类型的值（文字、数字、日期、列表）。按提示改写，文字被读成是非值时请加引号。",
       "A value of another type is meant here (text, number, date, list). Rewrite it as the "
       "message says; quote text that YAML reads as yes/no.",
       "value: \"50\""),
    _c("invalid-value", "error", "policy", "值不符合要求", "a value breaks a rule",
       "值不符合该字段的规则（如标识只能用小写字母、数字和连字符，统计区间须先开始后结束）。",
       "The value breaks the field's rule (ids use lower-case letters, digits and hyphens; a "
       "window ends after it starts).",
       "id: Local_Standards"),
    _c("duplicate-id", "error", "policy", "标识重复", "an id is used twice",
       "目标、目标说明、部分、任务、部门的标识和编号须唯一。改正其中一个。",
       "Ids and numbers of targets, goals, sections, tasks and departments must be unique. "
       "Change one of them.",
       ("两个任务都编号为 3", "two tasks numbered 3")),
    _c("alias-clash", "error", "policy", "名称指向多个部门", "a name belongs to two departments",
       "一个简称或别名（按规范化比较：繁简、全半角、空格不计）同时指向两个部门，读台账时会无法归属。"
       "从其中一个部门删去它。",
       "An alias (compared normalised: traditional/simplified, width and spaces ignored) names "
       "two departments, so ledger rows with it could not be attributed. Remove it from one "
       "of them.",
       ("区教委的别名写了 區科技局", "区教委 given the alias 區科技局")),
    _c("unknown-reference", "error", "policy", "引用不存在", "a reference to nothing",
       "任务引用了未定义的部分，或未登记的部门。改为已定义的名称，或先在 departments.yaml 中登记。",
       "A task refers to a section that is not defined, or a department that is not in the "
       "registry. Use a defined name, or add it to departments.yaml first.",
       "departments: [区科枝局]"),
    _c("empty-policy", "warning", "policy", "既没有量化目标也没有任务",
       "no counted target and no task",
       "政策数据中没有量化目标（targets.yaml 的 targets），也没有任务（tasks.yaml 的 tasks），"
       "status 和 report 无从统计。请补上量化目标或任务；若是 stdcheck draft 的草稿，请看其 "
       "REVIEW.md：原文可能不是实施意见，或其写法未被识别。",
       "The policy has no counted target (targets in targets.yaml) and no task (tasks in "
       "tasks.yaml), so status and report have nothing to count. Add targets or tasks; for a "
       "draft of stdcheck draft, read its REVIEW.md: the text may not be an implementation "
       "opinion, or its way of writing was not recognised.",
       ("targets: []（tasks.yaml 中也是 tasks: []）",
        "targets: []  (and tasks: [] in tasks.yaml)")),
)

CODES: dict[str, Code] = {c.code: c for c in _ENTRIES}


class FindingLog:
    """Every finding counted, the first ``limit`` of each code in each file kept.

    A hostile or badly exported file can produce a finding on each of a million rows; keeping
    them all would exhaust memory and bury the report. Past the limit the rest are counted and
    summed up in one closing finding, so nothing is dropped silently.
    """

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._kept: list[Finding] = []
        self._seen: Counter[tuple[str, str]] = Counter()
        self._severity: dict[tuple[str, str], Severity] = {}
        self.by_severity: Counter[Severity] = Counter()

    def add(self, source: str, line: Optional[int], field: Optional[str], code: str,
            severity: Severity, message: Text, counts: Optional[bool] = None,
            column: Optional[int] = None, sheet: Optional[str] = None) -> None:
        key = (source, code)
        self._seen[key] += 1
        self.by_severity[severity] += 1
        if self._seen[key] <= self.limit:
            self._kept.append(finding(source, line, field, code, severity, message, counts,
                                      column, sheet))
        else:
            self._severity[key] = severity

    def extend(self, findings: list[Finding]) -> None:
        for f in findings:
            self.add(f.source, f.line, f.field, f.code, f.severity, f.message, f.counts,
                     f.column, f.sheet)

    def __len__(self) -> int:
        return sum(self._seen.values())

    def count(self, code: str) -> int:
        return sum(n for (_, c), n in self._seen.items() if c == code)

    def all(self) -> list[Finding]:
        """Kept findings in file and line order, then one summary per code that overflowed.

        A row's findings agree on whether it counts: a warning the reader gave a row that a
        later finding keeps out (a number it could not read, then no date; a misspelt
        department, then a date past the window) says "not counted" too, as the row is."""
        out = sorted(self._kept, key=lambda f: (f.source, f.sheet or "", f.line or 0))
        out_rows = {(f.source, f.sheet, f.line) for f in out
                    if f.counts is False and f.line is not None}
        if out_rows:
            out = [f.model_copy(update={"counts": False})
                   if f.counts and (f.source, f.sheet, f.line) in out_rows else f for f in out]
        for (source, code), n in self._seen.items():
            if n > self.limit:
                more = n - self.limit
                out.append(finding(source, None, None, code, self._severity[(source, code)],
                                   msg(f"{more} more `{code}` findings in this file are not "
                                       f"listed (only the first {self.limit} are); fix those "
                                       "first and run again",
                                       f"本文件另有 {more} 条 {code} 问题未列出（只列出前 "
                                       f"{self.limit} 条）；请先改正已列出的问题，再重新运行")))
        return out
