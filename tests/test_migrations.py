"""The Alembic migrations: up and down on a fresh file, and what they do to existing rows."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def alembic(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{db}"}
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}


def test_migrations_upgrade_and_downgrade_on_a_fresh_file(tmp_path):
    db = tmp_path / "fresh.db"
    alembic(db, "upgrade", "head")
    expected = {"guild_settings", "label_thresholds", "label_rules", "hits", "feedback"}
    assert expected <= tables(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    alembic(db, "downgrade", "base")
    assert tables(db) == {"alembic_version"}


def test_migration_0002_marks_the_first_row_of_each_existing_message(tmp_path):
    db = tmp_path / "old.db"
    alembic(db, "upgrade", "0001")
    with sqlite3.connect(db) as conn:
        row = "(?, 1, 10, ?, 7, ?, 0.9, 0.5, 'alert', 'm', NULL, '2026-11-01 00:00:00+00:00')"
        conn.executemany(
            "INSERT INTO hits (id, guild_id, channel_id, message_id, author_id, label, score, threshold, "
            f"action, model_id, content, created_at) VALUES {row}",
            [(1, 100, "a"), (2, 100, "b"), (3, 200, "a")],
        )
    alembic(db, "upgrade", "head")
    with sqlite3.connect(db) as conn:
        assert conn.execute("select id, opens_message from hits order by id").fetchall() == [
            (1, 1),
            (2, 0),
            (3, 1),
        ]
    alembic(db, "downgrade", "0001")
    with sqlite3.connect(db) as conn:
        assert "opens_message" not in {r[1] for r in conn.execute("pragma table_info(hits)")}


def test_migration_0007_adds_an_empty_why_and_its_downgrade_keeps_the_hits(tmp_path):
    db = tmp_path / "before-why.db"
    alembic(db, "upgrade", "0006")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO hits (id, guild_id, channel_id, message_id, author_id, label, score, threshold, "
            "action, model_id, content, created_at, opens_message) "
            "VALUES (1, 100, 10, 5, 7, 'insult', 0.9, 0.5, 'alert', 'm', 'x', '2026-11-01 00:00:00', 1)"
        )
    alembic(db, "upgrade", "head")
    with sqlite3.connect(db) as conn:
        assert conn.execute("select id, why from hits").fetchall() == [(1, None)]
        conn.execute("""update hits set why = '[["x", 0.5]]'""")
    alembic(db, "downgrade", "0006")
    with sqlite3.connect(db) as conn:
        assert "why" not in {r[1] for r in conn.execute("pragma table_info(hits)")}
        assert conn.execute("select id, label, content from hits").fetchall() == [(1, "insult", "x")]
