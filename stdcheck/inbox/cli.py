"""The inbox's commands: ``stdcheck inbox init|token|round|export`` and ``stdcheck serve``.

Only typer and the standard library are imported here, so registering these commands costs the
command line's start-up nothing; the store, the library and the web packages (Starlette,
uvicorn: the ``serve`` extra) are imported inside the commands. ``stdcheck/cli.py`` calls
:func:`register` with its error guard, so an error here is a message and exit 2 as anywhere.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

if TYPE_CHECKING:
    from .store import Round, Store

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
HELP = ("The ledger inbox: a store where departments hand in their ledgers and the bureau "
        "sees the round (served by `stdcheck serve`).")


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Shown(str, Enum):
    table = "table"
    json = "json"


class RoundAction(str, Enum):
    open = "open"
    close = "close"
    list = "list"


StoreArg = Annotated[Path, typer.Argument(
    metavar="STORE", show_default=False, file_okay=False,
    help="The inbox's store: a folder made by `stdcheck inbox init`.")]
FormatOpt = Annotated[Shown, typer.Option("--format", "-f", metavar="table|json",
                                          help="Output format.")]
LangOpt = Annotated[Optional[Lang], typer.Option(
    "--lang", metavar="zh|en", help="Language of labels and messages (default: from the "
    "locale).", case_sensitive=False)]


def _json(value: Any, **how: Any) -> str:
    import json

    return json.dumps(value, **how)


def _lang(ctx: typer.Context, lang: Optional[Lang]) -> str:
    root = ctx.find_root().obj
    chosen = lang or getattr(root, "lang", None)
    if chosen:
        return str(chosen.value)
    from ..i18n import default_lang

    return default_lang()


def _say(lang: str, en: str, zh: str) -> None:
    typer.echo(en if lang == "en" else zh)


def _open(store: Path) -> Store:
    from .store import Store

    return Store.open(store)


def _link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/login/{token}"


def init(
    ctx: typer.Context,
    store: StoreArg,
    data: Annotated[Optional[Path], typer.Option(
        "--data", metavar="DIR", file_okay=False,
        help="Folder with targets.yaml, tasks.yaml, departments.yaml of another policy, copied "
             "into the store (default: the embedded Jiangjin opinion).")] = None,
    base_url: Annotated[str, typer.Option(
        "--base-url", metavar="URL",
        help="The address the departments open, for their login links.")] = DEFAULT_BASE_URL,
    format: FormatOpt = Shown.table,
    lang: LangOpt = None,
) -> None:
    """Make a store (a new folder, mode 0700: an SQLite database and the files sent) and
    print, once, the bureau's token and one login link per department."""
    from .store import Store

    data = data or getattr(ctx.find_root().obj, "data", None)
    made, issued = Store.create(store, data, base_url)
    links = [{"name": name, "token": token, "link": _link(base_url, token)}
             for name, token in issued.departments]
    if format is Shown.json:
        typer.echo(_json({"admin_token": issued.admin,
                               "admin_link": _link(base_url, issued.admin),
                               "departments": links}, ensure_ascii=False, indent=2))
        return
    code = _lang(ctx, lang)
    width = max(_width(x["name"]) for x in links) if links else 0
    _say(code, f"Store made in {made.root} (policy: {made.setting('policy')}).",
         f"已创建报送数据库：{made.root}（政策：{'内置' if made.setting('policy') == 'embedded' else '已复制'}）。")
    _say(code, "The tokens are shown only this once; the store keeps only their hashes.",
         "令牌只显示这一次，数据库只保存其哈希值。")
    _say(code, f"\nThe bureau (joint-meeting office): {_link(base_url, issued.admin)}",
         f"\n联席会议办公室（管理员）：{_link(base_url, issued.admin)}")
    _say(code, "\nOne link per department (send each to its liaison):",
         "\n各责任单位的登录链接（请分别发给各单位联络员）：")
    for x in links:
        typer.echo(f"  {x['name']}{' ' * (width - _width(x['name']))}  {x['link']}")


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a CJK character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def token(
    ctx: typer.Context,
    store: StoreArg,
    department: Annotated[Optional[str], typer.Option(
        "--department", "-d", metavar="NAME",
        help="The department (any alias) to issue a new token for; its old one stops working.")
    ] = None,
    admin: Annotated[bool, typer.Option(
        "--admin", help="Issue a new token for the bureau instead; the old one stops working.")
    ] = False,
    format: FormatOpt = Shown.table,
    lang: LangOpt = None,
) -> None:
    """Issue a new token (and login link) for a department or the bureau; the old token and
    the sessions opened with it stop working."""
    from ..errors import UsageError
    from ..listings import resolve
    from ..vocabulary import msg

    if admin == (department is not None):
        raise UsageError(msg("give --department NAME or --admin (one of them)",
                             "请指定 --department 单位名称 或 --admin（二者选一）"))
    s = _open(store)
    name = resolve(s.policy(), department).name if department is not None else None
    new = s.issue(name)
    base_url = s.setting("base_url") or DEFAULT_BASE_URL
    if format is Shown.json:
        typer.echo(_json({"name": name, "token": new, "link": _link(base_url, new)},
                              ensure_ascii=False, indent=2))
        return
    who = name or ("the bureau" if _lang(ctx, lang) == "en" else "联席会议办公室")
    _say(_lang(ctx, lang), f"New login link of {who} (the old one no longer works):",
         f"{who}的新登录链接（旧链接已失效）：")
    typer.echo(f"  {_link(base_url, new)}")


def round_(
    ctx: typer.Context,
    store: StoreArg,
    action: Annotated[RoundAction, typer.Argument(
        metavar="open|close|list", show_default=False,
        help="open a round, close the open one, or list them.")],
    name: Annotated[Optional[str], typer.Argument(
        metavar="NAME", help="The round's name, for open: e.g. \"2025 Q3 joint meeting\".")] = None,
    deadline: Annotated[Optional[str], typer.Option(
        "--deadline", metavar="YYYY-MM-DD", help="The deadline of the round (for open).")
    ] = None,
    format: FormatOpt = Shown.table,
    lang: LangOpt = None,
) -> None:
    """Open a round (a name and a deadline: uploads belong to it), close it (its counts are
    frozen, and it becomes the last meeting of the next report), or list the rounds."""
    from ..errors import UsageError
    from ..vocabulary import msg
    from . import rounds
    from .standing import Standing

    s = _open(store)
    code = _lang(ctx, lang)
    if action is RoundAction.open:
        if not name or not deadline:
            raise UsageError(msg("open takes a NAME and --deadline YYYY-MM-DD",
                                 "open 需要名称和 --deadline 日期"))
        shown = [rounds.open_round(s, name, deadline)]
    elif action is RoundAction.close:
        shown = [rounds.close_round(s, Standing(s))]
    else:
        shown = s.rounds()
    if format is Shown.json:
        typer.echo(_json({"rounds": [r.to_json() for r in shown]}, ensure_ascii=False,
                         indent=2))
        return
    for r in shown:
        typer.echo(_round_line(r, code))


def _round_line(r: Round, lang: str) -> str:
    if lang == "en":
        state = "open" if r.open else f"closed, counts as of {r.closed_as_of}"
        return f"{r.name}: deadline {r.deadline}, {state}"
    state = "进行中" if r.open else f"已归档，数字截至 {r.closed_as_of}"
    return f"{r.name}：截止时间 {r.deadline}，{state}"


def export(
    ctx: typer.Context,
    store: StoreArg,
    out: Annotated[Path, typer.Option(
        "--out", "--output", "-o", metavar="DIR", file_okay=False, show_default=False,
        help="A new folder to write the ledgers into (never overwritten).")],
    round_name: Annotated[Optional[str], typer.Option(
        "--round", metavar="NAME",
        help="The round (default: the open one, else the last closed).")] = None,
    lang: LangOpt = None,
) -> None:
    """Write a round's counted ledgers (each department's latest accepted upload, as sent) to
    DIR/<department>/, so that `stdcheck report DIR` gives the server's numbers."""
    from . import rounds
    from .standing import Standing

    s = _open(store)
    rnd = rounds.pick(s, round_name)
    code = _lang(ctx, lang)
    for left in rounds.remove_stale_exports(out):
        _say(code, f"removed {left} (an export that was interrupted)",
             f"已清除 {left}（上次中断的导出）")
    written = rounds.export(s, Standing(s), rnd, out)
    _say(code,
         f"Wrote {len(written)} ledgers of “{rnd.name}” to {out}; `stdcheck report {out} "
         "--keep-going` gives the server's numbers.",
         f"已将“{rnd.name}”的 {len(written)} 份台账写入 {out}；`stdcheck report {out} "
         "--keep-going` 给出与服务器相同的数字。")


def _hide_tokens(record: Any) -> bool:
    """Login links carry a token: the access log writes ``/login/…`` instead (a logging
    filter; logging itself is imported by the server, not at the command line's start-up)."""
    if isinstance(record.args, tuple):
        record.args = tuple(re.sub(r"^/login/[^/?\s]+", "/login/…", a)
                            if isinstance(a, str) else a for a in record.args)
    return True


def serve(
    ctx: typer.Context,
    store: StoreArg,
    host: Annotated[str, typer.Option(
        "--host", metavar="HOST", show_default=False,
        help="The address to listen on (default 127.0.0.1: only this machine). For an intranet, "
             "behind a reverse proxy with TLS.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", min=1, max=65535,
                                      help="The port to listen on.")] = 8000,
    base_url: Annotated[Optional[str], typer.Option(
        "--base-url", metavar="URL",
        help="The address people open (https://… behind a proxy): for login links, and "
             "cookies marked Secure when it is https.")] = None,
    max_upload: Annotated[float, typer.Option(
        "--max-upload", metavar="MB", min=0.001,
        help="The largest file one upload may send, in MB.")] = 20,
    lang: LangOpt = None,
) -> None:
    """Serve the ledger inbox: departments log in by their link and upload ledgers (checked at
    once); the bureau sees the round live and downloads the report. JSON API under /api/."""
    from ..errors import InputError
    from ..vocabulary import msg

    try:
        import uvicorn

        from .app import create_app
    except ImportError as e:
        raise InputError(msg(f"serving needs the serve extra ({e.name} is missing): pip "
                             "install 'stdcheck[serve]'",
                             f"运行服务需要 serve 附加组件（缺少 {e.name}）：pip install "
                             "'stdcheck[serve]'")) from None
    from .intake import MB

    code = _lang(ctx, lang)
    s = _open(store)
    held = s.hold()
    s.policy()  # a broken policy is said now, not at the first request
    for line in s.tidy():
        _say(code, f"removed {line} (an upload a crash interrupted)",
             f"已清除 {line}（上次中断的上传）")
    for line in s.damaged():
        _say(code, f"warning: {line} is missing or changed", f"警告：{line} 缺失或已被改动")
    if base_url:
        s.set_setting("base_url", base_url)
    shown = base_url or f"http://{host}:{port}"
    app = create_app(s, limit=int(max_upload * MB),
                     secure=(base_url or "").startswith("https://"))
    # a server lives for days: the cycle collector the command line turns off for a short
    # run (cli.main) is on again, or every request's cycles would stay
    gc.enable()
    config = uvicorn.Config(app, host=host, port=port, server_header=False,
                            proxy_headers=True, log_level="info")
    import logging

    logging.getLogger("uvicorn.access").addFilter(_hide_tokens)
    _say(code, f"The bureau's page: {shown}/bureau (log in with its link first). Ctrl+C stops.",
         f"联席会议办公室页面：{shown}/bureau（请先用管理员链接登录）。按 Ctrl+C 停止。")
    try:
        uvicorn.Server(config).run()
    finally:
        held.close()


def register(app: typer.Typer, guard: Callable[[Callable[..., Any]], Callable[..., Any]]
             ) -> None:
    """Add ``inbox`` (init, token, round, export) and ``serve`` to the command line; ``guard``
    turns an input error into a message and exit 2."""
    inbox = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"]})
    inbox.command("init")(guard(init))
    inbox.command("token")(guard(token))
    inbox.command("round")(guard(round_))
    inbox.command("export")(guard(export))
    app.add_typer(inbox, name="inbox", help=HELP)
    app.command("serve")(guard(serve))
