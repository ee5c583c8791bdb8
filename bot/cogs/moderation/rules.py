"""``/rule``: what happens when a label is hit, and escalation for repeat offenders."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.cogs.moderation.base import ADMIN, MixinMeta
from bot.cogs.moderation.checks import admin_only
from bot.core.policy import DEFAULT_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES, Action, Rule
from bot.core.setting_kinds import (
    DEFAULT_ESCALATION_MINUTES,
    MAX_ESCALATION_HITS,
    MAX_WINDOW_MINUTES,
    parse_setting,
)
from bot.presentation.i18n import texts

_ = app_commands.locale_str  # descriptions are translated by bot.presentation.i18n.Translator


class RulesMixin(MixinMeta):
    rule = app_commands.Group(
        name="rule",
        description=_("What happens when a label is hit"),
        guild_only=True,
        default_permissions=ADMIN,
    )

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
        tr = texts(interaction)
        # a refused value is a SettingError: worded by bot.core.setting_kinds, translated by error_text
        raw = dict(action=action, timeout_minutes=timeout_minutes)
        rule: Rule = parse_setting("rule", raw, label, labels=self.classifier.labels).value
        parsed = rule.action
        change = await self.store.update(
            interaction.guild_id, "rule", rule, target=label, by=interaction.user.id
        )
        extra = (
            " " + tr("{minutes} min", minutes=rule.timeout_minutes or DEFAULT_TIMEOUT_MINUTES)
            if parsed is Action.TIMEOUT
            else ""
        )
        await interaction.response.send_message(
            f"**{tr.label(label)}** → {tr.action(parsed.label)}{extra}.", ephemeral=True
        )
        await self.announce_changes(interaction.guild, [change])

    rule_set.autocomplete("label")(MixinMeta.label_autocomplete)

    @rule.command(name="show", description=_("Show the rules in effect"))
    @admin_only()
    async def rule_show(self, interaction: discord.Interaction) -> None:
        tr = texts(interaction)
        config = await self.store.guild_config(interaction.guild_id)
        rows = []
        for label in self.classifier.labels:
            r = config.rule(label)
            rows.append(
                f"**{tr.label(label)}**: {tr.action(r.action.label)}"
                + (" " + tr("{minutes} min", minutes=r.timeout_minutes) if r.timeout_minutes else "")
            )
        esc = config.escalation
        if esc:
            rows.append(
                tr(
                    "Escalation: {hits} hits in {window} min → {timeout} min timeout",
                    hits=esc.hits,
                    window=esc.window_minutes,
                    timeout=esc.timeout_minutes,
                )
            )
        await interaction.response.send_message("\n".join(rows), ephemeral=True)

    @rule.command(name="escalation", description=_("Time out repeat offenders (hits 0 turns it off)"))
    @admin_only()
    async def rule_escalation(
        self,
        interaction: discord.Interaction,
        hits: app_commands.Range[int, 0, MAX_ESCALATION_HITS],
        window_minutes: app_commands.Range[int, 1, MAX_WINDOW_MINUTES] = DEFAULT_ESCALATION_MINUTES,
        timeout_minutes: app_commands.Range[int, 1, MAX_TIMEOUT_MINUTES] = DEFAULT_ESCALATION_MINUTES,
    ) -> None:
        # Discord enforces the Range bounds (the same constants) before this runs; parse anyway,
        # so the command and the dashboard build an escalation one way
        tr = texts(interaction)
        raw = dict(hits=hits, window_minutes=window_minutes, timeout_minutes=timeout_minutes)
        escalation = parse_setting("escalation", raw).value
        change = await self.store.update(
            interaction.guild_id, "escalation", escalation, by=interaction.user.id
        )
        text = (
            tr(
                "Escalation: {hits} hits in {window} min → {timeout} min timeout",
                hits=hits,
                window=window_minutes,
                timeout=timeout_minutes,
            )
            if escalation
            else tr("Escalation is off.")
        )
        await interaction.response.send_message(text, ephemeral=True)
        await self.announce_changes(interaction.guild, [change])
