"""The moderation cog: score messages, apply the guild's rules, log hits, slash commands.

Load it with ``await bot.load_extension("bot.cogs.moderation")``; the extension reads
``Settings`` from the environment. Tests and embedding bots can build ``Moderation`` directly
with their own classifier and store.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.assess import assess
from bot.config import Settings
from bot.db.models import utcnow
from bot.db.store import Store
from bot.policy import MAX_TIMEOUT_MINUTES, Action, Decision, GuildConfig, Rule
from bot.report import stats_sections
from classifier import Classifier, ClassifierError, ClassifierOverloaded, Scores

log = logging.getLogger(__name__)
_ = app_commands.locale_str  # descriptions are translated by bot.i18n.Translator

FEEDBACK_PREFIX = "sentinela:fb"
PERIODS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}


class UserError(app_commands.AppCommandError):
    """A bad value from the user: shown as is, changes nothing."""


def feedback_view(message_id: int) -> discord.ui.View:
    """Buttons handled in ``on_interaction`` by custom id, so they survive bot restarts."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label="False positive",
            style=discord.ButtonStyle.secondary,
            custom_id=f"{FEEDBACK_PREFIX}:false_positive:{message_id}",
        )
    )
    view.add_item(
        discord.ui.Button(
            label="Confirm",
            style=discord.ButtonStyle.danger,
            custom_id=f"{FEEDBACK_PREFIX}:confirmed:{message_id}",
        )
    )
    return view


def is_moderator(perms: discord.Permissions) -> bool:
    return perms.manage_messages or perms.moderate_members or perms.administrator


def moderator_only():
    """Enforced check (``default_permissions`` is only a hint admins can override)."""

    def predicate(interaction: discord.Interaction) -> bool:
        if not is_moderator(interaction.permissions):
            raise app_commands.MissingPermissions(["manage_messages"])
        return True

    return app_commands.check(predicate)


class Moderation(commands.Cog):
    threshold = app_commands.Group(
        name="threshold",
        description=_("Per-label score thresholds"),
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    rule = app_commands.Group(
        name="rule",
        description=_("What happens when a label is hit"),
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    sentinela = app_commands.Group(
        name="sentinela",
        description=_("Sentinela settings: alerts, exemptions, on/off"),
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(
        self,
        bot: commands.Bot,
        settings: Settings,
        classifier: Classifier | None = None,
        store: Store | None = None,
    ) -> None:
        self.bot = bot
        self.settings = settings
        self.classifier = classifier
        self.store = store
        self._owns = classifier is None, store is None
        self.skipped: Counter[str] = Counter()  # messages not scored, by reason
        self._forbidden_reported: set[tuple[int, str]] = set()
        self._context_menu = app_commands.ContextMenu(
            name=_("Check toxicity"), callback=self.check_toxicity_menu
        )
        self._context_menu.guild_only = True
        self._context_menu.default_permissions = discord.Permissions(manage_messages=True)

    # -- lifecycle ----------------------------------------------------------------------------

    async def cog_load(self) -> None:
        if self.store is None:
            self.store = Store(self.settings.database_url)
            await self.store.migrate()
        if self.classifier is None:
            s = self.settings
            self.classifier = await Classifier.load(
                s.sentinela_model,
                s.device,
                max_batch_size=s.max_batch_size,
                max_wait_ms=s.max_wait_ms,
                max_queue=s.max_queue,
                timeout_s=s.request_timeout_s,
                threads=s.torch_threads,
                quantize=s.quantize,
            )
        self.bot.tree.add_command(self._context_menu)
        self.retention.start()

    async def cog_unload(self) -> None:
        self.retention.cancel()
        self.bot.tree.remove_command(self._context_menu.name, type=self._context_menu.type)
        owns_classifier, owns_store = self._owns
        if owns_classifier and self.classifier is not None:
            await self.classifier.aclose()
        if owns_store and self.store is not None:
            await self.store.close()

    @tasks.loop(hours=6)
    async def retention(self) -> None:
        cutoff = utcnow() - timedelta(days=self.settings.retention_days)
        try:
            purged = await self.store.purge_before(cutoff)
        except Exception:
            log.exception("retention purge failed")
            return
        if purged:
            log.info("retention: purged %d hits older than %s", purged, cutoff.isoformat())

    # -- message flow -------------------------------------------------------------------------

    @staticmethod
    def should_check(message: discord.Message) -> bool:
        return (
            message.guild is not None
            and not message.author.bot
            and message.webhook_id is None
            and not message.is_system()
            and bool(message.content and message.content.strip())
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if self.should_check(message):
            await self.check_message(message)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        # raw: edits of messages older than the cache must be re-checked too
        if payload.guild_id is None or "content" not in payload.data:
            return
        # discord.py builds the updated message from the event: no API call per edit
        message = payload.message
        if message.content == getattr(payload.cached_message, "content", None):
            return  # an embed unfurl or pin, not a text edit
        if self.should_check(message):
            await self.check_message(message, edited=True)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.store.delete_guild(guild.id)
        log.info("left guild %s (%s): its data was deleted", guild.name, guild.id)

    async def check_message(self, message: discord.Message, edited: bool = False) -> Decision | None:
        """Score one message and carry out the guild's decision; never raises."""
        guild = message.guild
        try:
            config = await self.store.guild_config(guild.id)
        except Exception:
            self.skipped["database"] += 1
            log.exception("guild %s: cannot read configuration; message %s not checked", guild.id, message.id)
            return None
        channel_ids = {message.channel.id, getattr(message.channel, "parent_id", None) or 0}
        roles = {r.id for r in getattr(message.author, "roles", [])}
        if not config.enabled or config.is_exempt(channel_ids, roles):
            return None
        try:
            scores = await self.classifier.score(message.content)
        except ClassifierOverloaded:
            self.skipped["overloaded"] += 1
            log.warning("classifier overloaded: message %s in guild %s not checked", message.id, guild.id)
            return None
        except Exception as e:
            self.skipped["classifier_error"] += 1
            # expected classifier failures get one line; anything else its traceback
            log.warning(
                "classifier failed on message %s in guild %s: %s",
                message.id,
                guild.id,
                e,
                exc_info=not isinstance(e, ClassifierError),
            )
            return None
        try:
            decision = await assess(
                self.store,
                config,
                self.classifier.thresholds,
                guild_id=guild.id,
                author_id=message.author.id,
                probabilities=scores.probabilities,
            )
            if not decision.flagged:
                return decision
            taken = await self.enforce(message, decision, config)
            await self.store.record_hits(
                guild_id=guild.id,
                channel_id=message.channel.id,
                message_id=message.id,
                author_id=message.author.id,
                decision=decision,
                action_taken=taken,
                model_id=self.classifier.model_id,
                content=message.content if self.settings.store_content else None,
            )
            if decision.action >= Action.ALERT:
                await self.alert(message, decision, taken, config, edited)
            log.info(
                "message %s by %s (%s) in guild %s: %s -> %s",
                message.id,
                message.author,
                message.author.id,
                guild.id,
                ",".join(h.label for h in decision.hits),
                taken.label,
            )
            return decision
        except Exception:
            log.exception("handling message %s in guild %s failed", message.id, guild.id)
            return None

    async def enforce(self, message: discord.Message, decision: Decision, config: GuildConfig) -> Action:
        """Carry out delete/timeout; returns the strongest action actually taken."""
        action = decision.action
        if action <= Action.ALERT:
            return action
        taken = Action.LOG  # stays so when Discord refuses

        guild = message.guild
        me = guild.me
        if action >= Action.DELETE:
            if not message.channel.permissions_for(me).manage_messages:
                await self.report_forbidden(guild, "delete", config, "I lack Manage Messages here")
            else:
                try:
                    await message.delete()
                    taken = Action.DELETE
                except discord.NotFound:
                    taken = Action.DELETE  # someone was faster
                except discord.Forbidden:
                    await self.report_forbidden(guild, "delete", config, "Discord refused the delete")
        if action is Action.TIMEOUT and isinstance(message.author, discord.Member):
            member = message.author
            minutes = min(decision.timeout_minutes or 10, MAX_TIMEOUT_MINUTES)
            if not me.guild_permissions.moderate_members:
                await self.report_forbidden(guild, "timeout", config, "I lack Timeout Members")
            elif member.id == guild.owner_id or member.top_role >= me.top_role:
                await self.report_forbidden(guild, "timeout", config, f"{member} is above my highest role")
            else:
                try:
                    await member.timeout(timedelta(minutes=minutes), reason="Sentinela: toxicity rule")
                    taken = Action.TIMEOUT
                except discord.Forbidden:
                    await self.report_forbidden(guild, "timeout", config, "Discord refused the timeout")
        return taken

    async def report_forbidden(self, guild: discord.Guild, what: str, config: GuildConfig, why: str) -> None:
        """Tell the moderators once per guild and action, not once per message."""
        key = (guild.id, what)
        log.warning("guild %s (%s): cannot %s: %s", guild.name, guild.id, what, why)
        if key in self._forbidden_reported:
            return
        self._forbidden_reported.add(key)
        channel = guild.get_channel(config.alert_channel_id) if config.alert_channel_id else None
        if channel is None:
            return
        try:
            await channel.send(
                f"⚠️ Sentinela cannot **{what}** messages in this server: {why}. "
                "Check my role's permissions and position; I will not repeat this warning."
            )
        except discord.HTTPException:
            log.warning("guild %s: cannot post to the alert channel either", guild.id)

    async def alert(
        self,
        message: discord.Message,
        decision: Decision,
        taken: Action,
        config: GuildConfig,
        edited: bool,
    ) -> None:
        if not config.alert_channel_id:
            return
        channel = message.guild.get_channel(config.alert_channel_id)
        if channel is None:
            return
        embed = discord.Embed(
            title="Toxic message" + (" (edited)" if edited else ""),
            colour=discord.Colour.red() if taken >= Action.DELETE else discord.Colour.orange(),
            timestamp=message.created_at,
        )
        embed.add_field(name="Author", value=f"{message.author.mention} (`{message.author.id}`)")
        embed.add_field(name="Channel", value=message.channel.mention)
        embed.add_field(name="Message", value=f"[Jump to message]({message.jump_url})")
        embed.add_field(
            name="Labels",
            value="\n".join(
                f"**{h.label}** {h.score:.2f} (threshold {h.threshold:.2f})" for h in decision.hits
            ),
            inline=False,
        )
        action_text = taken.label
        if decision.escalated:
            action_text += " (escalation)"
        embed.add_field(name="Action", value=action_text)
        if self.settings.store_content:
            embed.add_field(name="Content", value=message.content[:1000], inline=False)
        try:
            await channel.send(embed=embed, view=feedback_view(message.id))
        except discord.HTTPException as e:
            log.warning("guild %s: alert not posted: %s", message.guild.id, e)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        custom_id = (interaction.data or {}).get("custom_id", "")
        if interaction.type is not discord.InteractionType.component or not custom_id.startswith(
            FEEDBACK_PREFIX + ":"
        ):
            return
        _, _, verdict, message_id = custom_id.split(":")
        if interaction.guild_id is None or not is_moderator(interaction.permissions):
            await interaction.response.send_message("Only moderators can review alerts.", ephemeral=True)
            return
        count = await self.store.record_feedback(
            interaction.guild_id, int(message_id), interaction.user.id, verdict
        )
        text = "false positive" if verdict == "false_positive" else "confirmed"
        await interaction.response.send_message(
            f"Recorded **{text}** for {count} label hit(s). Thank you.", ephemeral=True
        )

    # -- slash commands -----------------------------------------------------------------------

    def _check_label(self, label: str) -> str:
        if label not in self.classifier.labels:
            raise UserError(f"Unknown label `{label}`. Labels: {', '.join(self.classifier.labels)}.")
        return label

    async def label_autocomplete(self, interaction: discord.Interaction, current: str):
        return [
            app_commands.Choice(name=label, value=label)
            for label in self.classifier.labels
            if current.lower() in label.lower()
        ][:25]

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
        channel: discord.TextChannel | None = None,
        member: discord.Member | None = None,
    ) -> None:
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
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @threshold.command(name="set", description=_("Set the threshold of one label"))
    @app_commands.checks.has_permissions(manage_guild=True)
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
    @app_commands.checks.has_permissions(manage_guild=True)
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
    @app_commands.checks.has_permissions(manage_guild=True)
    async def threshold_reset(self, interaction: discord.Interaction, label: str | None = None) -> None:
        if label is not None:
            self._check_label(label)
        count = await self.store.reset_thresholds(interaction.guild_id, label)
        await interaction.response.send_message(
            f"Reset {count} threshold(s) to the model's values.", ephemeral=True
        )

    threshold_reset.autocomplete("label")(label_autocomplete)

    @rule.command(name="set", description=_("Set the action for one label"))
    @app_commands.checks.has_permissions(manage_guild=True)
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
        extra = f" for {rule.timeout_minutes or 10} min" if parsed is Action.TIMEOUT else ""
        await interaction.response.send_message(f"**{label}** -> {parsed.label}{extra}.", ephemeral=True)

    rule_set.autocomplete("label")(label_autocomplete)

    @rule.command(name="show", description=_("Show the rules in effect"))
    @app_commands.checks.has_permissions(manage_guild=True)
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

    @sentinela.command(name="alerts", description=_("Channel where moderators get alerts"))
    @app_commands.checks.has_permissions(manage_guild=True)
    async def set_alerts(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        await self.store.update_settings(interaction.guild_id, alert_channel_id=channel.id)
        await interaction.response.send_message(f"Alerts go to {channel.mention}.", ephemeral=True)

    @sentinela.command(name="exempt", description=_("Exempt a role or channel from checks"))
    @app_commands.checks.has_permissions(manage_guild=True)
    async def exempt(
        self,
        interaction: discord.Interaction,
        role: discord.Role | None = None,
        channel: discord.TextChannel | None = None,
        remove: bool = False,
    ) -> None:
        if role is None and channel is None:
            raise UserError("Give a role or a channel.")
        for kind, target in (("role", role), ("channel", channel)):
            if target is not None:
                await self.store.set_exemption(interaction.guild_id, kind, target.id, not remove)
        names = " ".join(t.mention for t in (role, channel) if t is not None)
        await interaction.response.send_message(
            f"{names} {'no longer exempt' if remove else 'exempt from checks'}.", ephemeral=True
        )

    @sentinela.command(name="enable", description=_("Check this server's messages again"))
    @app_commands.checks.has_permissions(manage_guild=True)
    async def enable(self, interaction: discord.Interaction) -> None:
        await self.store.update_settings(interaction.guild_id, enabled=True)
        await interaction.response.send_message("Sentinela is on.", ephemeral=True)

    @sentinela.command(name="disable", description=_("Stop checking this server's messages"))
    @app_commands.checks.has_permissions(manage_guild=True)
    async def disable(self, interaction: discord.Interaction) -> None:
        await self.store.update_settings(interaction.guild_id, enabled=False)
        await interaction.response.send_message("Sentinela is off.", ephemeral=True)

    @moderator_only()
    async def check_toxicity_menu(self, interaction: discord.Interaction, message: discord.Message) -> None:
        if not message.content.strip():
            raise UserError("That message has no text to check.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        scores: Scores = await self.classifier.score(message.content)
        config = await self.store.guild_config(interaction.guild_id)
        model = self.classifier.thresholds
        rows = [
            f"{'🔴' if p >= config.threshold(k, model[k]) else '⚪'} **{k}** {p:.2f}"
            f" (threshold {config.threshold(k, model[k]):.2f})"
            for k, p in sorted(scores.probabilities.items(), key=lambda kv: -kv[1])
        ]
        await interaction.followup.send("\n".join(rows), ephemeral=True)

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        original = getattr(error, "original", error)
        if isinstance(error, UserError):
            text = str(error)
        elif isinstance(error, app_commands.MissingPermissions):
            text = f"You need {', '.join(p.replace('_', ' ') for p in error.missing_permissions)} for this."
        elif isinstance(error, app_commands.NoPrivateMessage):
            text = "This command only works in a server."
        elif isinstance(original, ClassifierError):
            text = "The classifier is busy or unavailable right now; try again shortly."
        else:
            log.exception(
                "command %s failed",
                interaction.command and interaction.command.qualified_name,
                exc_info=original,
            )
            text = "Something went wrong; the error was logged."
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Moderation(bot, Settings()))
