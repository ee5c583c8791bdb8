"""Permission checks for the cog's commands and buttons.

``default_permissions`` on a command is only a hint that server admins can override in the
integration settings; these checks are what is enforced, on every call.
"""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands


def is_moderator(perms: discord.Permissions) -> bool:
    """Moderators review alerts and read statistics."""
    return perms.manage_messages or perms.moderate_members or perms.administrator


def is_admin(perms: discord.Permissions) -> bool:
    """Admins change what the bot does: thresholds, rules, alerts, exemptions, on/off."""
    return perms.manage_guild or perms.administrator


def _require(allowed: Callable[[discord.Permissions], bool], missing: str):
    def predicate(interaction: discord.Interaction) -> bool:
        if not allowed(interaction.permissions):
            raise app_commands.MissingPermissions([missing])
        return True

    return app_commands.check(predicate)


def moderator_only():
    """Only members who can manage messages or time members out (or admins)."""
    return _require(is_moderator, "manage_messages")


def admin_only():
    """Only members who can manage the server."""
    return _require(is_admin, "manage_guild")
