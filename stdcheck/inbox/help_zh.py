"""The Chinese of the inbox commands' help, keyed by the English; ``stdcheck.help_zh`` takes
it into the one catalogue (a test holds the catalogue to the commands)."""

from __future__ import annotations

HELP: dict[str, str] = {
    "The ledger inbox: a store where departments hand in their ledgers and the bureau sees the "
    "round (served by `stdcheck serve`).":
        "台账报送：各责任单位在此报送台账、联席会议办公室实时查看本轮情况的数据库（由 `stdcheck serve` 提供服务）。",
    "The inbox's store: a folder made by `stdcheck inbox init`.":
        "报送数据库：由 `stdcheck inbox init` 创建的文件夹。",
    "Make a store (a new folder, mode 0700: an SQLite database and the files sent) and\n"
    "print, once, the bureau's token and one login link per department.":
        "创建报送数据库（新文件夹，权限 0700：SQLite 数据库和报送的文件），并只显示一次联席会议办公室的令牌"
        "和各责任单位的登录链接。",
    "Folder with targets.yaml, tasks.yaml, departments.yaml of another policy, copied into the "
    "store (default: the embedded Jiangjin opinion).":
        "另一政策的 targets.yaml、tasks.yaml、departments.yaml 所在文件夹，复制到数据库中（默认：内置的江津区"
        "实施意见）。",
    "The address the departments open, for their login links.": "各单位访问的地址，用于生成登录链接。",
    "Issue a new token (and login link) for a department or the bureau; the old token and\n"
    "the sessions opened with it stop working.":
        "为责任单位或联席会议办公室换发令牌（及登录链接）；旧令牌及用它登录的会话随即失效。",
    "The department (any alias) to issue a new token for; its old one stops working.":
        "要换发令牌的责任单位（可用任一简称）；其旧令牌随即失效。",
    "Issue a new token for the bureau instead; the old one stops working.":
        "改为给联席会议办公室换发令牌；旧令牌随即失效。",
    "Open a round (a name and a deadline: uploads belong to it), close it (its counts are\n"
    "frozen, and it becomes the last meeting of the next report), or list the rounds.":
        "开启一轮报送（名称和截止时间：上传的台账归入该轮），关闭本轮（数字定格，并作为下一轮报告中的“上次会议”），"
        "或列出全部轮次。",
    "open a round, close the open one, or list them.": "开启一轮、关闭当前轮次，或列出全部轮次。",
    "The round's name, for open: e.g. \"2025 Q3 joint meeting\".":
        "轮次名称（开启时使用），如“2025年第三季度联席会议”。",
    "The deadline of the round (for open).": "本轮的截止时间（开启时使用）。",
    "Write a round's counted ledgers (each department's latest accepted upload, as sent) to\n"
    "DIR/<department>/, so that `stdcheck report DIR` gives the server's numbers.":
        "把某一轮计入汇总的台账（各单位最后一次被接收的原文件）写入 DIR/<单位>/，用 `stdcheck report DIR` "
        "可得到与服务器相同的数字。",
    "A new folder to write the ledgers into (never overwritten).": "写入台账的新文件夹（从不覆盖）。",
    "The round (default: the open one, else the last closed).":
        "轮次（默认：当前开启的轮次，否则为最近归档的轮次）。",
    "Serve the ledger inbox: departments log in by their link and upload ledgers (checked at\n"
    "once); the bureau sees the round live and downloads the report. JSON API under /api/.":
        "运行台账报送服务：各单位用专用链接登录并上传台账（立即校验）；联席会议办公室实时查看本轮情况并下载汇总报告。"
        "JSON 接口位于 /api/。",
    "The address to listen on (default 127.0.0.1: only this machine). For an intranet, behind "
    "a reverse proxy with TLS.":
        "监听地址（默认 127.0.0.1：只允许本机访问）。在内网使用时，请在前面加一层带 TLS 的反向代理。",
    "The port to listen on.": "监听端口。",
    "The address people open (https://… behind a proxy): for login links, and cookies marked "
    "Secure when it is https.":
        "用户访问的地址（在代理之后为 https://…）：用于登录链接；为 https 时 Cookie 带 Secure 标记。",
    "The largest file one upload may send, in MB.": "单次上传文件的大小上限，单位 MB。",
}
