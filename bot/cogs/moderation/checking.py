"""Checking one subject: score, decide, act, record, alert; and what waits when a part fails.

A live event is checked at once (``check_live``). When the classifier or the database cannot
answer, its subject waits in the backlog (``bot/ops/backlog.py``) and ``retry_waiting`` checks it
again when they do; a retry says whether it settled the message, so nothing the database or the
model failed on is counted as done. An author's messages are decided in turn (``bot/core/turns.py``),
so escalation sees the ones before, live or late.

Every message's fate is traced once at DEBUG on the ``bot.trace`` logger: ``scored_live``,
``scored_late``, ``dropped`` (from the backlog, with its reason) or ``not_checked`` (with its
reason); the chaos benchmark counts them.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator, Mapping

import discord
from sqlalchemy.exc import SQLAlchemyError

from bot.cogs.moderation.base import MixinMeta, NotChecked
from bot.cogs.moderation.subject import Subject
from bot.core.assess import assess
from bot.core.policy import Action, Decision, GuildConfig
from bot.db.hits import HitRecord
from bot.db.models import utcnow
from bot.ops.backlog import SCORED, WAITING
from classifier import ClassifierError, ClassifierOverloaded, ClassifierTimeout, ClassifierUnavailable
from classifier.cli import first_line

log = logging.getLogger(__name__)
trace = logging.getLogger("bot.trace")

# failures a database outage explains: one line each, not a traceback per waiting message
DATABASE_DOWN = (SQLAlchemyError, OSError, TimeoutError)


def trace_fate(key: int, fate: str, reason: str = "") -> None:
    extra = {"subject_id": key, "fate": fate, "reason": reason}
    trace.debug("%s %s%s", key, fate, f" ({reason})" if reason else "", extra=extra)


class CheckingMixin(MixinMeta):
    def not_checked(self, why: NotChecked) -> None:
        """The one place a text the message path did not check is counted."""
        self.metrics.messages_skipped.labels(why.reason).inc()

    async def check_live(
        self, subject: Subject, message: discord.Message | None = None, author: discord.Member | None = None
    ) -> Decision | None:
        """Check an event now; never raises. ``None``: not checked (waiting, or why is counted)."""
        version = self.backlog.next_version()  # before any await: later events, newer versions
        try:
            decision = await self._check(subject, message, author)
        except NotChecked as why:
            self.not_checked(why)
            if not why.retry:
                trace_fate(subject.id, "not_checked", why.reason)
                return None
            self.backlog.add(subject.id, subject, version)
            cause = why.__cause__
            # the remote client logs a model outage once (its circuit opens): one line per
            # waiting text stays at DEBUG; anything a database outage does not explain is a bug
            level = logging.DEBUG if why.reason == "classifier_unavailable" else logging.WARNING
            log.log(
                level,
                "%s %s in guild %s waits (%s: %s)",
                subject.kind,
                subject.id,
                subject.guild.id,
                why.reason,
                first_line(cause) if cause else "",
                exc_info=cause if why.reason == "database" and not isinstance(cause, DATABASE_DOWN) else None,
            )
            return None
        self.backlog.discard(subject.id, upto=version)  # an older version waiting is settled by this
        trace_fate(subject.id, "scored_live")
        return decision

    async def retry_waiting(self, subject: Subject) -> str:
        """The backlog's retry: ``SCORED``, ``WAITING`` (a part still fails), or why it is given up."""
        try:
            await self._check(subject)
        except NotChecked as why:
            return WAITING if why.retry else why.reason
        return SCORED

    def backlog_settled(self, key: int, outcome: str) -> None:
        """Each waiting message's end, counted once: checked late, or dropped with its reason."""
        if outcome == SCORED:
            self.metrics.backlog_drained.inc()
            trace_fate(key, "scored_late")
        else:
            self.metrics.backlog_dropped.labels(outcome).inc()
            trace_fate(key, "dropped", outcome)

    async def _check(
        self, subject: Subject, message: discord.Message | None = None, author: discord.Member | None = None
    ) -> Decision:
        """Score, decide, act (delete, timeout), record and alert; raises :class:`NotChecked`.

        From the decision on, each step runs whatever happened to the one before: an action taken
        is always recorded, and the moderators always hear of it.
        """
        turn = self.turns.take((subject.guild.id, subject.author_id))  # before any await: in order
        with self._checking():
            try:
                config, scores = await self._score(subject)
                await turn.ready()  # the author's earlier messages are recorded: escalation sees them
                decision = await self._decide(subject, config, scores)
                if decision.flagged_in_force:
                    strong = decision.action > Action.ALERT
                    taken = decision.action
                    if strong:
                        taken = await self.enforce(subject, decision, config, message, author)
                    await self._record_and_alert(subject, decision, taken, config)
                return decision
            finally:
                turn.end()

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

    async def _score(self, subject: Subject) -> tuple[GuildConfig, Mapping[str, float]]:
        """Configuration, exemptions, scores; raises :class:`NotChecked` with the reason."""
        guild_id = subject.guild.id
        try:
            config = await self.store.guild_config(guild_id)
        except Exception as e:
            self.metrics.database_errors.labels("read_config").inc()
            raise NotChecked("database", retry=True) from e
        if not config.enabled:
            raise NotChecked("disabled")
        channel_ids = {subject.channel.id, getattr(subject.channel, "parent_id", None) or 0}
        if config.is_exempt(channel_ids, set(subject.author_role_ids)):
            raise NotChecked("exempt")
        started = time.perf_counter()
        try:
            scores = await self.classifier.score(subject.text)
        except ClassifierUnavailable as e:  # down: never act on a guess
            raise NotChecked("classifier_unavailable", retry=True) from e
        except (ClassifierOverloaded, ClassifierTimeout) as e:
            reason = "overloaded" if isinstance(e, ClassifierOverloaded) else "timeout"
            raise NotChecked(reason, retry=True) from e
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
        return config, scores.probabilities

    async def _decide(self, subject: Subject, config: GuildConfig, scores: Mapping[str, float]) -> Decision:
        """The guild's decision; without the escalation count or an edit's earlier labels (the
        database is down) it would be a guess: :class:`NotChecked`, to wait."""
        try:
            return await assess(
                self.store,
                config,
                self.classifier.thresholds,
                guild_id=subject.guild.id,
                author_id=subject.author_id,
                probabilities=scores,
                message_id=subject.id if subject.edited else None,
                ceiling=subject.ceiling,
                unsaved=self.hit_buffer.pending,
            )
        except Exception as e:
            self.metrics.database_errors.labels("assess").inc()
            raise NotChecked("database", retry=True) from e

    async def _record_and_alert(
        self, subject: Subject, decision: Decision, taken: Action, config: GuildConfig
    ) -> None:
        await self.hit_buffer.add(
            HitRecord(
                guild_id=subject.guild.id,
                channel_id=subject.channel.id,
                message_id=subject.id,
                author_id=subject.author_id,
                author_name=subject.author_name,
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
        # the words that weighed, kept with the text they come from (never without it), after the
        # record and the alert: they waited up to 2 s for them (bot/cogs/moderation/why.py)
        if self.settings.store_content:
            labels = [h.label for h in decision.hits]
            self.why_worker.submit(subject.guild.id, subject.id, subject.text, labels)
        log.info(
            "%s %s in guild %s: %s -> %s",
            subject.kind,
            subject.id,
            subject.guild.id,
            ",".join(h.label for h in decision.hits),
            taken.label,
        )
        log.debug("%s %s was by user %s", subject.kind, subject.id, subject.author_id)  # ids at DEBUG only
