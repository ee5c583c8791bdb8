"""Which guilds a dashboard user may open, as what, and which channels they can read.

The same rule as the slash commands: moderator or admin permissions at guild level (or one of
``MODERATOR_ROLE_IDS``), in a guild where the bot is; message content and counts only from the
channels the member can read. Computed from Discord's REST API with the bot's token, cached a few
minutes per user and guild, and checked on every request.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import discord

from bot.dashboard.discord_api import DiscordAPI
from bot.permissions import Overwrite, channel_permissions, guild_permissions, is_admin, is_moderator

T = TypeVar("T")
PRIVATE_THREAD = 12
CATEGORY = 4


class Forbidden(Exception):
    """The user may not open this guild (or this page of it)."""


@dataclass(frozen=True)
class GuildEntry:
    """A guild on the servers page."""

    id: int
    name: str
    icon_url: str | None


@dataclass(frozen=True)
class GuildAccess:
    """What one user may do and see in one guild."""

    guild: GuildEntry
    user_id: int
    admin: bool
    readable: frozenset[int] | None  # channel and thread ids they can read; None: every one
    channels: dict[int, str] = field(default_factory=dict)  # text-like channels, by id
    roles: dict[int, str] = field(default_factory=dict)

    def channel_name(self, channel_id: int | str) -> str:
        """``#name`` (the id where the channel is gone); the audit trail records ids as text."""
        return "#" + self.channels.get(int(channel_id), str(channel_id))


class Access:
    def __init__(self, api: DiscordAPI, moderator_role_ids: frozenset[int], ttl_s: float) -> None:
        self.api, self.moderator_role_ids, self.ttl_s = api, moderator_role_ids, ttl_s
        self._cache: dict[tuple, tuple[float, Any]] = {}

    async def guilds(self, user_id: int, token: str) -> list[GuildEntry]:
        """The guilds the user can open, by name."""
        out = []
        for entry, by_permission in (await self._shared(user_id, token)).values():
            if by_permission:
                out.append(entry)
            elif self.moderator_role_ids:  # a moderator role gives access without a permission bit
                try:
                    await self.guild(user_id, token, entry.id)
                    out.append(entry)
                except Forbidden:
                    pass
        return sorted(out, key=lambda e: e.name.lower())

    async def guild(self, user_id: int, token: str, guild_id: int) -> GuildAccess:
        """The user's access to one guild, or ``Forbidden``: checked on every request."""
        shared = (await self._shared(user_id, token)).get(guild_id)
        if shared is None or not (shared[1] or self.moderator_role_ids):
            raise Forbidden(guild_id)
        access = await self._cached(("guild", user_id, guild_id), lambda: self._load(user_id, guild_id))
        if access is None:
            raise Forbidden(guild_id)
        return access

    async def _shared(self, user_id: int, token: str) -> dict[int, tuple[GuildEntry, bool]]:
        """The bot's guilds the user is in, and whether their guild-level permissions (as the
        user's own token reports them) make them a moderator there."""

        async def load() -> dict[int, tuple[GuildEntry, bool]]:
            bot_guilds = await self._cached(("bot",), self.api.bot_guild_ids)
            out = {}
            for g in await self.api.user_guilds(token):
                if int(g["id"]) in bot_guilds:
                    perms = discord.Permissions(int(g.get("permissions", 0)))
                    out[int(g["id"])] = (
                        _entry(g),
                        bool(g.get("owner")) or is_moderator(perms) or is_admin(perms),
                    )
            return out

        return await self._cached(("guilds", user_id), load)

    async def _load(self, user_id: int, guild_id: int) -> GuildAccess | None:
        guild = await self.api.guild(guild_id)
        member = await self.api.member(guild_id, user_id)
        if member is None:
            return None
        role_ids = [int(r) for r in member.get("roles", [])]
        roles = {int(r["id"]): int(r.get("permissions", 0)) for r in guild.get("roles", [])}
        base = guild_permissions(guild_id, int(guild.get("owner_id", 0)) == user_id, roles, role_ids)
        by_role = bool(self.moderator_role_ids & set(role_ids))
        if not (is_moderator(base) or is_admin(base) or by_role):
            return None
        channels = await self.api.channels(guild_id)
        threads = await self.api.active_threads(guild_id)
        names = {int(c["id"]): c.get("name", "") for c in [*channels, *threads] if c.get("type") != CATEGORY}
        readable = readable_ids(base, guild_id, user_id, role_ids, channels, threads)
        role_names = {
            int(r["id"]): r.get("name", "") for r in guild.get("roles", []) if int(r["id"]) != guild_id
        }
        return GuildAccess(
            guild=_entry(guild), user_id=user_id, admin=is_admin(base), readable=readable,
            channels=names, roles=role_names,
        )  # fmt: skip

    async def _cached(self, key: tuple, load: Callable[[], Awaitable[T]]) -> T:
        hit = self._cache.get(key)
        now = time.monotonic()
        if hit is not None and now - hit[0] < self.ttl_s:
            return hit[1]
        value = await load()
        # what expired goes when something new comes: the cache holds the people of the last
        # few minutes, not everyone who ever logged in
        for old in [k for k, (at, _) in self._cache.items() if now - at >= self.ttl_s]:
            del self._cache[old]
        self._cache[key] = (now, value)
        return value

    def forget(self, user_id: int) -> None:
        """Drop a user's cached access (they logged out)."""
        for key in [k for k in self._cache if len(k) > 1 and k[1] == user_id]:
            del self._cache[key]


def readable_ids(
    base: discord.Permissions, guild_id: int, user_id: int, role_ids: list[int], channels: list, threads: list
) -> frozenset[int] | None:
    """The channel and thread ids a member can read (``None``: every one, an administrator),
    from the REST API's channels with their overwrites and the guild's active threads. A public
    thread is read by whoever reads its channel; a private one is counted only for those who
    manage threads there (its own members are not listed by the API)."""
    if base.administrator:
        return None
    perms = {}
    for c in channels:
        overwrites = [Overwrite.from_json(o) for o in c.get("permission_overwrites", [])]
        perms[int(c["id"])] = channel_permissions(base, guild_id, user_id, role_ids, overwrites)
    visible = {cid for cid, p in perms.items() if p.read_messages}
    for t in threads:
        parent = perms.get(int(t.get("parent_id") or 0))
        if (
            parent is not None
            and parent.read_messages
            and (t.get("type") != PRIVATE_THREAD or parent.manage_threads)
        ):
            visible.add(int(t["id"]))
    return frozenset(visible)


def _entry(g: dict) -> GuildEntry:
    icon = g.get("icon")
    url = f"https://cdn.discordapp.com/icons/{g['id']}/{icon}.png?size=64" if icon else None
    return GuildEntry(int(g["id"]), str(g.get("name", g["id"])), url)
