"""The storage API the cog uses. Short transactions; inference never happens inside one."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

from sqlalchemy import delete, event, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.db.config_writes import ConfigWrites
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
from bot.db.queries import QUEUE_COUNT_CAP, HitStats, Queries, QueuedAlert, ReviewedHit  # noqa: F401
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


def _insert(dialect: str):
    """The dialect's INSERT with ``ON CONFLICT`` (SQLite and PostgreSQL spell it the same)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise NotImplementedError(f"Sentinela supports SQLite and PostgreSQL, not {dialect}")
    return insert


class Store(ConfigWrites, Queries):
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

    async def hits_for_message(self, guild_id: int, message_id: int) -> list[Hit]:
        async with self.session() as s:
            result = await s.execute(
                select(Hit).where(Hit.guild_id == guild_id, Hit.message_id == message_id)
            )
            return list(result.scalars())

