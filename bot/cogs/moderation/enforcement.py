"""Carrying out a decision: delete and timeout, within the bot's permissions."""

from __future__ import annotations

import logging
from datetime import timedelta

import discord

from bot.cogs.moderation.base import MixinMeta
from bot.cogs.moderation.subject import Subject
from bot.core.policy import DEFAULT_TIMEOUT_MINUTES, Action, Decision, GuildConfig
from bot.presentation.i18n import N_, texts_for_guild

log = logging.getLogger(__name__)


class EnforcementMixin(MixinMeta):
    _forbidden_reported: set[tuple[int, str]]

    async def enforce(
        self,
        subject: Subject,
        decision: Decision,
        config: GuildConfig,
        message: discord.Message | None = None,
        author: discord.Member | None = None,
    ) -> Action:
        """Carry out delete/timeout; returns the strongest action actually taken.

        ``message`` and ``author``: the live event's own objects. A message checked late from the
        backlog has neither (it keeps only its subject): it is deleted by id, and its author is
        looked up only when a timeout needs them.
        """
        action = decision.action
        if action <= Action.ALERT:
            return action
        taken = Action.LOG  # stays so when Discord refuses

        guild = subject.guild
        me = guild.me
        if action >= Action.DELETE:
            target = message or subject.channel.get_partial_message(subject.id)
            if not subject.channel.permissions_for(me).manage_messages:
                self.metrics.actions_failed.labels("delete", "missing_permission").inc()
                await self.report_forbidden(guild, "delete", config, N_("I lack Manage Messages here"))
            else:
                try:
                    await target.delete()
                    taken = Action.DELETE
                except discord.NotFound:
                    taken = Action.DELETE  # someone was faster
                except discord.Forbidden:
                    self.metrics.actions_failed.labels("delete", "forbidden").inc()
                    await self.report_forbidden(guild, "delete", config, N_("Discord refused the delete"))
                except discord.HTTPException as e:  # 5xx, rate limits beyond retries: not deleted
                    self.metrics.actions_failed.labels("delete", "http_error").inc()
                    log.warning("guild %s: delete of message %s failed: %s", guild.id, subject.id, e)
        member = author
        if action is Action.TIMEOUT and member is None:
            member = await self._find_member(guild, subject.author_id)
        if action is Action.TIMEOUT and member is not None:
            # decide keeps it within Discord's limit
            minutes = decision.timeout_minutes or DEFAULT_TIMEOUT_MINUTES
            if not me.guild_permissions.moderate_members:
                self.metrics.actions_failed.labels("timeout", "missing_permission").inc()
                await self.report_forbidden(guild, "timeout", config, N_("I lack Timeout Members"))
            elif member.id == guild.owner_id or member.top_role >= me.top_role:
                self.metrics.actions_failed.labels("timeout", "role_hierarchy").inc()
                await self.report_forbidden(
                    guild, "timeout", config, N_("{member} is above my highest role"), member=str(member)
                )
            else:
                tr = texts_for_guild(guild)  # the reason shows in the server's audit log
                try:
                    await member.timeout(timedelta(minutes=minutes), reason=tr("Sentinela: toxicity rule"))
                    taken = Action.TIMEOUT
                except discord.Forbidden:
                    self.metrics.actions_failed.labels("timeout", "forbidden").inc()
                    await self.report_forbidden(guild, "timeout", config, "Discord refused the timeout")
                except discord.HTTPException as e:  # 404 Unknown Member (left), 5xx: no timeout
                    self.metrics.actions_failed.labels("timeout", "http_error").inc()
                    log.warning("guild %s: timeout of a member failed: %s", guild.id, e)
        return taken

    async def _find_member(self, guild: discord.Guild, member_id: int) -> discord.Member | None:
        """A member to time out, from the cache or Discord (the bot has no members intent)."""
        member = guild.get_member(member_id)
        if member is not None:
            return member
        try:
            return await guild.fetch_member(member_id)
        except discord.NotFound:
            return None  # left meanwhile (or a webhook): nobody to time out
        except discord.HTTPException as e:
            self.metrics.actions_failed.labels("timeout", "http_error").inc()
            log.warning("guild %s: cannot look up a member to time out: %s", guild.id, e)
            return None

    async def report_forbidden(
        self, guild: discord.Guild, what: str, config: GuildConfig, why: str, **values: str
    ) -> None:
        """Tell the moderators once per guild and action, not once per message.

        ``why`` is a catalogue message (``N_``), filled with ``values`` in the server's language.
        """
        key = (guild.id, what)
        log.warning("guild %s: cannot %s: %s", guild.id, what, why.format(**values))
        if key in self._forbidden_reported:
            return
        channel = guild.get_channel(config.alert_channel_id) if config.alert_channel_id else None
        if channel is None:
            return  # not marked as told: the moderators hear of it once an alert channel is set
        try:
            tr = texts_for_guild(guild)
            text = (
                tr("⚠️ Sentinela cannot delete messages in this server: {why}.", why=tr(why, **values))
                if what == "delete"
                else tr("⚠️ Sentinela cannot time members out in this server: {why}.", why=tr(why, **values))
            )
            await channel.send(
                text + " " + tr("Check my role's permissions and position; I will not repeat this warning."),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.HTTPException:
            log.warning("guild %s: cannot post to the alert channel either", guild.id)
            return
        self._forbidden_reported.add(key)
