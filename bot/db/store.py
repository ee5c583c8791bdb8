"""The storage API the cog uses. Short transactions; inference never happens inside one."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections import Counter
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import case, delete, event, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.db.models import (
    ConfigChange,
    Feedback,
    GuildSettings,
    Hit,
    LabelRule,
    LabelThreshold,
    Meta,
    utcnow,
)
from bot.policy import Action, Decision, Escalation, GuildConfig, Rule

log = logging.getLogger(__name__)
# Alembic finds the scripts as a package resource: they ship inside the wheel, so an installed
# plugin migrates its database from any working directory, without the repository's alembic.ini.
MIGRATIONS = "bot.db:migrations"
ROLE_KEY, REPLAY_ROLE = "role", "replay"
# PostgreSQL advisory lock held while migrating: the processes of a cluster start together and
# must not run the same migration side by side ("SENT" in ASCII)
MIGRATION_LOCK = 0x53454E54
DEFAULT_CONFIG_TTL_S = 30.0
QUEUE_COUNT_CAP = 1000  # /review counts its queue this far
_EXEMPT_COLUMNS = {"role": "exempt_role_ids", "channel": "exempt_channel_ids"}


def make_engine(url: str) -> AsyncEngine:
    # hide_parameters: a database error's text must not carry message content or user ids into logs
    engine = create_async_engine(url, hide_parameters=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            cur.execute("PRAGMA busy_timeout=5000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    return engine


def valid_text(text: str) -> str:
    """``text`` with lone surrogates (invalid UTF-8, refused by every driver) as U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


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

    @property
    def false_positive_rate(self) -> float | None:
        reviewed = self.confirmed + self.false_positives
        return self.false_positives / reviewed if reviewed else None


@dataclass(frozen=True)
class ReviewedHit:
    guild_id: int
    message_id: int
    label: str
    content: str | None
    verdict: str  # "confirmed" | "false_positive"
    score: float


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

    @property
    def jump_url(self) -> str:
        return f"https://discord.com/channels/{self.guild_id}/{self.channel_id}/{self.message_id}"


def _insert(dialect: str):
    """The dialect's INSERT with ``ON CONFLICT`` (SQLite and PostgreSQL spell it the same)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise NotImplementedError(f"Sentinela supports SQLite and PostgreSQL, not {dialect}")
    return insert


class Store:
    """The bot's database. ``config_ttl_s`` bounds how long a configuration written by another
    process (a second bot process of a cluster, the replay CLI, a dashboard) can go unseen."""

    def __init__(self, url: str, config_ttl_s: float = DEFAULT_CONFIG_TTL_S) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.session = async_sessionmaker(self.engine, expire_on_commit=False)
        self.insert = _insert(self.engine.dialect.name)
        # Every message needs its guild's configuration. This store's writers drop the cached
        # copy at once; writes by other processes are seen when the copy expires (the TTL), so
        # the hot path does one query per guild and TTL, not one per message.
        self.config_ttl_s = config_ttl_s
        self._configs: dict[int, tuple[GuildConfig, float]] = {}
        # Bumped by every writer: a load that started before a write must not cache what it read,
        # or the old configuration (say, "enabled") would outlive an admin's change.
        self._versions: dict[int, int] = {}

    async def migrate(self) -> None:
        """``alembic upgrade head`` on this database, at start-up."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", MIGRATIONS)

        def upgrade(connection) -> None:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")

        # the processes of a cluster (or a bot and a CLI) may start together: one migrates, the
        # others wait and then find nothing to do
        async with self._sqlite_migration_lock(), self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # released when this transaction ends
                await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            await conn.run_sync(upgrade)

    @contextlib.asynccontextmanager
    async def _sqlite_migration_lock(self) -> AsyncIterator[None]:
        """An exclusive ``flock`` on a file beside a SQLite database: SQLite runs DDL outside
        transactions, so two migrating processes would race. (filelock's in-process deadlock
        guard misfires when the wait runs on a pooled thread; flock on its own descriptor does not.)
        """
        database = self.engine.url.database
        try:
            import fcntl
        except ImportError:  # Windows: no flock; one process per SQLite file there
            fcntl = None
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:" or fcntl is None:
            yield
            return
        fd = os.open(f"{database}.migrate.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            await asyncio.to_thread(fcntl.flock, fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    async def schema_version(self) -> str | None:
        """The Alembic revision the database is at (``None``: never migrated)."""
        async with self.engine.connect() as conn:
            try:
                return (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
            except DBAPIError:  # no alembic_version table: never migrated
                return None

    async def ping(self) -> None:
        """Raise unless the database answers (for the health check)."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()

    # -- configuration ---------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _writing(self, guild_id: int) -> AsyncIterator[AsyncSession]:
        """A write transaction on a guild's configuration; its cached copy is dropped after it.

        The version bump after the commit makes any load still in flight (started before or
        during the write) read again instead of caching what it saw; a load that finished
        during the write cached the old copy, which the pop below drops.
        """
        try:
            async with self.session.begin() as s:
                yield s
        finally:
            self._versions[guild_id] = self._versions.get(guild_id, 0) + 1
            self._configs.pop(guild_id, None)

    async def guild_config(self, guild_id: int) -> GuildConfig:
        cached = self._configs.get(guild_id)
        if cached is not None and time.monotonic() - cached[1] < self.config_ttl_s:
            return cached[0]
        for _ in range(3):
            version = self._versions.get(guild_id, 0)
            loaded_at = time.monotonic()
            config = await self._load_config(guild_id)
            if self._versions.get(guild_id, 0) == version:
                self._configs[guild_id] = (config, loaded_at)
                return config
            # a writer ran while we read: what we read may predate it; read again
        return await self._load_config(guild_id)  # writes keep coming: fresh, but not cached

    async def _load_config(self, guild_id: int) -> GuildConfig:
        async with self.session() as s:
            settings = await s.get(GuildSettings, guild_id)
            thresholds = (
                await s.execute(select(LabelThreshold).where(LabelThreshold.guild_id == guild_id))
            ).scalars()
            rules = (await s.execute(select(LabelRule).where(LabelRule.guild_id == guild_id))).scalars()
            config_thresholds = {t.label: t.value for t in thresholds}
            config_rules = {r.label: Rule(Action.parse(r.action), r.timeout_minutes) for r in rules}
        if settings is None:
            return GuildConfig(thresholds=config_thresholds, rules=config_rules)
        escalation = (
            Escalation(
                settings.escalation_hits,
                settings.escalation_window_minutes,
                settings.escalation_timeout_minutes,
            )
            if settings.escalation_hits
            else None
        )
        return GuildConfig(
            enabled=settings.enabled,
            alert_channel_id=settings.alert_channel_id,
            exempt_role_ids=frozenset(settings.exempt_role_ids or ()),
            exempt_channel_ids=frozenset(settings.exempt_channel_ids or ()),
            thresholds=config_thresholds,
            rules=config_rules,
            escalation=escalation,
        )

    async def _settings(self, s, guild_id: int) -> GuildSettings:
        """The guild's settings row, created if missing, locked for this transaction.

        Insert-if-missing and a row lock: two processes changing the same guild at once (say,
        two exemptions) neither fail on the primary key nor lose one of the two changes.
        """
        await s.execute(
            self.insert(GuildSettings)
            .values(guild_id=guild_id, exempt_role_ids=[], exempt_channel_ids=[])
            .on_conflict_do_nothing(index_elements=[GuildSettings.guild_id])
        )
        return await s.get(GuildSettings, guild_id, with_for_update=True, populate_existing=True)

    @staticmethod
    def _audit(
        s: AsyncSession, guild_id: int, by: int | None, kind: str, target: str | None, old, new
    ) -> ConfigChange | None:
        """The change's record, in the change's own transaction; ``None`` when nothing changed."""
        if old == new:
            return None
        change = ConfigChange(
            guild_id=guild_id, actor_id=by, kind=kind, target=target, old_value=old, new_value=new,
            created_at=utcnow(),
        )  # fmt: skip
        s.add(change)
        return change

    async def set_alert_channel(
        self, guild_id: int, channel_id: int | None, *, by: int | None = None
    ) -> ConfigChange | None:
        """Where alerts go; ``None``: no alerts (hits are still logged)."""
        async with self._writing(guild_id) as s:
            row = await self._settings(s, guild_id)
            change = self._audit(s, guild_id, by, "alert_channel", None, row.alert_channel_id, channel_id)
            row.alert_channel_id, row.updated_at = channel_id, utcnow()
        return change

    async def set_enabled(
        self, guild_id: int, enabled: bool, *, by: int | None = None
    ) -> ConfigChange | None:
        async with self._writing(guild_id) as s:
            row = await self._settings(s, guild_id)
            change = self._audit(s, guild_id, by, "enabled", None, bool(row.enabled), enabled)
            row.enabled, row.updated_at = enabled, utcnow()
        return change

    async def set_escalation(
        self, guild_id: int, escalation: Escalation | None, *, by: int | None = None
    ) -> ConfigChange | None:
        """Repeat offenders: ``hits`` within ``window_minutes`` -> a timeout; ``None`` turns it off."""

        def as_json(e: Escalation | None) -> dict | None:
            return None if e is None else dict(hits=e.hits, window_minutes=e.window_minutes,
                                               timeout_minutes=e.timeout_minutes)  # fmt: skip

        async with self._writing(guild_id) as s:
            row = await self._settings(s, guild_id)
            old = (
                Escalation(row.escalation_hits, row.escalation_window_minutes, row.escalation_timeout_minutes)
                if row.escalation_hits
                else None
            )
            change = self._audit(s, guild_id, by, "escalation", None, as_json(old), as_json(escalation))
            row.escalation_hits = escalation.hits if escalation else None
            if escalation is not None:
                row.escalation_window_minutes = escalation.window_minutes
                row.escalation_timeout_minutes = escalation.timeout_minutes
            row.updated_at = utcnow()
        return change

    async def set_exemption(
        self,
        guild_id: int,
        kind: Literal["role", "channel"],
        target_id: int,
        exempt: bool,
        *,
        by: int | None = None,
    ) -> ConfigChange | None:
        if kind not in _EXEMPT_COLUMNS:
            raise ValueError(f"exemption kind must be 'role' or 'channel', got {kind!r}")
        column = _EXEMPT_COLUMNS[kind]
        async with self._writing(guild_id) as s:
            row = await self._settings(s, guild_id)
            ids = set(getattr(row, column) or ())
            change = self._audit(s, guild_id, by, f"exempt_{kind}", str(target_id), target_id in ids, exempt)
            ids = ids | {target_id} if exempt else ids - {target_id}
            setattr(row, column, sorted(ids))  # a new list, so SQLAlchemy sees the change
            row.updated_at = utcnow()
        return change

    async def _current_threshold(self, s: AsyncSession, guild_id: int, label: str) -> float | None:
        stmt = select(LabelThreshold.value).where(
            LabelThreshold.guild_id == guild_id, LabelThreshold.label == label
        )
        return (await s.execute(stmt.with_for_update())).scalar_one_or_none()

    async def set_threshold(
        self, guild_id: int, label: str, value: float, by: int | None, *, kind: str = "threshold"
    ) -> ConfigChange | None:
        """One label's threshold; ``kind="threshold_advice"`` records it as applied advice."""
        values = dict(value=value, updated_by=by, updated_at=utcnow())
        stmt = self.insert(LabelThreshold).values(guild_id=guild_id, label=label, **values)
        async with self._writing(guild_id) as s:
            old = await self._current_threshold(s, guild_id, label)
            change = self._audit(s, guild_id, by, kind, label, old, value)
            await s.execute(
                stmt.on_conflict_do_update(
                    index_elements=[LabelThreshold.guild_id, LabelThreshold.label], set_=values
                )
            )
        return change

    async def reset_thresholds(
        self, guild_id: int, label: str | None = None, *, by: int | None = None
    ) -> list[ConfigChange]:
        """Back to the model's thresholds (one label, or all); one recorded change per label reset."""
        conds = [LabelThreshold.guild_id == guild_id]
        if label is not None:
            conds.append(LabelThreshold.label == label)
        async with self._writing(guild_id) as s:
            stmt = select(LabelThreshold).where(*conds).order_by(LabelThreshold.label).with_for_update()
            rows = (await s.execute(stmt)).scalars().all()
            changes = [self._audit(s, guild_id, by, "threshold", r.label, r.value, None) for r in rows]
            await s.execute(delete(LabelThreshold).where(*conds))
        return [c for c in changes if c is not None]

    async def set_rule(
        self, guild_id: int, label: str, rule: Rule, *, by: int | None = None
    ) -> ConfigChange | None:
        values = dict(action=rule.action.label, timeout_minutes=rule.timeout_minutes, updated_at=utcnow())
        stmt = self.insert(LabelRule).values(guild_id=guild_id, label=label, **values)
        async with self._writing(guild_id) as s:
            old = (
                await s.execute(
                    select(LabelRule.action, LabelRule.timeout_minutes)
                    .where(LabelRule.guild_id == guild_id, LabelRule.label == label)
                    .with_for_update()
                )
            ).one_or_none()
            old_json = dict(action=old.action, timeout_minutes=old.timeout_minutes) if old else None
            new_json = dict(action=rule.action.label, timeout_minutes=rule.timeout_minutes)
            change = self._audit(s, guild_id, by, "rule", label, old_json, new_json)
            await s.execute(
                stmt.on_conflict_do_update(index_elements=[LabelRule.guild_id, LabelRule.label], set_=values)
            )
        return change

    async def config_history(
        self, guild_id: int, limit: int = 20, before_id: int | None = None
    ) -> list[ConfigChange]:
        """The guild's configuration changes, newest first (``before_id``: the page after it)."""
        stmt = select(ConfigChange).where(ConfigChange.guild_id == guild_id)
        if before_id is not None:
            stmt = stmt.where(ConfigChange.id < before_id)
        stmt = stmt.order_by(ConfigChange.id.desc()).limit(limit)
        async with self.session() as s:
            return list((await s.execute(stmt)).scalars())

    # -- hits and feedback -----------------------------------------------------------------

    async def record_hits(
        self,
        *,
        guild_id: int,
        channel_id: int,
        message_id: int,
        author_id: int,
        decision: Decision,
        action_taken: Action,
        model_id: str,
        content: str | None,
        created_at: datetime | None = None,
    ) -> list[int]:
        """One row per hit label; ``created_at`` is the message's time (replays pass their own)."""
        when = created_at or utcnow()
        if content is not None:
            content = valid_text(content)
        async with self.session.begin() as s:
            # an edit adds rows to a message already counted: only a message's first row opens it
            seen = await s.scalar(
                select(Hit.id).where(Hit.guild_id == guild_id, Hit.message_id == message_id).limit(1)
            )
            rows = [
                Hit(
                    guild_id=guild_id,
                    channel_id=channel_id,
                    message_id=message_id,
                    author_id=author_id,
                    label=h.label,
                    score=h.score,
                    threshold=h.threshold,
                    action=action_taken.label,
                    model_id=model_id[:255],
                    content=content,
                    created_at=when,
                    opens_message=seen is None and i == 0,
                )
                for i, h in enumerate(decision.hits)
            ]
            s.add_all(rows)
        return [r.id for r in rows]

    async def recent_hit_count(
        self,
        guild_id: int,
        author_id: int,
        minutes: int,
        now: datetime | None = None,
        exclude_message_id: int | None = None,
    ) -> int:
        """Flagged messages by one author in the window before ``now`` (for escalation)."""
        now = now or utcnow()
        stmt = select(func.count(func.distinct(Hit.message_id))).where(
            Hit.guild_id == guild_id,
            Hit.author_id == author_id,
            Hit.created_at >= now - timedelta(minutes=minutes),
            Hit.created_at <= now,
        )
        if exclude_message_id is not None:
            stmt = stmt.where(Hit.message_id != exclude_message_id)
        async with self.session() as s:
            return int((await s.execute(stmt)).scalar_one())

    async def recorded_labels(self, guild_id: int, message_id: int) -> frozenset[str]:
        """Labels already recorded for one message (an edit must not record them twice)."""
        stmt = select(Hit.label).where(Hit.guild_id == guild_id, Hit.message_id == message_id)
        async with self.session() as s:
            return frozenset((await s.execute(stmt)).scalars())

    async def record_feedback(self, guild_id: int, message_id: int, moderator_id: int, verdict: str) -> int:
        """Record a verdict on every hit of a message; returns how many hits it covered (0: gone)."""
        if verdict not in ("confirmed", "false_positive"):
            raise ValueError(f"unknown verdict {verdict!r}")
        now = utcnow()
        try:
            async with self.session.begin() as s:
                hit_ids = list(
                    (
                        await s.execute(
                            select(Hit.id).where(Hit.guild_id == guild_id, Hit.message_id == message_id)
                        )
                    ).scalars()
                )
                if not hit_ids:
                    return 0
                # an upsert: the same moderator clicking twice (or in two processes) changes the
                # verdict, and never fails on the (hit, moderator) unique key
                who = dict(moderator_id=moderator_id, verdict=verdict, created_at=now)
                rows = [dict(hit_id=h, **who) for h in hit_ids]
                stmt = self.insert(Feedback).values(rows)
                await s.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[Feedback.hit_id, Feedback.moderator_id],
                        set_=dict(verdict=stmt.excluded.verdict, created_at=stmt.excluded.created_at),
                    )
                )
                return len(hit_ids)
        except IntegrityError:
            # retention (or a departed guild's purge) deleted the hits between our read and our
            # write: the alert is gone, which is no error of the moderator's
            log.info("guild %s: message %s's hits were purged while being reviewed", guild_id, message_id)
            return 0

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
        conds = [Hit.guild_id == guild_id, Hit.created_at >= since, *_visible(channel_ids)]
        if channel_id is not None:
            conds.append(Hit.channel_id == channel_id)
        if author_id is not None:
            conds.append(Hit.author_id == author_id)
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
        # from the (few) reviews to their hits, not from every hit of the period to its reviews
        reviewed = (
            select(Hit.label, Feedback.verdict, count)
            .join(Hit, Hit.id == Feedback.hit_id)
            .where(*conds)
            .group_by(Hit.label, Feedback.verdict)
        )

        async def rows(stmt) -> list:
            async with self.session() as s:
                return list((await s.execute(stmt)).all())

        # each on its own pooled connection: the database works on them side by side
        groups, members, verdicts = await asyncio.gather(rows(breakdown), rows(top_members), rows(reviewed))
        per_label: Counter[str] = Counter()
        per_action: Counter[str] = Counter()
        per_channel: Counter[int] = Counter()
        for channel, action, label, hits, opened in groups:
            per_label[label] += int(hits)
            per_action[action] += int(opened or 0)
            per_channel[int(channel)] += int(opened or 0)
        per_action = +per_action  # drop zero counts (edits' rows open no message)
        channels = sorted(per_channel.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        per_label_reviews: dict[str, list[int]] = {}
        for label, verdict, n in verdicts:
            per_label_reviews.setdefault(label, [0, 0])[verdict != "confirmed"] += int(n)
        return HitStats(
            total_messages=sum(per_action.values()),
            per_label=per_label,
            per_action=per_action,
            top_channels=[(c, n) for c, n in channels if n],
            top_members=[(int(m), int(n)) for m, n in members],
            confirmed=sum(c for c, _ in per_label_reviews.values()),
            false_positives=sum(f for _, f in per_label_reviews.values()),
            reviewed_per_label={label: (c, f) for label, (c, f) in sorted(per_label_reviews.items())},
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

    async def purge_before(self, cutoff: datetime) -> int:
        async with self.session.begin() as s:
            return (await s.execute(delete(Hit).where(Hit.created_at < cutoff))).rowcount or 0

    async def mark_replay(self) -> None:
        """Mark this database as a replay's own: only such a database may be replaced by a replay."""
        stmt = self.insert(Meta).values(key=ROLE_KEY, value=REPLAY_ROLE)
        async with self.session.begin() as s:
            await s.execute(
                stmt.on_conflict_do_update(index_elements=[Meta.key], set_=dict(value=REPLAY_ROLE))
            )

    async def mark_left(self, guild_id: int, when: datetime | None = None) -> None:
        """The bot was removed from a guild: its data stays for the grace period."""
        async with self._writing(guild_id) as s:
            row = await self._settings(s, guild_id)
            row.left_at = when or utcnow()

    async def mark_returned(self, guild_id: int) -> bool:
        """The bot is back in a guild before its data was deleted; True if a departure was pending."""
        async with self._writing(guild_id) as s:
            row = await s.get(GuildSettings, guild_id)
            if row is None or row.left_at is None:
                return False
            row.left_at = None
            return True

    async def purge_departed(self, left_before: datetime) -> list[int]:
        """Delete the data of guilds the bot left before ``left_before``; returns their ids."""
        async with self.session() as s:
            ids = list(
                (
                    await s.execute(
                        select(GuildSettings.guild_id).where(
                            GuildSettings.left_at.is_not(None), GuildSettings.left_at < left_before
                        )
                    )
                ).scalars()
            )
        for guild_id in ids:
            await self.delete_guild(guild_id)
        return ids

    async def delete_guild(self, guild_id: int) -> None:
        """Everything stored about a guild (after the grace period that follows leaving it)."""
        async with self._writing(guild_id) as s:
            for table in (Hit, LabelThreshold, LabelRule, ConfigChange, GuildSettings):
                await s.execute(delete(table).where(table.guild_id == guild_id))

    async def review_queue(
        self,
        guild_id: int,
        *,
        label: str | None = None,
        channel_id: int | None = None,
        offset: int = 0,
        limit: int = 1,
        channel_ids: Collection[int] | None = None,
    ) -> tuple[list[QueuedAlert], int]:
        """Flagged messages nobody reviewed yet, newest first: one page, and how many (at most
        ``QUEUE_COUNT_CAP``: the title then says "1000+").

        A message is one row here: its opening hit, or its hit of ``label``. The walk goes down a
        (guild, opening row or label, time) index from the newest hit and stops at the page, so a
        guild with a million hits answers a button in milliseconds (``benchmarks/toxstats.py``);
        grouping every hit by message took 8.5 s there, past Discord's 3 s for answering a click.
        """
        unreviewed = ~select(Feedback.id).where(Feedback.hit_id == Hit.id).exists()
        conds = [Hit.guild_id == guild_id, unreviewed, *_visible(channel_ids)]
        # record_feedback covers every hit of a message at once: one row per message is enough
        conds.append(Hit.label == label if label is not None else Hit.opens_message.is_(True))
        if channel_id is not None:
            conds.append(Hit.channel_id == channel_id)
        page = (
            select(Hit.message_id)
            .where(*conds)
            .order_by(Hit.created_at.desc(), Hit.id.desc())
            .offset(offset)
            .limit(limit)
        )
        total = select(func.count()).select_from(
            select(Hit.id).where(*conds).limit(QUEUE_COUNT_CAP).subquery()
        )
        async with self.session() as s:
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
        alerts = []
        for message_id in ids:
            rows = by_message[message_id]
            first = rows[0]
            alerts.append(
                QueuedAlert(
                    guild_id=guild_id,
                    channel_id=first.channel_id,
                    message_id=message_id,
                    author_id=first.author_id,
                    created_at=first.created_at,
                    action=max((r.action for r in rows), key=lambda a: Action.parse(a)),
                    content=next((r.content for r in rows if r.content), None),
                    hits=sorted(((r.label, r.score, r.threshold) for r in rows), key=lambda h: -h[1]),
                )
            )
        return alerts, count

    async def reviewed_hits(self, guild_id: int | None = None) -> list[ReviewedHit]:
        """Every hit a moderator reviewed, with its latest verdict (the last click wins)."""
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
        if guild_id is not None:
            stmt = stmt.where(Hit.guild_id == guild_id)
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

    async def hits_for_message(self, guild_id: int, message_id: int) -> list[Hit]:
        async with self.session() as s:
            result = await s.execute(
                select(Hit).where(Hit.guild_id == guild_id, Hit.message_id == message_id)
            )
            return list(result.scalars())


def _visible(channel_ids: Collection[int] | None) -> list:
    """A filter to the channels a moderator can read (``None``: every channel)."""
    return [] if channel_ids is None else [Hit.channel_id.in_(list(channel_ids) or [-1])]
