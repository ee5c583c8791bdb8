"""Discord's answers as the dashboard reads them: shared, cached and bounded.

The bot's token is the one moderation uses too, and Discord's rate limit is per token: a burst
of dashboard loads must not cost the bot its deletes and timeouts. So every lookup here is

- shared: concurrent identical lookups make one call (``async_lru`` keeps the pending task and
  hands it to every caller), and its answer is reused for ``ttl_s`` (failures are not kept);
- bounded: at most ``per_guild`` calls at once about one guild and ``per_user`` for one user,
  whatever the number of tabs, users or guilds (a semaphore each, kept while in use);
- concurrent where independent, by the callers (``asyncio.gather`` in ``access``).

Guild data (roles, channels, threads, a member's roles) is the same for every user who asks, so
it is cached per guild, not per user; a user's guild list is cached per OAuth2 token, so a
revoked token is never answered from another session's list.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Hashable
from contextlib import asynccontextmanager
from typing import Any

from async_lru import alru_cache

from bot.dashboard.discord_api import DiscordAPI

PER_GUILD, PER_USER = 4, 4  # Discord calls in flight at once about one guild, for one user
MAX_ENTRIES = 10_000  # per kind of lookup: the people and guilds of the last few minutes


class Limiter:
    """One semaphore per key, alive while someone holds or waits for it (a weak value)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._slots: weakref.WeakValueDictionary[Hashable, asyncio.Semaphore] = weakref.WeakValueDictionary()

    @asynccontextmanager
    async def slot(self, key: Hashable):
        semaphore = self._slots.get(key)
        if semaphore is None:
            semaphore = self._slots[key] = asyncio.Semaphore(self.limit)
        async with semaphore:
            yield


class Lookups:
    """The REST calls ``Access`` and ``Names`` need, each shared, cached ``ttl_s`` and bounded."""

    def __init__(self, api: DiscordAPI, ttl_s: float, per_guild: int = PER_GUILD, per_user: int = PER_USER):
        self.api = api
        self.guilds_limit, self.users_limit = Limiter(per_guild), Limiter(per_user)
        cache = alru_cache(maxsize=MAX_ENTRIES, ttl=ttl_s)
        self.bot_guild_ids = cache(self._bot_guild_ids)
        self.user_guilds = cache(self._user_guilds)
        self.guild = cache(self._guild)
        self.member = cache(self._member)
        self.channels = cache(self._channels)
        self.threads = cache(self._threads)
        self.user = cache(self._user)
        # profiles are nobody's guild: one bound for all of them (a page names at most
        # ``names.PER_PAGE`` people, most of them members, whose lookup is ``member``'s)
        self.profiles_limit = asyncio.Semaphore(per_guild)

    def forget_token(self, user_id: int, token: str) -> None:
        """Drop the guild list read with this token (its session ended)."""
        self.user_guilds.cache_invalidate(user_id, token)

    async def _bot_guild_ids(self) -> set[int]:
        return await self.api.bot_guild_ids()

    async def _user_guilds(self, user_id: int, token: str) -> list[dict[str, Any]]:
        async with self.users_limit.slot(user_id):
            return await self.api.user_guilds(token)

    async def _guild(self, guild_id: int) -> dict[str, Any]:
        async with self.guilds_limit.slot(guild_id):
            return await self.api.guild(guild_id)

    async def _member(self, guild_id: int, user_id: int) -> dict[str, Any] | None:
        # always the user's slot first, then the guild's: one order, so never a deadlock
        async with self.users_limit.slot(user_id), self.guilds_limit.slot(guild_id):
            return await self.api.member(guild_id, user_id)

    async def _user(self, user_id: int) -> dict[str, Any] | None:
        async with self.profiles_limit:
            return await self.api.user_by_id(user_id)

    async def _channels(self, guild_id: int) -> list[dict[str, Any]]:
        async with self.guilds_limit.slot(guild_id):
            return await self.api.channels(guild_id)

    async def _threads(self, guild_id: int) -> list[dict[str, Any]]:
        async with self.guilds_limit.slot(guild_id):
            return await self.api.active_threads(guild_id)
