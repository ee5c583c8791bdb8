"""The step the live cog and ``python -m bot replay`` share: scores -> the guild's decision.

Both paths go through here so a replay shows exactly what the bot would have done. The
decision is first taken on the scores alone; only when a label crossed its threshold does it
ask the hit history what the decision then needs (the author's recent hits for escalation, an
edited message's earlier labels): a clean message costs no database query.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.core.policy import Action, Decision, GuildConfig, decide


class HitHistory(Protocol):
    """What a decision may ask of the hits already recorded (``Store`` is one)."""

    async def recent_hit_count(
        self,
        guild_id: int,
        author_id: int,
        minutes: int,
        now: datetime | None = None,
        exclude_message_id: int | None = None,
        exclude_message_ids: Collection[int] = (),
    ) -> int: ...

    async def recorded_labels(self, guild_id: int, message_id: int) -> frozenset[str]: ...


class UnsavedHit(Protocol):
    """A hit kept in memory, not written yet (``HitRecord`` is one)."""

    @property
    def guild_id(self) -> int: ...
    @property
    def author_id(self) -> int: ...
    @property
    def message_id(self) -> int: ...
    @property
    def created_at(self) -> datetime | None: ...


async def assess(
    history: HitHistory,
    config: GuildConfig,
    model_thresholds: Mapping[str, float],
    *,
    guild_id: int,
    author_id: int,
    probabilities: Mapping[str, float],
    at: datetime | None = None,
    message_id: int | None = None,
    ceiling: Action = Action.TIMEOUT,
    unsaved: Collection[UnsavedHit] = (),
) -> Decision:
    """Decide on one scored message; ``at`` is its time (escalation windows count back from it).

    With ``message_id`` (an edit), the message's own earlier hits neither count towards
    escalation nor hit again. ``ceiling``: the strongest action the subject allows. ``unsaved``:
    hits not written yet (the database was busy or down): they count towards escalation too.
    """
    # no label crossed: neither earlier labels nor recent hits can change that (they only take
    # hits away or strengthen the action), so the history is not asked
    first = decide(probabilities, config, model_thresholds, ceiling=ceiling)
    if not first.flagged_in_force:
        return first
    already = await history.recorded_labels(guild_id, message_id) if message_id is not None else frozenset()
    recent = 0
    if config.escalation is not None and any(h.label not in already for h in first.hits):
        window = config.escalation.window_minutes
        recent = await _recent_hits(history, window, guild_id, author_id, at, message_id, unsaved)
    return decide(probabilities, config, model_thresholds, recent, already, ceiling)


async def _recent_hits(
    history: HitHistory,
    window: int,
    guild_id: int,
    author_id: int,
    at: datetime | None,
    message_id: int | None,
    unsaved: Collection[UnsavedHit],
) -> int:
    """The author's flagged messages in the window, other than this one: those in memory counted
    from memory, and only from there (one may be written while we read: never counted twice)."""
    now = at or datetime.now(UTC)
    theirs = {
        h.message_id: h.created_at or now
        for h in unsaved
        if (h.guild_id, h.author_id) == (guild_id, author_id)
    }
    theirs.pop(message_id, None)
    in_window = sum(1 for when in theirs.values() if now - timedelta(minutes=window) <= when <= now)
    return in_window + await history.recent_hit_count(
        guild_id, author_id, window, now=now, exclude_message_id=message_id, exclude_message_ids=theirs
    )
