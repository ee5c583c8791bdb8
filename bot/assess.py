"""The step the live cog and ``python -m bot replay`` share: scores -> the guild's decision.

Both paths go through here so a replay shows exactly what the bot would have done.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.db.store import Store
from bot.policy import Action, Decision, GuildConfig, decide


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
) -> Decision:
    """Decide on one scored message; ``at`` is its time (escalation windows count back from it).

    With ``message_id`` (an edit), the message's own earlier hits neither count towards
    escalation nor hit again. ``ceiling``: the strongest action the subject allows.
    """
    recent = 0
    if config.escalation is not None:
        recent = await store.recent_hit_count(
            guild_id, author_id, config.escalation.window_minutes, now=at, exclude_message_id=message_id
        )
    already = await store.recorded_labels(guild_id, message_id) if message_id is not None else frozenset()
    return decide(probabilities, config, model_thresholds, recent, already, ceiling)
