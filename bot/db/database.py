"""The database itself: its engine, its migrations and their locks, and what kind of file it is.

This is all the migrations' ``env.py`` imports.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

log = logging.getLogger(__name__)

ROLE_KEY, REPLAY_ROLE = "role", "replay"
# PostgreSQL advisory lock held while migrating: the processes of a cluster start together and
# must not run the same migration side by side ("SENT" in ASCII)
MIGRATION_LOCK = 0x53454E54


def migrations_dir() -> Path:
    """Alembic's scripts: inside an installed wheel (``bot/db/migrations``), else the checkout's
    top-level ``migrations/``. An installed plugin migrates from any working directory, without
    the repository's alembic.ini."""
    packaged = Path(__file__).resolve().parent / "migrations"
    return packaged if (packaged / "env.py").is_file() else Path(__file__).resolve().parents[2] / "migrations"


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


def insert_for(dialect: str):
    """The dialect's INSERT with ``ON CONFLICT`` (SQLite and PostgreSQL spell it the same)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise NotImplementedError(f"Sentinela supports SQLite and PostgreSQL, not {dialect}")
    return insert


class Database:
    """An async engine, its sessions and its dialect's upsert; ``migrate`` brings it to head."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.session = async_sessionmaker(self.engine, expire_on_commit=False)
        self.insert = insert_for(self.engine.dialect.name)

    async def migrate(self) -> None:
        """``alembic upgrade head`` on this database, at start-up."""
        # Alembic says which plugins it set up, its "Context impl" and each step at INFO on every
        # start; one line of ours below says what changed, and only when something did
        logging.getLogger("alembic").setLevel(logging.WARNING)
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(migrations_dir()))

        def upgrade(connection) -> None:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")

        before = await self.schema_version()

        # the processes of a cluster (or a bot and a CLI) may start together: one migrates, the
        # others wait and then find nothing to do
        async with self._sqlite_migration_lock(), self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # released when this transaction ends
                await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            await conn.run_sync(upgrade)
        after = await self.schema_version()
        if after != before:
            log.info("database migrated from %s to %s", before or "empty", after)

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

    async def mark_replay(self) -> None:
        """Mark this database as a replay's own: only such a database may be replaced by a replay."""
        from bot.db.models import Meta

        stmt = self.insert(Meta).values(key=ROLE_KEY, value=REPLAY_ROLE)
        async with self.session.begin() as s:
            await s.execute(
                stmt.on_conflict_do_update(index_elements=[Meta.key], set_=dict(value=REPLAY_ROLE))
            )

    async def role(self) -> str | None:
        """What this database was made for (``"replay"``), or None: a bot's, or not Sentinela's."""
        from bot.db.models import Meta

        async with self.session() as s:
            try:
                return await s.scalar(select(Meta.value).where(Meta.key == ROLE_KEY))
            except DBAPIError:  # no meta table: not a migrated Sentinela database
                return None


async def sqlite_role(path: Path) -> str | None:
    """The role of the SQLite file at ``path``, read only: a live bot's file is never written."""
    database = Database(f"sqlite+aiosqlite:///file:{path.resolve()}?mode=ro&uri=true")
    try:
        return await database.role()
    finally:
        await database.close()
