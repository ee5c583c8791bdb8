"""Moderator commands: ``/toxstats`` and the "Check toxicity" message context menu."""

from __future__ import annotations

from datetime import timedelta

import discord
from discord import app_commands

from bot.cogs.moderation.base import MixinMeta
from bot.cogs.moderation.checks import moderator_only
from bot.cogs.moderation.errors import UserError
from bot.db.models import utcnow
from bot.report import stats_sections

_ = app_commands.locale_str  # descriptions are translated by bot.i18n.Translator
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
        stats = await self.store.hit_stats(
            interaction.guild_id, since, channel.id if channel else None, member.id if member else None
        )
        embed = discord.Embed(title=f"Sentinela: last {period}", colour=discord.Colour.blurple())
        scope = " ".join(x.mention for x in (channel, member) if x is not None)
        embed.description = f"{stats.total_messages} flagged message(s)" + (f" for {scope}" if scope else "")

        for title, body in stats_sections(stats):
            embed.add_field(name=title, value=body, inline=title != "Moderator feedback")
        skipped = sum(self.skipped.values())
        if skipped:
            embed.set_footer(text=f"{skipped} message(s) not checked since start (overload or errors)")
        await interaction.followup.send(embed=embed, ephemeral=True)

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
