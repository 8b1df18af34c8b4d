"""Who is asking, and may they: a bearer token (the API) or a session cookie (the pages, after a
login link), the role a route needs, and the CSRF token every form carries.

A department is only ever its token's department: no field, file name, header or path picks
another. Sessions live in the store (revoked with the token they came from); the cookie holds
only a random id (HttpOnly, SameSite=Lax — a login link opened from a mail or chat message must
carry it on the redirect that follows —, Secure behind https).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..vocabulary import msg
from . import tokens
from .refusals import Refused
from .store import SESSION_HOURS, Principal, Session, Store

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

COOKIE = "stdcheck_session"
LOGIN_COOKIE = "stdcheck_login"  # the login form's CSRF token, before there is a session


def login_needed() -> Refused:
    return Refused(401, msg("log in first: open the link the joint-meeting office sent, or send "
                            "`Authorization: Bearer <token>`",
                            "请先登录：打开联席会议办公室发送的链接，或在请求中附带 "
                            "`Authorization: Bearer <令牌>`"))


def bad_token() -> Refused:
    return Refused(401, msg("the token is not valid (it may have been replaced by a newer one); "
                            "ask the joint-meeting office for a new one",
                            "令牌无效（可能已换发新令牌）；请向联席会议办公室索取新的令牌"))


def wrong_role(admin: bool) -> Refused:
    if admin:
        return Refused(403, msg("this is for the joint-meeting office; a department's token "
                                "cannot open it", "此功能仅供联席会议办公室使用，责任单位的令牌无权访问"))
    return Refused(403, msg("this is for a department (责任单位): log in with its link or token",
                            "此功能供责任单位使用：请用本单位的链接或令牌登录"))


def bearer(request: Request) -> Optional[str]:
    """The token of an ``Authorization: Bearer`` header, if one is sent."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def identify(request: Request, store: Store, cookie: bool = True
             ) -> tuple[Optional[Principal], Optional[Session]]:
    """Who sent ``request``: a bearer token wins (a wrong one is refused, never passed over to
    the cookie); else the session cookie, when ``cookie``."""
    token = bearer(request)
    if token is not None:
        who = store.who(token)
        if who is None:
            raise bad_token()
        return who, None
    if request.headers.get("Authorization"):
        raise bad_token()  # another scheme, or an empty token
    sid = request.cookies.get(COOKIE) if cookie else None
    session = store.session(sid) if sid else None
    return (session.principal, session) if session else (None, None)


def require(request: Request, store: Store, role: Optional[str], cookie: bool = True
            ) -> tuple[Principal, Optional[Session]]:
    """The principal of ``request``, of ``role`` (admin, department, or None for either)."""
    who, session = identify(request, store, cookie)
    if who is None:
        raise login_needed() if cookie or not request.cookies.get(COOKIE) else Refused(
            401, msg("the API takes `Authorization: Bearer <token>`, not the page's login",
                     "接口须使用 `Authorization: Bearer <令牌>`，不能使用网页登录状态"))
    if role == "admin" and not who.admin:
        raise wrong_role(True)
    if role == "department" and who.admin:
        raise wrong_role(False)
    return who, session


def check_csrf(session: Optional[Session], sent: Optional[str]) -> None:
    """A form changes something only with the token of the session that showed it."""
    if session is None or not sent or not tokens.same(session.csrf, sent):
        raise Refused(403, msg("the form has expired or did not come from this site: reload "
                               "the page and try again",
                               "表单已过期或不是从本站提交的：请刷新页面后重试"))


def set_session(response: Response, sid: str, secure: bool) -> None:
    response.set_cookie(COOKIE, sid, max_age=SESSION_HOURS * 3600, path="/", httponly=True,
                        samesite="lax", secure=secure)


def end_session(response: Response, secure: bool) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=secure)
