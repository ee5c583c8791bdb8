"""What every page shares: the logged-in user, CSRF tokens, security headers, the templates
and their language (the user's choice, else the browser's)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.dashboard.access import Forbidden, GuildAccess
from bot.dashboard.assets import Assets
from bot.dashboard.formats import formats_of
from bot.dashboard.shared import shared
from bot.presentation.i18n import LOCALES, Texts

HERE = Path(__file__).parent
TEMPLATES_DIR, STATIC_DIR = HERE / "templates", HERE / "static"
# no inline script or style anywhere: what the pages run and wear comes from /static
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: https://cdn.discordapp.com; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"  # what htmx sends (hx-headers on <body>)


class SecurityHeaders:
    """Pure ASGI middleware: the headers above on every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


@dataclass(frozen=True)
class SessionUser:
    id: int
    name: str
    token: str  # the user's OAuth2 access token: their guilds, re-read when the cache expires
    sid: str  # this login's id: what logging out revokes on the server


def current_user(request: Request) -> SessionUser | None:
    data = request.session.get("user")
    if not isinstance(data, dict):
        return None
    try:
        user = SessionUser(int(data["id"]), str(data["name"]), str(data["token"]), str(data["sid"]))
    except (KeyError, TypeError, ValueError):
        return None  # a cookie from before session ids: log in again
    return None if user.sid in shared(request).ended_sessions else user


def end_session(request: Request) -> SessionUser | None:
    """Log out on the server and in the browser: the session id revoked, the cookie emptied, what
    was read with the user's token forgotten. The user who was logged in, if any."""
    user = current_user(request)
    if user is not None:
        shared(request).ended_sessions.end(user.sid)
        shared(request).access.forget(user.id, user.token)
    request.session.clear()
    return user


def same_secret(sent: str, expected: str) -> bool:
    """Constant-time comparison of two strings, whatever characters the sender put in
    (``secrets.compare_digest`` raises ``TypeError`` on non-ASCII ``str``: a 500)."""
    return secrets.compare_digest(
        sent.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = request.session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


async def checked_form(request: Request) -> dict[str, str]:
    """The posted form, if it carries this session's CSRF token (in the form or htmx's header)."""
    form = await request.form()
    sent = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    expected = request.session.get(CSRF_FIELD)
    if not isinstance(expected, str) or not same_secret(str(sent), expected):
        raise HTTPException(403, "csrf")
    return {k: str(v) for k, v in form.items() if k != CSRF_FIELD}


def locale_of_request(request: Request) -> str:
    """The user's choice (the language switch), else the browser's first language we have."""
    chosen = request.session.get("lang")
    if chosen in LOCALES:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("pt"):
            return "pt_BR"
        if tag.startswith("en"):
            return "en"
    return "en"


def texts_of(request: Request) -> Texts:
    """The catalogue of the request's language."""
    return Texts(locale_of_request(request))


def make_templates(assets: Assets) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["bold"] = bold
    env.globals["static"] = assets.url  # {{ static("app.js") }}: the file's digest name
    return Jinja2Templates(env=env)


def bold(text: str) -> Markup:
    """The audit trail's Markdown ``**bold**`` as HTML, everything else escaped."""
    parts = str(escape(text)).split("**")
    return Markup("".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts)))


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200) -> Response:
    tr = texts_of(request)
    fmt = formats_of(request, tr.locale)
    ctx = dict(tr=tr, fmt=fmt, user=current_user(request), csrf=csrf_token(request), lang=tr.locale)
    ctx.update(context or {})
    return shared(request).templates.TemplateResponse(request, name, ctx, status_code=status)


async def guild_access(request: Request, *, admin: bool = False) -> tuple[SessionUser, GuildAccess]:
    """The logged-in user and their access to the guild in the URL: checked on every request."""
    user = current_user(request)
    if user is None:
        raise HTTPException(401)
    try:
        guild_id = int(request.path_params["guild_id"])
        access = await shared(request).access.guild(user.id, user.token, guild_id)
    except (ValueError, Forbidden):
        raise HTTPException(403) from None
    if admin and not access.admin:
        raise HTTPException(403, "admin")
    return user, access
