"""The store: the cached configuration and its one audited update, hits and verdicts, retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from bot.core.policy import Action, Decision, Escalation, LabelHit, Rule
from bot.db.models import utcnow
from bot.db.store import HitRecord, Store


async def test_guild_config_is_cached_until_a_writer_changes_it(db_url):
    from sqlalchemy import event

    from bot.db.store import Store

    store = Store(db_url)
    await store.migrate()
    queries: list[str] = []
    event.listen(store.engine.sync_engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    assert (await store.guild_config(1)).thresholds == {}
    before = len(queries)
    await store.guild_config(1)
    assert len(queries) == before  # the hot path does no query
    await store.update(1, "threshold", 0.8, target="insult", by=None)
    assert (await store.guild_config(1)).thresholds == {"insult": 0.8}
    await store.update(1, "rule", Rule(Action.DELETE), target="insult")
    assert (await store.guild_config(1)).rule("insult").action is Action.DELETE
    await store.delete_guild(1)
    assert (await store.guild_config(1)).thresholds == {}
    await store.close()


async def test_each_setting_changes_only_itself_through_the_one_audited_update(db_url):
    from bot.db.store import Store

    store = Store(db_url)
    await store.migrate()
    try:
        await store.update(1, "alert_channel", 555)
        await store.update(1, "enabled", False)
        await store.update(1, "exempt_channel", True, target=7)
        await store.update(1, "exempt_role", True, target=8)
        await store.update(1, "escalation", Escalation(hits=3, window_minutes=10, timeout_minutes=30))
        config = await store.guild_config(1)
        assert (config.alert_channel_id, config.enabled) == (555, False)
        assert (config.exempt_channel_ids, config.exempt_role_ids) == ({7}, {8})
        assert config.escalation == Escalation(3, 10, 30)
        await store.update(1, "exempt_role", False, target=8)
        await store.update(1, "escalation", None)
        await store.update(1, "alert_channel", None)
        config = await store.guild_config(1)
        assert config.exempt_role_ids == set() and config.escalation is None
        assert config.alert_channel_id is None and config.exempt_channel_ids == {7}
        with pytest.raises(ValueError, match="unknown setting 'exempt_member'"):
            await store.update(1, "exempt_member", True, target=9)
        assert len(await store.config_history(1, limit=50)) == 8  # every change recorded, none twice
    finally:
        await store.close()


async def test_config_load_that_started_before_a_write_does_not_cache_the_old_config(db_url):
    """Found in review: a slow load finished after /sentinela disable and cached "enabled"."""
    import asyncio

    from bot.db.store import Store

    store = Store(db_url)
    await store.migrate()
    real_load = store._load_config
    started, release = asyncio.Event(), asyncio.Event()
    calls = 0

    async def slow_first_load(guild_id: int):
        nonlocal calls
        calls += 1
        config = await real_load(guild_id)  # reads "enabled" before the write
        if calls == 1:
            started.set()
            await release.wait()
        return config

    store._load_config = slow_first_load
    try:
        loading = asyncio.create_task(store.guild_config(1))
        await started.wait()
        await store.update(1, "enabled", False)  # the admin's write lands while the load is in flight
        release.set()
        assert (await loading).enabled is False  # the stale read was thrown away and read again
        assert (await store.guild_config(1)).enabled is False  # and nothing stale was cached
    finally:
        await store.close()


async def test_database_errors_do_not_carry_message_content(db_url):
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from bot.core.policy import Decision, LabelHit
    from bot.db.store import Store

    store = Store(db_url)
    await store.migrate()
    async with store.engine.begin() as conn:
        await conn.execute(text("DROP TABLE feedback"))
        await conn.execute(text("DROP TABLE hits"))
    decision = Decision(hits=(LabelHit("insult", 0.9, 0.5, Action.ALERT),), action=Action.ALERT)
    try:
        with pytest.raises(SQLAlchemyError) as err:
            await store.record_hits(
                HitRecord(
                    guild_id=1,
                    channel_id=2,
                    message_id=3,
                    author_id=987654321,
                    decision=decision,
                    action_taken=Action.ALERT,
                    model_id="m",
                    content="segredo do membro",
                )
            )
        assert "segredo" not in str(err.value) and "987654321" not in str(err.value)
    finally:
        await store.close()


async def test_hit_stats_count_messages_once_also_after_an_edit(db_url):
    from datetime import timedelta

    from bot.core.policy import Decision, LabelHit
    from bot.db.models import utcnow
    from bot.db.store import Store

    def decision(*labels: str) -> Decision:
        return Decision(tuple(LabelHit(x, 0.9, 0.5, Action.ALERT) for x in labels), Action.ALERT)

    store = Store(db_url)
    await store.migrate()
    common = dict(guild_id=1, action_taken=Action.ALERT, model_id="m", content=None)
    try:
        await store.record_hits(
            HitRecord(channel_id=10, message_id=100, author_id=7, decision=decision("a", "b"), **common)
        )
        # an edit of message 100 adds a label: a row, but not another message
        await store.record_hits(
            HitRecord(channel_id=10, message_id=100, author_id=7, decision=decision("c"), **common)
        )
        await store.record_hits(
            HitRecord(channel_id=20, message_id=200, author_id=8, decision=decision("a"), **common)
        )
        await store.record_hits(
            HitRecord(channel_id=20, message_id=201, author_id=8, decision=decision("a"), **common)
        )
        await store.record_hits(
            HitRecord(
                channel_id=10,
                message_id=300,
                author_id=7,
                decision=decision("a"),
                **{**common, "guild_id": 2},
            )
        )
        await store.record_hits(
            HitRecord(
                channel_id=10,
                message_id=400,
                author_id=7,
                decision=decision("a"),
                created_at=utcnow() - timedelta(days=40),
                **common,
            )
        )
        await store.record_feedback(1, 100, 55, "false_positive")
        await store.record_feedback(1, 200, 55, "confirmed")
        stats = await store.hit_stats(1, utcnow() - timedelta(days=30))
        assert stats.total_messages == 3
        assert stats.per_label == {"a": 3, "b": 1, "c": 1}
        assert stats.per_action == {"alert": 3}
        assert stats.top_channels == [(20, 2), (10, 1)]
        assert stats.top_members == [(8, 2), (7, 1)]
        assert (stats.confirmed, stats.false_positives) == (1, 3)  # a verdict per hit of message 100
        only = await store.hit_stats(1, utcnow() - timedelta(days=30), channel_id=10)
        assert (only.total_messages, only.per_label) == (1, {"a": 1, "b": 1, "c": 1})
        member = await store.hit_stats(1, utcnow() - timedelta(days=30), author_id=8)
        assert (member.total_messages, member.top_channels) == (2, [(20, 2)])
    finally:
        await store.close()


async def test_a_removed_guild_keeps_its_data_for_the_grace_period(db_url):
    from datetime import timedelta

    from bot.db.models import utcnow
    from bot.db.store import Store

    store = Store(db_url)
    await store.migrate()
    try:
        for guild in (1, 2):
            await store.update(guild, "threshold", 0.7, target="insult", by=None)
        now = utcnow()
        await store.mark_left(1, now - timedelta(days=31))
        await store.mark_left(2, now - timedelta(days=31))
        assert await store.mark_returned(2)  # added back in time: the deletion is cancelled
        assert not await store.mark_returned(3)  # never left
        assert await store.purge_departed(now - timedelta(days=30)) == [1]
        assert (await store.guild_config(1)).thresholds == {}
        assert (await store.guild_config(2)).thresholds == {"insult": 0.7}
        await store.mark_left(2, now - timedelta(days=5))
        assert await store.purge_departed(now - timedelta(days=30)) == []  # still in its grace period
    finally:
        await store.close()


async def test_a_verdict_on_hits_purged_meanwhile_is_no_error(db_url):
    store = Store(db_url)
    await store.migrate()
    hit = LabelHit("insult", 0.9, 0.5, Action.ALERT)
    await store.record_hits(
        HitRecord(
            guild_id=1,
            channel_id=2,
            message_id=3,
            author_id=4,
            decision=Decision((hit,), Action.ALERT),
            action_taken=Action.ALERT,
            model_id="m",
            content=None,
            created_at=utcnow() - timedelta(days=400),
        )
    )
    purging = {"done": False}

    @event.listens_for(store.engine.sync_engine, "before_cursor_execute")
    def retention_runs_now(conn, cursor, statement, parameters, context, executemany):
        # retention deletes the hit between the verdict's read and its write
        if statement.lstrip().upper().startswith("INSERT INTO FEEDBACK") and not purging["done"]:
            purging["done"] = True
            conn.exec_driver_sql("DELETE FROM hits")

    try:
        assert await store.record_feedback(1, 3, 99, "confirmed") == 0  # gone, not a crash
        assert purging["done"]
    finally:
        await store.close()
