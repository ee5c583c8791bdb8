"""``/toxstats`` at scale: counting in SQL against pulling every hit into Python; and what
``/review`` and ``/threshold advise`` read, on the same database.

Seeds a SQLite database (the default backend) with ``--hits`` hits for one guild over 30 days
(50 channels, 5,000 members, 6 labels, scores spread over [0.5, 1), 5% reviewed) plus 10% for
other guilds, then times the report both ways while a ticker measures how long the event loop was blocked.

    python benchmarks/toxstats.py [--hits 1000000] [--db PATH] [--repeat 3]

A review page must come back well within Discord's 3-second deadline for answering a button.

Run it with nothing else busy on the machine: two cores are all there is.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sqlalchemy import func, select

from benchmarks._common import table
from bot.db.models import Feedback, Hit, utcnow
from bot.db.store import HitStats, Store

GUILD = 1
LABELS = ["homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia"]
ACTIONS = ["log", "alert", "alert", "alert", "delete", "timeout"]


def seed(db: Path, hits: int) -> None:
    rng = random.Random(0)
    now = utcnow()
    conn = sqlite3.connect(db)
    rows, feedback = [], []
    message = 10**17
    hit_id = 0
    total = int(hits * 1.1)
    while hit_id < total:
        message += 1
        guild = GUILD if hit_id < hits else rng.randint(2, 50)
        when = (now - timedelta(seconds=rng.uniform(0, 30 * 86400))).isoformat(sep=" ")
        channel, author, action = rng.randint(1, 50), rng.randint(1, 5000), rng.choice(ACTIONS)
        for i, label in enumerate(rng.sample(LABELS, rng.choice((1, 1, 1, 2)))):
            hit_id += 1
            opens = i == 0  # the first row of a message opens it, as Store.record_hits writes
            score = round(0.5 + rng.random() / 2, 6)  # over its 0.5 threshold, spread as real scores are
            # the author's display name, as the bot records it since migration 0009
            row = (hit_id, guild, channel, message, author, f"membro {author}", label, score, 0.5, action,
                   "bench", None, when)  # fmt: skip
            rows.append((*row, opens))
            if rng.random() < 0.05:
                verdict = "confirmed" if rng.random() < 0.8 else "false_positive"
                feedback.append((hit_id, 42, verdict, when))
        if len(rows) >= 50_000:
            _flush(conn, rows, feedback)
    _flush(conn, rows, feedback)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def _flush(conn: sqlite3.Connection, rows: list, feedback: list) -> None:
    conn.executemany(
        "INSERT INTO hits (id, guild_id, channel_id, message_id, author_id, author_name, label, score,"
        " threshold, action, model_id, content, created_at, opens_message)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    conn.executemany(
        "INSERT INTO feedback (hit_id, moderator_id, verdict, created_at) VALUES (?,?,?,?)", feedback
    )
    rows.clear()
    feedback.clear()


async def python_side(store: Store, guild_id: int, since) -> HitStats:
    """The report as it was: every hit of the period fetched and counted in Python."""
    conds = [Hit.guild_id == guild_id, Hit.created_at >= since]
    async with store.session() as s:
        rows = (
            await s.execute(
                select(Hit.message_id, Hit.label, Hit.action, Hit.channel_id, Hit.author_id).where(*conds)
            )
        ).all()
        verdicts = (
            await s.execute(
                select(Feedback.verdict, func.count())
                .join(Hit, Feedback.hit_id == Hit.id)
                .where(*conds)
                .group_by(Feedback.verdict)
            )
        ).all()
    per_message_action = {r.message_id: r.action for r in rows}
    channels = Counter({r.message_id: r.channel_id for r in rows}.values())
    members = Counter({r.message_id: r.author_id for r in rows}.values())
    counts = dict(verdicts)
    return HitStats(
        total_messages=len(per_message_action),
        per_label=Counter(r.label for r in rows),
        per_action=Counter(per_message_action.values()),
        top_channels=channels.most_common(5),
        top_members=members.most_common(5),
        confirmed=int(counts.get("confirmed", 0)),
        false_positives=int(counts.get("false_positive", 0)),
    )


async def with_chart(store: Store, guild_id: int, since) -> HitStats:
    """What ``/toxstats`` does now: both queries side by side, then the chart drawn in its process."""
    from bot.presentation import charts

    stats, per_day = await asyncio.gather(
        store.hit_stats(guild_id, since), store.hits_per_day(guild_id, since)
    )
    labels = sorted({label for counts in per_day.values() for label in counts})
    days, counts = charts.daily_counts(per_day, since.date(), utcnow().date(), labels)
    await charts.render(days, counts, title="Sentinela", subtitle="last 30d")
    return stats


async def timed(fn, *args) -> tuple[float, float, HitStats]:
    """Seconds for one call and the longest the event loop went without running the ticker."""
    stall = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal stall
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            stall = max(stall, now - last - 0.002)
            last = now

    tick = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    started = time.perf_counter()
    result = await fn(*args)
    seconds = time.perf_counter() - started
    done.set()
    await tick
    return seconds, stall, result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="default: a temporary file")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "toxstats.db"
    db.unlink(missing_ok=True)
    store = Store(f"sqlite+aiosqlite:///{db}")
    await store.migrate()
    started = time.perf_counter()
    seed(db, args.hits)
    seconds = time.perf_counter() - started
    print(f"seeded {args.hits:,} hits for guild {GUILD} (+10% elsewhere) in {seconds:.1f} s")
    since = utcnow() - timedelta(days=30)
    rows, results = [], {}
    ways = [
        ("python side (before)", python_side),
        ("SQL GROUP BY (the numbers)", Store.hit_stats),
        ("with the chart: + hits per day (GROUP BY day, label), PNG drawn in its process", with_chart),
    ]
    for name, fn in ways:
        runs = [await timed(fn, store, GUILD, since) for _ in range(args.repeat)]
        results[name] = runs[-1][2]
        rows.append([name, statistics.median(r[0] for r in runs) * 1000, max(r[1] for r in runs) * 1000])
    review_rows = []
    moderator_reads = [
        ("/review: first page (newest unreviewed alert, and how many)", lambda: store.review_queue(GUILD)),
        ("/review: page 1,000", lambda: store.review_queue(GUILD, offset=999)),
        ("/review label=racism: first page", lambda: store.review_queue(GUILD, label="racism")),
        ("/threshold advise before: every reviewed hit with its verdict", lambda: store.reviewed_hits(GUILD)),
        (
            "/threshold advise now: reviewed scores counted in 0.01 buckets",
            lambda: store.review_scores(GUILD, dict.fromkeys(LABELS, 0.5)),
        ),
    ]
    for name, call in moderator_reads:
        runs = [await timed(call) for _ in range(args.repeat)]
        review_rows.append(
            [name, statistics.median(r[0] for r in runs) * 1000, max(r[1] for r in runs) * 1000]
        )
    await store.close()
    baseline = rows[0][1]
    for row in rows:
        row.append(baseline / row[1])
    print(table(["/toxstats for 30 days", "median ms", "max event-loop stall ms", "x before"], rows))
    before, now, _ = results.values()
    same = (before.total_messages, before.per_label, before.confirmed) == (
        now.total_messages,
        now.per_label,
        now.confirmed,
    )
    print(f"same totals, labels and feedback counts: {same}")
    print(table(["what moderators read", "median ms", "max event-loop stall ms"], review_rows))


if __name__ == "__main__":
    asyncio.run(main())
