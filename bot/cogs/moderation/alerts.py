"""Alerts to the moderators' channel and the review buttons they carry."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import discord

from bot.cogs.moderation.base import MixinMeta
from bot.cogs.moderation.checks import can_read, member_is_moderator
from bot.cogs.moderation.errors import UserError, reply_error
from bot.cogs.moderation.subject import Subject
from bot.core.policy import Action, Decision, GuildConfig
from bot.presentation.embeds import add_alert_fields
from bot.presentation.i18n import DEFAULT_LOCALE, N_, Texts, texts, texts_for_guild

log = logging.getLogger(__name__)

Verdict = Literal["false_positive", "confirmed"]
VERDICT_TEXT: dict[str, str] = {"false_positive": N_("false positive"), "confirmed": N_("confirmed")}


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"sentinela:fb:(?P<verdict>false_positive|confirmed):(?P<message_id>[0-9]{1,20})",
):
    """A review button on an alert: the verdict and message live in its ``custom_id``.

    Registered once with ``bot.add_dynamic_items`` (in ``cog_load``), so it works on every alert
    ever posted, across restarts, with nothing kept in memory per alert. RoboDanny's shape: the
    state comes from the custom id, who may click from ``interaction_check``, and ``callback``
    only records the verdict.
    """

    def __init__(self, verdict: Verdict, message_id: int, tr: Texts | None = None) -> None:
        # the label is in the server's language when posted; a click rebuilds the item from its
        # custom_id only, and the label it gets then is never shown
        tr = tr or Texts(DEFAULT_LOCALE)
        super().__init__(
            discord.ui.Button(
                label=tr("False positive") if verdict == "false_positive" else tr("Confirm"),
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

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Moderators of this guild who can read the message's channel; anyone else is told why."""
        tr = texts(interaction)
        try:
            if interaction.guild_id is None or not member_is_moderator(interaction):
                raise UserError(tr("Only moderators can review alerts."))
            cog = interaction.client.get_cog("Moderation")
            if cog is None:
                raise UserError(tr("Sentinela is not running in this bot right now."))
            hits = await cog.store.hits_for_message(interaction.guild_id, self.message_id)
            if hits and not can_read(interaction, hits[0].channel_id):
                raise UserError(tr("You cannot read the channel of that message: no verdict recorded."))
        except Exception as e:  # a refused click gets its reply here: discord.py drops it silently
            await reply_error(interaction, e, f"review button {self.custom_id}")
            return False
        self.store = cog.store
        return True

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        tr = texts(interaction)
        try:
            count = await self.store.record_feedback(
                interaction.guild_id, self.message_id, interaction.user.id, self.verdict
            )
            await interaction.response.send_message(
                tr.plural(
                    "Recorded **{verdict}** for {n} label hit.",
                    "Recorded **{verdict}** for {n} label hits.",
                    count,
                    verdict=tr(VERDICT_TEXT[self.verdict]),
                    n=count,
                )
                + " "
                + tr("Thank you."),
                ephemeral=True,
            )
        except Exception as e:  # buttons bypass app-command error handlers: same reply, same log
            await reply_error(interaction, e, f"review button {self.custom_id}")


def feedback_view(message_id: int, tr: Texts) -> discord.ui.View:
    """The buttons of one alert (made of dynamic items: the view itself is not stored)."""
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton("false_positive", message_id, tr))
    view.add_item(FeedbackButton("confirmed", message_id, tr))
    return view


def alert_embed(
    subject: Subject,
    decision: Decision,
    taken: Action,
    tr: Texts,
    *,
    content: bool,
    why: Mapping[str, Sequence[tuple[str, float]]] | None = None,
) -> discord.Embed:
    what = tr("Toxic message") if subject.kind == "message" else tr("Toxic thread title")
    embed = discord.Embed(
        title=what + (" " + tr("(edited)") if subject.edited else ""),
        colour=discord.Colour.red() if taken >= Action.DELETE else discord.Colour.orange(),
        timestamp=subject.created_at,
    )
    action = tr.action(taken.label) + (" " + tr("(escalation)") if decision.escalated else "")
    return add_alert_fields(
        embed,
        tr,
        author=f"{subject.author_mention} (`{subject.author_id}`)",
        channel=subject.channel.mention,
        jump_url=subject.jump_url,
        what=tr("Jump to message") if subject.kind == "message" else tr("Jump to thread"),
        hits=[(h.label, h.score, h.threshold) for h in decision.hits],
        action=action,
        content=subject.text if content else None,
    )


class AlertsMixin(MixinMeta):
    async def alert(
        self,
        subject: Subject,
        decision: Decision,
        taken: Action,
        config: GuildConfig,
    ) -> None:
        if not config.alert_channel_id:
            return
        channel = subject.guild.get_channel(config.alert_channel_id)
        if channel is None:
            return
        tr = texts_for_guild(subject.guild)
        embed = alert_embed(subject, decision, taken, tr, content=self.settings.store_content)
        try:
            await channel.send(
                embed=embed,
                view=feedback_view(subject.id, tr),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.HTTPException as e:
            log.warning("guild %s: alert not posted: %s", subject.guild.id, e)
