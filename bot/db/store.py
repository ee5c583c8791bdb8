"""The storage API the bot uses: one front over the aggregates. Short transactions; inference
never happens inside one.

- :mod:`bot.db.database`: engine, migrations and their locks, the replay marker
- :mod:`bot.db.guilds`: guild configuration (cached) and its one audited ``update``
- :mod:`bot.db.hits`: hits and verdicts
- :mod:`bot.db.stats`: ``/toxstats``, the chart's days and the review queue
- :mod:`bot.db.days`: the dashboard's overview in the reader's days (day and hour counts)
- :mod:`bot.db.reviews`: what the reviews say (threshold advice, the feedback export)
- :mod:`bot.db.retention`: what is deleted when
"""

from __future__ import annotations

from bot.db.database import REPLAY_ROLE, ROLE_KEY, sqlite_role
from bot.db.days import Days
from bot.db.guilds import DEFAULT_CONFIG_TTL_S, STORAGE
from bot.db.hits import HitRecord, Hits, valid_text
from bot.db.retention import Retention
from bot.db.reviews import ReviewedHit, Reviews
from bot.db.stats import QUEUE_COUNT_CAP, HitStats, QueuedAlert

__all__ = [
    "DEFAULT_CONFIG_TTL_S",
    "QUEUE_COUNT_CAP",
    "REPLAY_ROLE",
    "ROLE_KEY",
    "STORAGE",
    "HitRecord",
    "HitStats",
    "QueuedAlert",
    "ReviewedHit",
    "Store",
    "sqlite_role",
    "valid_text",
]


class Store(Retention, Hits, Days, Reviews):
    """The bot's database (SQLite or PostgreSQL), as the cog, the CLI and the replay use it."""
