"""Hits (one row per flagged label of a message) and the moderators' verdicts on them."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from bot.core.policy import Action, Decision
from bot.db.database import Database
from bot.db.models import AUTHOR_NAME_MAX, Feedback, Hit, HitDay, HitHour, utc_day, utc_hour, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HitRecord:
    """What one checked message leaves in the database: the cog builds it, keeps it while the
    database is down, and the store writes it (one row per hit label)."""

    guild_id: int
    channel_id: int
    message_id: int
    author_id: int
    decision: Decision
    action_taken: Action
    model_id: str
    content: str | None
    created_at: datetime | None = None  # the message's time; None: now (replays pass their own)
    # per label, the words that weighed most and how much the score turns on each, strongest
    # first (classifier.serving.explain); kept only with the content, as the text they come from
    why: Mapping[str, Sequence[tuple[str, float]]] | None = None
    # the author's display name as the bot saw it (kept in the hit's rows, beside the author's id)
    author_name: str | None = None


def valid_text(text: str) -> str:
    """``text`` with lone surrogates (invalid UTF-8, refused by every driver) as U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def kept_name(name: str | None) -> str | None:
    """A display name as ``hits.author_name`` keeps it: one line (control characters, NUL
    included, which PostgreSQL refuses, read as spaces; runs of spaces as one), valid UTF-8,
    ``AUTHOR_NAME_MAX`` characters at most; ``None`` for no name or a blank one. Escaping is the
    reader's job: a name is whatever its member typed."""
    if not name:
        return None
    spaced = "".join(" " if unicodedata.category(c) == "Cc" else c for c in valid_text(name))
    return " ".join(spaced.split())[:AUTHOR_NAME_MAX].rstrip() or None


def _why(terms: Sequence[tuple[str, float]] | None) -> list[list] | None:
    """One label's words as the ``why`` column keeps them: ``[[term, weight], ...]``."""
    return [[str(term), round(float(weight), 3)] for term, weight in terms] if terms else None


class Hits(Database):
    """Mixed into ``Store``: writing hits and verdicts, and the reads the message path needs."""

    async def record_hits(self, hit: HitRecord) -> list[int]:
        """One row per hit label of the record; returns their ids."""
        when = hit.created_at or utcnow()
        content = None if hit.content is None else valid_text(hit.content)
        author_name = kept_name(hit.author_name)
        async with self.session.begin() as s:
            # an edit adds rows to a message already counted: only a message's first row opens it
            seen = await s.scalar(
                select(Hit.id).where(Hit.guild_id == hit.guild_id, Hit.message_id == hit.message_id).limit(1)
            )
            rows = [
                Hit(
                    guild_id=hit.guild_id,
                    channel_id=hit.channel_id,
                    message_id=hit.message_id,
                    author_id=hit.author_id,
                    author_name=author_name,
                    label=h.label,
                    score=h.score,
                    threshold=h.threshold,
                    action=hit.action_taken.label,
                    model_id=hit.model_id[:255],
                    content=content,
                    why=None if content is None else _why((hit.why or {}).get(h.label)),
                    created_at=when,
                    opens_message=seen is None and i == 0,
                )
                for i, h in enumerate(hit.decision.hits)
            ]
            s.add_all(rows)
            await self._count_day(s, rows)
        return [r.id for r in rows]

    async def _count_day(self, s, rows: list[Hit]) -> None:
        """The hits' day and hour counts (``hit_days``, ``hit_hours``), in the transaction that
        writes the hits: one statement per table and message, its rows summed by key first (a key
        may come once per statement)."""
        for table, period, when in ((HitDay, "day", utc_day), (HitHour, "hour", utc_hour)):
            counts: dict[tuple, list[int]] = {}
            for r in rows:
                key = (r.guild_id, when(r.created_at), r.channel_id, r.label, r.action)
                counts.setdefault(key, [0, 0])
                counts[key][0] += 1
                counts[key][1] += int(r.opens_message)
            if not counts:
                return
            columns = ("guild_id", period, "channel_id", "label", "action")
            upsert = self.insert(table).values(
                [dict(zip(columns, key, strict=True), hits=n, messages=m) for key, (n, m) in counts.items()]
            )
            excluded = upsert.excluded
            await s.execute(
                upsert.on_conflict_do_update(
                    index_elements=[getattr(table, c) for c in columns],
                    set_=dict(hits=table.hits + excluded.hits, messages=table.messages + excluded.messages),
                )
            )

    async def recent_hit_count(
        self,
        guild_id: int,
        author_id: int,
        minutes: int,
        now: datetime | None = None,
        exclude_message_id: int | None = None,
        exclude_message_ids: Collection[int] = (),
    ) -> int:
        """Flagged messages by one author in the window before ``now`` (for escalation).

        ``exclude_message_ids``: messages the caller counts itself (hits still in its memory,
        which may or may not be written yet), so none is counted twice.
        """
        now = now or utcnow()
        stmt = select(func.count(func.distinct(Hit.message_id))).where(
            Hit.guild_id == guild_id,
            Hit.author_id == author_id,
            Hit.created_at >= now - timedelta(minutes=minutes),
            Hit.created_at <= now,
        )
        excluded = {*exclude_message_ids, *([exclude_message_id] if exclude_message_id is not None else [])}
        if excluded:
            stmt = stmt.where(Hit.message_id.not_in(excluded))
        async with self.session() as s:
            return int((await s.execute(stmt)).scalar_one())

    async def record_why(
        self, guild_id: int, message_id: int, why: Mapping[str, Sequence[tuple[str, float]]]
    ) -> int:
        """Keep the words that weighed on a recorded message's hits, per label, where its text is
        kept (computed after the record: ``bot/cogs/moderation/why.py``; an edit's new labels are
        new rows, so no row's words are replaced by another text's).
        Returns how many hit rows took them (0: none there, retention or not written yet)."""
        written = 0
        async with self.session.begin() as s:
            for label, terms in why.items():
                if not (kept := _why(terms)):
                    continue
                stmt = (
                    update(Hit)
                    .where(
                        Hit.guild_id == guild_id,
                        Hit.message_id == message_id,
                        Hit.label == label,
                        Hit.content.is_not(None),
                    )
                    .values(why=kept)
                )
                written += (await s.execute(stmt)).rowcount or 0
        return written

    async def recorded_labels(self, guild_id: int, message_id: int) -> frozenset[str]:
        """Labels already recorded for one message (an edit must not record them twice)."""
        stmt = select(Hit.label).where(Hit.guild_id == guild_id, Hit.message_id == message_id)
        async with self.session() as s:
            return frozenset((await s.execute(stmt)).scalars())

    async def hits_for_message(self, guild_id: int, message_id: int) -> list[Hit]:
        async with self.session() as s:
            result = await s.execute(
                select(Hit).where(Hit.guild_id == guild_id, Hit.message_id == message_id)
            )
            return list(result.scalars())

    async def record_feedback(self, guild_id: int, message_id: int, moderator_id: int, verdict: str) -> int:
        """Record a verdict on every hit of a message; returns how many hits it covered (0: gone)."""
        if verdict not in ("confirmed", "false_positive"):
            raise ValueError(f"unknown verdict {verdict!r}")
        now = utcnow()
        try:
            async with self.session.begin() as s:
                stmt = select(Hit.id).where(Hit.guild_id == guild_id, Hit.message_id == message_id)
                hit_ids = list((await s.execute(stmt)).scalars())
                if not hit_ids:
                    return 0
                # an upsert: the same moderator clicking twice (or in two processes) changes the
                # verdict, and never fails on the (hit, moderator) unique key
                who = dict(moderator_id=moderator_id, verdict=verdict, created_at=now)
                upsert = self.insert(Feedback).values([dict(hit_id=h, **who) for h in hit_ids])
                await s.execute(
                    upsert.on_conflict_do_update(
                        index_elements=[Feedback.hit_id, Feedback.moderator_id],
                        set_=dict(verdict=upsert.excluded.verdict, created_at=upsert.excluded.created_at),
                    )
                )
                return len(hit_ids)
        except IntegrityError:
            # retention (or a departed guild's purge) deleted the hits between our read and our
            # write: the alert is gone, which is no error of the moderator's
            log.info("guild %s: message %s's hits were purged while being reviewed", guild_id, message_id)
            return 0

    async def withdraw_feedback(
        self, guild_id: int, message_id: int, moderator_id: int, within_s: float
    ) -> int:
        """Take back this moderator's verdict on a message, if given in the last ``within_s``
        seconds (the dashboard's undo); returns how many hits it covered (0: too late, or none).
        Another moderator's verdict on the same message is theirs, and stays."""
        since = utcnow() - timedelta(seconds=within_s)
        async with self.session.begin() as s:
            hit_ids = select(Hit.id).where(Hit.guild_id == guild_id, Hit.message_id == message_id)
            mine = select(Feedback.id).where(
                Feedback.hit_id.in_(hit_ids),
                Feedback.moderator_id == moderator_id,
                Feedback.created_at >= since,
            )
            ids = list((await s.execute(mine)).scalars())
            if ids:
                await s.execute(delete(Feedback).where(Feedback.id.in_(ids)))
            return len(ids)
