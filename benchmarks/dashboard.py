"""The dashboard's pages at scale: every page, answered over HTTP by ``python -m bot dashboard``
on a SQLite database with a million hits, for an admin (every channel) and a moderator (49 of
50 channels); the baseline of each row is the same numbers read the old way (``/toxstats``'s
queries over the hits, every reviewed hit for the advice), timed in the same run.

    python benchmarks/dashboard.py [--hits 1000000] [--db PATH] [--repeat 5]

Discord is the test suite's fake (``tests/fake_discord.py``), so logging in and the permission
checks run as in production, minus the network. Overviews are timed cold (no reuse of counts)
and, in their own rows, warm (``DASHBOARD_OVERVIEW_CACHE_S``, 30 s by default). Run it with
nothing else busy on the machine: two cores are all there is.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import requests

from benchmarks._common import table
from benchmarks.toxstats import GUILD, seed
from bot.db.models import utcnow
from bot.db.store import Store
from tests.dashboard_env import Dashboard, login
from tests.fake_discord import (
    ADMIN,
    MANAGE_GUILD,
    MANAGE_MESSAGES,
    MODERATOR,
    VIEW_CHANNEL,
    FakeDiscord,
    World,
)

GOAL_MS = 300
PERIODS = {"1d": 0, "7d": 6, "30d": 29}  # the overview's: today, and the 6 or 29 days before


def world() -> World:
    """The benchmark's guild (``benchmarks/toxstats.py``'s: 50 channels), an admin and a
    moderator who cannot read one channel."""
    everyone = VIEW_CHANNEL | (1 << 11)
    channels = [{"id": c, "name": f"canal-{c}", "type": 0, "permission_overwrites": []} for c in range(1, 51)]
    channels[-1]["permission_overwrites"] = [{"id": 900, "type": 0, "allow": 0, "deny": VIEW_CHANNEL}]
    guild = {
        "id": GUILD, "name": "Benchmark", "owner_id": 1, "icon": None, "threads": [], "channels": channels,
        "roles": [{"id": GUILD, "name": "@everyone", "permissions": everyone},
                  {"id": 900, "name": "Moderação", "permissions": everyone | MANAGE_MESSAGES},
                  {"id": 901, "name": "Admin", "permissions": everyone | MANAGE_GUILD | MANAGE_MESSAGES}],
        "members": {ADMIN: [901], MODERATOR: [900]},
    }  # fmt: skip
    return World(users={ADMIN: "admin", MODERATOR: "moderador"}, guilds={GUILD: guild}, bot_guilds={GUILD})


def timed_get(http: requests.Session, url: str, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = http.get(url, timeout=60)
        runs.append((time.perf_counter() - started) * 1000)
        assert answer.status_code in (200, 404), (url, answer.status_code)  # 404: nothing to export
    return statistics.median(runs), max(runs)


async def store_before(url: str, repeat: int) -> dict[str, float]:
    """The baseline of each row: the same numbers read the way they were before the dashboard
    (``/toxstats``'s ``hit_stats`` + ``hits_per_day`` over the hits; every reviewed hit for the
    advice and the export), called on the store directly."""
    store = Store(url)
    await store.migrate()
    out = {}
    calls = {
        **{f"overview {p}": (lambda p=p: asyncio.gather(store.hit_stats(GUILD, since(p)),
                                                         store.hits_per_day(GUILD, since(p))))
           for p in PERIODS},
        "settings": lambda: store.reviewed_hits(GUILD),
        "export": lambda: store.reviewed_hits(GUILD),
    }  # fmt: skip
    for name, call in calls.items():
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            await call()
            runs.append((time.perf_counter() - started) * 1000)
        out[name] = statistics.median(runs)
    # page 51 of the queue: the dashboard pages by cursor (?after=the last alert shown), so the
    # row asks for the page after the 1,000th alert
    alerts, _total = await store.review_queue(GUILD, offset=999, limit=1)
    out["page 51 cursor"] = alerts[0].message_id if alerts else 0
    await store.close()
    return out


def since(period: str):
    """The start of the overview's period: whole UTC days."""
    return datetime.combine(utcnow().date() - timedelta(days=PERIODS[period]), datetime.min.time(), UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="reused when it exists (seeding 1M hits takes a minute)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    db = args.db or work / "dashboard.db"
    url = f"sqlite+aiosqlite:///{db}"
    if not db.exists():
        store = Store(url)
        asyncio.run(store.migrate())
        asyncio.run(store.close())
        started = time.perf_counter()
        seed(db, args.hits)  # straight into the hits table: the day counts are rebuilt from it
        store = Store(url)
        asyncio.run(store.recount_days())
        asyncio.run(store.close())
        seconds = time.perf_counter() - started
        print(f"seeded {args.hits:,} hits for guild {GUILD} (+10% elsewhere) in {seconds:.0f} s")
    baseline = asyncio.run(store_before(url, args.repeat))
    rows = []
    with FakeDiscord(world()) as fake:
        for cache_s, kind in (("0", "cold"), ("30", "warm")):
            dashboard = Dashboard(url, fake.api_base, work, DASHBOARD_OVERVIEW_CACHE_S=cache_s)
            try:
                for who, user in (("admin", ADMIN), ("moderator", MODERATOR)):
                    http = login(dashboard, user)
                    base = f"{dashboard.url}/g/{GUILD}"
                    pages = {f"overview {p}": f"{base}?period={p}" for p in PERIODS}
                    if kind == "cold":
                        pages["review queue"] = f"{base}/review"
                        pages["review queue, page 51"] = f"{base}/review?after={baseline['page 51 cursor']}"
                        pages["review queue, racism"] = f"{base}/review?label=racism"
                        pages["history"] = f"{base}/history"
                        if who == "admin":
                            pages |= {"settings": f"{base}/settings", "export": f"{base}/export"}
                    for page, address in pages.items():
                        if kind == "warm":
                            http.get(address, timeout=60)  # fills the reuse
                        median, worst = timed_get(http, address, args.repeat)
                        before = baseline.get(page)
                        met = "yes" if median < GOAL_MS else "**no**"
                        ratio = "" if before is None else before / median
                        rows.append([f"{page} ({kind})", who, median, worst, before or "", ratio, met])
            finally:
                dashboard.stop()
    headers = ["page", "as", "median ms", "max ms", "the old way's queries alone, ms", "x", f"< {GOAL_MS} ms"]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
