"""The step the live cog and ``python -m bot replay`` share: scores -> the guild's decision.

Both paths go through here so a replay shows exactly what the bot would have done.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta

from bot.core.policy import Action, Decision, GuildConfig, decide
from bot.db.models import utcnow
from bot.db.store import HitRecord, Store


async def assess(
    store: Store,
    config: GuildConfig,
    model_thresholds: Mapping[str, float],
    *,
    guild_id: int,
    author_id: int,
    probabilities: Mapping[str, float],
    at: datetime | None = None,
    message_id: int | None = None,
    ceiling: Action = Action.TIMEOUT,
    unsaved: Collection[HitRecord] = (),
) -> Decision:
    """Decide on one scored message; ``at`` is its time (escalation windows count back from it).

    With ``message_id`` (an edit), the message's own earlier hits neither count towards
    escalation nor hit again. ``ceiling``: the strongest action the subject allows. ``unsaved``:
    hits not written yet (the database was busy or down): they count towards escalation too.
    """
    recent = 0
    if config.escalation is not None:
        window = config.escalation.window_minutes
        now = at or utcnow()
        # the author's hits still in memory count from memory, and only from there: one may be
        # written while we read, and must not be counted twice
        theirs = {
            h.message_id: h.created_at or now
            for h in unsaved
            if (h.guild_id, h.author_id) == (guild_id, author_id)
        }
        theirs.pop(message_id, None)
        in_window = sum(1 for when in theirs.values() if now - timedelta(minutes=window) <= when <= now)
        recent = in_window + await store.recent_hit_count(
            guild_id, author_id, window, now=now, exclude_message_id=message_id, exclude_message_ids=theirs
        )
    already = await store.recorded_labels(guild_id, message_id) if message_id is not None else frozenset()
    return decide(probabilities, config, model_thresholds, recent, already, ceiling)
