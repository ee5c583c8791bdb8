"""Admin commands: thresholds (and advice from reviews), rules, alert channel, exemptions, on/off,
and the history of every change."""

from __future__ import annotations

import logging
from collections import defaultdict

import discord
from discord import app_commands

from bot.advice import DEFAULT_TARGET, advise
from bot.cogs.moderation.advice_view import ApplyAdvice, advice_lines
from bot.cogs.moderation.audit import history_line
from bot.cogs.moderation.base import MixinMeta, check_label, label_choices
from bot.cogs.moderation.checks import admin_only, moderator_only
from bot.cogs.moderation.errors import UserError
from bot.cogs.moderation.stats import CheckedChannel
from bot.i18n import Texts, texts
from bot.policy import DEFAULT_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES, Action, Escalation, Rule

log = logging.getLogger(__name__)
_ = app_commands.locale_str  # descriptions are translated by bot.i18n.Translator
ADMIN = discord.Permissions(manage_guild=True)  # the default shown in Discord; admin_only() enforces
HISTORY_LIMIT = 15


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

    def _check_label(self, label: str, tr: Texts) -> str:
        return check_label(self.classifier.labels, label, tr)

    async def label_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return label_choices(self.classifier.labels, current, texts(interaction))

    # -- /threshold ---------------------------------------------------------------------------

    @threshold.command(name="set", description=_("Set the threshold of one label"))
    @admin_only()
    async def threshold_set(self, interaction: discord.Interaction, label: str, value: float) -> None:
        tr = texts(interaction)
        self._check_label(label, tr)
        if not 0.0 <= value <= 1.0:
            raise UserError(
                tr("A threshold is a probability between 0 and 1; got {value}. Nothing changed.", value=value)
            )
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

    threshold_set.autocomplete("label")(label_autocomplete)

    @threshold.command(name="show", description=_("Show the thresholds in effect"))
    @admin_only()
    async def threshold_show(self, interaction: discord.Interaction) -> None:
        tr = texts(interaction)
        config = await self.store.guild_config(interaction.guild_id)
        model = self.classifier.thresholds
        rows = [
            f"**{tr.label(label)}**: {tr.number(config.threshold(label, model[label]))} "
            + (tr("(server)") if label in config.thresholds else tr("(model)"))
            for label in self.classifier.labels
        ]
        await interaction.response.send_message("\n".join(rows), ephemeral=True)

    @threshold.command(name="reset", description=_("Reset one label (or all) to the model's tuned threshold"))
    @admin_only()
    async def threshold_reset(self, interaction: discord.Interaction, label: str | None = None) -> None:
        tr = texts(interaction)
        if label is not None:
            self._check_label(label, tr)
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

    threshold_reset.autocomplete("label")(label_autocomplete)

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
            self._check_label(label, tr)
        await interaction.response.defer(ephemeral=True, thinking=True)
        reviewed = await self.store.reviewed_hits(interaction.guild_id)
        config = await self.store.guild_config(interaction.guild_id)
        per_label: dict[str, list[tuple[float, bool]]] = defaultdict(list)
        for hit in reviewed:
            per_label[hit.label].append((hit.score, hit.verdict == "confirmed"))
        model = self.classifier.thresholds
        advice = [
            advise(name, per_label.get(name, []), config.threshold(name, model[name]), target)
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

    threshold_advise.autocomplete("label")(label_autocomplete)

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
        tr = texts(interaction)
        self._check_label(label, tr)
        try:
            parsed = Action.parse(action)
            rule = Rule(parsed, timeout_minutes if parsed is Action.TIMEOUT else None)
        except ValueError:
            raise UserError(
                tr(
                    "Use log, alert, delete or timeout, with a timeout between 1 minute and 28 days. "
                    "Nothing changed."
                )
            ) from None
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

    rule_set.autocomplete("label")(label_autocomplete)

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
        hits: app_commands.Range[int, 0, 100],
        window_minutes: app_commands.Range[int, 1, 7 * 24 * 60] = 60,
        timeout_minutes: app_commands.Range[int, 1, MAX_TIMEOUT_MINUTES] = 60,
    ) -> None:
        tr = texts(interaction)
        escalation = Escalation(hits, window_minutes, timeout_minutes) if hits else None
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

    # -- /sentinela ---------------------------------------------------------------------------

    @sentinela.command(name="alerts", description=_("Channel where moderators get alerts"))
    @admin_only()
    async def set_alerts(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        tr = texts(interaction)
        change = await self.store.update(
            interaction.guild_id, "alert_channel", channel.id, by=interaction.user.id
        )
        await interaction.response.send_message(
            tr("Alerts go to {channel}.", channel=channel.mention), ephemeral=True
        )
        await self.announce_changes(interaction.guild, [change])

    @sentinela.command(name="exempt", description=_("Exempt a role or channel from checks"))
    @admin_only()
    async def exempt(
        self,
        interaction: discord.Interaction,
        role: discord.Role | None = None,
        channel: CheckedChannel | None = None,
        remove: bool = False,
    ) -> None:
        tr = texts(interaction)
        if role is None and channel is None:
            raise UserError(tr("Give a role or a channel."))
        changes = []
        by = interaction.user.id
        if role is not None:
            changes.append(
                await self.store.update(
                    interaction.guild_id, "exempt_role", not remove, target=role.id, by=by
                )
            )
        if channel is not None:
            changes.append(
                await self.store.update(
                    interaction.guild_id, "exempt_channel", not remove, target=channel.id, by=by
                )
            )
        names = " ".join(t.mention for t in (role, channel) if t is not None)
        text = (
            tr("{targets} no longer exempt.", targets=names)
            if remove
            else tr("{targets} exempt from checks.", targets=names)
        )
        await interaction.response.send_message(text, ephemeral=True)
        await self.announce_changes(interaction.guild, changes)

    @sentinela.command(name="enable", description=_("Check this server's messages again"))
    @admin_only()
    async def enable(self, interaction: discord.Interaction) -> None:
        await self._switch(interaction, True)

    @sentinela.command(name="disable", description=_("Stop checking this server's messages"))
    @admin_only()
    async def disable(self, interaction: discord.Interaction) -> None:
        await self._switch(interaction, False)

    async def _switch(self, interaction: discord.Interaction, enabled: bool) -> None:
        change = await self.store.update(interaction.guild_id, "enabled", enabled, by=interaction.user.id)
        tr = texts(interaction)
        await interaction.response.send_message(
            tr("Sentinela is on.") if enabled else tr("Sentinela is off."), ephemeral=True
        )
        await self.announce_changes(interaction.guild, [change])

    @sentinela.command(name="history", description=_("Who changed which setting, and when"))
    @admin_only()
    async def history(
        self, interaction: discord.Interaction, limit: app_commands.Range[int, 1, 50] = HISTORY_LIMIT
    ) -> None:
        tr = texts(interaction)
        changes = await self.store.config_history(interaction.guild_id, limit=limit)
        embed = discord.Embed(title=tr("Sentinela: settings history"), colour=discord.Colour.dark_grey())
        lines = [history_line(c, tr) for c in changes]
        text = ""
        for line in lines:  # newest first, as many as an embed holds
            if len(text) + len(line) + 1 > 4000:
                break
            text += line + "\n"
        embed.description = text or tr("No settings have been changed yet.")
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )
