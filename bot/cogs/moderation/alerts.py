"""Alerts to the moderators' channel and the review buttons they carry."""

from __future__ import annotations

import logging
import re
from typing import Any, Literal

import discord

from bot.cogs.moderation.base import MixinMeta
from bot.cogs.moderation.checks import is_moderator
from bot.cogs.moderation.errors import UserError, reply_error
from bot.cogs.moderation.subject import Subject
from bot.policy import Action, Decision, GuildConfig

log = logging.getLogger(__name__)

Verdict = Literal["false_positive", "confirmed"]
VERDICT_TEXT: dict[str, str] = {"false_positive": "false positive", "confirmed": "confirmed"}


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"sentinela:fb:(?P<verdict>false_positive|confirmed):(?P<message_id>[0-9]{1,20})",
):
    """A review button on an alert: the verdict and message live in its ``custom_id``.

    Registered once with ``bot.add_dynamic_items`` (in ``cog_load``), so it works on every alert
    ever posted, across restarts, with nothing kept in memory per alert.
    """

    def __init__(self, verdict: Verdict, message_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="False positive" if verdict == "false_positive" else "Confirm",
                style=discord.ButtonStyle.secondary
                if verdict == "false_positive"
                else discord.ButtonStyle.danger,
                custom_id=f"sentinela:fb:{verdict}:{message_id}",
            )
        )
        self.verdict: Verdict = verdict
        self.message_id = message_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> FeedbackButton:
        return cls(match["verdict"], int(match["message_id"]))  # type: ignore[arg-type]

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            if interaction.guild_id is None or not is_moderator(interaction.permissions):
                raise UserError("Only moderators can review alerts.")
            cog = interaction.client.get_cog("Moderation")
            if cog is None:
                raise UserError("Sentinela is not running in this bot right now.")
            count = await cog.store.record_feedback(
                interaction.guild_id, self.message_id, interaction.user.id, self.verdict
            )
            await interaction.response.send_message(
                f"Recorded **{VERDICT_TEXT[self.verdict]}** for {count} label hit(s). Thank you.",
                ephemeral=True,
            )
        except Exception as e:  # buttons bypass app-command error handlers: same reply, same log
            await reply_error(interaction, e, f"review button {self.custom_id}")


def feedback_view(message_id: int) -> discord.ui.View:
    """The buttons of one alert (made of dynamic items: the view itself is not stored)."""
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton("false_positive", message_id))
    view.add_item(FeedbackButton("confirmed", message_id))
    return view


def alert_embed(subject: Subject, decision: Decision, taken: Action, *, content: bool) -> discord.Embed:
    what = "Toxic message" if subject.kind == "message" else "Toxic thread title"
    embed = discord.Embed(
        title=what + (" (edited)" if subject.edited else ""),
        colour=discord.Colour.red() if taken >= Action.DELETE else discord.Colour.orange(),
        timestamp=subject.created_at,
    )
    embed.add_field(name="Author", value=f"{subject.author_mention} (`{subject.author_id}`)")
    embed.add_field(name="Channel", value=subject.channel.mention)
    embed.add_field(name="Message", value=f"[Jump to {subject.kind}]({subject.jump_url})")
    embed.add_field(
        name="Labels",
        value="\n".join(f"**{h.label}** {h.score:.2f} (threshold {h.threshold:.2f})" for h in decision.hits),
        inline=False,
    )
    embed.add_field(name="Action", value=taken.label + (" (escalation)" if decision.escalated else ""))
    if content:
        # shown as written, not as markup: a masked link must not become a clickable disguise
        text = discord.utils.escape_mentions(discord.utils.escape_markdown(subject.text))
        embed.add_field(name="Content", value=text[:1000], inline=False)
    return embed


class AlertsMixin(MixinMeta):
    async def alert(self, subject: Subject, decision: Decision, taken: Action, config: GuildConfig) -> None:
        if not config.alert_channel_id:
            return
        channel = subject.guild.get_channel(config.alert_channel_id)
        if channel is None:
            return
        embed = alert_embed(subject, decision, taken, content=self.settings.store_content)
        try:
            await channel.send(
                embed=embed, view=feedback_view(subject.id), allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException as e:
            log.warning("guild %s: alert not posted: %s", subject.guild.id, e)
