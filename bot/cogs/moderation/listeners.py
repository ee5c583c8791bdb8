"""The message pipeline: which messages are checked, scoring, the decision, and what follows."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterator

import discord
from discord.ext import commands

from bot.assess import assess
from bot.backlog import Retry
from bot.cogs.moderation.base import MixinMeta, NotChecked
from bot.cogs.moderation.subject import Subject, message_text
from bot.db.hits import HitRecord
from bot.db.models import utcnow
from bot.policy import Action, Decision, GuildConfig
from classifier import ClassifierError, ClassifierOverloaded, ClassifierTimeout, ClassifierUnavailable

log = logging.getLogger(__name__)
# carries out a decision stronger than an alert; returns the action Discord allowed
Act = Callable[[Decision, GuildConfig], Awaitable[Action]]


class ListenersMixin(MixinMeta):
    @staticmethod
    def skip_reason(message: discord.Message) -> str | None:
        """Why a guild message is not for the model (``None``: check it)."""
        if message.author.bot or message.webhook_id is not None or message.is_system():
            return "bot_or_system"
        if not message_text(message):
            return "no_text"
        return None

    @classmethod
    def should_check(cls, message: discord.Message) -> bool:
        return message.guild is not None and cls.skip_reason(message) is None

    def _admit(self, message: discord.Message) -> bool:
        """Count a guild message as seen, and as skipped when it is not for the model."""
        if message.guild is None or self.closing:
            return False
        self.metrics.messages_seen.inc()
        reason = self.skip_reason(message)
        if reason is not None:
            self.not_checked(NotChecked(reason))
        return reason is None

    def not_checked(self, why: NotChecked) -> None:
        """The one place a text the message path did not check is counted."""
        self.metrics.messages_skipped.labels(why.reason).inc()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if self._admit(message):
            await self.check_message(message)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        # raw: edits of messages older than the cache must be re-checked too
        if payload.guild_id is None or "content" not in payload.data:
            return
        # discord.py builds the updated message from the event: no API call per edit
        message = payload.message
        cached = payload.cached_message
        if cached is not None and message.content == cached.content:
            return  # an embed unfurl or pin, not a text edit
        if cached is None and not payload.data.get("edited_timestamp"):
            return  # an uncached message's unfurl, pin or flag change: Discord marks real edits
        if self._admit(message):
            await self.check_message(message, edited=True)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        # not deleted at once: a kick by mistake (or to erase the evidence) must lose nothing;
        # the retention loop deletes it after the grace period unless the bot comes back
        try:
            await self.store.mark_left(guild.id)
        except Exception:
            self.metrics.database_errors.labels("guild_membership").inc()
            log.exception("guild %s: cannot record the departure", guild.id)
            return
        log.info(
            "removed from guild %s: its data is deleted in %d day(s) unless I am added back",
            guild.id,
            self.settings.departed_guild_grace_days,
        )

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        try:
            if await self.store.mark_returned(guild.id):
                log.info("back in guild %s: its data is kept", guild.id)
        except Exception:
            self.metrics.database_errors.labels("guild_membership").inc()
            log.exception("guild %s: cannot cancel the pending deletion", guild.id)

    @commands.Cog.listener()
    async def on_thread_create(self, thread: discord.Thread) -> None:
        await self.check_thread_title(thread)

    @commands.Cog.listener()
    async def on_thread_update(self, before: discord.Thread, after: discord.Thread) -> None:
        if before.name != after.name:
            await self.check_thread_title(after, edited=True)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        # deleted while it waited for the model: nothing left to act on
        self.backlog.discard(payload.message_id, "deleted")

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        for message_id in payload.message_ids:
            self.backlog.discard(message_id, "deleted")

    async def check_message(self, message: discord.Message, edited: bool = False) -> Decision | None:
        """Score one message and carry out the guild's decision; never raises.

        When the classifier cannot answer, the message waits in the backlog and this runs again
        for it when the classifier is back (an edit meanwhile replaces it, a delete removes it).
        """

        async def retry() -> None:
            await self.check_message(message, edited)

        async def act(decision: Decision, config: GuildConfig) -> Action:
            return await self.enforce(message, decision, config)

        roles = getattr(message.author, "roles", [])
        return await self._check(Subject.of_message(message, edited=edited), roles, retry, act)

    async def _check(self, subject: Subject, roles: list, retry: Retry, act: Act | None) -> Decision | None:
        """Assess, act (delete, timeout: ``act``), record and alert; ``None``: not checked."""
        with self._checking():
            try:
                config, decision = await self._assess(subject, roles, retry)
            except NotChecked as why:
                self.not_checked(why)
                return None
            if not decision.flagged:
                return decision
            # From here each step runs whatever happened to the one before: an action taken is
            # always recorded, and the moderators always hear of it.
            strong = act is not None and decision.action > Action.ALERT
            taken = await act(decision, config) if strong else decision.action
            await self._record_and_alert(subject, decision, taken, config)
            return decision

    @contextlib.contextmanager
    def _checking(self) -> Iterator[None]:
        """Count a check in flight, so a shutdown can wait for it to finish."""
        self.in_flight += 1
        self.idle.clear()
        try:
            yield
        finally:
            self.in_flight -= 1
            if not self.in_flight:
                self.idle.set()

    async def check_thread_title(self, thread: discord.Thread, edited: bool = False) -> Decision | None:
        """A thread or forum post title: recorded and alerted, never deleted or timed out for.

        Deleting a thread takes a whole conversation with it: a title is for moderators to judge.
        """
        if thread.guild is None or not thread.name.strip() or self.closing:
            return None
        owner = thread.owner
        if owner is not None and owner.bot:
            return None
        self.metrics.messages_seen.inc()

        async def retry() -> None:
            await self.check_thread_title(thread, edited)

        roles = getattr(owner, "roles", [])
        # a title's ceiling is an alert: nothing to carry out beyond it
        return await self._check(Subject.of_thread(thread, edited=edited), roles, retry, None)

    async def _assess(self, subject: Subject, roles: list, retry: Retry) -> tuple[GuildConfig, Decision]:
        """Configuration, exemptions, scores, decision; raises :class:`NotChecked` with the reason.

        A classifier that cannot answer now (down, overloaded, slow) puts the text in the backlog
        with ``retry``; any other failure is logged, never acted on.
        """
        guild_id = subject.guild.id
        try:
            config = await self.store.guild_config(guild_id)
        except Exception as e:
            self.metrics.database_errors.labels("read_config").inc()
            log.exception("guild %s: cannot read configuration; %s not checked", guild_id, subject.id)
            raise NotChecked("database") from e
        channel_ids = {subject.channel.id, getattr(subject.channel, "parent_id", None) or 0}
        if not config.enabled:
            raise NotChecked("disabled")
        if config.is_exempt(channel_ids, {r.id for r in roles}):
            raise NotChecked("exempt")
        started = time.perf_counter()
        try:
            scores = await self.classifier.score(subject.text)
        except ClassifierUnavailable as e:
            # the model service is down: never act on a guess; the remote client logs the outage
            # once (its circuit opens), so one message per waiting text stays at DEBUG
            self.backlog.add(subject.id, retry)
            log.debug("model service unavailable: %s in guild %s waits (%s)", subject.id, guild_id, e)
            raise NotChecked("classifier_unavailable") from e
        except (ClassifierOverloaded, ClassifierTimeout) as e:
            reason = "overloaded" if isinstance(e, ClassifierOverloaded) else "timeout"
            self.backlog.add(subject.id, retry)
            log.warning("classifier %s: %s in guild %s waits in the backlog", reason, subject.id, guild_id)
            raise NotChecked(reason) from e
        except Exception as e:
            # expected classifier failures get one line; anything else its traceback
            log.warning(
                "classifier failed on %s in guild %s: %s",
                subject.id,
                guild_id,
                e,
                exc_info=not isinstance(e, ClassifierError),
            )
            raise NotChecked("classifier_error") from e
        self.metrics.classifier_latency.observe(time.perf_counter() - started)
        self.metrics.messages_checked.inc()
        self.backlog.discard(subject.id)  # scored: an older version waiting is settled
        try:
            decision = await assess(
                self.store,
                config,
                self.classifier.thresholds,
                guild_id=guild_id,
                author_id=subject.author_id,
                probabilities=scores.probabilities,
                message_id=subject.id if subject.edited else None,
                ceiling=subject.ceiling,
            )
        except Exception as e:
            # without the escalation count or the edit's earlier labels, any action would be a guess
            self.metrics.database_errors.labels("assess").inc()
            log.exception("guild %s: cannot assess %s; not acted on", guild_id, subject.id)
            raise NotChecked("database") from e
        return config, decision

    async def _record_and_alert(
        self, subject: Subject, decision: Decision, taken: Action, config: GuildConfig
    ) -> None:
        await self.record(
            HitRecord(
                guild_id=subject.guild.id,
                channel_id=subject.channel.id,
                message_id=subject.id,
                author_id=subject.author_id,
                decision=decision,
                action_taken=taken,
                model_id=self.classifier.model_id,
                content=subject.text if self.settings.store_content else None,
                created_at=utcnow(),
            )
        )
        for h in decision.hits:
            self.metrics.hits.labels(h.label, taken.label).inc()
        if decision.action >= Action.ALERT:
            try:
                await self.alert(subject, decision, taken, config)
            except Exception:
                log.exception("guild %s: alert for %s failed", subject.guild.id, subject.id)
        log.info(
            "%s %s in guild %s: %s -> %s",
            subject.kind,
            subject.id,
            subject.guild.id,
            ",".join(h.label for h in decision.hits),
            taken.label,
        )
        log.debug("%s %s was by user %s", subject.kind, subject.id, subject.author_id)  # ids at DEBUG only

    async def record(self, hit: HitRecord) -> None:
        """Write a hit; while the database fails, keep it (bounded) and write it on recovery."""
        self.pending_hits.append(hit)
        while len(self.pending_hits) > self.settings.pending_hits_max:
            self.pending_hits.popleft()
            self.dropped_hits += 1
            log.error("hit buffer full: dropped the oldest hit (%d dropped so far)", self.dropped_hits)
        if self.flush_lock.locked():
            return  # a flush is running: its loop writes this hit too, in order
        await self.flush_hits()

    async def flush_hits(self) -> int:
        """Write the hits waiting in memory, oldest first; stop at the first failure.

        One flush at a time: two would write the same oldest hit twice and then drop another.
        """
        written = 0
        async with self.flush_lock:
            while self.pending_hits:
                hit = self.pending_hits[0]
                try:
                    await self.store.record_hits(hit)
                except Exception as e:
                    self.metrics.database_errors.labels("record_hits").inc()
                    log.warning(
                        "database unavailable: %d hit(s) waiting to be written (%s)",
                        len(self.pending_hits),
                        e,
                    )
                    return written
                self.pending_hits.popleft()
                written += 1
        return written
