"""``/threshold``: per-label thresholds, and advice from the moderators' reviews."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.cogs.moderation.advice_view import ApplyAdvice, advice_lines
from bot.cogs.moderation.base import ADMIN, MixinMeta
from bot.cogs.moderation.checks import admin_only, moderator_only
from bot.core.advice import DEFAULT_TARGET, advise
from bot.core.setting_kinds import parse_setting
from bot.presentation.i18n import texts

log = logging.getLogger(__name__)
_ = app_commands.locale_str  # descriptions are translated by bot.presentation.i18n.Translator


class ThresholdsMixin(MixinMeta):
    threshold = app_commands.Group(
        name="threshold",
        description=_("Per-label score thresholds"),
        guild_only=True,
        default_permissions=ADMIN,
    )

    @threshold.command(name="set", description=_("Set the threshold of one label"))
    @admin_only()
    async def threshold_set(self, interaction: discord.Interaction, label: str, value: float) -> None:
        tr = texts(interaction)
        # a refused value is a SettingError: worded by bot.core.setting_kinds, translated by error_text
        value = parse_setting("threshold", value, label, labels=self.classifier.labels).value
        change = await self.store.update(
            interaction.guild_id, "threshold", value, target=label, by=interaction.user.id
        )
        log.info(
            "guild %s: threshold %s=%s set by %s", interaction.guild_id, label, value, interaction.user.id
        )
        await interaction.response.send_message(
            tr("Threshold for **{label}** is now {value}.", label=tr.label(label), value=tr.number(value)),
            ephemeral=True,
        )
        await self.announce_changes(interaction.guild, [change])

    threshold_set.autocomplete("label")(MixinMeta.label_autocomplete)

    @threshold.command(name="show", description=_("Show the thresholds in effect"))
    @admin_only()
    async def threshold_show(self, interaction: discord.Interaction) -> None:
        tr = texts(interaction)
        config = await self.store.guild_config(interaction.guild_id)
        in_force = config.thresholds_in_force(self.classifier.thresholds, self.classifier.labels)
        rows = [
            f"**{tr.label(label)}**: {tr.number(in_force[label])} "
            + (tr("(server)") if label in config.thresholds else tr("(model)"))
            for label in self.classifier.labels
        ]
        await interaction.response.send_message("\n".join(rows), ephemeral=True)

    @threshold.command(name="reset", description=_("Reset one label (or all) to the model's tuned threshold"))
    @admin_only()
    async def threshold_reset(self, interaction: discord.Interaction, label: str | None = None) -> None:
        tr = texts(interaction)
        if label is not None:
            self._check_label(label)
        changes = await self.store.reset_thresholds(interaction.guild_id, label, by=interaction.user.id)
        await interaction.response.send_message(
            tr.plural(
                "Reset {n} threshold to the model's value.",
                "Reset {n} thresholds to the model's values.",
                len(changes),
                n=len(changes),
            ),
            ephemeral=True,
        )
        await self.announce_changes(interaction.guild, changes)

    threshold_reset.autocomplete("label")(MixinMeta.label_autocomplete)

    @threshold.command(
        name="advise", description=_("Thresholds that would have kept reviewed precision at a target")
    )
    @moderator_only()
    async def threshold_advise(
        self,
        interaction: discord.Interaction,
        target: app_commands.Range[float, 0.5, 1.0] = DEFAULT_TARGET,
        label: str | None = None,
    ) -> None:
        tr = texts(interaction)
        if label is not None:
            self._check_label(label)
        await interaction.response.defer(ephemeral=True, thinking=True)
        config = await self.store.guild_config(interaction.guild_id)
        current = config.thresholds_in_force(self.classifier.thresholds, self.classifier.labels)
        per_label = await self.store.review_scores(interaction.guild_id, current)
        advice = [
            advise(name, per_label.get(name, []), current[name], target)
            for name in self.classifier.labels
            if label in (None, name)
        ]
        embed = discord.Embed(
            title=tr("Threshold advice: {target} precision", target=tr.percent(target)),
            description="\n".join(advice_lines(advice, target, tr))[:4000],
            colour=discord.Colour.blurple(),
        )
        embed.set_footer(
            text=tr(
                "From the hits moderators reviewed (/review and the alert buttons). "
                "Reviews only cover scores above the thresholds of the time, so advice can only raise one."
            )
        )
        view = ApplyAdvice(self, interaction.guild_id, advice, tr)
        view.origin = interaction
        await interaction.followup.send(embed=embed, view=view, ephemeral=True)

    threshold_advise.autocomplete("label")(MixinMeta.label_autocomplete)
