"""One bot process for the fail-safe checks: the real cog, store and classifier, Discord faked by
dpytest at the process boundary, and the same SIGTERM/SIGINT handling as ``python -m bot``.

    python benchmarks/botproc.py --database-url URL (--model DIR | --classifier-url URL [--token T])
                                 --events FILE

Reads one JSON command per line on stdin and answers one JSON line per command on stdout:

- ``{"op": "message", "n": 7, "text": "..."}``: a member posts it in #general; answer
  ``{"ack": 7, "id": <message id>}`` once the cog has seen it;
- ``{"op": "state"}``: ``{"pending_hits", "backlog", "dropped", "drained", "circuit", "in_flight",
  "database_errors"}``.

What the bot does to Discord is appended to ``--events`` as JSON lines: ``{"deleted": id}``,
``{"alert": id}`` (the message an alert is about), ``{"gateway": "closed"}`` (the connection to
Discord closed by a stop); and what the bot says of itself: ``{"fate": "scored_live" |
"scored_late" | "dropped" | "not_checked", "id": id, "reason": ...}`` (its ``bot.trace`` log, one
per message), ``{"probe": t, "pid": pid}`` (a health check that called the model service).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import discord
import discord.ext.test as dpytest
from discord.ext import commands
from discord.ext.test import backend

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bot.cogs.moderation import Moderation
from bot.core.policy import Action, Escalation, Rule
from bot.db.store import Store
from bot.ops.config import Settings
from bot.ops.shutdown import close_on_signals

JUMP = re.compile(r"/channels/\d+/\d+/(\d+)")


def say(payload: dict) -> None:
    print(json.dumps(payload), flush=True)


def append_to(events: Path) -> Callable[[dict], None]:
    def log(entry: dict) -> None:
        with events.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    return log


def record_discord_calls(bot: commands.Bot, events: Path, alerts_channel: int) -> None:
    """Log deletes and alerts as Discord reports them back (dpytest's gateway events)."""
    log = append_to(events)

    async def on_raw_message_delete(payload: discord.RawMessageDeleteEvent) -> None:
        log({"deleted": payload.message_id})

    async def on_message(message: discord.Message) -> None:
        if message.channel.id == alerts_channel and message.author == bot.user:
            for embed in message.embeds:
                found = JUMP.search(json.dumps(embed.to_dict()))
                if found:
                    log({"alert": int(found.group(1))})

    bot.add_listener(on_raw_message_delete)
    bot.add_listener(on_message)


class Fates(logging.Handler):
    """Each message's fate, as the cog traces it (``bot.trace`` at DEBUG), into the events file."""

    def __init__(self, events: Path) -> None:
        super().__init__(logging.DEBUG)
        self.log = append_to(events)

    def emit(self, record: logging.LogRecord) -> None:
        fate = getattr(record, "fate", None)
        if fate is not None:
            self.log({"fate": fate, "id": record.subject_id, "reason": record.reason})


class Gateway:
    """The fake gateway's socket: what ``Client.close()`` closes, reported as an event."""

    open = True

    def __init__(self, events: Path) -> None:
        self.log = append_to(events)

    async def close(self, code: int = 1000) -> None:
        self.open = False
        self.log({"gateway": "closed"})


def count_probe_calls(classifier: object, events: Path) -> None:
    """Log each health check that calls the model service (a closed circuit: an open one answers
    without a call), to measure the calls health checks cause."""
    probe, log = getattr(classifier, "probe", None), append_to(events)
    breaker = getattr(classifier, "breaker", None)
    if probe is None or breaker is None:
        return

    async def counted(timeout: float) -> str | None:
        if breaker.state == "closed":
            log({"probe": time.time(), "pid": os.getpid()})
        return await probe(timeout)

    classifier.probe = counted  # type: ignore[attr-defined]


async def main(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=args.log_level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    await bot._async_setup_hook()
    settings = Settings(
        _env_file=None,
        database_url=args.database_url,
        sentinela_model=args.model or "unused",
        classifier_url=args.classifier_url,
        classifier_token=args.token,
        store_content=False,
        request_timeout_s=args.request_timeout_s,
        backlog_max_age_s=args.backlog_max_age_s,
        shutdown_timeout_s=args.shutdown_timeout_s,
        max_wait_ms=2,
        health_port=args.health_port,
        health_host="127.0.0.1",
        config_cache_ttl_s=args.config_ttl_s,
    )
    # the cog builds its classifier and its store, and closes them on unload, as python -m bot's
    cog = Moderation(bot, settings)
    dpytest.configure(bot, text_channels=["general", "mod-alerts"], members=["member"])
    await bot.add_cog(cog)
    cfg = dpytest.get_config()
    guild, channel, alerts, member = cfg.guilds[0], cfg.channels[0], cfg.channels[1], cfg.members[0]
    role = backend.make_role("bot", guild, permissions=discord.Permissions(administrator=True).value)
    await dpytest.add_role(guild.me, role)
    store = Store(settings.database_url)  # the guild's settings, as an admin's commands would write them
    await store.update(guild.id, "alert_channel", alerts.id, by=None)
    await store.update(guild.id, "rule", Rule(Action.DELETE), target=args.label, by=None)
    if args.threshold is not None:
        await store.update(guild.id, "threshold", args.threshold, target=args.label, by=None)
    for label in args.quiet_labels:
        await store.update(guild.id, "threshold", 0.999, target=label, by=None)
    if args.escalation_hits:
        escalation = Escalation(args.escalation_hits, args.escalation_window_minutes)
        await store.update(guild.id, "escalation", escalation, by=None)
    await store.close()
    record_discord_calls(bot, Path(args.events), alerts.id)
    trace = logging.getLogger("bot.trace")
    trace.setLevel(logging.DEBUG)
    trace.propagate = False  # into the events file, not onto stderr
    trace.addHandler(Fates(Path(args.events)))
    count_probe_calls(cog.classifier, Path(args.events))
    bot.ws = Gateway(Path(args.events))  # dpytest's fake gateway has no socket of its own
    bot._ready.set()  # and it is connected: /healthz then reports on the bot's own parts
    closed = close_on_signals(bot, settings.shutdown_timeout_s)
    say({"ready": True, "guild": guild.id, "pid": os.getpid()})

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while not closed.is_set():
        line_task = asyncio.ensure_future(reader.readline())
        closed_task = asyncio.ensure_future(closed.wait())
        done, _ = await asyncio.wait({line_task, closed_task}, return_when=asyncio.FIRST_COMPLETED)
        if closed_task in done:
            line_task.cancel()
            break
        closed_task.cancel()
        line = line_task.result()
        if not line:  # stdin closed: stop as on SIGTERM
            await bot.close()
            break
        cmd = json.loads(line)
        op = cmd.get("op")
        if op == "message":
            msg = await dpytest.message(cmd["text"], channel=channel, member=member)
            say({"ack": cmd["n"], "id": msg.id})
        elif op == "state":
            remote = getattr(cog.classifier, "breaker", None)
            say(
                {
                    "pending_hits": len(cog.hit_buffer),
                    "backlog": len(cog.backlog),
                    "dropped": dict(cog.backlog.dropped),
                    "drained": cog.backlog.drained,
                    "circuit": remote.state if remote else "closed",
                    "in_flight": cog.in_flight,
                    "database_errors": sum(
                        int(sample.value)
                        for family in cog.metrics.database_errors.collect()
                        for sample in family.samples
                        if sample.name.endswith("_total")
                    ),
                }
            )
    return 0


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", required=True)
    p.add_argument("--model")
    p.add_argument("--classifier-url")
    p.add_argument("--token")
    p.add_argument("--events", required=True)
    p.add_argument("--label", default="insult", help="the label whose hits delete the message")
    p.add_argument("--log-level", default="WARNING")
    p.add_argument("--threshold", type=float, help="the label's threshold (default: the model's)")
    p.add_argument("--quiet-labels", nargs="*", default=[], help="labels given a 0.999 threshold")
    p.add_argument("--health-port", type=int, help="serve /healthz and /metrics here")
    p.add_argument("--request-timeout-s", type=float, default=3.0)
    p.add_argument("--backlog-max-age-s", type=float, default=600.0)
    p.add_argument("--shutdown-timeout-s", type=float, default=8.0)
    p.add_argument("--config-ttl-s", type=float, default=30.0)
    p.add_argument("--escalation-hits", type=int, help="time out after this many flagged messages")
    p.add_argument("--escalation-window-minutes", type=int, default=60)
    return p.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse())))
