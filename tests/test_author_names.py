"""The author's name kept with a hit (``hits.author_name``, migration 0009) on SQLite and
PostgreSQL: bounded and cleaned when written, read back by the queue, gone with the hit, and the
migration up and down over existing hits."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.core.policy import Action, Decision, LabelHit
from bot.db.hits import kept_name
from bot.db.models import AUTHOR_NAME_MAX, Hit, utcnow
from bot.db.store import HitRecord, Store


def record(message: int, name: str | None, labels=("insult",), when: datetime | None = None) -> HitRecord:
    hits = tuple(LabelHit(label, 0.9, 0.5, Action.ALERT) for label in labels)
    decision = Decision(hits=hits, action=Action.ALERT)
    return HitRecord(1, 10, message, 7, decision, Action.ALERT, "m", None, when, author_name=name)


def test_a_name_is_kept_as_one_bounded_line_of_printable_text():
    assert kept_name("Joca") == "Joca"
    assert kept_name("  Zé\x00 da\nEsquina \u200b ") == "Zé da Esquina \u200b"  # one line, no NUL
    assert kept_name("\ud800x") == "\ufffdx"  # a lone surrogate: no driver takes it
    assert kept_name("😀" * 150) == "😀" * AUTHOR_NAME_MAX  # characters, not bytes
    assert kept_name("a" * 99 + " b") == "a" * 99  # no trailing blank once cut
    assert kept_name(None) is None and kept_name("") is None and kept_name(" \t\x00") is None


async def test_every_row_of_a_message_keeps_its_authors_name_and_the_queue_reads_it(db_url):
    store = Store(db_url)
    await store.migrate()
    try:
        hostile = '<script>alert("x")</script>' + "é" * 200
        await store.record_hits(record(100, hostile, labels=("insult", "racism")))
        await store.record_hits(record(101, None))
        async with store.session() as s:
            rows = (await s.execute(select(Hit.message_id, Hit.author_name).order_by(Hit.id))).all()
        kept = hostile[:AUTHOR_NAME_MAX]  # stored as written: escaping is the page's job
        assert [tuple(r) for r in rows] == [(100, kept), (100, kept), (101, None)]
        alerts, _total = await store.review_queue(1, limit=10)
        assert {a.message_id: a.author_name for a in alerts} == {100: kept, 101: None}
        # an edit's new label carries the name the author has by then: the queue shows the latest
        await store.record_hits(record(100, "Novo Apelido", labels=("obscene",)))
        alerts, _total = await store.review_queue(1, limit=10)
        assert {a.message_id: a.author_name for a in alerts}[100] == "Novo Apelido"
    finally:
        await store.close()


async def test_the_name_goes_with_the_hit_by_retention_and_by_a_guilds_deletion(db_url):
    store = Store(db_url)
    await store.migrate()
    try:
        await store.record_hits(record(100, "Velho", when=utcnow() - timedelta(days=100)))
        await store.record_hits(record(101, "Recente"))
        await store.purge_before(utcnow() - timedelta(days=90))
        async with store.session() as s:
            assert list((await s.execute(select(Hit.author_name))).scalars()) == ["Recente"]
        await store.delete_guild(1)
        async with store.session() as s:
            assert list((await s.execute(select(Hit.author_name))).scalars()) == []
    finally:
        await store.close()


async def test_migration_0009_adds_an_empty_name_and_its_downgrade_keeps_the_hits(db_url):
    env = {**os.environ, "DATABASE_URL": db_url}

    def alembic(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "alembic", *args], env=env, check=True, capture_output=True)

    alembic("upgrade", "0008")
    engine = create_async_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO hits (id, guild_id, channel_id, message_id, author_id, label, score, "
                    "threshold, action, model_id, content, created_at, opens_message) VALUES "
                    "(1, 1, 10, 100, 7, 'insult', 0.9, 0.5, 'alert', 'm', 'x', :at, :opens)"
                ),
                dict(at=datetime(2026, 11, 1, tzinfo=UTC), opens=True),
            )
        alembic("upgrade", "head")
        async with engine.begin() as conn:
            assert (await conn.execute(text("SELECT id, author_name FROM hits"))).all() == [(1, None)]
            await conn.execute(text("UPDATE hits SET author_name = 'Joca'"))
        # what older rows lack, the store's readers take as no name (the dashboard asks Discord)
        store = Store(db_url)
        try:
            alerts, _total = await store.review_queue(1, limit=10)
            assert [(a.message_id, a.author_name) for a in alerts] == [(100, "Joca")]
        finally:
            await store.close()
        alembic("downgrade", "0008")
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT id, label, content FROM hits"))).all() == [
                (1, "insult", "x")
            ]
            with pytest.raises(Exception, match="author_name"):
                await conn.execute(text("SELECT author_name FROM hits"))
    finally:
        await engine.dispose()
