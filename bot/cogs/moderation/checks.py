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

from bot.core.permissions import is_admin, is_moderator


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
    member, guild = interaction.user, interaction.guild
    if guild is None or not isinstance(member, discord.Member):
        return False
    if guild_permissions(interaction).administrator:
        return True
    channel = guild.get_channel_or_thread(channel_id)
    if channel is None:
        return False
    return channel.permissions_for(member).read_messages


def readable_channels(interaction: discord.Interaction) -> frozenset[int] | None:
    """The channel and thread ids the member can read; ``None`` when they can read every one."""
    guild = interaction.guild
    if guild is None or guild_permissions(interaction).administrator:
        return None
    channels = [*guild.channels, *guild.threads]
    return frozenset(c.id for c in channels if can_read(interaction, c.id))


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
