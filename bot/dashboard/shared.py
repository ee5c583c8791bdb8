"""What every dashboard handler shares, made once at start-up and handed over as Starlette's
lifespan state (``shared(request)``): typed, set in one place, read the same way everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field

from cachetools import TTLCache
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from bot.dashboard.access import Access
from bot.dashboard.discord_api import DiscordAPI
from bot.dashboard.names import Names
from bot.dashboard.settings import DashboardSettings
from bot.db.store import Store
from bot.ops.expiring import ExpiringCache


@dataclass(frozen=True)
class ModelInfo:
    """The labels and the model's own thresholds, read without loading the model."""

    labels: list[str]
    thresholds: dict[str, float] = field(default_factory=dict)
    found: bool = True


class EndedSessions:
    """The ids of sessions that logged out (or whose token Discord refused), kept as long as their
    cookie could live: the cookie is signed, not stored, so without this a copy taken before
    logging out would keep working. Bounded: past ``maxsize`` the oldest go first, and a cookie
    of theirs still carries a token revoked at Discord, which the next read refuses (a logout)."""

    def __init__(self, max_age_s: float, maxsize: int = 100_000) -> None:
        self._ended: TTLCache[str, bool] = TTLCache(maxsize=maxsize, ttl=max_age_s)

    def end(self, sid: str) -> None:
        self._ended[sid] = True

    def __contains__(self, sid: object) -> bool:
        return sid in self._ended


@dataclass(frozen=True)
class Shared:
    """The app's shared objects: the lifespan yields them once as ``{"shared": Shared(...)}``."""

    settings: DashboardSettings
    store: Store
    api: DiscordAPI
    access: Access
    names: Names  # people by display name, through the access lookups
    model: ModelInfo
    templates: Jinja2Templates
    overview_cache: ExpiringCache
    ended_sessions: EndedSessions


def shared(request: Request) -> Shared:
    """The app's shared objects (Starlette hands every request a copy of the lifespan's state)."""
    return request.state.shared
