"""One error story for the cog's commands, context menu and buttons: a short ephemeral reply."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.core.setting_kinds import SettingError
from bot.presentation.i18n import N_, Texts, texts
from classifier import ClassifierError

log = logging.getLogger(__name__)


class UserError(app_commands.AppCommandError):
    """A bad value from the user: shown as is, changes nothing."""


PERMISSION_NAMES = {"manage_messages": N_("Manage Messages"), "manage_guild": N_("Manage Server")}


def error_text(error: Exception, where: str, tr: Texts) -> str:
    """The reply for a failed interaction; unexpected errors are logged with their traceback."""
    original = getattr(error, "original", error)
    if isinstance(error, UserError):
        return str(error)  # worded (and translated) where it was raised
    if isinstance(original, SettingError):  # a value bot.core.setting_kinds refused: its words, translated
        return tr(original.message, **original.values)
    if isinstance(error, app_commands.MissingPermissions):
        names = (tr(PERMISSION_NAMES[p]) if p in PERMISSION_NAMES else p for p in error.missing_permissions)
        return tr("You need the {permissions} permission for this.", permissions=", ".join(names))
    if isinstance(error, app_commands.NoPrivateMessage):
        return tr("This command only works in a server.")
    if isinstance(original, ClassifierError):
        return tr("The classifier is busy or unavailable right now; try again shortly.")
    log.exception("%s failed", where, exc_info=original)
    return tr("Something went wrong; the error was logged.")


async def reply_error(interaction: discord.Interaction, error: Exception, where: str) -> None:
    """Answer once: a first response, or a follow-up when the interaction was deferred."""
    text = error_text(error, where, texts(interaction))
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as e:  # the interaction expired or Discord is down: nothing to tell
        log.warning("%s: could not send the error reply: %s", where, e)
