"""The store's read side for moderators: /toxstats counts, the chart's days, the review queue.
The dashboard's overview in the reader's days is :mod:`bot.db.days`; what the reviews say
(threshold advice, the export) is :mod:`bot.db.reviews`."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import case, func, select

from bot.core.policy import Action
from bot.db.database import Database
from bot.db.models import Feedback, Hit

QUEUE_COUNT_CAP = 1000  # /review counts its queue this far


@dataclass
class HitStats:
    total_messages: int
    per_label: Counter
    per_action: Counter
    top_channels: list[tuple[int, int]]
    top_members: list[tuple[int, int]]
    confirmed: int
    false_positives: int
    # label -> (confirmed, false positive) reviews of its hits
    reviewed_per_label: dict[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def counted(
        cls,
        per_label: Counter,
        per_action: Counter,
        top_channels: list[tuple[int, int]],
        top_members: list[tuple[int, int]],
        verdicts: list,
    ) -> HitStats:
        """From the database's counts; ``verdicts``: (label, verdict, reviews) rows."""
        reviews: dict[str, list[int]] = {}
        for label, verdict, n in verdicts:
            reviews.setdefault(label, [0, 0])[verdict != "confirmed"] += int(n)
        return cls(
            total_messages=sum(per_action.values()),
            per_label=per_label,
            per_action=per_action,
            top_channels=top_channels,
            top_members=top_members,
            confirmed=sum(c for c, _ in reviews.values()),
            false_positives=sum(f for _, f in reviews.values()),
            reviewed_per_label={label: (c, f) for label, (c, f) in sorted(reviews.items())},
        )

    @property
    def false_positive_rate(self) -> float | None:
        reviewed = self.confirmed + self.false_positives
        return self.false_positives / reviewed if reviewed else None


@dataclass(frozen=True)
class QueuedAlert:
    """One flagged message waiting for review: what ``/review`` shows on a page."""

    guild_id: int
    channel_id: int
    message_id: int
    author_id: int
    created_at: datetime
    action: str
    content: str | None
    hits: list[tuple[str, float, float]]  # (label, score, threshold), highest score first
    why: dict[str, list[str]] = field(default_factory=dict)  # label -> the words that weighed most
    author_name: str | None = None  # as the bot saw it when it recorded the hit (None: before 0009)

    @property
    def jump_url(self) -> str:
        return f"https://discord.com/channels/{self.guild_id}/{self.channel_id}/{self.message_id}"


def queued_alert(rows: list[Hit]) -> QueuedAlert:
    """One message's alert from its hits (``rows``, in id order: the first opened it)."""
    first = rows[0]
    return QueuedAlert(
        guild_id=first.guild_id,
        channel_id=first.channel_id,
        message_id=first.message_id,
        author_id=first.author_id,
        created_at=first.created_at,
        action=max((r.action for r in rows), key=lambda a: Action.parse(a)),
        content=next((r.content for r in rows if r.content), None),
        hits=sorted(((r.label, r.score, r.threshold) for r in rows), key=lambda h: -h[1]),
        why={r.label: [str(term) for term, _weight in r.why] for r in rows if r.why},
        # an edit's rows carry the name the author had then: the latest one recorded
        author_name=next((r.author_name for r in reversed(rows) if r.author_name), None),
    )


class Stats(Database):
    """Mixed into ``Store``: queries counted by the database, never by pulling hits into Python."""

    async def _all(self, stmt) -> list:
        """Every row of one query, on its own pooled connection (queries run side by side)."""
        async with self.session() as s:
            return list((await s.execute(stmt)).all())

    async def hit_stats(
        self,
        guild_id: int,
        since: datetime,
        channel_id: int | None = None,
        author_id: int | None = None,
        top: int = 5,
        channel_ids: Collection[int] | None = None,
    ) -> HitStats:
        """``/toxstats``: counted by the database (GROUP BY), never by pulling hits into Python.

        A guild with a million hits in the period costs a few small result rows; the queries run
        in the driver's thread, so the event loop stays free.
        """
        scope = [Hit.created_at >= since, *_visible(channel_ids)]
        if channel_id is not None:
            scope.append(Hit.channel_id == channel_id)
        if author_id is not None:
            scope.append(Hit.author_id == author_id)
        conds = [Hit.guild_id == guild_id, *scope]
        count = func.count().label("n")
        # one row per message carries opens_message: counting those counts messages, with no
        # COUNT(DISTINCT), which would sort every hit of the period
        messages = func.sum(case((Hit.opens_message.is_(True), 1), else_=0))
        breakdown = (
            select(Hit.channel_id, Hit.action, Hit.label, func.count(), messages)
            .where(*conds)
            .group_by(Hit.channel_id, Hit.action, Hit.label)
        )
        top_members = (
            select(Hit.author_id, count)
            .where(*conds, Hit.opens_message.is_(True))
            .group_by(Hit.author_id)
            .order_by(count.desc(), Hit.author_id)
            .limit(top)
        )
        reviewed = _reviews_per_label(guild_id, scope)
        # each on its own pooled connection: the database works on them side by side
        groups, members, verdicts = await asyncio.gather(
            self._all(breakdown), self._all(top_members), self._all(reviewed)
        )
        per_label: Counter[str] = Counter()
        per_action: Counter[str] = Counter()
        per_channel: Counter[int] = Counter()
        for channel, action, label, hits, opened in groups:
            per_label[label] += int(hits)
            per_action[action] += int(opened or 0)
            per_channel[int(channel)] += int(opened or 0)
        per_action = +per_action  # drop zero counts (edits' rows open no message)
        channels = sorted(per_channel.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        return HitStats.counted(
            per_label,
            per_action,
            [(c, n) for c, n in channels if n],
            [(int(m), int(n)) for m, n in members],
            verdicts,
        )

    async def hits_per_day(
        self,
        guild_id: int,
        since: datetime,
        channel_id: int | None = None,
        author_id: int | None = None,
        channel_ids: Collection[int] | None = None,
    ) -> dict[date, Counter]:
        """Hits per UTC day and label for ``/toxstats``'s chart (GROUP BY in the database)."""
        conds = [Hit.guild_id == guild_id, Hit.created_at >= since, *_visible(channel_ids)]
        if channel_id is not None:
            conds.append(Hit.channel_id == channel_id)
        if author_id is not None:
            conds.append(Hit.author_id == author_id)
        day = func.date(Hit.created_at)  # SQLite: 'YYYY-MM-DD' text; PostgreSQL: a date
        stmt = select(day, Hit.label, func.count()).where(*conds).group_by(day, Hit.label)
        async with self.session() as s:
            rows = (await s.execute(stmt)).all()
        out: dict[date, Counter] = {}
        for when, label, n in rows:
            key = when if isinstance(when, date) else date.fromisoformat(str(when)[:10])
            out.setdefault(key, Counter())[label] += int(n)
        return out

    async def review_queue(
        self,
        guild_id: int,
        *,
        label: str | None = None,
        channel_id: int | None = None,
        offset: int = 0,
        limit: int = 1,
        channel_ids: Collection[int] | None = None,
        after_message: int | None = None,
    ) -> tuple[list[QueuedAlert], int]:
        """Flagged messages nobody reviewed yet, newest first: one page, and how many (at most
        ``QUEUE_COUNT_CAP``: the title then says "1000+").

        A message is one row here: its opening hit, or its hit of ``label``. The walk goes down a
        (guild, opening row or label, time) index from the newest hit and stops at the page, so a
        guild with a million hits answers a button in milliseconds (``benchmarks/toxstats.py``);
        grouping every hit by message took 8.5 s there, past Discord's 3 s for answering a click.

        ``after_message``: the page of alerts older than that one (the last of the page before),
        whatever was reviewed meanwhile. An offset skips as many alerts as were reviewed since
        the page before was read: the dashboard's "older" page after 20 verdicts was the third.
        """
        conds, row = _queue_rows(guild_id, label, channel_id, channel_ids)
        total = select(func.count()).select_from(
            select(Hit.id).where(*conds).limit(QUEUE_COUNT_CAP).subquery()
        )
        async with self.session() as s:
            page_conds = list(conds)
            if after_message is not None:
                anchor = await _anchor(s, guild_id, after_message, row)
                if anchor is not None:  # else gone (retention): the newest page
                    page_conds.append(_older_than(anchor))
            page = (
                select(Hit.message_id)
                .where(*page_conds)
                .order_by(Hit.created_at.desc(), Hit.id.desc())
                .offset(offset)
                .limit(limit)
            )
            ids = [r.message_id for r in (await s.execute(page)).all()]
            count = int((await s.execute(total)).scalar_one())
            hits = (
                (
                    await s.execute(
                        select(Hit).where(Hit.guild_id == guild_id, Hit.message_id.in_(ids)).order_by(Hit.id)
                    )
                )
                .scalars()
                .all()
                if ids
                else []
            )
        by_message: dict[int, list[Hit]] = {}
        for hit in hits:
            by_message.setdefault(hit.message_id, []).append(hit)
        return [queued_alert(by_message[message_id]) for message_id in ids], count

    async def queue_newer(
        self,
        guild_id: int,
        message_id: int,
        *,
        label: str | None = None,
        channel_id: int | None = None,
        channel_ids: Collection[int] | None = None,
    ) -> int:
        """How many alerts of ``review_queue``'s (same filters) are newer than this message's: its
        place in the queue, from 0, whatever was reviewed since the pages before were read."""
        conds, row = _queue_rows(guild_id, label, channel_id, channel_ids)
        async with self.session() as s:
            anchor = await _anchor(s, guild_id, message_id, row)
            if anchor is None:
                return 0
            newer = select(Hit.id).where(*conds, ~_older_than(anchor), Hit.id != anchor.id)
            stmt = select(func.count()).select_from(newer.limit(QUEUE_COUNT_CAP).subquery())
            return int((await s.execute(stmt)).scalar_one())

    async def known_labels(self) -> list[str]:
        """Every label the database has met (hits, thresholds, rules): the dashboard's labels
        when it has neither the model nor its service."""
        from bot.db.models import LabelRule, LabelThreshold

        stmt = select(Hit.label).union(select(LabelThreshold.label), select(LabelRule.label))
        async with self.session() as s:
            return sorted(set((await s.execute(stmt)).scalars()))


def _queue_rows(
    guild_id: int, label: str | None, channel_id: int | None, channel_ids: Collection[int] | None
) -> tuple[list, object]:
    """The review queue's rows (one per message: its opening hit, or its hit of ``label``) that
    nobody reviewed, and the row condition alone (a cursor's anchor is any such row)."""
    unreviewed = ~select(Feedback.id).where(Feedback.hit_id == Hit.id).exists()
    # record_feedback covers every hit of a message at once: one row per message is enough
    row = Hit.label == label if label is not None else Hit.opens_message.is_(True)
    conds = [Hit.guild_id == guild_id, unreviewed, *_visible(channel_ids), row]
    if channel_id is not None:
        conds.append(Hit.channel_id == channel_id)
    return conds, row


async def _anchor(s, guild_id: int, message_id: int, row):
    """A cursor's anchor: (created_at, id) of the message's queue row, reviewed or not; None
    when it is gone."""
    stmt = select(Hit.created_at, Hit.id).where(Hit.guild_id == guild_id, Hit.message_id == message_id, row)
    return (await s.execute(stmt.limit(1))).first()


def _older_than(anchor):
    """Rows after the anchor in the queue's order (newest first: time, then id)."""
    at, row_id = anchor.created_at, anchor.id
    return (Hit.created_at < at) | ((Hit.created_at == at) & (Hit.id < row_id))


def _reviews_per_label(guild_id: int, conds: list):
    """Reviews per label and verdict of the guild's hits matching ``conds``. Driven from the
    reviews, never from the guild's hits: ``guild_id + 0`` keeps the planner off the hits' guild
    indexes (SQLite walked a million hits that way; from the reviews it is one primary-key probe
    each)."""
    return (
        select(Hit.label, Feedback.verdict, func.count())
        .join(Hit, Hit.id == Feedback.hit_id)
        .where(Hit.guild_id + 0 == guild_id, *conds)
        .group_by(Hit.label, Feedback.verdict)
    )


def _visible(channel_ids: Collection[int] | None) -> list:
    """A filter to the channels a moderator can read (``None``: every channel)."""
    return [] if channel_ids is None else [Hit.channel_id.in_(list(channel_ids) or [-1])]
