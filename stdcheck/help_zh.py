"""The command line's help in Chinese: every help text of every command and option, keyed by its
English text, and the words of the command-line framework (用法, 选项, its error messages).

``stdcheck --lang zh --help`` (or a Chinese locale) shows these; a test holds the catalogue to
the commands, so a help text added in English without its Chinese fails the suite.
"""

from __future__ import annotations

import re

HELP: dict[str, str] = {
    "Where a district stands against the targets of its standardization policy.\n\nExit codes: "
    "0 success, 1 findings (with --fail-on), 2 usage or input error.":
        "区县贯彻标准化政策的目标完成情况。\n\n退出码：0 成功，1 有问题（配合 --fail-on），2 用法或输入错误。",
    "Folder with targets.yaml, tasks.yaml, departments.yaml of another policy (default: the "
    "embedded Jiangjin opinion).":
        "另一政策的 targets.yaml、tasks.yaml、departments.yaml 所在文件夹（默认：内置的江津区实施意见）。",
    "Language of labels and messages (default: from the locale).":
        "标签和消息的语言（默认：按系统区域设置）。",
    "Show the version and exit.": "显示版本号并退出。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.":
        "显示当前 shell 的命令补全脚本，以便复制或自定义安装。",
    "The goals of the policy: counted targets with their bounds and windows, and the\n"
    "qualitative goals.": "政策目标：量化目标及其要求和统计区间，以及定性目标。",
    "Output format.": "输出格式。",
    "The tasks of the opinion with their responsible departments.": "实施意见的主要任务及责任单位。",
    "Only the tasks of this department (any alias).": "只列出该部门的任务（可用任一简称）。",
    "Only the tasks of this section.": "只列出该部分的任务。",
    "The department registry and the towns; with a NAME, that department (or town) and its\n"
    "tasks.": "部门名录和镇街名录；给出名称时，显示该部门（或镇街）及其任务。",
    "A department (canonical name, alias, full name, traditional characters or a copy from the "
    "garbled web page) or a town (白沙镇): show its tasks.":
        "部门（规范名称、简称、全称、繁体或从网页复制的文字）或镇街（如白沙镇）：显示其任务。",
    "What a finding code means, how to fix what it reports, and an example.":
        "问题代码的含义、改正方法和示例。",
    "A finding code, e.g. missing-column (default: list them all).":
        "问题代码，如 missing-column（默认：列出全部）。",
    "What a standard number is — kind, issuer, serial, year, and the key rows are matched by —\n"
    "to check a number before it goes into a ledger.":
        "解读标准编号：类别、发布地、顺序号、年份及去重用的规范编号，供填报台账前核对。",
    "Standard numbers as written, e.g. 'GB/T 1.1-2020' or DB50_T1846-2025.":
        "按原样填写的标准编号，如 'GB/T 1.1-2020' 或 DB50_T1846-2025。",
    "JSON Schema of the data files (targets.yaml, tasks.yaml, departments.yaml), for editors\n"
    "and CI. Printed as one JSON object keyed by file name, or one file each with --out-dir.":
        "数据文件（targets.yaml、tasks.yaml、departments.yaml）的 JSON Schema，供编辑器和持续集成使用。"
        "默认输出一个以文件名为键的 JSON 对象；用 --out-dir 时每个文件各写一个。",
    "Write to this file (atomically) instead of standard output.": "写入该文件（原子写入），而不是标准输出。",
    "Write one schema per data file (targets.schema.json, tasks.schema.json, "
    "departments.schema.json) into this folder, for editors and check-jsonschema.":
        "在该文件夹中为每个数据文件写一个 schema（targets.schema.json、tasks.schema.json、"
        "departments.schema.json），供编辑器和 check-jsonschema 使用。",
    "Draft the three data files of another district's tracker from its implementation\n"
    "opinion, and list in REVIEW.md everything that was guessed or could not be decided.\n\n"
    "Exit 1 when the text holds nothing to track (no counted target, no task): the files are\n"
    "written all the same, and REVIEW.md says so.":
        "根据其他区县的实施意见起草三个数据文件，并在 REVIEW.md 中列出所有推测或无法确定的内容。\n\n"
        "原文中没有可跟踪的内容（既没有量化目标也没有任务）时退出码为 1：文件照常写出，REVIEW.md 会说明。",
    "The opinion's text: .txt, .docx, .html/.htm (a saved web page) or .pdf with a text layer.":
        "实施意见文本：.txt、.docx、.html/.htm（保存的网页）或含文字层的 .pdf。",
    "Folder to write targets.yaml, tasks.yaml, departments.yaml and REVIEW.md into (required "
    "unless --format json).":
        "写入 targets.yaml、tasks.yaml、departments.yaml 和 REVIEW.md 的文件夹（除非用 --format json，否则必填）。",
    "Write into a folder that already has files (the four files are replaced).":
        "写入已有文件的文件夹（替换这四个文件）。",
    "Read ledgers and report where the district stands: targets, silent departments, overdue\n"
    "items and problems in the data.":
        "读取台账，报告目标完成情况、未报送单位、逾期事项和数据问题。",
    "Ledger files (CSV, TSV, XLSX, XLS, ODS) or folders of them.":
        "台账文件（CSV、TSV、XLSX、XLS、ODS）或存放台账的文件夹。",
    "Evaluate as of this date (default: today); 2025/11/28 and 2025年11月28日 work too.":
        "统计截止日期（默认：今天）；也可写 2025/11/28 或 2025年11月28日。",
    "Warn about open items due within this many days.": "提示在该天数内到期的未完成事项。",
    "Exit 1 when the report has this (repeatable, or a comma list): gap, overdue, errors, "
    "warnings, problems (errors or warnings).":
        "报告中出现下列情况时以退出码 1 结束（可重复，或用逗号分隔）：gap（目标未完成）、overdue（逾期）、"
        "errors（错误）、warnings（提示）、problems（错误或提示）。",
    "Encoding of CSV/TSV files (default: BOM, then UTF-8, then GB18030).":
        "CSV/TSV 文件的编码（默认：先看 BOM，再试 UTF-8，再用 GB18030）。",
    "Worksheets to read in workbooks, by name or pattern such as '2025*' (default: every "
    "visible sheet with a ledger header).":
        "要读取的工作表，按名称或通配符如 '2025*'（默认：所有带台账表头的可见工作表）。",
    "Report an unreadable file as a finding and evaluate the rest, instead of stopping.":
        "无法读取的文件记为数据问题，继续统计其余文件，而不是停止。",
    "Say how each standard number written in another form was read (GB_T 1-2020 read as "
    "GB/T 1-2020), as info findings.":
        "说明每个非规范写法的标准编号是如何读取的（如 GB_T 1-2020 读作 GB/T 1-2020），作为说明级问题列出。",
    "No progress bar or other notes on stderr.": "不在标准错误输出显示进度条或其他提示。",
    "Narrow the view to this department (any alias; repeatable): its tasks, items, findings "
    "and share of each target.":
        "只看该部门（可用任一简称；可重复）：其任务、事项、数据问题及计入各目标的条目。",
    "The gap report for the joint meeting: where each target stands, what changed since the\n"
    "last meeting, what each department owes, the rows behind every count, and every finding.":
        "联席会议差距报告：各目标完成情况、上次会议以来的变化、各部门督办事项、每个计数的依据和全部数据问题。",
    "Write the report to this file (atomically); its suffix picks the format (.md, .html, "
    ".xlsx, .docx, .json).":
        "把报告写入该文件（原子写入）；扩展名决定格式（.md、.html、.xlsx、.docx、.json）。",
    "md, html, xlsx, docx or json (default: from the suffix of --out, else md).":
        "md、html、xlsx、docx 或 json（默认：按 --out 的扩展名，否则为 md）。",
    "Evaluate as of this date (default: today).": "统计截止日期（默认：今天）。",
    "List open items due within this many days.": "列出在该天数内到期的未完成事项。",
    "The last meeting: what was completed or became overdue after this date.":
        "上次会议日期：列出此后完成或新增逾期的事项。",
    "The ledgers as they stood at the last meeting (repeatable): what was added, completed, "
    "newly overdue, and each target's move.":
        "上次会议时的台账（可重复）：列出新增、新完成、新增逾期的事项及各目标的变化。",
    "Only this department's page and share (any alias; repeatable).":
        "只写该部门的督办页及其计入情况（可用任一简称；可重复）。",
    "Encoding of CSV/TSV files.": "CSV/TSV 文件的编码。",
    "Worksheets to read, by name or pattern.": "要读取的工作表，按名称或通配符。",
    "Report an unreadable file as a finding and go on.": "无法读取的文件记为数据问题并继续。",
    "Check policy YAML and ledgers for CI and pre-commit: every finding with file, line and\n"
    "column. Exit 0 clean, 1 findings (errors; warnings too with --strict), 2 could not run.":
        "为持续集成和 pre-commit 检查政策 YAML 和台账：列出每个问题的文件、行和列。退出码 0 无问题，"
        "1 有问题（错误；用 --strict 时提示也算），2 无法运行。",
    "Policy folders, policy YAML files, ledger files or folders, in any mix; what each is, is "
    "decided by its content.":
        "政策文件夹、政策 YAML 文件、台账文件或文件夹，可混合给出；按内容判断各是什么。",
    "Output format (default: text; github when GITHUB_ACTIONS is set).":
        "输出格式（默认：text；设置了 GITHUB_ACTIONS 时为 github）。",
    "Fail (exit 1) on warnings too, not only on errors.": "有提示也以退出码 1 结束，而不只是有错误时。",
    "Only these finding codes (repeatable, or a comma list).": "只检查这些问题代码（可重复，或用逗号分隔）。",
    "Leave out these finding codes (repeatable, or a comma list).": "不检查这些问题代码（可重复，或用逗号分隔）。",
    "Accept the findings recorded in FILE by an earlier `validate --format json` (matched by "
    "file, code and the content of the row or YAML line, not its number): only new findings "
    "fail.":
        "接受先前 `validate --format json` 记录在 FILE 中的问题（按文件、代码和该行或 YAML 行的内容匹配，"
        "不按行号）：只有新问题才导致失败。",
    "List at most N findings (the counts and the exit code cover all).":
        "最多列出 N 个问题（计数和退出码仍按全部问题）。",
    "Quote cell values in ledger messages (left out by default: CI logs are often public).":
        "在台账问题消息中引用单元格内容（默认不引用：持续集成日志常常是公开的）。",
    "Check dates as of this day (default: today).": "按该日期检查日期（默认：今天）。",
    "Worksheets to read in workbooks, by name or pattern.": "要读取的工作表，按名称或通配符。",
    "An empty ledger for a department to fill in, that stdcheck reads back: Chinese headers\n"
    "(English with --lang en).":
        "生成供部门填写、stdcheck 可直接读取的空白台账：中文表头（--lang en 时为英文）。",
    "The file to write: .xlsx (dropdowns, date cells, instructions) or .csv.":
        "要写出的文件：.xlsx（下拉列表、日期单元格、填表说明）或 .csv。",
    "The department that fills it in (any alias): its tasks only, in the dropdown and the "
    "instructions.": "填表的部门（可用任一简称）：下拉列表和填表说明中只列其任务。",
    "Write the example ledger (a filled-in CSV) instead.": "改为写出示例台账（已填写的 CSV）。",
    "Overwrite OUT if it exists.": "如 OUT 已存在则覆盖。",
}

# the inbox's commands (`stdcheck inbox …`, `stdcheck serve`) keep their Chinese beside them
from .inbox.help_zh import HELP as _INBOX  # noqa: E402

HELP.update(_INBOX)

# The command-line framework's own words, as it prints them, and their Chinese.
_FRAMEWORK: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in [
    (r"^Usage: ", "用法："),
    (r"\[OPTIONS\]", "[选项]"),
    (r"Input should be a valid integer, unable to parse string as an integer", "应为整数"),
    (r"COMMAND \[ARGS\]\.\.\.", "命令 [参数]..."),
    (r"Show this message and exit\.", "显示此帮助并退出。"),
    (r"\[default: ([^\]]*)\]", r"[默认：\1]"),
    (r"\[required\]", "[必填]"),
    (r"\[x>=(\d+)\]", r"[不小于 \1]"),
    (r"; x>=(\d+)\]", r"；不小于 \1]"),
    (r"Try '([^']*)' for help\.", r"运行 '\1' 查看帮助。"),
    (r"^Error: ", "错误："),
    (r"Missing argument '([^']*)'\.", r"缺少参数 '\1'。"),
    (r"Missing option '([^']*)'\.", r"缺少选项 '\1'。"),
    (r"No such option: (\S+)", r"没有这个选项：\1"),
    (r" ?\(Possible options: (.*)\)", r"（可能是：\1）"),
    (r" ?Did you mean ('[^']*'|\S+)\?", r"是否指 \1？"),
    (r"No such command '([^']*)'\.", r"没有命令 '\1'。"),
    (r"Invalid value for ('[^']*'(?: / '[^']*')*): (?:Value error, )?", r"\1 的取值无效："),
    (r"Input should be greater than or equal to (\S+)", r"应不小于 \1"),
    (r"Input should be less than or equal to (\S+)", r"应不大于 \1"),
    (r"Input should be greater than (\S+)", r"应大于 \1"),
    (r"Input should be a valid number, unable to parse string as a number", "应为数字"),
    (r"'([^']*)' is not a valid integer\.", r"'\1' 不是有效的整数。"),
    (r"'([^']*)' is not one of (.*)\.", r"'\1' 不是 \2 之一。"),
    (r"(\S+) is not in the range x>=(\d+)\.", r"\1 小于 \2。"),
    (r"Option '([^']*)' requires an argument\.", r"选项 '\1' 需要一个值。"),
    (r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", r"多余的参数（\1）"),
]]
_SECTIONS = {"Options:": "选项：", "Arguments:": "参数：", "Commands:": "命令："}


def framework(text: str) -> str:
    """Help or an error as the framework printed it, in Chinese."""
    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped in _SECTIONS:
            line = line.replace(stripped, _SECTIONS[stripped])
        else:
            for pattern, replacement in _FRAMEWORK:
                if replacement:
                    line = pattern.sub(replacement, line)
        out.append(line)
    return "\n".join(out)
