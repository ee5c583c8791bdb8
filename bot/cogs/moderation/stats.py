"""Moderator commands: ``/toxstats`` and the "Check toxicity" message context menu."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import timedelta

import discord
from discord import app_commands

from bot.cogs.moderation.base import MixinMeta
from bot.cogs.moderation.checks import can_read, moderator_only, readable_channels
from bot.cogs.moderation.errors import UserError
from bot.db.models import utcnow
from bot.presentation import charts
from bot.presentation.i18n import N_, Texts, texts
from bot.presentation.report import FEEDBACK_SECTION, chart_subtitle, stats_sections

log = logging.getLogger(__name__)
_ = app_commands.locale_str  # descriptions are translated by bot.presentation.i18n.Translator
CHART_FILE = "toxstats.png"
# every channel a message can be posted in: text, voice and stage chats, forum posts and threads
CheckedChannel = (
    discord.TextChannel | discord.VoiceChannel | discord.StageChannel | discord.ForumChannel | discord.Thread
)
PERIODS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
PERIOD_NAMES = {"24h": N_("24 hours"), "7d": N_("7 days"), "30d": N_("30 days")}


class StatsMixin(MixinMeta):
    @app_commands.command(
        name="toxstats",
        description=_("Moderation statistics: hits per label, actions, top channels and members"),
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    @app_commands.choices(period=[app_commands.Choice(name=k, value=k) for k in PERIODS])
    async def toxstats(
        self,
        interaction: discord.Interaction,
        period: str = "7d",
        channel: CheckedChannel | None = None,
        member: discord.Member | None = None,
    ) -> None:
        tr = texts(interaction)
        if channel is not None and not can_read(interaction, channel.id):
            raise UserError(tr("You cannot read that channel."))
        # counting runs in the database, but a big guild's answer can still pass Discord's
        # 3-second deadline for a first reply: acknowledge first, answer as a follow-up
        await interaction.response.defer(ephemeral=True, thinking=True)
        since = utcnow() - PERIODS.get(period, PERIODS["7d"])
        scope_ids = (channel.id if channel else None, member.id if member else None)
        visible = readable_channels(interaction)  # a moderator counts only what they can read
        stats, per_day = await asyncio.gather(
            self.store.hit_stats(interaction.guild_id, since, *scope_ids, channel_ids=visible),
            self.store.hits_per_day(interaction.guild_id, since, *scope_ids, channel_ids=visible),
        )
        embed = discord.Embed(
            title=tr("Sentinela: last {period}", period=tr(PERIOD_NAMES.get(period, period))),
            colour=discord.Colour.blurple(),
        )
        scope = " ".join(x.mention for x in (channel, member) if x is not None)
        embed.description = tr.plural(
            "{n} flagged message", "{n} flagged messages", stats.total_messages, n=stats.total_messages
        ) + (" " + tr("for {scope}", scope=scope) if scope else "")

        for key, title, body in stats_sections(stats, tr):
            embed.add_field(name=title, value=body[:1024], inline=key != FEEDBACK_SECTION)
        skipped = sum(self.metrics.not_checked().values())
        if skipped:
            embed.set_footer(
                text=tr.plural(
                    "{n} message not checked since start (overload or errors)",
                    "{n} messages not checked since start (overload or errors)",
                    skipped,
                    n=skipped,
                )
            )
        chart = await self._stats_chart(stats, per_day, since, period, tr)
        if chart is None:
            await interaction.followup.send(embed=embed, ephemeral=True)
            return
        embed.set_image(url=f"attachment://{CHART_FILE}")
        await interaction.followup.send(
            embed=embed, file=discord.File(io.BytesIO(chart), filename=CHART_FILE), ephemeral=True
        )

    async def _stats_chart(self, stats, per_day: dict, since, period: str, tr: Texts) -> bytes | None:
        """The PNG of hits per day per label, drawn in the chart process; None (numbers only) if it fails."""
        labels = sorted({label for counts in per_day.values() for label in counts})
        days, counts = charts.daily_counts(per_day, since.date(), utcnow().date(), labels)
        try:
            return await charts.render(
                days,
                {tr.label(k): v for k, v in counts.items()},
                title=tr(
                    "Sentinela: hits per day, last {period}", period=tr(PERIOD_NAMES.get(period, period))
                ),
                subtitle=chart_subtitle(
                    stats.total_messages, stats.per_action, stats.confirmed, stats.false_positives, tr
                ),
                no_hits=tr("no hits in this period"),
                locale=tr.locale,
            )
        except Exception:  # a chart is a nicety: the numbers still go out
            log.exception("rendering the /toxstats chart failed")
            return None

    @moderator_only()
    async def check_toxicity_menu(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Context-menu callback: every label's score for one message, against the thresholds."""
        tr = texts(interaction)
        if not message.content.strip():
            raise UserError(tr("That message has no text to check."))
        await interaction.response.defer(ephemeral=True, thinking=True)
        scores = await self.classifier.score(message.content)
        config = await self.store.guild_config(interaction.guild_id)
        in_force = config.thresholds_in_force(self.classifier.thresholds, scores.probabilities)
        rows = [
            ("🔴 " if p >= in_force[k] else "⚪ ")
            + tr(
                "**{label}** {score} (threshold {threshold})",
                label=tr.label(k),
                score=tr.number(p),
                threshold=tr.number(in_force[k]),
            )
            for k, p in sorted(scores.probabilities.items(), key=lambda kv: -kv[1])
        ]
        await interaction.followup.send("\n".join(rows), ephemeral=True)
