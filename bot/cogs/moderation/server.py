"""``/sentinela``: the server's alert channel, exemptions, on/off, and the history of every change."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.cogs.moderation.audit import history_line
from bot.cogs.moderation.base import ADMIN, MixinMeta
from bot.cogs.moderation.checks import admin_only
from bot.cogs.moderation.errors import UserError
from bot.cogs.moderation.stats import CheckedChannel
from bot.core.setting_kinds import parse_setting
from bot.presentation.i18n import texts

_ = app_commands.locale_str  # descriptions are translated by bot.presentation.i18n.Translator
HISTORY_LIMIT = 15


class ServerMixin(MixinMeta):
    sentinela = app_commands.Group(
        name="sentinela",
        description=_("Sentinela settings: alerts, exemptions, on/off"),
        guild_only=True,
        default_permissions=ADMIN,
    )

    @sentinela.command(name="alerts", description=_("Channel where moderators get alerts"))
    @admin_only()
    async def set_alerts(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        tr = texts(interaction)
        value = parse_setting("alert_channel", channel.id, known_ids={channel.id}).value
        change = await self.store.update(interaction.guild_id, "alert_channel", value, by=interaction.user.id)
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
        for kind, picked in (("exempt_role", role), ("exempt_channel", channel)):
            if picked is None:
                continue
            # Discord hands us only the server's own roles and channels: they are the known ids
            parsed = parse_setting(kind, not remove, picked.id, known_ids={picked.id})
            changes.append(
                await self.store.update(
                    interaction.guild_id, kind, parsed.value, target=parsed.target, by=interaction.user.id
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
        enabled = parse_setting("enabled", enabled).value
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
