"""The ASGI app of ``stdcheck serve`` (Starlette): the pages, the JSON API and who may use
which.

Every route checks its role (:mod:`.auth`); a department's routes only ever look at its own
department, taken from its token. The work of a request — the store, a check, a report — runs
in a worker thread, never on the event loop; only the upload's body is read on the loop, as it
streams in (:func:`.intake.receive`). Every response carries the headers of :class:`Guard`.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional
from urllib.parse import parse_qs, quote, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import InputError
from ..result import SCHEMA_VERSION
from ..vocabulary import Text, msg
from . import auth, intake, rounds, tokens
from .pages import PACE_WIDTH, Pages, deadline_note, finding_lines, pace_charts
from .refusals import Refused
from .standing import STATES, Standing
from .store import Principal, Round, Session, Store, Upload, no_open_round
from .words import Words

log = logging.getLogger(__name__)

#: No script at all, styles only from the server's own files, nothing framed or fetched.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = [(name.lower().encode(), value.encode()) for name, value in (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)]
OURS = {name for name, _ in HEADERS}
NO_STORE = (b"cache-control", b"no-store")  # pages and data are private to who asked

REPORTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}
XLSX = REPORTS["xlsx"]
FORM_LIMIT = 16 * 1024  # a login, logout or round form
LANG_COOKIE = "stdcheck_lang"


class Guard:
    """ASGI middleware around the whole app, errors included: the security headers on every
    response, and ``Cache-Control: no-store`` unless the response chose otherwise."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k not in OURS]
                headers += HEADERS
                if not any(k == NO_STORE[0] for k, _ in headers):
                    headers.append(NO_STORE)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


def disposition(name: str) -> str:
    """``Content-Disposition`` for a download named ``name``: UTF-8 (RFC 6266), and for the
    rare client without it a plain name of its suffix (``download.xlsx``)."""
    suffix = Path(name).suffix if Path(name).suffix.isascii() else ""
    return (f"attachment; filename=\"download{suffix}\"; "
            f"filename*=UTF-8''{quote(name, safe='')}")


async def small_form(request: Request) -> dict[str, str]:
    """A small urlencoded form (login, logout, a round), read within :data:`FORM_LIMIT`; no
    body at all is an empty form."""
    kind = request.headers.get("Content-Type")
    if kind is not None and not kind.startswith("application/x-www-form-urlencoded"):
        raise Refused(400, msg("send the form as application/x-www-form-urlencoded",
                               "请以 application/x-www-form-urlencoded 方式提交表单"))
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_LIMIT:
            raise Refused(413, msg("the form is too large", "表单过大"))
    pairs = parse_qs(body.decode("latin-1"), keep_blank_values=True, encoding="utf-8",
                     errors="replace", max_num_fields=16)
    return {k: v[0] for k, v in pairs.items()}


def _day(text: Optional[str], what: Text) -> Optional[dt.date]:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Refused(422, msg(f"{what.en}: `{text}` is not a date; write it like 2025-09-20",
                               f"{what.zh}：`{text}` 不是日期；请写成 2025-09-20 的形式")) from None


class Inbox:
    """The routes over one store."""

    def __init__(self, store: Store, limit: int = intake.DEFAULT_LIMIT,
                 secure: bool = False) -> None:
        from ..render.html import stylesheet

        self.store, self.limit, self.secure = store, limit, secure
        self.standing = Standing(store)
        self.pages = Pages()
        self.css = {"report.css": stylesheet(),
                    "inbox.css": (Path(__file__).parent / "static" / "inbox.css").read_text(
                        encoding="utf-8")}
        self._templates: dict[tuple[Optional[str], str], bytes] = {}
        self._templates_lock = threading.Lock()

    # --- the parts every page uses ---------------------------------------------------------

    def lang(self, request: Request) -> str:
        chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
        return "en" if chosen == "en" else "zh"  # Chinese first

    def is_secure(self, request: Request) -> bool:
        return self.secure or request.url.scheme == "https"

    def html(self, request: Request, template: str, title: str, status: int = 200,
             session: Optional[Session] = None, **context: Any) -> HTMLResponse:
        w = Words(self.lang(request))
        query = {**request.query_params, "lang": "zh" if w.lang == "en" else "en"}
        page = self.pages.render(
            template, w=w, title=title, html_lang="en" if w.lang == "en" else "zh-CN",
            lang_url=f"{request.url.path}?{urlencode(query)}",
            csrf=session.csrf if session else "", **context)
        response = HTMLResponse(page, status_code=status)
        if request.query_params.get("lang") in ("zh", "en"):
            response.set_cookie(LANG_COOKIE, w.lang, max_age=365 * 86400, httponly=True,
                                samesite="lax", secure=self.is_secure(request))
        return response

    def refused(self, request: Request, status: int, message: Text) -> Response:
        """A refusal as JSON for the API, else as a page (the login page for a 401)."""
        if request.url.path.startswith("/api/") or request.url.path == "/healthz":
            return JSONResponse({"error": {"status": status, "message": {
                "zh": message.zh, "en": message.en}}}, status_code=status)
        w = Words(self.lang(request))
        if status == 401:
            return self.login_page(request, 401, message.get(w.lang))
        return self.html(request, "message.html.j2", w(f"status.{status}"), status,
                         heading=w(f"status.{status}"), message=message.get(w.lang))

    async def on_refused(self, request: Request, e: Exception) -> Response:
        if isinstance(e, Refused):
            return self.refused(request, e.status, e.message)
        assert isinstance(e, InputError)
        return self.refused(request, 422, e.message)

    async def on_http(self, request: Request, e: Exception) -> Response:
        assert isinstance(e, HTTPException)
        code = e.status_code if e.status_code in (404, 405) else 400
        words = {404: not_found().message,
                 405: msg("this address does not take that method", "该地址不支持此请求方式"),
                 400: msg("the request cannot be read", "无法解析该请求")}
        return self.refused(request, code, words[code])

    async def on_error(self, request: Request, e: Exception) -> Response:
        log.exception("request %s %s failed", request.method, request.url.path)
        return self.refused(request, 500, msg(
            f"the server failed ({type(e).__name__}); nothing of the request was saved unless "
            "the page said so. Try again, or tell the joint-meeting office",
            f"服务器出错（{type(e).__name__}）；除非页面已提示成功，本次请求未保存任何内容。"
            "请重试，或告知联席会议办公室"))

    # --- logging in and out ----------------------------------------------------------------

    def home(self, request: Request) -> Response:
        who, _ = auth.identify(request, self.store)
        if who is None:
            return self.login_page(request)
        return RedirectResponse("/bureau" if who.admin else "/department", 303)

    def login_page(self, request: Request, status: int = 200,
                   message: Optional[str] = None) -> Response:
        w = Words(self.lang(request))
        kept = request.cookies.get(auth.LOGIN_COOKIE) or tokens.new()
        response = self.html(request, "login.html.j2", w("login"), status, login_csrf=kept,
                             message=message or "")
        response.set_cookie(auth.LOGIN_COOKIE, kept, max_age=3600, path="/login",
                            httponly=True, samesite="strict", secure=self.is_secure(request))
        return response

    def login_link(self, request: Request) -> Response:
        who = self.store.who(request.path_params["token"])
        if who is None:
            return self.login_page(request, 401, Words(self.lang(request))("bad_link"))
        return self._start(request, who)

    async def login_form(self, request: Request) -> Response:
        form = await small_form(request)
        return await run_in_threadpool(self._login_form, request, form)

    def _login_form(self, request: Request, form: dict[str, str]) -> Response:
        kept = request.cookies.get(auth.LOGIN_COOKIE, "")
        if not kept or not tokens.same(kept, form.get("csrf", "")):
            auth.check_csrf(None, None)  # refused: the form did not come from the login page
        who = self.store.who(form.get("token", "").strip())
        if who is None:
            return self.login_page(request, 401, Words(self.lang(request))("bad_link"))
        return self._start(request, who)

    def _start(self, request: Request, who: Principal) -> Response:
        sid, _ = self.store.open_session(who)
        # to a page without the token in its address: it stays out of the history and logs
        response = RedirectResponse("/", 303)
        auth.set_session(response, sid, self.is_secure(request))
        return response

    async def logout(self, request: Request) -> Response:
        _, session = await run_in_threadpool(auth.require, request, self.store, None)
        form = await small_form(request)
        return await run_in_threadpool(self._logout, request, session, form)

    def _logout(self, request: Request, session: Optional[Session],
                form: dict[str, str]) -> Response:
        auth.check_csrf(session, form.get("csrf"))
        self.store.end_session(request.cookies.get(auth.COOKIE, ""))
        response = RedirectResponse("/", 303)
        auth.end_session(response, self.is_secure(request))
        return response

    # --- a department ----------------------------------------------------------------------

    def _department(self, who: Principal) -> Any:
        found = next((d for d in self.store.policy().departments if d.name == who.department),
                     None)
        if found is None:
            raise Refused(403, msg(f"“{who.department}” is not a department of the policy any "
                                   "more; ask the joint-meeting office",
                                   f"“{who.department}”已不是政策中的责任单位；请联系联席会议办公室"))
        return found

    def _tasks(self, name: str, lang: str) -> list[tuple[int, str]]:
        return [(t.number, t.title.get(lang)) for t in self.store.policy().tasks_of(name)]

    def department(self, request: Request) -> Response:
        who, session = auth.require(request, self.store, "department")
        w = Words(self.lang(request))
        dept = self._department(who)
        rnd = self.store.current()
        context: dict[str, Any] = {"round": rnd, "latest": None, "latest_lines": [],
                                   "state": "", "late": False, "deadline_note": ""}
        counted: set[int] = set()
        if rnd is not None:
            line = self.standing.line(rnd, dept)
            latest = self.store.upload(line.latest.id) if line.latest else None
            counted = {line.counted.id} if line.counted else set()
            context.update(latest=latest, state=line.state, late=line.late,
                           latest_lines=finding_lines(latest.findings, w) if latest else [],
                           deadline_note=deadline_note(rnd.deadline, w))
        return self.html(request, "department.html.j2", w("dept_title", dept=dept.name),
                         session=session, dept=dept.name,
                         uploads=self.store.uploads(department=dept.name), counted_ids=counted,
                         tasks=self._tasks(dept.name, w.lang),
                         limit=f"{self.limit / intake.MB:g} MB", **context)

    def _own(self, request: Request) -> tuple[Upload, Optional[Session]]:
        """An upload of the asking department; any other is "not found", never "forbidden"
        (which would say it exists)."""
        who, session = auth.require(request, self.store, "department")
        upload = self.store.upload(request.path_params["id"])
        if upload is None or upload.department != who.department:
            raise not_found()
        return upload, session

    def own_upload(self, request: Request) -> Response:
        upload, session = self._own(request)
        return self._upload_page(request, session, upload, "/department",
                                 f"/department/uploads/{upload.id}/file")

    def own_file(self, request: Request) -> Response:
        upload, _ = self._own(request)
        return self._file(upload)

    def _upload_page(self, request: Request, session: Optional[Session], upload: Upload,
                     back: str, file_url: str) -> Response:
        w = Words(self.lang(request))
        counted = any(u.id == upload.id for u in self.store.counted(upload.round_id))
        return self.html(request, "upload.html.j2", upload.file_name, session=session,
                         upload=upload, lines=finding_lines(upload.findings, w), back=back,
                         file_url=file_url, counted=counted)

    def _file(self, upload: Upload) -> Response:
        return FileResponse(self.store.blob(upload.sha256), media_type="application/octet-stream",
                            headers={"Content-Disposition": disposition(upload.file_name)})

    async def upload_page(self, request: Request) -> Response:
        who, session = await run_in_threadpool(auth.require, request, self.store, "department")
        received = await self._receive(request)
        try:
            auth.check_csrf(session, received.fields.get("csrf"))
        except Refused:
            received.incoming.discard()
            raise
        upload = await run_in_threadpool(intake.accept, self.store, who, received, "page")
        return RedirectResponse(f"/department/uploads/{upload.id}", 303)

    async def _receive(self, request: Request) -> intake.Received:
        if await run_in_threadpool(self.store.current) is None:
            raise no_open_round()  # said before the body is read
        return await intake.receive(request, self.store, self.limit)

    def template(self, request: Request) -> Response:
        who, _ = auth.require(request, self.store, None)
        dept = None if who.admin else self._department(who).name
        lang = self.lang(request)
        with self._templates_lock:
            data = self._templates.get((dept, lang))
        if data is None:
            from ..template import write

            with tempfile.TemporaryDirectory(dir=self.store.tmp) as folder:
                out = Path(folder) / "template.xlsx"
                write(out, self.store.policy(), department=dept, lang=lang)
                data = out.read_bytes()
            with self._templates_lock:
                self._templates[(dept, lang)] = data
        name = f"{dept or '台账'}-模板.xlsx" if lang == "zh" else f"{dept or 'ledger'}-template.xlsx"
        return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition(name)})

    # --- the bureau ------------------------------------------------------------------------

    def _chosen(self, request: Request) -> Optional[Round]:
        wanted = request.query_params.get("round")
        if wanted is None:
            return self.store.current() or next(iter(reversed(self.store.rounds())), None)
        found = self.store.round_by_id(int(wanted)) if wanted.isdigit() else None
        if found is None:
            raise not_found()
        return found

    def bureau(self, request: Request) -> Response:
        _, session = auth.require(request, self.store, "admin")
        w = Words(self.lang(request))
        rnd = self._chosen(request)
        context: dict[str, Any] = {"round": rnd, "current": self.store.current(),
                                   "rounds": self.store.rounds(), "message": w("no_rounds"),
                                   "states": STATES, "pace_width": PACE_WIDTH}
        if rnd is not None:
            from ..render.html import COLOURS

            status = self.standing.status(rnd)
            roll = self.standing.roll_call(rnd)
            suffix = f"?round={quote(rnd.name)}" + ("&lang=en" if w.lang == "en" else "")
            context.update(
                roll=roll, sent=sum(1 for line in roll if line.latest is not None),
                counts={s: sum(1 for line in roll if line.state == s) for s in STATES},
                deadline_note=deadline_note(rnd.deadline, w), as_of=status.as_of.isoformat(),
                targets=[{"id": t.id, "name": t.name.get(w.lang), "achieved": t.achieved,
                          "required": t.required, "gap": t.gap, "light": t.light.value,
                          "state": w.enum("state", t.state), "light_word": w.enum("light", t.light),
                          "expected": f"{t.expected_by_now:g}"} for t in status.targets],
                charts=pace_charts(self.standing.pace(rnd), w.lang), colours=COLOURS,
                reports=[(fmt, f"/api/report.{fmt}{suffix}") for fmt in REPORTS])
        return self.html(request, "bureau.html.j2", w("bureau_title"), session=session,
                         **context)

    def history(self, request: Request) -> Response:
        _, session = auth.require(request, self.store, "admin")
        w = Words(self.lang(request))
        dept = next((d for d in self.store.policy().departments
                     if d.id == request.path_params["dept"]), None)
        if dept is None:
            raise not_found()
        uploads = self.store.uploads(department=dept.name)
        counted = {u.id for r in {u.round_id for u in uploads} for u in self.store.counted(r)}
        return self.html(request, "history.html.j2", w("dept_history", dept=dept.name),
                         session=session, dept=dept.name, uploads=uploads, counted_ids=counted,
                         tasks=self._tasks(dept.name, w.lang))

    def any_upload(self, request: Request) -> Response:
        _, session = auth.require(request, self.store, "admin")
        upload = self.store.upload(request.path_params["id"])
        if upload is None:
            raise not_found()
        return self._upload_page(request, session, upload, "/bureau",
                                 f"/bureau/uploads/{upload.id}/file")

    def any_file(self, request: Request) -> Response:
        auth.require(request, self.store, "admin")
        upload = self.store.upload(request.path_params["id"], findings=False)
        if upload is None:
            raise not_found()
        return self._file(upload)

    async def open_round(self, request: Request) -> Response:
        return await self._round_form(request, lambda form: rounds.open_round(
            self.store, form.get("name", ""), form.get("deadline", "")))

    async def close_round(self, request: Request) -> Response:
        return await self._round_form(
            request, lambda form: rounds.close_round(self.store, self.standing))

    async def _round_form(self, request: Request,
                          act: Callable[[dict[str, str]], Round]) -> Response:
        _, session = await run_in_threadpool(auth.require, request, self.store, "admin")
        form = await small_form(request)

        def done() -> Response:
            auth.check_csrf(session, form.get("csrf"))
            return RedirectResponse(f"/bureau?round={act(form).id}", 303)

        return await run_in_threadpool(done)

    # --- the API ---------------------------------------------------------------------------

    async def api_upload(self, request: Request) -> Response:
        who, _ = await run_in_threadpool(auth.require, request, self.store, "department", False)
        received = await self._receive(request)
        upload = await run_in_threadpool(intake.accept, self.store, who, received, "api")
        body = {"schema_version": SCHEMA_VERSION, "upload": upload.to_json(upload.accepted),
                "findings": upload.findings}
        return JSONResponse(body, status_code=201 if upload.accepted else 422)

    def api_uploads(self, request: Request) -> Response:
        auth.require(request, self.store, "admin")
        q = request.query_params
        rnd = rounds.pick(self.store, q["round"]) if "round" in q else None
        dept = None
        if "department" in q:
            from ..listings import resolve

            dept = resolve(self.store.policy(), q["department"]).name
        uploads = self.store.uploads(rnd.id if rnd else None, dept)
        counted = {u.id for r in {u.round_id for u in uploads} for u in self.store.counted(r)}
        return JSONResponse({"schema_version": SCHEMA_VERSION,
                             "round": rnd.to_json() if rnd else None,
                             "uploads": [u.to_json(u.id in counted) for u in uploads]})

    def _asked(self, request: Request) -> tuple[Round, Optional[dt.date], str]:
        q = request.query_params
        rnd = rounds.pick(self.store, q.get("round"))
        as_of = _day(q.get("as_of"), msg("as_of", "as_of"))
        return rnd, as_of, "en" if q.get("lang") == "en" else "zh"

    def api_status(self, request: Request) -> Response:
        from ..render import Format, render

        auth.require(request, self.store, "admin")
        rnd, as_of, lang = self._asked(request)
        text = render(self.standing.status(rnd, as_of), Format.json, lang)
        return Response(text, media_type="application/json")

    def api_report(self, request: Request) -> Response:
        from ..render import Format, render_files

        fmt = request.path_params["fmt"]
        if fmt not in REPORTS:
            raise not_found()
        auth.require(request, self.store, "admin")
        rnd, as_of, lang = self._asked(request)
        name = f"{rnd.name}-汇总报告.{fmt}" if lang == "zh" else f"{rnd.name}-report.{fmt}"
        files = [(n, d if isinstance(d, bytes) else d.encode("utf-8")) for n, d in render_files(
            self.standing.meeting(rnd, as_of), Format(fmt), lang, name)]
        if len(files) == 1:
            return Response(files[0][1], media_type=REPORTS[fmt],
                            headers={"Content-Disposition": disposition(name)})
        # the Word paper past its size and its annex: they go together, as the paper names it
        return Response(_zipped(files), media_type="application/zip", headers={
            "Content-Disposition": disposition(name.rsplit(".", 1)[0] + ".zip")})

    def healthz(self, request: Request) -> Response:
        self.store.query("SELECT 1")
        return JSONResponse({"status": "ok"})

    def static(self, request: Request) -> Response:
        text = self.css.get(request.path_params["name"])
        if text is None:
            raise not_found()
        return Response(text, media_type="text/css; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=3600"})


def _zipped(files: list[tuple[str, bytes]]) -> bytes:
    """Files in one zip, stored as they are (a docx and an xlsx are zips already)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for name, data in files:
            z.writestr(zipfile.ZipInfo(name, dt.datetime.now().timetuple()[:6]), data)
    return buffer.getvalue()


def not_found() -> Refused:
    return Refused(404, msg("there is no such page, or it is not yours to see",
                            "没有这个页面，或您无权查看"))


def create_app(store: Store, limit: int = intake.DEFAULT_LIMIT, secure: bool = False) -> ASGIApp:
    """The app over ``store``: uploads up to ``limit`` bytes; ``secure`` marks the cookies
    Secure whatever the scheme (set it when a proxy in front speaks https)."""
    inbox = Inbox(store, limit, secure)
    routes = [
        Route("/", inbox.home),
        Route("/healthz", inbox.healthz),
        Route("/login", inbox.login_page, methods=["GET"]),
        Route("/login", inbox.login_form, methods=["POST"]),
        Route("/login/{token}", inbox.login_link),
        Route("/logout", inbox.logout, methods=["POST"]),
        Route("/department", inbox.department),
        Route("/department/uploads/{id:int}", inbox.own_upload),
        Route("/department/uploads/{id:int}/file", inbox.own_file),
        Route("/upload", inbox.upload_page, methods=["POST"]),
        Route("/template.xlsx", inbox.template),
        Route("/bureau", inbox.bureau),
        Route("/bureau/departments/{dept}", inbox.history),
        Route("/bureau/uploads/{id:int}", inbox.any_upload),
        Route("/bureau/uploads/{id:int}/file", inbox.any_file),
        Route("/bureau/rounds", inbox.open_round, methods=["POST"]),
        Route("/bureau/rounds/close", inbox.close_round, methods=["POST"]),
        Route("/static/{name}", inbox.static),
        Route("/api/ledgers", inbox.api_upload, methods=["POST"]),
        Route("/api/uploads", inbox.api_uploads),
        Route("/api/status", inbox.api_status),
        Route("/api/report.{fmt}", inbox.api_report),
    ]
    app = Starlette(routes=routes, exception_handlers={
        InputError: inbox.on_refused, HTTPException: inbox.on_http, Exception: inbox.on_error})
    return Guard(app)
