"""Chaos: the bot keeps its promises while its parts fail under it.

    python benchmarks/chaos.py --messages 2000 [--model DIR]

A bot process (``benchmarks/botproc.py``: the real cog, Discord faked by dpytest) on a real
PostgreSQL, scoring through the model service as a real process (``python -m classifier.serving``,
Ray Serve behind its gate), is sent a stream of messages of which a known share is toxic, while:
the service is killed and restarted twice, PostgreSQL is restarted once (``pg_ctl restart``), the
bot is sent SIGTERM mid-stream and a new one takes over, its ``/healthz`` is flooded, and 200
stalled connections are held against the service. The last line is ``invariants: all hold`` when
every message the model flags was deleted (late is fine), every delete has its hit row and its
alert, nothing was acted on twice or on a clean message, no waiting message was dropped, and the
circuit closed again after each outage; otherwise it names what broke.

Without ``--model`` the tests' tiny model is trained first (keywords: "idiota"/"imbecil").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from benchmarks._common import table  # noqa: E402

TOKEN = "chaos-benchmark-token-0123456789"
INSULTS = ["idiota", "imbecil"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tiny_model(work: Path) -> Path:
    from conftest import build_tiny_bert, train_args, write_data_files

    from training.run import run

    out = work / "model"
    run(train_args(build_tiny_bert(work / "bert"), write_data_files(work), out))
    return out


def messages(n: int, toxic_share: float, seed: int) -> list[str]:
    from conftest import NEUTRAL

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = rng.choices(NEUTRAL, k=rng.randint(4, 12))
        if rng.random() < toxic_share:
            words.insert(rng.randrange(len(words)), " ".join(INSULTS))
        out.append(" ".join(words))
    return out


class Service:
    """``python -m classifier.serving`` as its own process group."""

    def __init__(self, model: Path, port: int, log: Path) -> None:
        self.model, self.port, self.log, self.proc = model, port, log, None
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        cmd = [sys.executable, "-m", "classifier.serving", "--model", str(self.model)]
        cmd += ["--port", str(self.port)]
        cmd += ["--token", TOKEN, "--max-batch-size", "32", "--num-cpus-per-replica", "1"]
        env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def wait_up(self, timeout: float = 300) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"model service exited: {self.log.read_text()[-2000:]}")
            if self.healthy():
                return time.monotonic() - started
            time.sleep(0.5)
        raise SystemExit("model service did not come up")

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        # Ray's own daemons, whatever process group they put themselves in
        ray = Path(sys.executable).with_name("ray")
        subprocess.run([str(ray), "stop", "--force"], capture_output=True, cwd=ROOT, check=False)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def requests(self) -> int:
        req = urllib.request.Request(f"{self.url}/v1/stats", headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return int(json.load(r)["requests"])


class Bot:
    """``benchmarks/botproc.py``: commands on stdin, one JSON answer per line on stdout."""

    def __init__(self, db_url: str, service: Service, events: Path, health_port: int) -> None:
        cmd = [sys.executable, str(ROOT / "benchmarks" / "botproc.py"), "--database-url", db_url]
        cmd += ["--classifier-url", service.url, "--token", TOKEN, "--events", str(events)]
        cmd += ["--quiet-labels", "obscene", "--health-port", str(health_port), "--request-timeout-s", "2"]
        self.health_port = health_port
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        ready = json.loads(self.proc.stdout.readline())
        assert ready.get("ready"), ready

    def ask(self, cmd: dict) -> dict:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def settle(self, timeout: float = 300) -> dict:
        """Wait until nothing waits: no backlog, no unwritten hit, the circuit closed."""
        started = time.monotonic()
        while True:
            state = self.ask({"op": "state"})
            if not state["backlog"] and not state["pending_hits"] and state["circuit"] == "closed":
                return state
            if time.monotonic() - started > timeout:
                return state
            time.sleep(0.5)

    def terminate(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


def hold_stalled(port: int, count: int, stop: threading.Event, closed: Counter) -> None:
    """Keep ``count`` connections sending half a request; count those the service closes."""
    socks: list[socket.socket] = []
    while not stop.is_set():
        while len(socks) < count:
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=2)
                s.sendall(b"POST /v1/score HTTP/1.1\r\nHost: x\r\n")
                s.setblocking(False)
                socks.append(s)
            except OSError:
                time.sleep(0.2)
                break
        for s in list(socks):
            try:
                if s.recv(1) == b"":
                    raise ConnectionError
            except BlockingIOError:
                continue
            except OSError:
                pass
            closed["by_service"] += 1
            socks.remove(s)
            s.close()
        time.sleep(0.2)
    for s in socks:
        s.close()


def flood_health(bot_port: list[int], stop: threading.Event, done: Counter) -> None:
    async def run() -> None:
        import aiohttp

        async with aiohttp.ClientSession() as session:
            while not stop.is_set():

                async def one() -> None:
                    try:
                        url = f"http://127.0.0.1:{bot_port[0]}/healthz"
                        async with session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as r:
                            done[r.status] += 1
                    except Exception:
                        done["error"] += 1

                await asyncio.gather(*(one() for _ in range(20)))

    asyncio.run(run())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--messages", type=int, default=10_000)
    p.add_argument("--toxic-share", type=float, default=0.1)
    p.add_argument("--model", type=Path)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from pgserver import PostgresServer

    from classifier import Classifier, Engine

    work = Path(tempfile.mkdtemp(prefix="sentinela-chaos-"))
    model = args.model or tiny_model(work)
    texts = messages(args.messages, args.toxic_share, args.seed)
    expected = {
        n
        for n, s in enumerate(Classifier(Engine.load(str(model), "cpu")).predict(texts))
        if "insult" in s.flagged
    }
    pg = PostgresServer.start()
    db_url = asyncio.run(pg.create_database("chaos"))
    service = Service(model, free_port(), work / "service.log")
    service.start()
    boot_s = service.wait_up()
    events = work / "events.jsonl"
    port = [free_port()]
    bot = Bot(db_url, service, events, port[0])
    stop = threading.Event()
    stalled, health = Counter(), Counter()
    threads = [
        threading.Thread(target=hold_stalled, args=(service.port, 200, stop, stalled), daemon=True),
        threading.Thread(target=flood_health, args=(port, stop, health), daemon=True),
    ]
    for t in threads:
        t.start()
    ids: dict[int, int] = {}
    log: list[list[object]] = []
    broken: list[str] = []
    drops: Counter = Counter()
    drained = 0
    plan = {
        int(args.messages * f): what
        for f, what in ((0.15, "kill"), (0.35, "pg"), (0.5, "sigterm"), (0.65, "kill"))
    }
    restarting: threading.Thread | None = None
    started = time.monotonic()
    for n, text in enumerate(texts):
        what = plan.get(n)
        if what == "kill":
            if restarting is not None:
                restarting.join()
            service.kill()
            log.append([n, "model service killed (SIGKILL), restarting"])
            restarting = threading.Thread(target=lambda: (service.start(), service.wait_up()), daemon=True)
            restarting.start()
        elif what == "pg":
            logfile = str(pg.root / "server.log")  # or the new server would hold our pipe open
            out = pg._run("pg_ctl", "-D", str(pg.data), "-m", "fast", "-w", "-l", logfile, "restart")
            log.append(
                [n, f"PostgreSQL restarted (pg_ctl restart: {'ok' if out.returncode == 0 else out.stderr}"]
            )
        elif what == "sigterm":
            if restarting is not None:
                restarting.join()
            state = bot.settle()  # a stop during an outage would lose the backlog: separate faults
            if state["circuit"] != "closed" or state["backlog"]:
                broken.append(f"the circuit did not close after the first outage (state {state})")
            drops += Counter(state["dropped"])
            drained += state["drained"]
            rc = bot.terminate()
            log.append([n, f"bot sent SIGTERM: exit status {rc}; a new bot process takes over"])
            if rc != 0:
                broken.append(f"the bot exited with status {rc} on SIGTERM")
            port[0] = free_port()
            bot = Bot(db_url, service, events, port[0])
        ids[n] = bot.ask({"op": "message", "n": n, "text": text})["id"]
    if restarting is not None:
        restarting.join()
    state = bot.settle()
    stream_s = time.monotonic() - started
    drops += Counter(state["dropped"])
    drained += state["drained"]
    if state["circuit"] != "closed" or state["backlog"]:
        broken.append(f"the circuit did not close after the last outage (state {state})")
    service_requests = service.requests()  # its counters start again with each restart
    stop.set()
    bot.terminate()
    service.stop()
    rows = asyncio.run(hit_rows(db_url))
    pg.stop()

    seen = [json.loads(line) for line in events.read_text().splitlines()] if events.exists() else []
    deleted = Counter(e["deleted"] for e in seen if "deleted" in e)
    alerted = {e["alert"] for e in seen if "alert" in e}
    want = {ids[n] for n in expected}
    missed = want - set(deleted)
    if missed:
        broken.append(f"{len(missed)} toxic message(s) never acted on")
    if set(deleted) - want:
        broken.append(f"{len(set(deleted) - want)} message(s) acted on that the model does not flag")
    twice = [m for m, k in deleted.items() if k > 1]
    if twice:
        broken.append(f"{len(twice)} message(s) acted on twice")
    no_row = [m for m in deleted if rows.get(m, 0) < 1]
    if no_row:
        broken.append(f"{len(no_row)} action(s) without a hit row")
    if any(k > 1 for k in rows.values()):
        broken.append("a message has its hit row twice")
    if set(deleted) - alerted:
        broken.append(f"{len(set(deleted) - alerted)} action(s) without an alert")
    if sum(drops.values()):
        broken.append(f"waiting messages dropped: {dict(drops)}")

    print(table(["at message", "fault"], log))
    print()
    print(
        table(
            ["figure", "value"],
            [
                ["messages", args.messages],
                ["flagged by the model (expected actions)", len(want)],
                ["acted on (deleted, hit row, alert)", len(set(deleted) & want & alerted)],
                ["scored late, from the backlog", drained],
                ["stream time (s)", round(stream_s, 1)],
                ["model service start-up (s)", round(boot_s, 1)],
                ["/healthz answers during the flood", sum(v for k, v in health.items() if k != "error")],
                ["model service requests since its last restart", service_requests],
                ["stalled connections closed by the service", stalled["by_service"]],
            ],
        )
    )
    print("invariants: all hold" if not broken else "invariants: BROKEN: " + "; ".join(broken))


async def hit_rows(db_url: str) -> dict[int, int]:
    """Hit rows per message (insult: the rule's label)."""
    from sqlalchemy import func, select

    from bot.db.models import Hit
    from bot.db.store import Store

    store = Store(db_url)
    try:
        async with store.session() as s:
            stmt = select(Hit.message_id, func.count()).where(Hit.label == "insult").group_by(Hit.message_id)
            return {int(m): int(k) for m, k in (await s.execute(stmt)).all()}
    finally:
        await store.close()


if __name__ == "__main__":
    main()
