"""Chaos: the bot keeps its promises while its parts fail under it, several at once.

    python benchmarks/chaos.py --messages 2000 [--model DIR] [--rate 25]

A bot process (``benchmarks/botproc.py``: the real cog, Discord faked by dpytest) on a real
PostgreSQL, scoring through the model service as a real process (``python -m classifier.serving``,
Ray Serve behind its gate), is sent a stream of messages of which a known share is toxic, while
faults overlap: PostgreSQL is restarted during a model outage and frozen (SIGSTOP) during the
drain after it; frozen during a second outage and restarted during its drain; the bot is sent
SIGTERM while its backlog and its hit buffer hold work and its circuit is open (PostgreSQL just
back), then again with PostgreSQL frozen, and once more at the end. Throughout, its ``/healthz``
is flooded and 200 stalled connections are held against the service.

It prints the faults as injected (with what they overlapped), each stop, and the figures; the
last line is ``invariants: all hold`` when every message sent was accounted for exactly once
(scored live, scored late, or dropped with a reason), every scored message the model flags was
deleted exactly once with exactly one hit row and one alert (duplicates counted), none that it
does not flag was, every stop exited within its timeout plus 2 s with the hits it held written,
every fault really overlapped, the circuit closed again, and health checks called the model at
most once per 5 s; otherwise it names what broke.

Without ``--model`` the tests' tiny model is trained first (keywords: "idiota"/"imbecil").
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from benchmarks._common import table  # noqa: E402
from benchmarks.chaos_parts import (  # noqa: E402
    SHUTDOWN_TIMEOUT_S,
    Bot,
    Seen,
    Service,
    flood_health,
    free_port,
    hit_rows,
    hold_stalled,
    messages,
    tiny_model,
)

FREEZE_S = 3.0
SETTLED = {"scored_live", "scored_late"}
REFUSE_WRITES = """
CREATE OR REPLACE FUNCTION chaos_refuse() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device (chaos)'; END $$;
CREATE TRIGGER chaos_refuse BEFORE INSERT ON hits FOR EACH ROW EXECUTE FUNCTION chaos_refuse();
"""
ACCEPT_WRITES = "DROP TRIGGER chaos_refuse ON hits;"


class Chaos:
    def __init__(self, texts: list[str], rate: float, pg, db_url: str, service: Service, work: Path) -> None:
        self.texts, self.rate, self.pg, self.db_url = texts, rate, pg, db_url
        self.service, self.work = service, work
        self.events = work / "events.jsonl"
        self.port = [free_port()]
        self.bots = 0
        self.bot = self.new_bot()
        self.ids: dict[int, int] = {}
        self.n = 0
        self.faults: list[list[object]] = []
        self.stops: list[list[object]] = []
        self.broken: list[str] = []
        self.started = time.monotonic()
        self.database_errors = 0  # operations the bots' database failed (each retried or buffered)

    # -- the stream ------------------------------------------------------------------------------

    def new_bot(self) -> Bot:
        self.bots += 1
        self.port[0] = free_port()
        return Bot(self.db_url, self.service, self.events, self.port[0], self.work / f"bot-{self.bots}.log")

    def message(self) -> None:
        # paced like a busy server, so an outage of the same length spans the same share of any run
        wait = self.started + self.n / self.rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.ids[self.n] = self.bot.ask({"op": "message", "n": self.n, "text": self.texts[self.n]})["id"]
        self.n += 1

    def stream(self, upto: float) -> None:
        while self.n < min(int(upto), len(self.texts)):
            self.message()

    def stream_while(self, going: Callable[[], bool], most: int, wait_s: float = 600) -> bool:
        """Messages while ``going()``, at most ``most`` of them (then waiting without sending, so
        a slow machine's longer outage does not use up the messages the later faults need).
        False when ``going()`` still held ``wait_s`` after the last message."""
        sent, waiting_since = 0, None
        while going():
            if sent < most and self.n < len(self.texts):
                self.message()
                sent += 1
                continue
            waiting_since = waiting_since or time.monotonic()
            if time.monotonic() - waiting_since >= wait_s:
                return False
            time.sleep(0.2)
        return True

    def fault(self, what: str, during: str, overlapped: bool = True) -> None:
        self.faults.append([self.n, what, during])
        if not overlapped:
            self.broken.append(f"fault did not overlap as planned: {what} ({during})")

    # -- the faults ------------------------------------------------------------------------------

    def outage(self, name: str) -> int:
        """Kill the model service and restart it in the background; the bot's drained count then."""
        drained = self.bot.state()["drained"]
        self.service.kill()
        self.fault(f"model service killed (SIGKILL): {name}, restarting", "-")
        self.service.restart_in_background()
        return drained

    def freeze_pg(self, during: str, overlapped: bool = True) -> None:
        self.pg.freeze()
        threading.Timer(FREEZE_S, self.pg.thaw).start()
        self.fault(f"PostgreSQL frozen {FREEZE_S:g} s (SIGSTOP, then SIGCONT)", during, overlapped)

    def restart_pg(self, during: str, overlapped: bool = True) -> None:
        logfile = str(self.pg.root / "server.log")  # or the new server would hold our pipe open
        out = self.pg._run("pg_ctl", "-D", str(self.pg.data), "-m", "fast", "-w", "-l", logfile, "restart")
        ok = out.returncode == 0
        what = f"PostgreSQL restarted (pg_ctl restart -m fast{'' if ok else ': FAILED'})"
        self.fault(what, during, overlapped)
        if not ok:
            self.broken.append(f"pg_ctl restart failed: {out.stderr.strip()[-200:]}")

    def in_outage(self, name: str) -> tuple[bool, str]:
        state = self.bot.state()
        return self.service.down() and state["circuit"] != "closed", (
            f"{name}: service down, circuit {state['circuit']}, {state['backlog']} message(s) waiting"
        )

    def in_drain(self, name: str, drained_before: int) -> tuple[bool, str]:
        state = self.bot.catch_drain(drained_before)
        if state is None:
            return False, f"the drain after {name}: over before it was caught"
        late = state["drained"] - drained_before
        return True, f"the drain after {name}: {late} checked late, {state['backlog']} still waiting"

    def outage_then_drain(self, name: str, inside: Callable[[str, bool], None], after: Callable) -> None:
        drained = self.outage(name)
        self.stream_while(lambda: True, 40, wait_s=0)  # a few messages into the outage (circuit open)
        overlapped, during = self.in_outage(name)
        inside(during, overlapped)
        if not self.stream_while(self.service.down, int(0.2 * len(self.texts))):
            raise SystemExit(f"the model service did not come back after {name}")
        self.service.wait_restarted()
        overlapped, during = self.in_drain(name, drained)
        after(during, overlapped)

    def stop(self, name: str, state: dict, frozen: bool = False) -> None:
        """SIGTERM the bot; check its exit, what it wrote and what it dropped; start a new one."""
        before = Seen.read(self.events)
        self.database_errors += state["database_errors"]
        status, took = self.bot.terminate()
        if frozen:
            self.pg.thaw()
        after = Seen.read(self.events)
        log = self.bot.log.read_text()
        rows = asyncio.run(hit_rows(self.db_url))
        unwritten = [m for m in after.deleted if not rows.get(m)]
        shutdown = sum(1 for fates in after.fates.values() for f in fates if f == ("dropped", "shutdown"))
        shutdown -= sum(1 for fates in before.fates.values() for f in fates if f == ("dropped", "shutdown"))
        self.stops.append(
            [name, self.n, f"backlog {state['backlog']}, hit buffer {state['pending_hits']}, "
             f"circuit {state['circuit']}", status, round(took, 1),
             f"{state['pending_hits']} -> {state['pending_hits'] - len(unwritten)}",
             f"{state['backlog']} -> {shutdown}"]
        )  # fmt: skip
        limit = SHUTDOWN_TIMEOUT_S + 2
        overran = status == 1 and log.count("stop took over") == 1
        if not (status == 0 or (frozen and overran)) or took > limit:
            self.broken.append(f"stop '{name}': exit status {status} after {took:.1f}s (limit {limit:g}s)")
        if after.gateway_closed != before.gateway_closed + 1:
            self.broken.append(f"stop '{name}': the Discord connection was not closed")
        if unwritten:
            self.broken.append(f"stop '{name}': {len(unwritten)} action(s) without their hit row")
        if shutdown != state["backlog"]:
            self.broken.append(f"stop '{name}': {state['backlog']} waiting, {shutdown} dropped as shutdown")

    # -- the run ---------------------------------------------------------------------------------

    def run(self) -> None:
        total = len(self.texts)
        self.stream(0.05 * total)
        self.outage_then_drain(
            "model outage 1",
            lambda during, ok: self.restart_pg(during, ok),
            lambda during, ok: self.freeze_pg(during, ok),
        )
        self.stream(0.30 * total)
        self.outage_then_drain(
            "model outage 2",
            lambda during, ok: self.freeze_pg(during, ok),
            lambda during, ok: self.restart_pg(during, ok),
        )
        self.stream(0.55 * total)
        self.stop_under_load()
        self.stream(0.80 * total)
        self.service.wait_restarted()
        state = self.bot.settle()
        if state["circuit"] != "closed" or state["backlog"]:
            self.broken.append(f"the circuit did not close after the outages (state {state})")
        self.pg.freeze()
        self.fault("PostgreSQL frozen; bot sent SIGTERM", "a stop while the database hangs")
        self.stop("PostgreSQL frozen", state, frozen=True)
        self.bot = self.new_bot()
        self.stream(total)
        self.service.wait_restarted()
        state = self.bot.settle()
        if state["circuit"] != "closed" or state["backlog"] or state["pending_hits"]:
            self.broken.append(f"work left at the end (state {state})")
        self.stop("the end", state)

    def stop_under_load(self) -> None:
        """SIGTERM while the backlog and the hit buffer hold work and the circuit is open."""
        # writes refused while reads go on (a full disk): deletes go on, their hits wait in memory
        asyncio.run(self.sql(REFUSE_WRITES))
        self.fault("PostgreSQL refuses writes (INSERT INTO hits raises, as on a full disk)", "-")
        self.stream_while(lambda: self.bot.state()["pending_hits"] < 3, 400, wait_s=0)
        self.service.kill()
        self.fault("model service killed (SIGKILL): model outage 3", "PostgreSQL refusing writes")
        opening = lambda: self.bot.state()["circuit"] != "open" or self.bot.state()["backlog"] < 20  # noqa: E731
        self.stream_while(opening, 200, wait_s=30)
        asyncio.run(self.sql(ACCEPT_WRITES))
        state = self.bot.state()
        loaded = state["backlog"] > 0 and state["pending_hits"] > 0 and state["circuit"] == "open"
        during = f"backlog {state['backlog']}, hit buffer {state['pending_hits']}, circuit {state['circuit']}"
        self.fault("PostgreSQL accepts writes again; bot sent SIGTERM", during, loaded)
        self.stop("under load", state)
        self.service.restart_in_background()
        self.bot = self.new_bot()

    async def sql(self, statements: str) -> None:
        import asyncpg

        conn = await asyncpg.connect(self.pg.dsn("chaos"))
        try:
            await conn.execute(statements)
        finally:
            await conn.close()


def check(chaos: Chaos, flagged: set[int], rows: Counter, seen: Seen) -> dict[str, object]:
    """The invariants over every message sent; returns the figures."""
    broken = chaos.broken
    sent = set(chaos.ids.values())
    fates = {m: seen.fates.get(m, []) for m in sent}
    lost = [m for m, f in fates.items() if not f]
    twice = [m for m, f in fates.items() if len(f) > 1]
    if lost:
        broken.append(f"{len(lost)} message(s) with no fate: neither scored nor dropped with a reason")
    if twice:
        broken.append(f"{len(twice)} message(s) accounted for more than once")
    scored = {m for m, f in fates.items() if f and f[0][0] in SETTLED}
    want = {chaos.ids[n] for n in flagged} & scored
    if missed := want - set(seen.deleted):
        broken.append(f"{len(missed)} flagged message(s) scored and never acted on")
    if wrong := set(seen.deleted) - {chaos.ids[n] for n in flagged}:
        broken.append(f"{len(wrong)} message(s) acted on that the model does not flag")
    if dropped_acted := set(seen.deleted) - scored:
        broken.append(f"{len(dropped_acted)} message(s) acted on but not accounted as scored")
    for what, counts in (("deleted", seen.deleted), ("alerted", seen.alerts), ("given a hit row", rows)):
        if extra := sum(k - 1 for k in counts.values() if k > 1):
            broken.append(f"{extra} duplicate(s): messages {what} more than once")
    if no_row := [m for m in seen.deleted if not rows.get(m)]:
        broken.append(f"{len(no_row)} action(s) without a hit row")
    if no_alert := set(seen.deleted) - set(seen.alerts):
        broken.append(f"{len(no_alert)} action(s) without an alert")
    most = seen.most_probes_in(5.0)
    if most > 1:
        broken.append(f"health checks made {most} model calls within 5 s")
    outcomes = Counter(
        f[0][0] if f[0][0] in SETTLED else f"{f[0][0]} ({f[0][1]})"
        for f in fates.values()
        if f
    )
    return {
        "outcomes": outcomes,
        "want": len(want),
        "acted": len(want & set(seen.deleted) & set(seen.alerts) & set(rows)),
        "duplicates": sum(k - 1 for c in (seen.deleted, seen.alerts, rows) for k in c.values() if k > 1),
        "probes": sum(len(t) for t in seen.probes.values()),
        "most_probes": most,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--messages", type=int, default=10_000)
    p.add_argument("--toxic-share", type=float, default=0.1)
    p.add_argument("--rate", type=float, default=25.0, help="messages per second at most")
    p.add_argument("--model", type=Path)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from pgserver import PostgresServer

    from classifier import Classifier, Engine

    work = Path(tempfile.mkdtemp(prefix="sentinela-chaos-"))
    model = args.model or tiny_model(work)
    texts = messages(args.messages, args.toxic_share, args.seed)
    predicted = Classifier(Engine.load(str(model), "cpu")).predict(texts)
    flagged = {n for n, s in enumerate(predicted) if "insult" in s.flagged}
    pg = PostgresServer.start()
    db_url = asyncio.run(pg.create_database("chaos"))
    service = Service(model, free_port(), work / "service.log")
    service.start()
    boot_s = service.wait_up()
    chaos = Chaos(texts, args.rate, pg, db_url, service, work)
    stop = threading.Event()
    stalled, health = Counter(), Counter()
    loads = ((hold_stalled, (service.port, 200, stop, stalled)), (flood_health, (chaos.port, stop, health)))
    for target, load in loads:
        threading.Thread(target=target, args=load, daemon=True).start()
    try:
        chaos.run()
        stream_s = time.monotonic() - chaos.started
        service_requests = service.requests()  # its counters start again with each restart
    finally:
        stop.set()
        pg.thaw()
        service.stop()
    rows = asyncio.run(hit_rows(db_url))
    pg.stop()
    figures = check(chaos, flagged, rows, Seen.read(chaos.events))

    print(table(["at message", "fault injected", "while"], chaos.faults))
    print()
    print(table(["stop", "at message", "at SIGTERM", "exit status", "seconds", "hits pending -> written",
                 "waiting -> dropped (shutdown)"], chaos.stops))  # fmt: skip
    print()
    outcomes: Counter = figures["outcomes"]  # type: ignore[assignment]
    print(
        table(
            ["figure", "value"],
            [
                ["messages", len(texts)],
                *[[f"  {how}", k] for how, k in sorted(outcomes.items())],
                ["flagged by the model and scored (expected actions)", figures["want"]],
                ["acted on (deleted, hit row, alert)", figures["acted"]],
                ["duplicate deletes, alerts or hit rows", figures["duplicates"]],
                ["database operations that failed (retried or buffered)", chaos.database_errors],
                ["stream time (s)", round(stream_s, 1)],
                ["model service start-up (s)", round(boot_s, 1)],
                ["/healthz 200 (healthy)", health[200]],
                ["/healthz 503 (a part failing)", health[503]],
                ["/healthz no answer (bot between processes)", health["no answer"]],
                ["model calls by health checks (all bots)", figures["probes"]],
                ["most model calls by health checks within 5 s", figures["most_probes"]],
                ["model service requests since its last restart", service_requests],
                ["stalled connections closed by the service", stalled["by_service"]],
            ],
        )
    )
    broken = chaos.broken
    print("invariants: all hold" if not broken else "invariants: BROKEN: " + "; ".join(broken))


if __name__ == "__main__":
    main()
