"""The audit trail as moderators read it: one line per configuration change.

The store records every change (who, when, old and new value) in the change's own transaction;
this part words them for ``/sentinela history`` and posts each one to the alert channel.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from bot.cogs.moderation.base import MixinMeta
from bot.db.models import ConfigChange
from bot.presentation.audit_text import describe
from bot.presentation.i18n import Texts, texts_for_guild

log = logging.getLogger(__name__)


def history_line(change: ConfigChange, tr: Texts) -> str:
    """``<when> <who>: <what>`` for the history list and the alert channel."""
    who = f"<@{change.actor_id}>" if change.actor_id is not None else tr("outside Discord")
    return f"<t:{int(change.created_at.timestamp())}:f> {who}: {describe(change, tr)}"


class AuditMixin(MixinMeta):
    async def announce_changes(
        self, guild: discord.Guild | None, changes: Sequence[ConfigChange | None]
    ) -> None:
        """Post each change to the alert channel, in the server's language; never raises."""
        changes = [c for c in changes if c is not None]
        if guild is None or not changes:
            return
        try:
            config = await self.store.guild_config(guild.id)
        except Exception:  # the change is recorded; only its announcement is lost
            log.exception("guild %s: could not read the alert channel to announce a change", guild.id)
            return
        channel = guild.get_channel(config.alert_channel_id) if config.alert_channel_id else None
        if channel is None:
            return
        tr = texts_for_guild(guild)
        embed = discord.Embed(
            title=tr("Sentinela settings changed"),
            description="\n".join(history_line(c, tr) for c in changes)[:4000],
            colour=discord.Colour.dark_grey(),
        )
        try:
            await channel.send(embed=embed, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as e:
            log.warning("guild %s: settings change not announced: %s", guild.id, e)
