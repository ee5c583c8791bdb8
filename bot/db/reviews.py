"""What moderators' reviews say: the scores threshold advice works from, the reviewed hits the
feedback export writes. Every read is driven from the reviews, never from the guild's hits
(see ``_reviews_per_label`` in :mod:`bot.db.stats`)."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Mapping

from sqlalchemy import Integer, case, cast, func, literal, select
from sqlalchemy.orm import aliased

from bot.core.feedback import ReviewedHit
from bot.db.database import Database
from bot.db.models import Feedback, Hit


class Reviews(Database):
    """Mixed into ``Store``."""

    async def reviewed_count(
        self, guild_id: int | None = None, *, channel_ids: Collection[int] | None = None
    ) -> int:
        """How many hits moderators reviewed (each counted once, whoever clicked);
        ``channel_ids``: only in those channels (``None``: every one)."""
        stmt = select(func.count(func.distinct(Feedback.hit_id)))
        if guild_id is not None or channel_ids is not None:
            stmt = stmt.join(Hit, Hit.id == Feedback.hit_id).where(*_in(guild_id, channel_ids))
        async with self.session() as s:
            return int((await s.execute(stmt)).scalar_one())

    async def review_scores(
        self, guild_id: int, current: Mapping[str, float]
    ) -> dict[str, list[tuple[float, bool]]]:
        """Per label, (score, confirmed) of every reviewed hit by its latest verdict (the last
        click wins): what ``bot.core.advice.advise`` works from, for ``/threshold advise`` and the
        dashboard. ``current``: each label's threshold in force.

        Counted by the database in 0.01 score buckets, each split at the current threshold; a
        bucket comes back as one score (its floor, or the threshold for the part at or above it),
        which gives ``advise`` exactly the precision, misses and candidates of the raw scores
        (its candidates are two-decimal cuts above the threshold). Driven from the reviews, as
        ``_reviews_per_label`` is.
        """
        newer = aliased(Feedback)
        superseded = (
            select(newer.id)
            .where(
                newer.hit_id == Feedback.hit_id,
                (newer.created_at > Feedback.created_at)
                | ((newer.created_at == Feedback.created_at) & (newer.id > Feedback.id)),
            )
            .exists()
        )
        scaled = Hit.score * 100 + 1e-9  # bot.core.advice's two-decimal floor
        # scores are in [0, 1]: SQLite's CAST truncates, which is the floor there
        bucket = cast(scaled, Integer) if self.engine.dialect.name == "sqlite" else func.floor(scaled)
        threshold = case(dict(current), value=Hit.label, else_=2.0) if current else literal(2.0)
        above = case((Hit.score >= threshold, 1), else_=0)
        stmt = (
            select(Hit.label, bucket, above, Feedback.verdict, func.count())
            .join(Hit, Hit.id == Feedback.hit_id)
            .where(Hit.guild_id + 0 == guild_id, ~superseded)
            .group_by(Hit.label, bucket, above, Feedback.verdict)
        )
        out: dict[str, list[tuple[float, bool]]] = {}
        async with self.session() as s:
            for label, floor, is_above, verdict, n in (await s.execute(stmt)).all():
                score = int(floor) / 100
                if is_above:
                    score = max(score, current[label])
                out.setdefault(label, []).extend([(score, verdict == "confirmed")] * int(n))
        return out

    async def reviewed_hits(
        self,
        guild_id: int | None = None,
        *,
        with_text: bool = False,
        channel_ids: Collection[int] | None = None,
    ) -> list[ReviewedHit]:
        """Every hit a moderator reviewed, with its latest verdict (the last click wins);
        ``with_text``: only those that kept their message's text (what can be exported);
        ``channel_ids``: only those of these channels (the ones the exporting admin can read)."""
        latest = (
            select(Feedback.hit_id, func.max(Feedback.created_at).label("at"))
            .group_by(Feedback.hit_id)
            .subquery()
        )
        stmt = (
            select(Hit.guild_id, Hit.message_id, Hit.label, Hit.content, Feedback.verdict, Hit.score)
            .join(Feedback, Feedback.hit_id == Hit.id)
            .join(latest, (latest.c.hit_id == Feedback.hit_id) & (latest.c.at == Feedback.created_at))
            .order_by(Hit.guild_id, Hit.message_id, Hit.label)
        )
        stmt = stmt.where(*_in(guild_id, channel_ids))
        if with_text:
            stmt = stmt.where(Hit.content.is_not(None))
        # two moderators clicking within the same clock tick: keep one verdict per hit
        unique: dict[tuple[int, int, str], ReviewedHit] = {}
        async with self.session() as s:
            # in partitions, handing the event loop back between them: a guild's tens of
            # thousands of reviews stalled the bot 240 ms when read and built in one go
            result = await s.stream(stmt)
            async for rows in result.partitions(2000):
                unique.update(((r.guild_id, r.message_id, r.label), ReviewedHit(*r)) for r in rows)
                await asyncio.sleep(0)
        return list(unique.values())


def _in(guild_id: int | None, channel_ids: Collection[int] | None) -> list:
    """The hits of a guild and of some of its channels. ``guild_id + 0`` keeps the planner
    on the reviews (see ``review_scores``); no channel at all matches nothing."""
    conds = [] if guild_id is None else [Hit.guild_id + 0 == guild_id]
    if channel_ids is not None:
        conds.append(Hit.channel_id.in_(list(channel_ids) or [-1]))
    return conds
