"""Permission checks for the cog's commands and buttons.

``default_permissions`` on a command is only a hint that server admins can override in the
integration settings; these checks are what is enforced, on every call.

Who may act is decided at guild level: ``interaction.permissions`` are the permissions in the
channel where the command runs, so Manage Messages in one channel would otherwise give powers over
every channel. What a moderator may *see* (stored text, statistics, verdicts) is limited to the
channels they can read.
"""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands

from bot.core import permissions
from bot.core.permissions import Overwrite, Place, is_admin, is_moderator


def guild_permissions(interaction: discord.Interaction) -> discord.Permissions:
    """The member's permissions from their roles, server-wide (no channel overwrites)."""
    user = interaction.user
    return user.guild_permissions if isinstance(user, discord.Member) else discord.Permissions.none()


def moderator_role_ids(interaction: discord.Interaction) -> frozenset[int]:
    """The roles configured as moderators (``MODERATOR_ROLE_IDS``)."""
    cog = interaction.client.get_cog("Moderation") if hasattr(interaction.client, "get_cog") else None
    settings = getattr(cog, "settings", None)
    return frozenset(getattr(settings, "moderator_role_ids", None) or ())


def member_is_moderator(interaction: discord.Interaction) -> bool:
    if is_moderator(guild_permissions(interaction)):
        return True
    roles = getattr(interaction.user, "roles", [])
    return bool(moderator_role_ids(interaction) & {r.id for r in roles})


def member_is_admin(interaction: discord.Interaction) -> bool:
    return is_admin(guild_permissions(interaction))


def can_read(interaction: discord.Interaction, channel_id: int) -> bool:
    """Whether the member can read a channel (or thread); a channel gone since: admins only."""
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        return False
    readable = readable_channels(interaction)
    return readable is None or channel_id in readable


def readable_channels(interaction: discord.Interaction) -> frozenset[int] | None:
    """The channel and thread ids the member can read; ``None`` when they can read every one.
    Decided by ``bot.core.permissions.readable_channels``, as the dashboard's are."""
    guild, member = interaction.guild, interaction.user
    if guild is None:
        return None
    if not isinstance(member, discord.Member):
        return frozenset()
    places = [_place(c) for c in [*guild.channels, *guild.threads]]
    role_ids = [r.id for r in member.roles]
    return permissions.readable_channels(
        guild_permissions(interaction), guild.id, member.id, role_ids, places
    )


def _place(channel: discord.abc.GuildChannel | discord.Thread) -> Place:
    """A channel as the gateway caches it, in the terms the permission rule reads."""
    if isinstance(channel, discord.Thread):
        private = channel.type is discord.ChannelType.private_thread
        return Place(channel.id, thread_of=channel.parent_id or 0, private=private)
    overwrites = []
    for target, overwrite in channel.overwrites.items():
        allow, deny = overwrite.pair()
        # the guild's own id is @everyone's role, whatever type a cached overwrite says it has
        role = isinstance(target, discord.Role) or getattr(target, "type", None) is discord.Role
        role = role or target.id == channel.guild.id
        overwrites.append(Overwrite(target.id, 0 if role else 1, allow.value, deny.value))
    return Place(channel.id, tuple(overwrites))


def _require(allowed: Callable[[discord.Interaction], bool], missing: str):
    def predicate(interaction: discord.Interaction) -> bool:
        if not allowed(interaction):
            raise app_commands.MissingPermissions([missing])
        return True

    return app_commands.check(predicate)


def moderator_only():
    """Only members who can manage messages or time members out server-wide, moderator roles, admins."""
    return _require(member_is_moderator, "manage_messages")


def admin_only():
    """Only members who can manage the server."""
    return _require(member_is_admin, "manage_guild")
