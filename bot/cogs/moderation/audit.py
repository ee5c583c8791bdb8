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
from bot.i18n import Texts, texts_for_guild
from bot.policy import DEFAULT_TIMEOUT_MINUTES

log = logging.getLogger(__name__)


def _threshold(value: object, tr: Texts) -> str:
    return tr("model's default") if value is None else tr.number(float(value))


def _rule(value: object, tr: Texts) -> str:
    if not isinstance(value, dict):
        return tr("default (alert)")
    text = tr.action(str(value.get("action")))
    if value.get("action") == "timeout":
        text += " " + tr("{minutes} min", minutes=value.get("timeout_minutes") or DEFAULT_TIMEOUT_MINUTES)
    return text


def _escalation(value: object, tr: Texts) -> str:
    if not isinstance(value, dict):
        return tr("off")
    return tr(
        "{hits} hits in {window} min → {timeout} min timeout",
        hits=value.get("hits"),
        window=value.get("window_minutes"),
        timeout=value.get("timeout_minutes"),
    )


def _channel(value: object, tr: Texts) -> str:
    return tr("none") if value is None else f"<#{value}>"


def describe(change: ConfigChange, tr: Texts) -> str:
    """What changed, from what to what (Markdown; mentions render, nobody is pinged)."""
    old, new, target = change.old_value, change.new_value, change.target or ""
    kind = change.kind
    if kind in ("threshold", "threshold_advice"):
        what = tr("threshold **{label}**", label=tr.label(target))
        if kind == "threshold_advice":
            what = tr("threshold **{label}** (applied advice)", label=tr.label(target))
        return f"{what}: {_threshold(old, tr)} → {_threshold(new, tr)}"
    if kind == "rule":
        return tr("rule **{label}**", label=tr.label(target)) + f": {_rule(old, tr)} → {_rule(new, tr)}"
    if kind == "escalation":
        return tr("escalation") + f": {_escalation(old, tr)} → {_escalation(new, tr)}"
    if kind in ("exempt_role", "exempt_channel"):
        mention = f"<@&{target}>" if kind == "exempt_role" else f"<#{target}>"
        return (
            tr("{target} exempt from checks", target=mention)
            if new
            else tr("{target} no longer exempt", target=mention)
        )
    if kind == "alert_channel":
        return tr("alert channel") + f": {_channel(old, tr)} → {_channel(new, tr)}"
    if kind == "enabled":
        return tr("Sentinela turned on") if new else tr("Sentinela turned off")
    return f"{kind} {target}: {old} → {new}"  # a kind from a newer version of the bot


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
