"""The store on both databases it supports: migrations, time windows, upserts, concurrent writers.

Every test here runs twice, on a SQLite file and on the PostgreSQL server the session starts.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from bot.core.policy import Action, Decision, LabelHit, Rule
from bot.db.models import Feedback, GuildConfigRow, Hit, LabelRule, LabelThreshold, utcnow
from bot.db.store import HitRecord, Store

TABLES = {"guild_settings", "label_thresholds", "label_rules", "hits", "feedback", "sentinela_meta"}
TABLES |= {"config_changes"}


def decision(*labels: str) -> Decision:
    return Decision(tuple(LabelHit(x, 0.9, 0.5, Action.ALERT) for x in labels), Action.ALERT)


async def record(store: Store, message_id: int, *labels: str, guild_id: int = 1, author_id: int = 7, **kw):
    return await store.record_hits(
        HitRecord(
            guild_id=guild_id,
            channel_id=10,
            message_id=message_id,
            author_id=author_id,
            decision=decision(*labels),
            action_taken=Action.ALERT,
            model_id="m",
            content=None,
            **kw,
        )
    )


async def table_names(url: str) -> set[str]:
    store = Store(url)
    try:
        async with store.engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await store.close()


@pytest.fixture
async def store(db_url):
    s = Store(db_url)
    await s.migrate()
    yield s
    await s.close()


async def test_alembic_command_line_upgrades_and_downgrades(db_url):
    env = {**os.environ, "DATABASE_URL": db_url}

    def alembic(*args: str) -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "alembic", *args], env=env, capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr[-2000:]

    alembic("upgrade", "head")
    assert await table_names(db_url) >= TABLES
    alembic("downgrade", "base")
    assert await table_names(db_url) == {"alembic_version"}
    alembic("upgrade", "head")  # and back: every downgrade leaves a database that upgrades again
    assert await table_names(db_url) >= TABLES


async def test_escalation_window_and_retention_cut_at_the_right_instant(store):
    now = utcnow()
    for message_id, minutes_ago in ((1, 61), (2, 59), (3, 1)):
        await record(store, message_id, "insult", created_at=now - timedelta(minutes=minutes_ago))
    await record(store, 4, "insult", created_at=now + timedelta(minutes=5))  # clock skew: not yet
    await record(store, 5, "insult", author_id=8, created_at=now)  # someone else
    assert await store.recent_hit_count(1, 7, 60, now=now) == 2
    assert await store.recent_hit_count(1, 7, 60, now=now, exclude_message_id=3) == 1
    assert await store.recent_hit_count(1, 7, 120, now=now) == 3
    assert await store.purge_before(now - timedelta(minutes=60)) == 1
    assert await store.recent_hit_count(1, 7, 120, now=now) == 2
    stats = await store.hit_stats(1, now - timedelta(minutes=30))
    assert stats.total_messages == 3 and stats.per_label == {"insult": 3}  # 3, 4 (future) and 5


async def test_upserts_change_rows_in_place(store):
    await store.update(1, "threshold", 0.7, target="insult", by=5)
    await store.update(1, "threshold", 0.8, target="insult", by=6)
    await store.update(1, "rule", Rule(Action.DELETE), target="insult")
    await store.update(1, "rule", Rule(Action.TIMEOUT, 30), target="insult")
    await record(store, 100, "insult", "racism")
    assert await store.record_feedback(1, 100, 55, "confirmed") == 2
    assert await store.record_feedback(1, 100, 55, "false_positive") == 2  # a second click: changed
    assert await store.record_feedback(1, 999, 55, "confirmed") == 0  # no such message
    await store.mark_replay()
    await store.mark_replay()
    async with store.session() as s:
        thresholds = (await s.execute(select(LabelThreshold))).scalars().all()
        rules = (await s.execute(select(LabelRule))).scalars().all()
        verdicts = (await s.execute(select(Feedback.verdict))).scalars().all()
    assert [(t.value, t.updated_by) for t in thresholds] == [(0.8, 6)]
    assert [(r.action, r.timeout_minutes) for r in rules] == [("timeout", 30)]
    assert sorted(verdicts) == ["false_positive", "false_positive"]
    config = await store.guild_config(1)
    assert config.thresholds == {"insult": 0.8} and config.rule("insult").timeout_minutes == 30


async def test_several_processes_write_hits_feedback_and_settings_at_once_and_lose_nothing(db_url):
    """Four stores (four bot processes' worth of engines) on one database, all writing at once."""
    first = Store(db_url)
    await first.migrate()
    stores = [first, *(Store(db_url) for _ in range(3))]
    try:

        async def write_hits(i: int, store: Store) -> None:
            for n in range(25):
                await record(store, 1000 * (i + 1) + n, "insult", "obscene", guild_id=1 + i % 2)

        async def review_and_configure(i: int, store: Store) -> None:
            # every process reviews the same messages of guild 1 and exempts its own channel there
            for message_id in (1000, 3000):
                await store.record_feedback(1, message_id, moderator_id=500 + i, verdict="confirmed")
            await store.update(1, "exempt_channel", True, target=70 + i)
            await store.update(1, "threshold", 0.5 + i / 10, target=f"label{i}", by=i)

        await asyncio.gather(*(write_hits(i, s) for i, s in enumerate(stores)))
        await asyncio.gather(*(review_and_configure(i, s) for i, s in enumerate(stores)))
        async with first.session() as s:
            hits = await s.scalar(select(func.count()).select_from(Hit))
            opened = await s.scalar(select(func.count()).select_from(Hit).where(Hit.opens_message.is_(True)))
            feedback = await s.scalar(select(func.count()).select_from(Feedback))
            settings = await s.get(GuildConfigRow, 1)
        assert (hits, opened) == (4 * 25 * 2, 4 * 25)
        assert feedback == 4 * 2 * 2  # 4 moderators x 2 messages x 2 labels
        assert sorted(settings.exempt_channel_ids) == [70, 71, 72, 73]  # no exemption lost to a race
        assert set((await stores[3].guild_config(1)).thresholds) == {"label0", "label1", "label2", "label3"}
    finally:
        for store in stores:
            await store.close()


async def test_a_change_made_by_another_process_is_seen_within_the_ttl(db_url):
    bot_store = Store(db_url, config_ttl_s=0.3)
    await bot_store.migrate()
    other = Store(db_url)  # the replay CLI, a dashboard, another bot process
    try:
        assert (await bot_store.guild_config(1)).enabled
        await other.update(1, "enabled", False)
        assert (await bot_store.guild_config(1)).enabled  # cached: no query per message
        await asyncio.sleep(0.35)
        assert not (await bot_store.guild_config(1)).enabled  # expired: read again
    finally:
        await other.close()
        await bot_store.close()


async def test_processes_starting_together_migrate_once(db_url):
    stores = [Store(db_url) for _ in range(3)]
    try:
        await asyncio.gather(*(s.migrate() for s in stores))
        assert await table_names(db_url) >= TABLES
    finally:
        for s in stores:
            await s.close()


async def test_hit_and_feedback_ids_go_past_32_bits(store):
    from sqlalchemy import text

    async with store.session.begin() as s:
        if store.engine.dialect.name == "postgresql":
            await s.execute(text("SELECT setval('hits_id_seq', 3000000000)"))
            await s.execute(text("SELECT setval('feedback_id_seq', 3000000000)"))
        else:  # the rowid continues after the largest id
            await s.execute(
                text(
                    "INSERT INTO hits (id, guild_id, channel_id, message_id, author_id, label, score, "
                    "threshold, action, model_id, created_at, opens_message) "
                    "VALUES (3000000000, 9, 9, 9, 9, 'x', 0.9, 0.5, 'alert', 'm', '2026-11-01 00:00:00', 1)"
                )
            )
    ids = await record(store, 100, "insult")
    assert ids[0] > 2**31
    assert await store.record_feedback(1, 100, 55, "confirmed") == 1
    assert [h.label for h in await store.hits_for_message(1, 100)] == ["insult"]
    from alembic.script import ScriptDirectory

    from bot.db.database import migrations_dir

    assert await store.schema_version() == ScriptDirectory(str(migrations_dir())).get_current_head()


async def test_every_setter_records_who_changed_what_from_what_to_what(store):
    from bot.core.policy import Escalation

    g, admin = 1, 42
    assert await store.update(g, "threshold", 0.7, target="insult", by=admin) is not None
    assert (
        await store.update(g, "threshold", 0.7, target="insult", by=admin) is None
    )  # nothing changed: no record
    await store.update(g, "threshold_advice", 0.8, target="insult", by=admin)
    await store.update(g, "rule", Rule(Action.TIMEOUT, 30), target="insult", by=admin)
    await store.update(g, "escalation", Escalation(3, 10, 60), by=admin)
    await store.update(g, "escalation", None, by=admin)
    await store.update(g, "exempt_role", True, target=555, by=admin)
    await store.update(g, "exempt_channel", True, target=2**62, by=admin)
    await store.update(g, "alert_channel", 2**62 + 1, by=admin)
    await store.update(g, "enabled", False, by=admin)
    await store.update(g, "threshold", 0.9, target="obscene", by=None)
    await store.update(2, "threshold", 0.1, target="insult", by=9)  # another guild: not in this one's history
    assert len(await store.reset_thresholds(g, by=admin)) == 2
    history = await store.config_history(g)
    got = [(c.kind, c.target, c.old_value, c.new_value, c.actor_id) for c in reversed(history)]
    assert got == [
        ("threshold", "insult", None, 0.7, admin),
        ("threshold_advice", "insult", 0.7, 0.8, admin),
        ("rule", "insult", None, {"action": "timeout", "timeout_minutes": 30}, admin),
        ("escalation", None, None, {"hits": 3, "window_minutes": 10, "timeout_minutes": 60}, admin),
        ("escalation", None, {"hits": 3, "window_minutes": 10, "timeout_minutes": 60}, None, admin),
        ("exempt_role", "555", False, True, admin),
        ("exempt_channel", str(2**62), False, True, admin),  # 64-bit ids survive JSON on both
        ("alert_channel", None, None, 2**62 + 1, admin),
        ("enabled", None, True, False, admin),
        ("threshold", "obscene", None, 0.9, None),
        ("threshold", "insult", 0.8, None, admin),
        ("threshold", "obscene", 0.9, None, admin),
    ]
    assert all(c.created_at is not None for c in history)
    page = await store.config_history(g, limit=5)
    older = await store.config_history(g, limit=5, before_id=page[-1].id)
    assert [c.id for c in page + older] == [c.id for c in history[:10]]
    # the history's filter by person: each one who changed something, the latest first, the CLI not
    await store.update(g, "threshold", 0.6, target="racism", by=7)
    await store.update(g, "threshold", 0.65, target="racism", by=admin)
    assert await store.config_actors(g) == [admin, 7]
    assert await store.config_actors(g, limit=1) == [admin]
    await store.delete_guild(g)  # leaving a guild for good takes its history too
    assert await store.config_history(g) == [] and len(await store.config_history(2)) == 1


async def test_a_failed_change_leaves_no_record(store):
    with pytest.raises(ValueError):
        await store.update(1, "exempt_member", True, target=5, by=1)  # type: ignore[arg-type]
    await store.update(1, "threshold", 0.5, target="insult", by=1)

    # the audit row is written in the change's own transaction: a change that fails rolls back both
    original = store.insert
    store.insert = lambda table: (_ for _ in ()).throw(RuntimeError("disk full"))
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            await store.update(1, "threshold", 0.9, target="insult", by=1)
    finally:
        store.insert = original
    assert [c.new_value for c in await store.config_history(1)] == [0.5]
    assert (await store.guild_config(1)).thresholds == {"insult": 0.5}


async def test_review_queue_newest_unreviewed_first_with_filters(store):
    now = utcnow()
    for i, labels in enumerate([("insult",), ("insult", "obscene"), ("obscene",), ("insult",)]):
        await record(store, 100 + i, *labels, created_at=now - timedelta(minutes=10 - i))
    await record(store, 200, "insult", guild_id=2)  # another guild
    await store.record_feedback(1, 103, 9, "confirmed")  # reviewed: out of the queue
    page, total = await store.review_queue(1, limit=10)
    assert total == 3 and [a.message_id for a in page] == [102, 101, 100]
    both = page[1]
    assert sorted(h[0] for h in both.hits) == ["insult", "obscene"] and both.channel_id == 10
    assert both.jump_url == "https://discord.com/channels/1/10/101"
    only_insult, n = await store.review_queue(1, label="insult", limit=10)
    assert n == 2 and [a.message_id for a in only_insult] == [101, 100]
    second, _ = await store.review_queue(1, offset=1)
    assert [a.message_id for a in second] == [101]
    assert await store.review_queue(1, channel_id=11) == ([], 0)
    assert (await store.review_queue(1, offset=5)) == ([], 3)


async def test_the_words_that_weighed_are_kept_with_the_text_and_only_with_it(store):
    why = {"insult": [("idiota", 0.62), ("seu idiota", 0.7001)], "obscene": [("merda", 0.3)]}

    def hit(message_id: int, content: str | None) -> HitRecord:
        return HitRecord(
            1, 10, message_id, 7, decision("insult", "obscene"), Action.ALERT, "m", content, why=why
        )

    await store.record_hits(hit(100, "seu idiota de merda"))
    await store.record_hits(hit(101, None))  # STORE_CONTENT off: no text, so no words either
    await store.record_hits(
        HitRecord(1, 10, 102, 7, decision("insult"), Action.ALERT, "m", "x")
    )  # none computed
    stored = {h.label: h.why for h in await store.hits_for_message(1, 100)}
    assert stored == {"insult": [["idiota", 0.62], ["seu idiota", 0.7]], "obscene": [["merda", 0.3]]}
    assert [h.why for h in await store.hits_for_message(1, 101)] == [None, None]
    alerts, _total = await store.review_queue(1, limit=10)
    shown = {a.message_id: a.why for a in alerts}
    assert shown == {100: {"insult": ["idiota", "seu idiota"], "obscene": ["merda"]}, 101: {}, 102: {}}
