"""Tables. Discord snowflakes are BigInteger; message content only when STORE_CONTENT is on."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# 64-bit ids on PostgreSQL; on SQLite only INTEGER PRIMARY KEY is the (already 64-bit) rowid
# that numbers rows by itself
BigId = BigInteger().with_variant(Integer, "sqlite")
AUTHOR_NAME_MAX = 100  # Discord's names stop at 32 characters; room for what may come


def utcnow() -> datetime:
    return datetime.now(UTC)


def utc_day(when: datetime) -> date:
    """The UTC day of a time (a naive time is taken as UTC, as SQLite hands them back)."""
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC).date()


def utc_hour(when: datetime) -> int:
    """The hour of a time as ``hit_hours`` keeps it: whole hours since 1970-01-01 00:00 UTC."""
    return int((when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()) // 3600


class Base(AsyncAttrs, DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Meta(Base):
    """Facts about the database itself; ``role = replay`` marks a replay's scratch database."""

    __tablename__ = "sentinela_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


class GuildConfigRow(Base):
    """A guild's configuration besides its thresholds and rules (tables of their own), and when
    the bot left it. The table keeps its first name."""

    __tablename__ = "guild_settings"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    alert_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    exempt_role_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    exempt_channel_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    escalation_hits: Mapped[int | None] = mapped_column(Integer)
    escalation_window_minutes: Mapped[int] = mapped_column(Integer, default=60)
    escalation_timeout_minutes: Mapped[int] = mapped_column(Integer, default=60)
    # when the bot was removed from the guild; its data is deleted only after a grace period
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LabelThreshold(Base):
    __tablename__ = "label_thresholds"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    updated_by: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LabelRule(Base):
    __tablename__ = "label_rules"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(64), primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    timeout_minutes: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Hit(Base):
    __tablename__ = "hits"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)  # leads every composite index below
    channel_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger, index=True)
    author_id: Mapped[int] = mapped_column(BigInteger)
    # the author's display name when the bot saw the message (``AUTHOR_NAME_MAX`` characters at
    # most): the dashboard names them without asking Discord; None on rows from before 0009
    author_name: Mapped[str | None] = mapped_column(String(AUTHOR_NAME_MAX))
    label: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    action: Mapped[str] = mapped_column(String(16))
    model_id: Mapped[str] = mapped_column(String(255))
    content: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # True on the first row stored for a message: /toxstats counts messages as SUM of this
    # instead of COUNT(DISTINCT message_id), which sorts every hit of the period
    opens_message: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # the words that weighed most for this label, [[term, weight], ...] heaviest first
    # (classifier.serving.explain); only with the content (STORE_CONTENT), None when not computed
    why: Mapped[list | None] = mapped_column(JSON)

    __table_args__ = (
        # Covering indexes for /toxstats: each of its two scans reads one index in GROUP BY order,
        # never the table. The second also serves escalation counts (guild, author, time).
        Index(
            "ix_hits_guild_breakdown",
            "guild_id",
            "channel_id",
            "action",
            "label",
            "created_at",
            "opens_message",
        ),
        Index("ix_hits_guild_author", "guild_id", "author_id", "created_at", "opens_message"),
        # /review walks a guild's messages (their opening rows), or one label's hits, from the
        # newest and stops at its page. opens_message / label lead so that /toxstats's
        # hits-per-day scan keeps its covering index: a (guild, time) index lured the planner
        # into reading the table (1.6 -> 4 s at 1M hits).
        Index("ix_hits_guild_review", "guild_id", "opens_message", "created_at", "id"),
        Index("ix_hits_guild_label_review", "guild_id", "label", "created_at", "id"),
    )


class HitDay(Base):
    """Hits per UTC day, written with the hits themselves (same transaction): the dashboard's
    overview reads a few thousand of these rows instead of a million hits.

    ``hits`` counts hit rows (label hits), ``messages`` the rows that open a message, as
    ``/toxstats`` counts them. Retention deletes whole days older than its cutoff.
    """

    __tablename__ = "hit_days"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(64), primary_key=True)
    action: Mapped[str] = mapped_column(String(16), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    messages: Mapped[int] = mapped_column(Integer, default=0)


class HitHour(Base):
    """``hit_days``' counts per UTC hour, written with them: a day in the reader's time zone is
    made of UTC days and, where its midnight falls inside one, of that day's hours
    (:mod:`bot.db.days`). Only the hours on the far side of a zone's midnight are read, so the
    overview stays a read of day counts.

    ``hour`` is whole hours since 1970-01-01 00:00 UTC (``utc_hour``): an integer compares and
    indexes alike on SQLite and PostgreSQL, whatever the server's time zone.
    """

    __tablename__ = "hit_hours"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    channel_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(64), primary_key=True)
    action: Mapped[str] = mapped_column(String(16), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    messages: Mapped[int] = mapped_column(Integer, default=0)


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("hit_id", "moderator_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    hit_id: Mapped[int] = mapped_column(BigId, ForeignKey("hits.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int] = mapped_column(BigInteger)
    verdict: Mapped[str] = mapped_column(String(16))  # "confirmed" | "false_positive"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConfigChange(Base):
    """The audit trail: who changed which setting of a guild, when, from what to what.

    Written in the same transaction as the change itself, so no change exists without its record.
    ``old_value``/``new_value`` are JSON (a threshold, a rule, an escalation, a channel id, a
    flag); ``None`` means unset (the model's own threshold, no alert channel, no escalation).
    """

    __tablename__ = "config_changes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    actor_id: Mapped[int | None] = mapped_column(BigInteger)  # None: not a Discord user (the CLI)
    kind: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(String(64))  # a label, a role or channel id
    old_value: Mapped[object | None] = mapped_column(JSON)
    new_value: Mapped[object | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_config_changes_guild_created", "guild_id", "created_at"),)
