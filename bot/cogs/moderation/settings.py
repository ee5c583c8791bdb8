"""Admin commands: thresholds, rules, alert channel, exemptions, on/off."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.cogs.moderation.base import MixinMeta
from bot.cogs.moderation.checks import admin_only
from bot.cogs.moderation.errors import UserError
from bot.cogs.moderation.stats import CheckedChannel
from bot.policy import DEFAULT_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES, Action, Escalation, Rule

log = logging.getLogger(__name__)
_ = app_commands.locale_str  # descriptions are translated by bot.i18n.Translator
ADMIN = discord.Permissions(manage_guild=True)  # the default shown in Discord; admin_only() enforces


class SettingsMixin(MixinMeta):
    threshold = app_commands.Group(
        name="threshold",
        description=_("Per-label score thresholds"),
        guild_only=True,
        default_permissions=ADMIN,
    )
    rule = app_commands.Group(
        name="rule",
        description=_("What happens when a label is hit"),
        guild_only=True,
        default_permissions=ADMIN,
    )
    sentinela = app_commands.Group(
        name="sentinela",
        description=_("Sentinela settings: alerts, exemptions, on/off"),
        guild_only=True,
        default_permissions=ADMIN,
    )

    def _check_label(self, label: str) -> str:
        if label not in self.classifier.labels:
            raise UserError(f"Unknown label `{label}`. Labels: {', '.join(self.classifier.labels)}.")
        return label

    async def label_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=label, value=label)
            for label in self.classifier.labels
            if current.lower() in label.lower()
        ][:25]

    # -- /threshold ---------------------------------------------------------------------------

    @threshold.command(name="set", description=_("Set the threshold of one label"))
    @admin_only()
    async def threshold_set(self, interaction: discord.Interaction, label: str, value: float) -> None:
        self._check_label(label)
        if not 0.0 <= value <= 1.0:
            raise UserError(f"A threshold is a probability between 0 and 1; got {value}. Nothing changed.")
        await self.store.set_threshold(interaction.guild_id, label, value, interaction.user.id)
        log.info(
            "guild %s: %s (%s) set threshold %s=%s",
            interaction.guild_id,
            interaction.user,
            interaction.user.id,
            label,
            value,
        )
        await interaction.response.send_message(
            f"Threshold for **{label}** is now {value:.2f}.", ephemeral=True
        )

    threshold_set.autocomplete("label")(label_autocomplete)

    @threshold.command(name="show", description=_("Show the thresholds in effect"))
    @admin_only()
    async def threshold_show(self, interaction: discord.Interaction) -> None:
        config = await self.store.guild_config(interaction.guild_id)
        model = self.classifier.thresholds
        rows = [
            f"**{label}**: {config.threshold(label, model[label]):.2f}"
            + (" (server)" if label in config.thresholds else " (model)")
            for label in self.classifier.labels
        ]
        await interaction.response.send_message("\n".join(rows), ephemeral=True)

    @threshold.command(name="reset", description=_("Reset one label (or all) to the model's tuned threshold"))
    @admin_only()
    async def threshold_reset(self, interaction: discord.Interaction, label: str | None = None) -> None:
        if label is not None:
            self._check_label(label)
        count = await self.store.reset_thresholds(interaction.guild_id, label)
        await interaction.response.send_message(
            f"Reset {count} threshold(s) to the model's values.", ephemeral=True
        )

    threshold_reset.autocomplete("label")(label_autocomplete)

    # -- /rule --------------------------------------------------------------------------------

    @rule.command(name="set", description=_("Set the action for one label"))
    @admin_only()
    @app_commands.choices(action=[app_commands.Choice(name=a.label, value=a.label) for a in Action])
    async def rule_set(
        self,
        interaction: discord.Interaction,
        label: str,
        action: str,
        timeout_minutes: int | None = None,
    ) -> None:
        self._check_label(label)
        try:
            parsed = Action.parse(action)
            rule = Rule(parsed, timeout_minutes if parsed is Action.TIMEOUT else None)
        except ValueError as e:
            raise UserError(f"{e}. Nothing changed.") from None
        await self.store.set_rule(interaction.guild_id, label, rule)
        extra = (
            f" for {rule.timeout_minutes or DEFAULT_TIMEOUT_MINUTES} min" if parsed is Action.TIMEOUT else ""
        )
        await interaction.response.send_message(f"**{label}** -> {parsed.label}{extra}.", ephemeral=True)

    rule_set.autocomplete("label")(label_autocomplete)

    @rule.command(name="show", description=_("Show the rules in effect"))
    @admin_only()
    async def rule_show(self, interaction: discord.Interaction) -> None:
        config = await self.store.guild_config(interaction.guild_id)
        rows = []
        for label in self.classifier.labels:
            r = config.rule(label)
            rows.append(
                f"**{label}**: {r.action.label}" + (f" {r.timeout_minutes} min" if r.timeout_minutes else "")
            )
        esc = config.escalation
        if esc:
            rows.append(
                f"Escalation: {esc.hits} hits in {esc.window_minutes} min"
                f" -> {esc.timeout_minutes} min timeout"
            )
        await interaction.response.send_message("\n".join(rows), ephemeral=True)

    @rule.command(name="escalation", description=_("Time out repeat offenders (hits 0 turns it off)"))
    @admin_only()
    async def rule_escalation(
        self,
        interaction: discord.Interaction,
        hits: app_commands.Range[int, 0, 100],
        window_minutes: app_commands.Range[int, 1, 7 * 24 * 60] = 60,
        timeout_minutes: app_commands.Range[int, 1, MAX_TIMEOUT_MINUTES] = 60,
    ) -> None:
        escalation = Escalation(hits, window_minutes, timeout_minutes) if hits else None
        await self.store.set_escalation(interaction.guild_id, escalation)
        text = (
            f"Escalation: {hits} hits in {window_minutes} min -> {timeout_minutes} min timeout."
            if escalation
            else "Escalation is off."
        )
        await interaction.response.send_message(text, ephemeral=True)

    # -- /sentinela ---------------------------------------------------------------------------

    @sentinela.command(name="alerts", description=_("Channel where moderators get alerts"))
    @admin_only()
    async def set_alerts(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        await self.store.set_alert_channel(interaction.guild_id, channel.id)
        await interaction.response.send_message(f"Alerts go to {channel.mention}.", ephemeral=True)

    @sentinela.command(name="exempt", description=_("Exempt a role or channel from checks"))
    @admin_only()
    async def exempt(
        self,
        interaction: discord.Interaction,
        role: discord.Role | None = None,
        channel: CheckedChannel | None = None,
        remove: bool = False,
    ) -> None:
        if role is None and channel is None:
            raise UserError("Give a role or a channel.")
        if role is not None:
            await self.store.set_exemption(interaction.guild_id, "role", role.id, not remove)
        if channel is not None:
            await self.store.set_exemption(interaction.guild_id, "channel", channel.id, not remove)
        names = " ".join(t.mention for t in (role, channel) if t is not None)
        await interaction.response.send_message(
            f"{names} {'no longer exempt' if remove else 'exempt from checks'}.", ephemeral=True
        )

    @sentinela.command(name="enable", description=_("Check this server's messages again"))
    @admin_only()
    async def enable(self, interaction: discord.Interaction) -> None:
        await self.store.set_enabled(interaction.guild_id, True)
        await interaction.response.send_message("Sentinela is on.", ephemeral=True)

    @sentinela.command(name="disable", description=_("Stop checking this server's messages"))
    @admin_only()
    async def disable(self, interaction: discord.Interaction) -> None:
        await self.store.set_enabled(interaction.guild_id, False)
        await interaction.response.send_message("Sentinela is off.", ephemeral=True)
