"""The overview's days in the reader's time zone (``bot/db/days.py``): read from the UTC day
counts and a few hour counts, equal to counting the hits by their local day, on SQLite and
PostgreSQL; and migration 0008, which fills the hour counts from the hits already there."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.core.policy import Action, Decision, LabelHit
from bot.db.days import DayPlan, local_day
from bot.db.models import utc_hour
from bot.db.store import HitRecord, Store

SAO_PAULO = ZoneInfo("America/Sao_Paulo")


def record(channel: int, message: int, labels: list[str], when: datetime, action=Action.ALERT) -> HitRecord:
    hits = tuple(LabelHit(label, 0.9, 0.5, action) for label in labels)
    return HitRecord(1, channel, message, 7, Decision(hits=hits, action=action), action, "m", None, when)


async def test_a_hit_at_0130_utc_is_the_day_before_in_sao_paulo_and_that_day_in_utc(db_url):
    store = Store(db_url)
    await store.migrate()
    try:
        await store.record_hits(record(1, 10, ["insult"], datetime(2026, 12, 5, 1, 30, tzinfo=UTC)))
        await store.record_hits(record(1, 11, ["racism"], datetime(2026, 12, 5, 12, 0, tzinfo=UTC)))
        first, today = date(2026, 12, 1), date(2026, 12, 7)
        stats, days = await store.day_stats(1, first, zone=UTC, today=today)
        assert days == {date(2026, 12, 5): Counter(insult=1, racism=1)}
        assert stats.total_messages == 2
        stats, days = await store.day_stats(1, first, zone=SAO_PAULO, today=today)
        assert days == {date(2026, 12, 4): Counter(insult=1), date(2026, 12, 5): Counter(racism=1)}
        assert stats.total_messages == 2 and stats.top_channels == [(1, 2)]
        # "today" in São Paulo starts at 03:00 UTC: the 01:30 hit is yesterday's there
        stats, days = await store.day_stats(1, date(2026, 12, 5), zone=SAO_PAULO, today=date(2026, 12, 5))
        assert days == {date(2026, 12, 5): Counter(racism=1)} and stats.per_action == Counter(alert=1)
        stats, days = await store.day_stats(1, date(2026, 12, 4), zone=SAO_PAULO, today=date(2026, 12, 4))
        assert days == {date(2026, 12, 4): Counter(insult=1)} and stats.per_label == Counter(insult=1)
    finally:
        await store.close()


@pytest.mark.parametrize(
    "zone", ["UTC", "America/Sao_Paulo", "America/New_York", "Asia/Kolkata", "Pacific/Kiritimati"]
)
async def test_local_days_equal_counting_each_hit_by_the_local_day_of_its_hour(db_url, zone):
    """300 hits over 12 days around New York's change of time (1 November 2026), in three
    channels with four actions, compared with counting them one by one; a moderator's channels."""
    tz = ZoneInfo(zone)
    rng = random.Random(zone)
    store = Store(db_url)
    await store.migrate()
    try:
        start = datetime(2026, 10, 26, tzinfo=UTC)
        hits = []
        for i in range(300):
            when = start + timedelta(seconds=rng.uniform(0, 12 * 86400))
            labels = rng.sample(["insult", "racism", "obscene"], rng.choice([1, 1, 2]))
            channel, action = rng.randint(1, 3), rng.choice(list(Action))
            hits.append((when, channel, labels, action))
            await store.record_hits(record(channel, 1000 + i, labels, when, action))
        first, today = date(2026, 10, 28), date(2026, 11, 4)
        for channels in (None, [1, 2]):
            per_day: dict[date, Counter] = {}
            per_action, per_channel = Counter(), Counter()
            for when, channel, labels, action in hits:
                day = local_day(utc_hour(when), tz)
                if not first <= day <= today or (channels is not None and channel not in channels):
                    continue
                for label in labels:
                    per_day.setdefault(day, Counter())[label] += 1
                per_action[action.label] += 1
                per_channel[channel] += 1
            stats, days = await store.day_stats(1, first, channels, zone=tz, today=today)
            assert days == per_day
            assert stats.per_action == per_action and stats.total_messages == sum(per_action.values())
            assert stats.per_label == sum(per_day.values(), Counter())
            assert stats.top_channels == sorted(per_channel.items(), key=lambda kv: (-kv[1], kv[0]))
    finally:
        await store.close()


def test_the_plan_reads_few_hours_and_none_in_utc():
    week = (date(2026, 12, 1), date(2026, 12, 7))
    assert DayPlan.of(*week, UTC).moved == {}
    sao_paulo = DayPlan.of(*week, SAO_PAULO)
    assert len(sao_paulo.moved) == 3 * 8  # 00:00-02:59 UTC of the 8 UTC days the week touches
    assert sao_paulo.since == datetime(2026, 12, 1, 3, tzinfo=UTC)
    # a period's totals need only the hours across its two edges
    assert sorted(sao_paulo.edges.values()) == [-1] * 3 + [1] * 3


async def test_migration_0008_counts_the_existing_hits_by_hour(db_url, tmp_path):
    env = {**os.environ, "DATABASE_URL": db_url}

    def alembic(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "alembic", *args], env=env, check=True, capture_output=True)

    alembic("upgrade", "0007")
    rows = [
        (1, 10, 100, "insult", datetime(2026, 11, 1, 1, 30, tzinfo=UTC), True),
        (2, 10, 100, "racism", datetime(2026, 11, 1, 1, 30, tzinfo=UTC), False),
        (3, 10, 101, "insult", datetime(2026, 11, 1, 1, 59, 59, tzinfo=UTC), True),
        (4, 11, 102, "insult", datetime(2026, 11, 1, 2, 0, tzinfo=UTC), True),
        (5, 11, 103, "insult", datetime.combine(date(2026, 11, 2), time(23, 59), UTC), True),
    ]
    engine = create_async_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO hits (id, guild_id, channel_id, message_id, author_id, label, score, "
                    "threshold, action, model_id, content, created_at, opens_message) VALUES "
                    "(:id, 1, :channel, :message, 7, :label, 0.9, 0.5, 'alert', 'm', NULL, :at, :opens)"
                ),
                [
                    dict(id=i, channel=c, message=m, label=label, at=at, opens=o)
                    for i, c, m, label, at, o in rows
                ],
            )
        alembic("upgrade", "head")
        query = "SELECT hour, channel_id, label, hits, messages FROM hit_hours ORDER BY 1, 2, 3"
        async with engine.connect() as conn:
            counted = [tuple(r) for r in (await conn.execute(text(query))).all()]
        one_thirty = utc_hour(rows[0][4])
        assert counted == [
            (one_thirty, 10, "insult", 2, 2),
            (one_thirty, 10, "racism", 1, 0),
            (one_thirty + 1, 11, "insult", 1, 1),
            (utc_hour(rows[4][4]), 11, "insult", 1, 1),
        ]
        # what the store writes for a new hit, and its rebuild, count the same hours
        store = Store(db_url)
        try:
            await store.recount_days()
            async with engine.connect() as conn:
                assert [tuple(r) for r in (await conn.execute(text(query))).all()] == counted
            stats, days = await store.day_stats(
                1, date(2026, 10, 31), zone=SAO_PAULO, today=date(2026, 11, 2)
            )
            assert days == {
                date(2026, 10, 31): Counter(insult=3, racism=1),
                date(2026, 11, 2): Counter(insult=1),
            }
            assert stats.total_messages == 4  # 01:30-02:00 UTC on 1 November is 31 October there
        finally:
            await store.close()
        alembic("downgrade", "0007")
        async with engine.connect() as conn:
            with pytest.raises(Exception, match="hit_hours"):
                await conn.execute(text("SELECT 1 FROM hit_hours"))
    finally:
        await engine.dispose()
