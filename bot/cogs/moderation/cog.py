"""``Moderation``: the cog, composed from its parts the way Red-DiscordBot composes ``Mod``.

| part             | module          | what                                                       |
|------------------|-----------------|------------------------------------------------------------|
| ListenersMixin   | listeners.py    | which events are checked (messages, edits, thread titles)  |
| CheckingMixin    | checking.py     | score -> decide -> act -> log; what waits through outages  |
| EnforcementMixin | enforcement.py  | delete / timeout within the bot's permissions              |
| AlertsMixin      | alerts.py       | the alert embed and its review buttons (a DynamicItem)     |
| StatsMixin       | stats.py        | ``/toxstats`` and the "Check toxicity" context menu        |
| ReviewMixin      | review.py       | ``/review``: the unreviewed alerts, a page at a time        |
| ThresholdsMixin  | thresholds.py   | ``/threshold``: per-label thresholds and advice (Apply)     |
| RulesMixin       | rules.py        | ``/rule``: the action per label, escalation                |
| ServerMixin      | server.py       | ``/sentinela``: alert channel, exemptions, on/off, history |
| AuditMixin       | audit.py        | every settings change posted to the alert channel           |

Every word shown on Discord comes from ``bot/locales`` (pt-BR and en, see ``bot/presentation/i18n.py``).

This module holds what ties them together: construction, start/stop and the error handler.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.cogs.moderation.alerts import AlertsMixin, FeedbackButton
from bot.cogs.moderation.audit import AuditMixin
from bot.cogs.moderation.checking import CheckingMixin
from bot.cogs.moderation.enforcement import EnforcementMixin
from bot.cogs.moderation.errors import reply_error
from bot.cogs.moderation.listeners import ListenersMixin
from bot.cogs.moderation.review import ReviewMixin
from bot.cogs.moderation.rules import RulesMixin
from bot.cogs.moderation.server import ServerMixin
from bot.cogs.moderation.stats import StatsMixin
from bot.cogs.moderation.subject import Subject
from bot.cogs.moderation.thresholds import ThresholdsMixin
from bot.cogs.moderation.why import WhyWorker
from bot.core.turns import Turns
from bot.db.models import utcnow
from bot.db.store import HitRecord, Store
from bot.ops.backlog import Backlog
from bot.ops.config import Settings
from bot.ops.health import PROBE_TIMEOUT_S, Check, HealthServer, Metrics
from bot.ops.hit_buffer import HitBuffer
from bot.presentation import charts
from classifier.serving.factory import open_scorer
from classifier.serving.scorer import Scorer

log = logging.getLogger(__name__)
_ = app_commands.locale_str


class Moderation(
    ListenersMixin,
    CheckingMixin,
    EnforcementMixin,
    AlertsMixin,
    StatsMixin,
    ReviewMixin,
    ThresholdsMixin,
    RulesMixin,
    ServerMixin,
    AuditMixin,
    commands.Cog,
    name="Moderation",
):
    """Scores messages, applies the guild's rules, logs hits; slash commands for mods and admins.

    With ``classifier`` / ``store`` given (tests, a bot that shares them), the cog uses them and
    leaves their closing to the caller; otherwise it builds both from ``settings`` in
    ``cog_load`` and closes them in ``cog_unload``.
    """

    def __init__(
        self,
        bot: commands.Bot,
        settings: Settings,
        classifier: Scorer | None = None,
        store: Store | None = None,
        *,
        runtime: bool = True,
    ) -> None:
        self.bot = bot
        # runtime False: the commands only (``python -m bot sync``): no model, no database, no
        # loops and no listeners
        self.runtime = runtime
        if not runtime:
            self.__cog_listeners__ = []
        self.settings = settings
        self.classifier = classifier  # type: ignore[assignment]  # set in cog_load when None
        self.store = store  # type: ignore[assignment]
        self._owns = classifier is None, store is None
        # hits of actions taken while the database fails: written when it is back
        self.hit_buffer: HitBuffer[HitRecord] = HitBuffer(
            lambda hit: self.store.record_hits(hit),  # the store is set in cog_load
            settings.pending_hits_max,
            lambda _e: self.metrics.database_errors.labels("record_hits").inc(),
        )
        # the words that weighed, after the record and the alert (store and model set in cog_load)
        self.why_worker = WhyWorker(lambda: self.classifier, lambda: self.store)
        self.closing = False  # set on unload: new events are not taken
        self.in_flight = 0  # messages being checked now
        self.idle = asyncio.Event()
        self.idle.set()
        self.metrics = Metrics()
        # messages the classifier or the database could not check yet: checked when they answer
        self.backlog: Backlog[Subject] = Backlog(
            settings.backlog_max, settings.backlog_max_age_s, settings.backlog_max_bytes, Subject.footprint
        )
        self.backlog.on_settle = self.backlog_settled
        self.turns = Turns()
        self.health: HealthServer | None = None
        self._forbidden_reported = set()
        self._context_menu = app_commands.ContextMenu(
            name=_("Check toxicity"), callback=self.check_toxicity_menu
        )
        self._context_menu.guild_only = True
        self._context_menu.default_permissions = discord.Permissions(manage_messages=True)
        # a context menu lives in the tree, not in the cog: give it the cog's error handler
        self._context_menu.error(self.cog_app_command_error)

    # -- lifecycle: what cog_load starts, cog_unload stops --------------------------------------

    async def cog_load(self) -> None:
        if not self.runtime:
            self.bot.tree.add_command(self._context_menu)
            return
        if self.store is None:
            self.store = Store(self.settings.database_url, config_ttl_s=self.settings.config_cache_ttl_s)
            await self.store.migrate()
        if self.classifier is None:
            self.classifier = await open_scorer(self.settings)
        self.classifier.add_batch_listener(self._observe_batch)
        self.metrics.queue_depth.set_function(lambda: self.classifier.queue_depth)
        self.metrics.pending_hits.set_function(lambda: len(self.hit_buffer))
        self.metrics.backlog_depth.set_function(lambda: len(self.backlog))
        self.bot.add_dynamic_items(FeedbackButton)
        self.bot.tree.add_command(self._context_menu)
        self.retention.start()
        self.hit_writer.start()
        self.backlog_drainer.start()
        if self.settings.health_port is not None:
            self.health = HealthServer(
                self.metrics,
                [
                    Check("gateway", self._gateway_problem),
                    Check("database", self._database_problem),
                    Check("classifier", self._classifier_problem),
                ],
                self.settings.health_host,
                self.settings.health_port,
                cache_s=self.settings.health_cache_s,
            )
            await self.health.start()

    def _observe_batch(self, size: int, _seconds: float) -> None:
        self.metrics.batch_size.observe(size)

    async def _gateway_problem(self) -> str | None:
        bot = self.bot
        if bot.is_closed():
            return "closed"
        if not bot.is_ready():
            return "not connected to Discord yet"
        if isinstance(bot, discord.AutoShardedClient):
            down = sorted(shard_id for shard_id, shard in bot.shards.items() if shard.is_closed())
            if down:
                return f"shard(s) {down} disconnected"
        return None

    async def _database_problem(self) -> str | None:
        await self.store.ping()
        return None

    async def _classifier_problem(self) -> str | None:
        return await self.classifier.probe(PROBE_TIMEOUT_S)

    async def cog_unload(self) -> None:
        self.closing = True
        if self.runtime:
            await self._finish_checks(self.settings.shutdown_timeout_s / 2)
        # explanations still running finish within their own deadline or are cancelled, before
        # the model and the database they use close under them
        await self.why_worker.close()
        charts.shutdown()  # the /toxstats chart process, if one was started
        if self.health is not None:
            await self.health.stop()
        # stop the loops and wait for them: one cancelled mid-query must finish its cleanup while
        # the database is still open, or it waits forever on a connection closed under it
        loops = (self.retention, self.hit_writer, self.backlog_drainer)
        for loop in loops:
            loop.cancel()
        running = [task for loop in loops if (task := loop.get_task()) is not None and not task.done()]
        await asyncio.gather(*running, return_exceptions=True)
        if left := self.backlog.drop_all("shutdown"):
            # in memory only: a new process never sees them (Discord does not send them again)
            log.error("stopping with %d message(s) never checked (no classifier or database)", left)
        await self.hit_buffer.close()  # a last try; what cannot be written is logged
        self.bot.tree.remove_command(self._context_menu.name, type=self._context_menu.type)
        self.bot.remove_dynamic_items(FeedbackButton)
        if self.classifier is not None and self.runtime:
            self.classifier.remove_batch_listener(self._observe_batch)
        owns_classifier, owns_store = self._owns
        if owns_classifier and self.classifier is not None:
            await self.classifier.aclose()
        if owns_store and self.store is not None:
            await self.store.close()

    async def _finish_checks(self, budget_s: float) -> None:
        """Let the messages being checked finish, and give the backlog a last try, within a budget."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + budget_s
        try:
            await asyncio.wait_for(self.idle.wait(), budget_s)
            if self.backlog:
                drain = self.backlog.drain(self.retry_waiting)
                await asyncio.wait_for(drain, max(0.1, deadline - loop.time()))
        except TimeoutError:
            log.error("stopping with %d message(s) still being checked", self.in_flight)

    @tasks.loop(hours=6)
    async def retention(self) -> None:
        now = utcnow()
        cutoff = now - timedelta(days=self.settings.retention_days)
        try:
            purged = await self.store.purge_before(cutoff)
            departed = await self.store.purge_departed(
                now - timedelta(days=self.settings.departed_guild_grace_days)
            )
        except Exception:
            self.metrics.database_errors.labels("retention").inc()
            log.exception("retention purge failed")
            return
        if purged:
            log.info("retention: purged %d hits older than %s", purged, cutoff.isoformat())
        for guild_id in departed:
            log.info(
                "guild %s: deleted its data, %d day(s) after I was removed",
                guild_id,
                self.settings.departed_guild_grace_days,
            )

    @tasks.loop(seconds=30)
    async def hit_writer(self) -> None:
        """Retry the hits that waited for the database, even when no new message comes."""
        await self.hit_buffer.retry()

    @tasks.loop(seconds=1)
    async def backlog_drainer(self) -> None:
        """Check what waited, oldest first, as soon as the classifier and the database answer."""
        self.backlog.expire()
        if not self.backlog:
            return
        drained = await self.backlog.drain(self.retry_waiting)  # counted as each one settles
        if drained:
            log.info("%d waiting message(s) checked, %d left", drained, len(self.backlog))

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        name = interaction.command.qualified_name if interaction.command else "?"
        await reply_error(interaction, error, f"command {name}")
