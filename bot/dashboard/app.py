"""The dashboard's ASGI app (Starlette), and ``serve`` for ``python -m bot dashboard``."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.dashboard import admin, auth, pages, review
from bot.dashboard.access import Access
from bot.dashboard.assets import Assets
from bot.dashboard.discord_api import DiscordAPI, DiscordError, TokenRevoked
from bot.dashboard.names import Names
from bot.dashboard.settings import DashboardSettings
from bot.dashboard.shared import EndedSessions, ModelInfo, Shared
from bot.dashboard.web import STATIC_DIR, SecurityHeaders, end_session, make_templates, render
from bot.db.store import Store
from bot.ops.expiring import ExpiringCache
from classifier.model.artifacts import META_FILE, ModelMeta

log = logging.getLogger(__name__)
SESSION_DAYS = 7


class DashboardConfigError(ValueError):
    """The dashboard cannot start; the message says which setting to fix."""


async def model_info(settings: DashboardSettings, store: Store) -> ModelInfo:
    """From the model service (``CLASSIFIER_URL``), else the model directory's ``sentinela.json``;
    without either, the labels the database has seen (the model's thresholds then unknown)."""
    if settings.classifier_url:
        from classifier.serving.remote import RemoteClassifier

        token = settings.classifier_token.get_secret_value() if settings.classifier_token else None
        try:
            async with RemoteClassifier(settings.classifier_url, token=token) as remote:
                return ModelInfo(remote.labels, remote.thresholds)
        except Exception as e:  # the service down: the page still works on what the database knows
            log.warning("model service %s: %s; labels from the database", settings.classifier_url, e)
    directory = Path(settings.sentinela_model)
    if (directory / META_FILE).is_file():
        try:
            # sentinela.json names its labels: the model's weights and config are not needed
            labels = json.loads((directory / META_FILE).read_text(encoding="utf-8"))["labels"]
            meta = ModelMeta.load(directory, list(labels))  # the checks the classifier makes
            return ModelInfo(meta.labels, meta.thresholds)
        except Exception as e:  # an unreadable or invalid file: the pages work on what the database knows
            log.warning("%s; labels from the database", e)
    return ModelInfo(await store.known_labels(), found=False)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    """Not logged in: to the login page; any other refusal: the error page in the user's language."""
    if exc.status_code == 401:
        return RedirectResponse("/", 303)
    kind = {403: "forbidden", 404: "not_found", 400: "bad_request"}.get(exc.status_code, "error")
    if exc.detail in ("csrf", "admin"):
        kind = exc.detail
    return render(request, "error.html", {"kind": kind}, status=exc.status_code)


async def _discord_down(request: Request, exc: Exception) -> Response:
    log.warning("Discord: %s", exc)
    return render(request, "error.html", {"kind": "discord"}, status=502)


async def _token_revoked(request: Request, exc: Exception) -> Response:
    """Discord refused the user's own token (revoked, expired, the app deauthorised): that is a
    logout, not an outage; the login page, where one click gets a new token."""
    user = end_session(request)
    log.info("dashboard: user %s logged out: %s", user.id if user else "?", exc)
    return RedirectResponse("/", 303)


def create_app(
    settings: DashboardSettings, store: Store, api: DiscordAPI, model: ModelInfo | None = None
) -> Starlette:
    """The app on this store and Discord API (``build`` makes both from complete settings)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Shared]]:
        await store.migrate()
        info = model or await model_info(settings, store)
        log.info("dashboard on %s (labels: %s)", settings.dashboard_url, ", ".join(info.labels))
        # Starlette's lifespan state: every request gets it as request.state (see shared.py)
        moderators = frozenset(settings.moderator_role_ids or ())
        access = Access(api, moderators, settings.dashboard_access_cache_s)
        # people by name, through the access lookups (their calls, cache and bounds): a page
        # names its people at once (prefetch), its templates read them ({{ names.person(g, id) }})
        names = Names(access.lookups, settings.dashboard_access_cache_s)
        templates.env.globals["names"] = names
        yield {"shared": Shared(
            settings=settings, store=store, api=api, model=info, templates=templates,
            access=access, names=names,
            overview_cache=ExpiringCache(settings.dashboard_overview_cache_s),
            ended_sessions=EndedSessions(max_age_s=SESSION_DAYS * 86400),
        )}  # fmt: skip
        await api.aclose()
        await store.close()

    assets = Assets(STATIC_DIR)
    app = Starlette(
        routes=[*pages.routes, *auth.routes, *review.routes, *admin.routes, assets.route()],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(
                SessionMiddleware,
                secret_key=settings.session_secret.get_secret_value(),
                session_cookie="sentinela_session",
                max_age=SESSION_DAYS * 86400,
                same_site="lax",
                https_only=settings.secure_cookies,
            ),
        ],
        exception_handlers={HTTPException: _http_error, TokenRevoked: _token_revoked,
                            DiscordError: _discord_down},
        lifespan=lifespan,
    )  # fmt: skip
    templates = make_templates(assets)
    return app


def build(settings: DashboardSettings) -> Starlette:
    """The app for these settings: the bot's database, Discord's API."""
    missing = settings.missing()
    if missing:
        raise DashboardConfigError(f"the dashboard needs {', '.join(missing)} (see .env.example)")
    api = DiscordAPI(
        settings.discord_api_base,
        settings.discord_client_id or "",
        settings.discord_client_secret.get_secret_value(),
        settings.discord_token.get_secret_value(),
    )
    store = Store(settings.database_url, config_ttl_s=settings.config_cache_ttl_s)
    return create_app(settings, store, api)


def serve(settings: DashboardSettings) -> int:
    import uvicorn

    from bot.dashboard.server import deadline_protocol

    app = build(settings)
    uvicorn.run(
        app,
        host=settings.dashboard_host,
        port=settings.dashboard_port,
        log_level=settings.log_level.lower(),
        proxy_headers=True,  # behind a reverse proxy that terminates HTTPS
        server_header=False,
        # a request must arrive whole in time, and an idle kept-alive connection is closed
        http=deadline_protocol(settings.dashboard_request_timeout_s),
        timeout_keep_alive=5,
    )
    return 0
