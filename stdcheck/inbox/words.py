"""The words of the inbox's pages, Chinese first, in the terms of the district's practice
(报送通知, 截止时间, 本轮, 上传台账, 下载模板, 重新上传, 校验, 退回修改, 已通过, 未报送, 催报, 逾期未报,
汇总, 亮灯). The labels of the report itself (targets, states, lights) come from ``stdcheck.i18n``."""

from __future__ import annotations

from ..i18n import Labels, fill

WORDS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "site": ("标准化工作台账报送", "Standardization ledger inbox"),
    "office": ("联席会议办公室", "Joint-meeting office"),
    "lang_switch": ("English", "中文"),
    "logout": ("退出", "Log out"),
    "login": ("登录", "Log in"),
    "login_help": ("请打开联席会议办公室发给本单位的专用链接登录；也可以把链接中的令牌粘贴到下面。",
                   "Open the link the joint-meeting office sent your unit; or paste the token "
                   "from that link below."),
    "token": ("令牌", "Token"),
    "bad_link": ("该链接无效（可能已换发新链接）：请向联席会议办公室索取新的链接。",
                 "This link is not valid (a newer one may have replaced it): ask the "
                 "joint-meeting office for a new one."),
    "paren": ("（{text}）", " ({text})"),  # a remark after a word, in the language's brackets
    "round": ("本轮", "This round"),
    "round_label": ("轮次", "Round"),
    "deadline": ("截止时间", "Deadline"),
    "to_deadline": ("距截止还有 {n} 天", "{n} {n:day|days} to the deadline"),
    "due_today": ("今天截止", "due today"),
    "days_over": ("已超过截止时间 {n} 天", "{n} {n:day|days} past the deadline"),
    "no_round": ("当前没有开启的报送轮次，暂不能上传台账。",
                 "No round is open: ledgers cannot be sent now."),
    "round_open": ("进行中", "open"),
    "round_closed": ("已归档", "closed"),
    "closed_on": ("{date} 归档，数字按当日定格", "closed on {date}; its counts are as of that day"),
    # the department's page
    "dept_title": ("{dept} · 台账报送", "{dept}: ledgers"),
    "your_state": ("本轮报送状态", "This round"),
    "upload": ("上传台账", "Upload the ledger"),
    "reupload": ("重新上传", "Upload again"),
    "choose_file": ("台账文件", "Ledger file"),
    "upload_help": ("支持 .xlsx、.xls、.ods、.csv，单个文件不超过 {limit}。上传后立即校验，问题逐行列出；"
                    "改正后重新上传，本轮以最后一次可读取的文件为准。",
                    ".xlsx, .xls, .ods or .csv, up to {limit}. Each file is checked at once and "
                    "its problems listed row by row; fix them and upload again: the round counts "
                    "the latest readable file."),
    "template": ("下载模板", "Download the template"),
    "template_help": ("Excel 模板，已预填本单位和本单位的任务", "an Excel file with your unit and "
                      "its tasks filled in"),
    "check_result": ("校验结果", "Check"),
    "latest_file": ("最近一次上传", "Latest upload"),
    "passed_msg": ("已通过校验：读取 {read} 行，计入目标 {counted} 行。",
                   "Passed: {read} {read:row|rows} read, {counted} counted toward the targets."),
    "warnings_msg": ("另有 {warnings} 个提示，可酌情修改。", "{warnings} {warnings:warning|warnings} "
                     "to look at."),
    "errors_msg": ("发现 {errors} 个错误：这些行不计入，请改正后重新上传。",
                   "{errors} {errors:error|errors}: those rows do not count; fix them and upload "
                   "again."),
    "rejected_msg": ("无法作为台账读取，未计入。请按下列说明修改后重新上传。",
                     "It could not be read as a ledger: nothing of it counts. Fix it as below "
                     "and upload again."),
    "not_sent_msg": ("本轮尚未上传台账。", "Nothing sent in this round yet."),
    "history": ("报送记录", "Uploads"),
    "my_tasks": ("本单位任务", "Our tasks"),
    "its_tasks": ("承担的任务", "Its tasks"),
    "when": ("上传时间", "When"),
    "file": ("文件", "File"),
    "rows": ("读取/计入", "Read / counted"),
    "result": ("结果", "Result"),
    "details": ("详情", "Details"),
    "row": ("行", "Row"),
    "col": ("列", "Column"),
    "problem": ("问题", "Problem"),
    "explanation": ("说明", "What is wrong"),
    "fix": ("改正方法", "How to fix it"),
    "whole_file": ("整个文件", "the whole file"),
    "counts.True": ("仍计入", "still counts"),
    "counts.False": ("不计入", "does not count"),
    "no_findings": ("没有发现问题。", "No problems found."),
    "download_file": ("下载原文件", "Download the file as sent"),
    "size": ("大小", "Size"),
    "via": ("方式", "Sent by"),
    "via.page": ("网页", "page"),
    "via.api": ("接口", "API"),
    "back": ("返回", "Back"),
    "counts_now": ("本轮计入此文件", "this file counts in the round"),
    "more_findings": ("共 {n} 个问题", "{n} {n:problem|problems}"),
    # states of the roll-call
    "roll.passed": ("已通过", "Passed"),
    "roll.errors": ("有问题，退回修改", "Errors: sent back"),
    "roll.rejected": ("无法读取，退回修改", "Unreadable: sent back"),
    "roll.silent": ("未报送", "Not sent"),
    "roll.overdue": ("逾期未报", "Overdue, not sent"),
    "sent_late": ("逾期报送", "sent late"),
    "accepted.True": ("已接收", "accepted"),
    "accepted.False": ("不是台账，未接收", "not a ledger"),
    # the bureau's page
    "bureau_title": ("台账汇总", "The district's ledgers"),
    "roll_title": ("报送情况", "Roll-call"),
    "sent_count": ("已报送 {sent}/{total}", "{sent} of {total} sent"),
    "targets_title": ("目标完成情况", "Where the targets stand"),
    "over_uploads": ("按各单位本轮最后一次可读取的台账汇总，截至 {date}。",
                     "Over each department's latest readable ledger of the round, as of {date}."),
    "pace_title": ("各轮进度", "Count at each round"),
    "reports": ("下载汇总报告", "Download the report"),
    "report.docx": ("Word（会议材料；条目多时连同附件打包为 zip）",
                    "Word (the meeting paper; with its annex in a zip when it has one)"),
    "report.html": ("网页", "Web page"),
    "report.xlsx": ("Excel", "Excel"),
    "report.md": ("Markdown", "Markdown"),
    "report.json": ("JSON", "JSON"),
    "rounds": ("轮次管理", "Rounds"),
    "open_new": ("开启新一轮（报送通知）", "Open a round (the call for ledgers)"),
    "round_name": ("名称", "Name"),
    "round_example": ("如：2025年第三季度联席会议", "e.g. 2025年第三季度联席会议"),
    "open_btn": ("开启", "Open"),
    "close_btn": ("关闭本轮并归档", "Close and archive this round"),
    "close_help": ("关闭后本轮冻结：不再接收上传，各目标的数字按今天定格，并作为下一轮报告中的“上次会议”。",
                   "Closing freezes the round: no more uploads, each target's count is kept as "
                   "of today, and it becomes “the last meeting” of the next round's report."),
    "all_rounds": ("全部轮次", "All rounds"),
    "dept_history": ("{dept} · 报送记录", "{dept}: uploads"),
    "unit": ("责任单位", "Department"),
    "latest_upload": ("最近上传", "Latest upload"),
    "counted_rows": ("计入行数", "Rows counted"),
    "errors_warnings": ("错误/提示", "Errors / warnings"),
    "nothing_yet": ("尚无上传", "nothing yet"),
    "n_uploads": ("{n} 次", "{n} {n:upload|uploads}"),
    "no_rounds": ("还没有任何轮次。开启一轮后，各单位即可上传台账。",
                  "No round yet. Once one is open, departments can send their ledgers."),
    # errors
    "status.400": ("请求有误", "Bad request"),
    "status.401": ("需要登录", "Please log in"),
    "status.403": ("无权访问", "Not allowed"),
    "status.404": ("找不到该页面", "Not found"),
    "status.405": ("不支持该操作", "Not allowed here"),
    "status.409": ("暂时无法办理", "Cannot do that now"),
    "status.413": ("文件过大", "File too large"),
    "status.415": ("格式不支持", "Unsupported"),
    "status.422": ("无法处理", "Cannot use this"),
    "status.500": ("服务器出错", "Server error"),
    "home": ("返回首页", "Home"),
}


class Words(Labels):
    """The inbox's words, then the report's labels (``stdcheck.i18n``) for the rest."""

    def __call__(self, key: str, **values: object) -> str:
        pair = WORDS.get(key)
        if pair is None:
            return super().__call__(key, **values)
        text = pair[1 if self.lang == "en" else 0]
        return fill(text, **values) if values else text
