"""Who may do what in a guild, from Discord's permission bits: shared by the cog (which gets
members from the gateway) and the dashboard (which gets them from Discord's REST API).

Discord's own algorithm (developer docs, "Permissions": computing permissions): the guild-level
permissions are ``@everyone``'s plus every role's; administrator or ownership gives everything;
in a channel the overwrites apply in order: ``@everyone``'s, then the member's roles' (all
denies, then all allows), then the member's own. Which channels a member can read is one
function, :func:`readable_channels`, that the cog's checks and the dashboard's access both call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import discord


def is_moderator(perms: discord.Permissions) -> bool:
    """Moderators review alerts and read statistics."""
    return perms.manage_messages or perms.moderate_members or perms.administrator


def is_admin(perms: discord.Permissions) -> bool:
    """Admins change what the bot does: thresholds, rules, alerts, exemptions, on/off."""
    return perms.manage_guild or perms.administrator


@dataclass(frozen=True)
class Overwrite:
    """One channel permission overwrite as Discord's REST API sends it (type 0 role, 1 member)."""

    id: int
    type: int
    allow: int
    deny: int

    @classmethod
    def from_json(cls, data: Mapping) -> Overwrite:
        return cls(int(data["id"]), int(data["type"]), int(data.get("allow", 0)), int(data.get("deny", 0)))


def guild_permissions(
    guild_id: int, owner: bool, role_permissions: Mapping[int, int], member_role_ids: Iterable[int]
) -> discord.Permissions:
    """A member's guild-level permissions (``role_permissions``: every role's bits by id; the
    ``@everyone`` role's id is the guild's)."""
    if owner:
        return discord.Permissions.all()
    value = role_permissions.get(guild_id, 0)
    for role_id in member_role_ids:
        value |= role_permissions.get(role_id, 0)
    perms = discord.Permissions(value)
    return discord.Permissions.all() if perms.administrator else perms


def channel_permissions(
    base: discord.Permissions,
    guild_id: int,
    member_id: int,
    member_role_ids: Iterable[int],
    overwrites: Iterable[Overwrite],
) -> discord.Permissions:
    """``base`` (guild-level) with one channel's overwrites applied."""
    if base.administrator:
        return discord.Permissions.all()
    value = base.value
    by_id = {(o.type, o.id): o for o in overwrites}
    everyone = by_id.get((0, guild_id))
    if everyone is not None:
        value = (value & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in member_role_ids:
        # @everyone's overwrite was applied above; the gateway lists its role among a member's
        o = by_id.get((0, role_id)) if role_id != guild_id else None
        if o is not None:
            allow, deny = allow | o.allow, deny | o.deny
    value = (value & ~deny) | allow
    member = by_id.get((1, member_id))
    if member is not None:
        value = (value & ~member.deny) | member.allow
    return discord.Permissions(value)


@dataclass(frozen=True)
class Place:
    """A channel or a thread, with what reading it depends on."""

    id: int
    overwrites: tuple[Overwrite, ...] = ()
    thread_of: int | None = None  # a thread's channel (0: unknown): a thread has no overwrites
    private: bool = False  # a private thread


def readable_channels(
    base: discord.Permissions,
    guild_id: int,
    member_id: int,
    member_role_ids: Iterable[int],
    places: Iterable[Place],
) -> frozenset[int] | None:
    """The channel and thread ids a member can read (``None``: every one, an administrator).

    A public thread is read by whoever reads its channel; a private one is counted only for those
    who manage threads there (its own members are not listed by the REST API, and not always
    cached by the gateway: the rule must not depend on which surface asks).
    """
    if base.administrator:
        return None
    places = list(places)
    role_ids = list(member_role_ids)
    perms = {
        p.id: channel_permissions(base, guild_id, member_id, role_ids, p.overwrites)
        for p in places
        if p.thread_of is None
    }
    visible = {cid for cid, p in perms.items() if p.read_messages}
    for p in places:
        parent = perms.get(p.thread_of) if p.thread_of is not None else None
        if parent is not None and parent.read_messages and (not p.private or parent.manage_threads):
            visible.add(p.id)
    return frozenset(visible)
