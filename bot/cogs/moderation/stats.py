"""Moderator commands: ``/toxstats`` and the "Check toxicity" message context menu."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import timedelta

import discord
from discord import app_commands

from bot import charts
from bot.cogs.moderation.base import MixinMeta
from bot.cogs.moderation.checks import moderator_only
from bot.cogs.moderation.errors import UserError
from bot.db.models import utcnow
from bot.report import stats_sections

log = logging.getLogger(__name__)
_ = app_commands.locale_str  # descriptions are translated by bot.i18n.Translator
CHART_FILE = "toxstats.png"
# every channel a message can be posted in: text, voice and stage chats, forum posts and threads
CheckedChannel = (
    discord.TextChannel | discord.VoiceChannel | discord.StageChannel | discord.ForumChannel | discord.Thread
)
PERIODS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}


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
        # counting runs in the database, but a big guild's answer can still pass Discord's
        # 3-second deadline for a first reply: acknowledge first, answer as a follow-up
        await interaction.response.defer(ephemeral=True, thinking=True)
        since = utcnow() - PERIODS.get(period, PERIODS["7d"])
        scope_ids = (channel.id if channel else None, member.id if member else None)
        stats, per_day = await asyncio.gather(
            self.store.hit_stats(interaction.guild_id, since, *scope_ids),
            self.store.hits_per_day(interaction.guild_id, since, *scope_ids),
        )
        embed = discord.Embed(title=f"Sentinela: last {period}", colour=discord.Colour.blurple())
        scope = " ".join(x.mention for x in (channel, member) if x is not None)
        embed.description = f"{stats.total_messages} flagged message(s)" + (f" for {scope}" if scope else "")

        for title, body in stats_sections(stats):
            embed.add_field(name=title, value=body, inline=title != "Moderator feedback")
        skipped = sum(self.skipped.values())
        if skipped:
            embed.set_footer(text=f"{skipped} message(s) not checked since start (overload or errors)")
        chart = await self._stats_chart(stats, per_day, since, period)
        if chart is None:
            await interaction.followup.send(embed=embed, ephemeral=True)
            return
        embed.set_image(url=f"attachment://{CHART_FILE}")
        await interaction.followup.send(
            embed=embed, file=discord.File(io.BytesIO(chart), filename=CHART_FILE), ephemeral=True
        )

    async def _stats_chart(self, stats, per_day: dict, since, period: str) -> bytes | None:
        """The PNG of hits per day per label, drawn in the chart process; None (numbers only) if it fails."""
        labels = sorted({label for counts in per_day.values() for label in counts})
        days, counts = charts.daily_counts(per_day, since.date(), utcnow().date(), labels)
        actions = ", ".join(f"{a} {n}" for a, n in sorted(stats.per_action.items())) or "no action"
        reviewed = stats.confirmed + stats.false_positives
        subtitle = f"{stats.total_messages} flagged; {actions}" + (
            f"; false positives {stats.false_positives} of {reviewed} reviewed" if reviewed else ""
        )
        try:
            return await charts.render(
                days, counts, title=f"Sentinela: hits per day, last {period}", subtitle=subtitle
            )
        except Exception:  # a chart is a nicety: the numbers still go out
            log.exception("rendering the /toxstats chart failed")
            return None

    @moderator_only()
    async def check_toxicity_menu(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Context-menu callback: every label's score for one message, against the thresholds."""
        if not message.content.strip():
            raise UserError("That message has no text to check.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        scores = await self.classifier.score(message.content)
        config = await self.store.guild_config(interaction.guild_id)
        model = self.classifier.thresholds
        rows = [
            f"{'🔴' if p >= config.threshold(k, model[k]) else '⚪'} **{k}** {p:.2f}"
            f" (threshold {config.threshold(k, model[k]):.2f})"
            for k, p in sorted(scores.probabilities.items(), key=lambda kv: -kv[1])
        ]
        await interaction.followup.send("\n".join(rows), ephemeral=True)
