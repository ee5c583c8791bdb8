"""Log in with Discord (OAuth2 authorization code, scopes ``identify guilds``), log out, and the
language switch."""

from __future__ import annotations

import logging
import re
import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.dashboard.discord_api import DiscordError
from bot.dashboard.shared import shared
from bot.dashboard.web import CSRF_FIELD, checked_form, end_session, render, same_secret
from bot.presentation.i18n import LOCALES

log = logging.getLogger(__name__)


def redirect_uri(request: Request) -> str:
    """The callback as registered in Discord's Developer Portal."""
    return shared(request).settings.dashboard_url + "/callback"


async def login(request: Request) -> Response:
    state = secrets.token_urlsafe(24)
    request.session["oauth_state"] = state
    return RedirectResponse(shared(request).api.authorize_url(state, redirect_uri(request)), 302)


async def callback(request: Request) -> Response:
    expected = request.session.pop("oauth_state", None)
    state, code = request.query_params.get("state", ""), request.query_params.get("code")
    if not isinstance(expected, str) or not same_secret(state, expected):
        # a forged or replayed callback, or a login started in another browser: start again
        return render(request, "error.html", {"kind": "state"}, status=400)
    if not code:  # the user pressed Cancel on Discord's page
        return render(request, "error.html", {"kind": "cancelled"}, status=400)
    api = shared(request).api
    try:
        token = (await api.exchange_code(code, redirect_uri(request)))["access_token"]
        me = await api.user(token)
    except (DiscordError, KeyError, TypeError) as e:
        log.warning("login failed: %s", e)
        return render(request, "error.html", {"kind": "discord"}, status=502)
    lang = request.session.get("lang")
    request.session.clear()  # a new session on login: nothing carried over from before (fixation)
    if lang:
        request.session["lang"] = lang
    request.session["user"] = dict(
        id=str(me["id"]), name=str(me.get("global_name") or me.get("username") or me["id"]), token=token,
        sid=secrets.token_urlsafe(16),  # revoked on the server at logout (shared.EndedSessions)
    )  # fmt: skip
    request.session[CSRF_FIELD] = secrets.token_urlsafe(32)
    log.info("dashboard: user %s logged in", me["id"])
    return RedirectResponse("/", 303)


async def logout(request: Request) -> Response:
    await checked_form(request)
    user = end_session(request)
    if user is not None:
        await shared(request).api.revoke(user.token)
    return RedirectResponse("/", 303)


# a path of this site: one "/" then printable ASCII, no backslash. Browsers read "//host",
# "///host" and "/\host" as another origin (a backslash is a slash to them), and drop tabs and
# newlines first ("/<tab>/host" is "//host"): none of that may be followed
_LOCAL_PATH = re.compile(r"/(?![/\\])[!-\[\]-~]*")


def safe_next(target: str) -> str:
    """``target`` if it is a same-origin relative path, else ``/``: never an open redirect."""
    return target if _LOCAL_PATH.fullmatch(target) else "/"


async def language(request: Request) -> Response:
    """``/lang/pt_BR?next=/g/1``: the user's language for every page from now on."""
    locale = request.path_params["locale"]
    if locale in LOCALES:
        request.session["lang"] = locale
    return RedirectResponse(safe_next(request.query_params.get("next", "/")), 303)


routes = [
    Route("/login", login),
    Route("/callback", callback),
    Route("/logout", logout, methods=["POST"]),
    Route("/lang/{locale}", language),
]
