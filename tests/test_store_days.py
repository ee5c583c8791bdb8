"""The day counts (``hit_days``) the dashboard's overview reads, and the reads behind threshold
advice and the export: written with the hits, kept with them, equal to counting the hits."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from bot.core.policy import Action, Decision, LabelHit
from bot.db.models import utc_day, utcnow
from bot.db.store import HitRecord, Store


def record(guild: int, channel: int, message: int, labels: list[str], when: datetime, action=Action.ALERT):
    hits = tuple(LabelHit(label, 0.9, 0.5, action) for label in labels)
    return HitRecord(guild, channel, message, 7, Decision(hits=hits, action=action), action, "m", None, when)


async def test_day_counts_equal_counting_the_hits_per_whole_day_also_after_an_edit(db_url):
    store = Store(db_url)
    await store.migrate()
    now = utcnow()
    today = now.date()
    try:
        messages = [
            (0, 1, ["insult"], Action.ALERT),
            (0, 2, ["insult", "racism"], Action.DELETE),
            (1, 1, ["obscene"], Action.LOG),
            (3, 2, ["racism"], Action.ALERT),
            (9, 1, ["insult"], Action.ALERT),
        ]
        for i, (days, channel, labels, action) in enumerate(messages):
            when = datetime.combine(today - timedelta(days=days), datetime.min.time(), UTC) + timedelta(
                hours=1
            )
            await store.record_hits(record(1, channel, 100 + i, labels, min(when, now), action))
        await store.record_hits(record(1, 2, 101, ["misogyny"], now))  # an edit: a label, no new message
        await store.record_hits(record(2, 1, 999, ["insult"], now))  # another guild
        first = today - timedelta(days=6)
        days, per_day = await store.day_stats(1, first)
        since = datetime.combine(first, datetime.min.time(), UTC)
        counted = await store.hit_stats(1, since)
        assert (days.total_messages, days.per_label, days.per_action) == (
            counted.total_messages, counted.per_label, counted.per_action
        )  # fmt: skip
        assert days.total_messages == 4 and days.per_label["insult"] == 2 and days.per_label["misogyny"] == 1
        assert per_day == await store.hits_per_day(1, since)
        # a moderator who reads channel 1 only
        only_1, _ = await store.day_stats(1, first, channel_ids=[1])
        assert only_1.total_messages == 2 and only_1.top_channels == [(1, 2)]
        # retention drops the days wholly before its cutoff; a guild's removal drops them all
        await store.purge_before(datetime.combine(today - timedelta(days=2), datetime.min.time(), UTC))
        assert set((await store.day_stats(1, today - timedelta(days=30)))[1]) == {
            today,
            today - timedelta(days=1),
        }
        await store.delete_guild(1)
        assert (await store.day_stats(1, today - timedelta(days=30)))[0].total_messages == 0
        assert (await store.day_stats(2, today))[0].total_messages == 1
    finally:
        await store.close()


async def test_review_scores_keep_each_hits_latest_verdict(db_url):
    store = Store(db_url)
    await store.migrate()
    try:
        await store.record_hits(record(1, 1, 10, ["insult", "racism"], utcnow()))
        await store.record_hits(record(1, 1, 11, ["insult"], utcnow()))
        await store.record_hits(record(2, 1, 12, ["insult"], utcnow()))
        await store.record_feedback(1, 10, 5, "confirmed")
        await store.record_feedback(1, 10, 6, "false_positive")  # a second moderator, later: it wins
        await store.record_feedback(1, 11, 5, "confirmed")
        await store.record_feedback(2, 12, 5, "confirmed")
        scores = await store.review_scores(1, {"insult": 0.5, "racism": 0.5})
        assert sorted(scores["insult"]) == [(0.9, False), (0.9, True)] and scores["racism"] == [(0.9, False)]
        slow = {(h.message_id, h.label): h.verdict for h in await store.reviewed_hits(1)}
        assert slow == {
            (10, "insult"): "false_positive",
            (10, "racism"): "false_positive",
            (11, "insult"): "confirmed",
        }
        assert await store.reviewed_count(1) == 3 and await store.reviewed_count() == 4
        assert await store.reviewed_hits(1, with_text=True) == []  # none kept its text
    finally:
        await store.close()


def test_migration_0006_counts_the_existing_hits_by_day(tmp_path):
    db = tmp_path / "old.db"
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{db}"}

    def run(*args: str) -> None:
        command = [sys.executable, "-m", "alembic", *args]
        subprocess.run(command, env={**os.environ, **env}, check=True, capture_output=True)

    run("upgrade", "0005")
    with sqlite3.connect(db) as conn:
        row = "(?, 1, ?, ?, 7, ?, 0.9, 0.5, 'alert', 'm', NULL, ?, ?)"
        conn.executemany(
            "INSERT INTO hits (id, guild_id, channel_id, message_id, author_id, label, score, threshold, "
            f"action, model_id, content, created_at, opens_message) VALUES {row}",
            [
                (1, 10, 100, "insult", "2026-11-01 10:00:00.000000", 1),
                (2, 10, 100, "racism", "2026-11-01 10:00:00.000000", 0),
                (3, 10, 101, "insult", "2026-11-01 23:59:00.000000", 1),
                (4, 11, 102, "insult", "2026-11-02 00:01:00.000000", 1),
            ],
        )
    run("upgrade", "head")
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select day, channel_id, label, hits, messages from hit_days order by 1, 2, 3"
        ).fetchall()
    assert rows == [
        ("2026-11-01", 10, "insult", 2, 2),
        ("2026-11-01", 10, "racism", 1, 0),
        ("2026-11-02", 11, "insult", 1, 1),
    ]
    assert utc_day(datetime(2026, 11, 1, 23, 59)) == datetime(2026, 11, 1).date()
    run("downgrade", "0005")
    with sqlite3.connect(db) as conn:
        assert "hit_days" not in {r[0] for r in conn.execute("select name from sqlite_master")}


async def test_review_scores_give_advice_exactly_what_the_raw_scores_give(db_url):
    import random

    from bot.core.advice import advise

    rng = random.Random(7)
    store = Store(db_url)
    await store.migrate()
    try:
        raw: dict[str, list[tuple[float, bool]]] = {"insult": [], "racism": []}
        for i in range(240):
            label = "insult" if i % 3 else "racism"
            score = round(rng.uniform(0.3, 1.0), 6)
            hit = LabelHit(label, score, 0.3, Action.ALERT)
            await store.record_hits(
                HitRecord(1, 1, 1000 + i, 7, Decision((hit,), Action.ALERT), Action.ALERT, "m", None)
            )
            ok = rng.random() < score  # higher scores more often confirmed
            await store.record_feedback(1, 1000 + i, 5, "confirmed" if ok else "false_positive")
            raw[label].append((score, ok))
        for current in ({"insult": 0.4637, "racism": 0.5}, {"insult": 0.71, "racism": 0.333333}):
            bucketed = await store.review_scores(1, current)
            for label, pairs in raw.items():
                for target in (0.8, 0.9, 0.95):
                    assert advise(label, bucketed[label], current[label], target) == advise(
                        label, pairs, current[label], target
                    ), (label, current, target)
    finally:
        await store.close()


async def test_day_counts_can_be_rebuilt_from_the_hits(db_url):
    store = Store(db_url)
    await store.migrate()
    try:
        now = utcnow()
        await store.record_hits(record(1, 1, 10, ["insult", "racism"], now))
        await store.record_hits(record(1, 2, 11, ["insult"], now - timedelta(days=2)))
        before = await store.day_stats(1, now.date() - timedelta(days=6))
        assert await store.recount_days() == 3
        assert await store.day_stats(1, now.date() - timedelta(days=6)) == before
    finally:
        await store.close()
