"""Soak and fault suite: the cog under thousands of messages while everything around it fails.

Drives the real cog (dpytest as Discord, a real SQLite file, a real model) with ToLD-Br texts
across many guilds and members, injecting faults at random: classifier errors, timeouts and
overload; Discord 429, 5xx, Forbidden and NotFound on delete, timeout and alert; and the
database locked by another connection for longer than its busy timeout. Then it checks:

- every action Discord carried out (a delete, a timeout) has its hit row with that action;
- no exception escaped a handler;
- the event loop was never blocked for more than 100 ms;
- the cog's own memory (tracemalloc, bot/ and classifier/ only) grows under 1 MiB per 1,000
  messages after warm-up (measured from 2,000 messages up).

    python benchmarks/soak.py --messages 10000 [--model DIR] [--guilds 50] [--members 500]

Without --model a tiny keyword BERT is trained first (about 20 s). The last line is
``invariants: all hold`` or names each broken one. Run it with nothing else busy.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import gc
import os
import random
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import discord
import discord.ext.test as dpytest
from discord.ext import commands
from discord.ext.test import backend
from sqlalchemy import select

from bot.cogs.moderation import Moderation
from bot.core.policy import Action, Escalation, Rule
from bot.db.models import Hit
from bot.db.store import Store
from bot.ops.config import Settings
from classifier import Classifier, ClassifierError, ClassifierOverloaded, ClassifierTimeout

ROOT = Path(__file__).resolve().parents[1]
TOLD_TRAIN = ROOT.parent / "shared" / "datasets" / "told-br" / "train.csv"
KEYWORDS = ["idiota", "imbecil", "merda", "porra"]  # what the tiny model learns
MAX_LAG_S = 0.100
MAX_GROWTH_PER_1000 = 1024 * 1024
MEMORY_FROM = 2000  # messages: below this, growth per 1,000 is noise


class _Response:
    def __init__(self, status: int, reason: str) -> None:
        self.status, self.reason = status, reason


def discord_error(rng: random.Random) -> discord.HTTPException:
    kind = rng.choice(("429", "5xx", "forbidden", "notfound"))
    if kind == "forbidden":
        return discord.Forbidden(_Response(403, "Forbidden"), "Missing Permissions")
    if kind == "notfound":
        return discord.NotFound(_Response(404, "Not Found"), "Unknown Message")
    status = 429 if kind == "429" else rng.choice((500, 502, 503))
    return discord.HTTPException(_Response(status, "error"), f"injected {status}")


@dataclass
class Faults:
    """Which boundary calls fail, at what rate, and what was injected and carried out."""

    rate: float
    rng: random.Random
    injected: Counter[str] = field(default_factory=Counter)
    deleted: set[int] = field(default_factory=set)  # message ids Discord actually deleted
    timed_out: set[int] = field(default_factory=set)  # message ids whose author was timed out
    alerts: int = 0

    def roll(self, where: str) -> bool:
        if self.rng.random() < self.rate:
            self.injected[where] += 1
            return True
        return False


@dataclass
class Report:
    messages: int = 0
    checked: int = 0
    flagged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    hits: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    alerts: int = 0
    injected: Counter[str] = field(default_factory=Counter)
    db_locks: int = 0
    max_lag_ms: float = 0.0
    growth_per_1000: float | None = None
    dropped_hits: int = 0
    seconds: float = 0.0
    broken: list[str] = field(default_factory=list)


def texts(n: int, rng: random.Random) -> list[str]:
    import pandas as pd

    if TOLD_TRAIN.is_file():
        pool = pd.read_csv(TOLD_TRAIN)["text"].astype(str).tolist()
    else:  # a checkout without the shared data: the tests' own Portuguese sentences
        from tests.conftest import make_texts

        pool = make_texts(500, seed=7)["text"].tolist()
    out = []
    for _ in range(n):
        words = rng.choice(pool).split()[:30] or ["oi"]
        if rng.random() < 0.3:  # some messages the keyword model flags
            words.insert(rng.randrange(len(words) + 1), rng.choice(KEYWORDS))
        out.append(" ".join(words))
    return out


def train_tiny_model(out: Path) -> Path:
    """The tests' deterministic tiny BERT, fine-tuned on its keyword data."""
    from tests.conftest import build_tiny_bert, train_args, write_data_files
    from training.run import run

    files = write_data_files(out)
    base = build_tiny_bert(out / "tiny-bert")
    run(train_args(base, files, out / "model"))
    return out / "model"


def lock_database(path: Path, seconds: float) -> None:
    """Hold the database's write lock from another connection (as a stuck process would)."""
    conn = sqlite3.connect(path, timeout=30)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        time.sleep(seconds)
        conn.rollback()
    finally:
        conn.close()


async def configure_guilds(store: Store, guilds: list[discord.Guild], rng: random.Random) -> None:
    for guild in guilds:
        alerts = next(c for c in guild.text_channels if c.name == "mod-alerts")
        await store.update(guild.id, "alert_channel", alerts.id)
        await store.update(guild.id, "threshold", 0.55, target="insult", by=None)
        await store.update(guild.id, "threshold", 0.55, target="obscene", by=None)
        await store.update(
            guild.id, "rule", rng.choice([Rule(Action.DELETE), Rule(Action.TIMEOUT, 5)]), target="insult"
        )
        await store.update(
            guild.id, "rule", rng.choice([Rule(Action.ALERT), Rule(Action.DELETE)]), target="obscene"
        )
        if rng.random() < 0.5:
            await store.update(
                guild.id, "escalation", Escalation(hits=3, window_minutes=10, timeout_minutes=15)
            )


def install_faults(cog: Moderation, faults: Faults) -> list[tuple[Any, str, Any]]:
    """Wrap the boundary calls; returns what to restore."""
    rng = faults.rng
    restore: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, name: str, new: Any) -> None:
        restore.append((owner, name, getattr(owner, name)))
        setattr(owner, name, new)

    real_score = cog.classifier.score

    async def score(text: str, *, timeout: float | None = None):
        if faults.roll("classifier"):
            raise rng.choice(
                [ClassifierTimeout("injected"), ClassifierOverloaded("injected"), ClassifierError("injected")]
            )
        return await real_score(text, timeout=timeout)

    # a message checked late is deleted by id (the backlog keeps no Message): PartialMessage's
    # delete, which Message inherits, covers both
    real_delete = discord.PartialMessage.delete

    async def delete(message: discord.PartialMessage, *args: Any, **kwargs: Any) -> None:
        if faults.roll("delete"):
            error = discord_error(rng)
            if isinstance(error, discord.NotFound):
                faults.deleted.add(message.id)  # Unknown Message: it is gone (someone was faster)
            raise error
        await real_delete(message, *args, **kwargs)
        faults.deleted.add(message.id)

    real_timeout = discord.Member.timeout
    # the message being handled, for the timeout's record: per task, since the backlog's retries
    # run beside the live messages
    current: contextvars.ContextVar[int] = contextvars.ContextVar("message")

    async def member_timeout(member: discord.Member, *args: Any, **kwargs: Any) -> None:
        if faults.roll("timeout"):
            raise discord_error(rng)
        await real_timeout(member, *args, **kwargs)
        faults.timed_out.add(current.get())

    real_send = discord.TextChannel.send

    async def send(channel: discord.TextChannel, *args: Any, **kwargs: Any):
        if channel.name == "mod-alerts" and "embed" in kwargs:
            if faults.roll("alert"):
                raise discord_error(rng)
            faults.alerts += 1
        return await real_send(channel, *args, **kwargs)

    real_check, real_retry = cog.check_message, cog.retry_waiting

    async def check_message(message: discord.Message, *args: Any, **kwargs: Any):
        current.set(message.id)
        return await real_check(message, *args, **kwargs)

    async def retry_waiting(subject):
        current.set(subject.id)
        return await real_retry(subject)

    patch(cog.classifier, "score", score)
    patch(discord.PartialMessage, "delete", delete)
    patch(discord.Member, "timeout", member_timeout)
    patch(discord.TextChannel, "send", send)
    patch(cog, "check_message", check_message)
    patch(cog, "retry_waiting", retry_waiting)
    return restore


async def run_soak(
    model: Path,
    messages: int,
    *,
    guilds: int = 50,
    members: int = 500,
    fault_rate: float = 0.05,
    db_locks: int = 2,
    lock_seconds: float = 6.0,
    seed: int = 0,
    workdir: Path | None = None,
) -> Report:
    rng = random.Random(seed)
    workdir = workdir or Path(tempfile.mkdtemp(prefix="soak-"))
    db = workdir / "soak.db"
    report = Report()
    # a mention prefix: chat that starts with "!" is not a command here
    bot = commands.Bot(command_prefix=commands.when_mentioned, intents=discord.Intents.all())
    await bot._async_setup_hook()
    dpytest.configure(
        bot, guilds=guilds, text_channels=["general", "mod-alerts"], members=max(1, members // guilds)
    )
    errors: list[BaseException] = []

    async def on_error(event: str, *args: Any, **kwargs: Any) -> None:
        errors.append(sys.exc_info()[1])

    bot.on_error = on_error
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(
        lambda _loop, ctx: errors.append(ctx.get("exception") or RuntimeError(ctx["message"]))
    )
    all_guilds = list(bot.guilds)
    for guild in all_guilds:
        role = backend.make_role("bot", guild, permissions=discord.Permissions(administrator=True).value)
        await dpytest.add_role(guild.me, role)
    store = Store(f"sqlite+aiosqlite:///{db}")
    await store.migrate()
    classifier = await Classifier.load(model, "cpu", max_wait_ms=1)
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{db}", pending_hits_max=100_000)
    cog = Moderation(bot, settings, classifier=classifier, store=store)
    await bot.add_cog(cog)
    await configure_guilds(store, all_guilds, rng)
    faults = Faults(fault_rate, rng)
    restore = install_faults(cog, faults)

    lag = 0.0
    stop = asyncio.Event()
    measuring = False  # the memory snapshot itself holds the loop: not the bot's doing

    async def watch_loop() -> None:
        nonlocal lag
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            if not measuring:
                lag = max(lag, now - last - 0.01)
            last = now

    async def our_memory() -> int:
        nonlocal measuring
        measuring = True
        gc.collect()
        size = sum(s.size for s in tracemalloc.take_snapshot().filter_traces(ours).statistics("filename"))
        await asyncio.sleep(0.02)  # the watcher wakes up inside the gap, and skips it
        measuring = False
        return size

    watcher = asyncio.create_task(watch_loop())
    lock_at = set(
        rng.sample(range(messages // 10, messages), min(db_locks, max(0, messages - messages // 10)))
    )
    locks: list[asyncio.Task] = []
    posters = {g.id: [m for m in g.members if not m.bot] for g in all_guilds}
    corpus = texts(messages, rng)
    measure_memory = messages >= 2 * MEMORY_FROM
    if measure_memory:
        tracemalloc.start()  # slows allocation: only where growth can be measured
    ours = [tracemalloc.Filter(True, f"{ROOT}/bot/*"), tracemalloc.Filter(True, f"{ROOT}/classifier/*")]
    warm_size = None
    started = time.perf_counter()
    try:
        for i, text in enumerate(corpus):
            if i in lock_at:
                report.db_locks += 1
                locks.append(asyncio.create_task(asyncio.to_thread(lock_database, db, lock_seconds)))
                await asyncio.sleep(0.05)  # let the lock be taken before the next message
            guild = rng.choice(all_guilds)
            channel = next(c for c in guild.text_channels if c.name == "general")
            await dpytest.message(text, channel=channel, member=rng.choice(posters[guild.id]))
            await dpytest.empty_queue()  # the fake Discord's outbox, not the bot's memory
            report.messages += 1
            if measure_memory and report.messages == MEMORY_FROM:
                warm_size = await our_memory()
        await asyncio.gather(*locks)
        # the faults stop: what waited for the classifier is scored and acted on (still through
        # the recording fakes), the checks in flight finish, and what waited for the database
        # is written, before the records are compared with what Discord did
        faults.rate = 0.0
        await asyncio.wait_for(cog.backlog.drain(cog.retry_waiting), 60)
        await asyncio.wait_for(cog.idle.wait(), 60)
        await cog.hit_buffer.flush()
        if measure_memory and warm_size is not None:
            end_size = await our_memory()
            report.growth_per_1000 = (end_size - warm_size) / ((messages - MEMORY_FROM) / 1000)
    finally:
        if measure_memory:
            tracemalloc.stop()
        report.seconds = time.perf_counter() - started
        stop.set()
        await watcher
        for owner, name, value in restore:
            setattr(owner, name, value)

    async with store.session() as s:
        hits = list((await s.execute(select(Hit.message_id, Hit.action))).all())
    report.hits = len(hits)
    report.flagged = len({m for m, _ in hits}) + len(cog.hit_buffer)
    report.skipped = cog.metrics.not_checked()
    report.checked = report.messages - sum(report.skipped.values())
    report.actions = Counter({"delete": len(faults.deleted), "timeout": len(faults.timed_out)})
    report.alerts = faults.alerts
    report.injected = faults.injected
    report.max_lag_ms = lag * 1000
    report.dropped_hits = cog.hit_buffer.dropped

    # -- invariants -------------------------------------------------------------------------------
    recorded = {m for m, action in hits if action in ("delete", "timeout")}
    acted = faults.deleted | faults.timed_out
    if missing := acted - recorded:
        report.broken.append(f"{len(missing)} action(s) without a hit row (e.g. message {min(missing)})")
    if claimed := recorded - acted:
        report.broken.append(f"{len(claimed)} hit row(s) claim an action Discord did not carry out")
    if cog.hit_buffer.pending or cog.hit_buffer.dropped:
        report.broken.append(f"{len(cog.hit_buffer)} hit(s) never written, {cog.hit_buffer.dropped} dropped")
    if errors:
        report.broken.append(f"{len(errors)} unhandled exception(s), first: {errors[0]!r}")
    if lag > MAX_LAG_S:
        report.broken.append(f"event loop blocked for {lag * 1000:.0f} ms (limit {MAX_LAG_S * 1000:.0f})")
    if report.growth_per_1000 is not None and report.growth_per_1000 > MAX_GROWTH_PER_1000:
        report.broken.append(f"memory grows {report.growth_per_1000 / 1024:.0f} KiB per 1,000 messages")

    await bot.remove_cog("Moderation")
    await classifier.aclose()
    await store.close()
    loop.set_exception_handler(None)
    return report


def format_report(r: Report) -> str:
    rows = [
        ("messages seen", r.messages),
        ("checked (scored)", r.checked),
        *((f"skipped: {reason}", n) for reason, n in sorted(r.skipped.items())),
        ("flagged messages", r.flagged),
        ("hits recorded", r.hits),
        *((f"actions carried out: {a}", n) for a, n in sorted(r.actions.items())),
        ("alerts sent", r.alerts),
        *((f"faults injected: {k}", n) for k, n in sorted(r.injected.items())),
        ("database locked (times)", r.db_locks),
        ("max event-loop lag (ms)", f"{r.max_lag_ms:.1f}"),
        (
            "memory growth per 1,000 messages (KiB)",
            "not measured (fewer than 4,000 messages)"
            if r.growth_per_1000 is None
            else f"{r.growth_per_1000 / 1024:.1f}",
        ),
        ("seconds", f"{r.seconds:.1f}"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k:<{width}}  {v}" for k, v in rows]
    lines += [f"broken: {b}" for b in r.broken]
    lines.append("invariants: all hold" if not r.broken else f"invariants: {len(r.broken)} broken")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--model", type=Path, help="a model directory (default: train the tiny test model)")
    parser.add_argument("--guilds", type=int, default=50)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--fault-rate", type=float, default=0.05, help="share of boundary calls that fail")
    parser.add_argument("--db-locks", type=int, default=2, help="times another process locks the database")
    parser.add_argument("--lock-seconds", type=float, default=6.0, help="longer than the 5 s busy timeout")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    model = args.model or train_tiny_model(Path(tempfile.mkdtemp(prefix="soak-model-")))
    report = asyncio.run(
        run_soak(
            model,
            args.messages,
            guilds=args.guilds,
            members=args.members,
            fault_rate=args.fault_rate,
            db_locks=args.db_locks,
            lock_seconds=args.lock_seconds,
            seed=args.seed,
        )
    )
    print(format_report(report))
    sys.exit(0 if not report.broken else 1)


if __name__ == "__main__":
    main()
