"""A cluster: processes with their own shards on one PostgreSQL, and the shard settings that get them
there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import discord

from bot.cli.app import SentinelaBot, shard_of
from bot.ops.config import Settings

ROOT = Path(__file__).resolve().parents[1]


CLUSTER_WORKER = textwrap.dedent(
    """
    import asyncio, json, sys
    from bot.cli.app import SentinelaBot, shard_of
    from bot.ops.config import Settings
    from bot.db.store import HitRecord, Store
    from bot.core.policy import Action, Decision, LabelHit

    async def main(url, count, ids):
        settings = Settings(_env_file=None, database_url=url, shard_count=count, shard_ids=ids)
        bot = SentinelaBot(settings)  # the real bot class: its shards are this slice
        mine = [g for g in range(1, 41) if shard_of(g << 22, bot.shard_count) in bot.shard_ids]
        store = Store(url)
        await store.migrate()  # both processes start together: one migrates, one waits
        hit = Decision((LabelHit("insult", 0.9, 0.5, Action.ALERT),), Action.ALERT)
        for k in mine:
            guild = k << 22
            await store.update(guild, "threshold", 0.6, target="insult")
            for n in range(10):
                await store.record_hits(HitRecord(guild_id=guild, channel_id=1, message_id=guild + n,
                                        author_id=9, decision=hit, action_taken=Action.ALERT, model_id="m",
                                        content=None))
            await store.record_feedback(guild, guild, moderator_id=5, verdict="confirmed")
        await store.close()
        print(json.dumps({"shards": bot.shard_ids, "guilds": mine}))

    asyncio.run(main(sys.argv[1], int(sys.argv[2]), [int(x) for x in sys.argv[3].split(",")]))
    """
)


def test_two_cluster_processes_with_their_own_shards_share_one_postgresql(pg_server):
    import asyncio

    url = asyncio.run(pg_server.create_database("cluster"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLUSTER_WORKER, url, "4", ids],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for ids in ("0,1", "2,3")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err[-2000:]
    reports = [json.loads(out) for out, _ in outputs]
    assert [r["shards"] for r in reports] == [[0, 1], [2, 3]]
    owned = [set(r["guilds"]) for r in reports]
    assert owned[0].isdisjoint(owned[1]) and owned[0] | owned[1] == set(range(1, 41))

    async def check() -> None:
        from sqlalchemy import func, select

        from bot.db.models import Feedback, Hit, LabelThreshold
        from bot.db.store import Store

        store = Store(url)
        try:
            async with store.session() as s:
                hits = dict(
                    (await s.execute(select(Hit.guild_id, func.count()).group_by(Hit.guild_id))).all()
                )
                thresholds = await s.scalar(select(func.count()).select_from(LabelThreshold))
                feedback = await s.scalar(select(func.count()).select_from(Feedback))
        finally:
            await store.close()
        assert hits == {k << 22: 10 for k in range(1, 41)}
        assert (thresholds, feedback) == (40, 40)

    asyncio.run(check())


def test_shard_settings_reach_the_sharded_bot(monkeypatch):
    monkeypatch.setenv("SHARD_COUNT", "4")
    monkeypatch.setenv("SHARD_IDS", "2,3")
    bot = SentinelaBot(Settings(_env_file=None))
    assert isinstance(bot, discord.AutoShardedClient)
    assert (bot.shard_count, bot.shard_ids) == (4, [2, 3])
    # Discord's rule: a guild belongs to shard (guild_id >> 22) % shard_count
    assert [shard_of(g << 22, 4) for g in range(6)] == [0, 1, 2, 3, 0, 1]
