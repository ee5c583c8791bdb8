"""Which guilds a dashboard user may open, as what, and which channels they can read.

The same rule as the slash commands: moderator or admin permissions at guild level (or one of
``MODERATOR_ROLE_IDS``), in a guild where the bot is; message content and counts only from the
channels the member can read. Computed from Discord's REST API with the bot's token
(:mod:`bot.dashboard.lookups`: shared, cached a few minutes, bounded per user and guild), and
checked on every request.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import discord
from async_lru import alru_cache

from bot.core.permissions import (
    Overwrite,
    Place,
    guild_permissions,
    is_admin,
    is_moderator,
    readable_channels,
)
from bot.dashboard.discord_api import DiscordAPI
from bot.dashboard.lookups import MAX_ENTRIES, Lookups

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
    """Who may open which guild, from Discord's answers (``Lookups``: shared, cached, bounded)."""

    def __init__(self, api: DiscordAPI, moderator_role_ids: frozenset[int], ttl_s: float) -> None:
        self.lookups = Lookups(api, ttl_s)
        self.moderator_role_ids = moderator_role_ids
        # a user's access to a guild, built from the lookups; concurrent requests share one build
        self._access = alru_cache(maxsize=MAX_ENTRIES, ttl=ttl_s)(self._load)

    async def guilds(self, user_id: int, token: str) -> list[GuildEntry]:
        """The guilds the user can open, by name."""
        shared = await self._shared(user_id, token)

        async def opens(entry: GuildEntry, by_permission: bool) -> bool:
            if by_permission:
                return True
            if not self.moderator_role_ids:
                return False
            # a moderator role gives access without a permission bit: the member's roles tell,
            # one call per guild, all of them at once (bounded per user by the lookups)
            member = await self.lookups.member(entry.id, user_id)
            return member is not None and bool(self.moderator_role_ids & _role_ids(member))

        flags = await asyncio.gather(*(opens(entry, p) for entry, p in shared.values()))
        out = [entry for (entry, _), ok in zip(shared.values(), flags, strict=True) if ok]
        return sorted(out, key=lambda e: e.name.lower())

    async def guild(self, user_id: int, token: str, guild_id: int) -> GuildAccess:
        """The user's access to one guild, or ``Forbidden``: checked on every request."""
        shared = (await self._shared(user_id, token)).get(guild_id)
        if shared is None or not (shared[1] or self.moderator_role_ids):
            raise Forbidden(guild_id)
        access = await self._access(user_id, guild_id)
        if access is None:
            raise Forbidden(guild_id)
        return access

    def forget(self, user_id: int, token: str) -> None:
        """Drop what was read with a user's token (they logged out); the guilds' own data stays."""
        self.lookups.forget_token(user_id, token)

    async def _shared(self, user_id: int, token: str) -> dict[int, tuple[GuildEntry, bool]]:
        """The bot's guilds the user is in, and whether their guild-level permissions (as the
        user's own token reports them) make them a moderator there."""
        bot_guilds, user_guilds = await asyncio.gather(
            self.lookups.bot_guild_ids(), self.lookups.user_guilds(user_id, token)
        )
        out = {}
        for g in user_guilds:
            if int(g["id"]) in bot_guilds:
                perms = discord.Permissions(int(g.get("permissions", 0)))
                out[int(g["id"])] = (
                    _entry(g),
                    bool(g.get("owner")) or is_moderator(perms) or is_admin(perms),
                )
        return out

    async def _load(self, user_id: int, guild_id: int) -> GuildAccess | None:
        # all four at once: one round trip, not two (the channels are the guild's, cached for
        # whoever asks next, so fetching them for someone who turns out not to moderate costs
        # at most two calls per guild and TTL); only for a guild both the user and the bot are in
        guild, member, channels, threads = await asyncio.gather(
            self.lookups.guild(guild_id),
            self.lookups.member(guild_id, user_id),
            self.lookups.channels(guild_id),
            self.lookups.threads(guild_id),
        )
        if member is None:
            return None
        role_ids = sorted(_role_ids(member))
        roles = {int(r["id"]): int(r.get("permissions", 0)) for r in guild.get("roles", [])}
        base = guild_permissions(guild_id, int(guild.get("owner_id", 0)) == user_id, roles, role_ids)
        by_role = bool(self.moderator_role_ids & set(role_ids))
        if not (is_moderator(base) or is_admin(base) or by_role):
            return None
        names = {int(c["id"]): c.get("name", "") for c in [*channels, *threads] if c.get("type") != CATEGORY}
        readable = readable_channels(base, guild_id, user_id, role_ids, places(channels, threads))
        role_names = {
            int(r["id"]): r.get("name", "") for r in guild.get("roles", []) if int(r["id"]) != guild_id
        }
        return GuildAccess(
            guild=_entry(guild), user_id=user_id, admin=is_admin(base), readable=readable,
            channels=names, roles=role_names,
        )  # fmt: skip


def places(channels: list[dict[str, Any]], threads: list[dict[str, Any]]) -> list[Place]:
    """The REST API's channels (with their overwrites) and the guild's active threads, in the
    terms the permission rule reads."""
    out = [
        Place(int(c["id"]), tuple(Overwrite.from_json(o) for o in c.get("permission_overwrites", [])))
        for c in channels
    ]
    for t in threads:
        parent = int(t.get("parent_id") or 0)
        out.append(Place(int(t["id"]), thread_of=parent, private=t.get("type") == PRIVATE_THREAD))
    return out


def _role_ids(member: dict[str, Any]) -> set[int]:
    return {int(r) for r in member.get("roles", [])}


def _entry(g: dict) -> GuildEntry:
    icon = g.get("icon")
    url = f"https://cdn.discordapp.com/icons/{g['id']}/{icon}.png?size=64" if icon else None
    return GuildEntry(int(g["id"]), str(g.get("name", g["id"])), url)
