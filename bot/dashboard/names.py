"""People by their display name: the queue's authors, the history's moderators.

A name is the member's server nickname, else their Discord display name, else their username
(Discord's own order); someone who left the server is looked up by their profile. The calls are
:mod:`bot.dashboard.lookups`' (shared with the access checks, cached, bounded per guild): a
moderator whose access was just checked is named without a call. A page asks for its people at
once (``prefetch``: at most ``PER_PAGE``, concurrently) and waits ``wait_s`` at most; whoever is
not named by then (Discord slow or down) shows their id, and the lookups still running fill the
cache for the next page. The id is always on hover (``title``).

Templates read names synchronously (``person``), from what a prefetch found: a card rendered
again later (an undone verdict) is named without waiting on Discord. The queue's authors come
first from the name the bot recorded with their hit (``hits.author_name``); only hits recorded
without one (before migration 0009) are looked up here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from cachetools import TTLCache
from markupsafe import Markup

from bot.dashboard.discord_api import DiscordError
from bot.dashboard.lookups import MAX_ENTRIES, Lookups

log = logging.getLogger(__name__)
PER_PAGE = 50  # people named per page: the queue's 20 authors, the history's 50 changes
WAIT_S = 1.0  # the most a page waits for names before it shows ids
# names are kept at least this long, whatever DASHBOARD_ACCESS_CACHE_S says (0 caches no access):
# a page must find the names its prefetch found, and a name a minute old misleads nobody
MIN_TTL_S = 60.0


def display_name(member: dict[str, Any] | None, user: dict[str, Any] | None) -> str | None:
    """The nickname in the server, else the global display name, else the username."""
    profile = (member or {}).get("user") or user or {}
    for name in ((member or {}).get("nick"), profile.get("global_name"), profile.get("username")):
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


class Names:
    """Display names per (guild, user), read through ``Lookups`` and kept ``ttl_s``."""

    def __init__(self, lookups: Lookups, ttl_s: float, wait_s: float = WAIT_S) -> None:
        self.lookups = lookups
        self.wait_s = wait_s
        # bounded as the lookups are: the least recently used name goes first when full
        self._known: TTLCache[tuple[int, int], str] = TTLCache(MAX_ENTRIES, max(ttl_s, MIN_TTL_S))

    async def prefetch(self, guild_id: int, user_ids: Iterable[int | None]) -> None:
        """Look up a page's people at once; return when all are named or ``wait_s`` has passed."""
        wanted = [u for u in dict.fromkeys(user_ids) if u is not None and self.name(guild_id, u) is None]
        tasks = [asyncio.ensure_future(self._look_up(guild_id, u)) for u in wanted[:PER_PAGE]]
        if tasks:
            # not wait_for: whoever is not named in time is looked up to the end, for the next page
            await asyncio.wait(tasks, timeout=self.wait_s)

    async def _look_up(self, guild_id: int, user_id: int) -> None:
        try:
            member = await self.lookups.member(guild_id, user_id)
            user = None if member is not None else await self.lookups.user(user_id)
        except DiscordError as e:  # the id stands in for the name; the page goes on
            log.info("guild %s: no name for user %s (%s)", guild_id, user_id, e)
            return
        name = display_name(member, user)
        if name is not None:
            self._known[guild_id, user_id] = name

    def name(self, guild_id: int, user_id: int) -> str | None:
        return self._known.get((guild_id, user_id))

    def person(self, guild_id: int, user_id: int, known: str | None = None) -> Markup:
        """The name with the id on hover, or the id itself (not named: unknown, or Discord did
        not answer in time). ``known``: the name the bot recorded with a hit, shown as it is,
        without a lookup (escaped like any name: members choose them)."""
        name = known or self.name(guild_id, user_id)
        if name is None:
            return Markup('<code class="person">{}</code>').format(user_id)
        return Markup('<span class="person" title="{}">{}</span>').format(user_id, name)
