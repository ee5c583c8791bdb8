"""What the chaos run drives: the model service and bot processes, the messages, the loads held
against them (``/healthz`` flooded, half-sent requests), and what the bots report."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "chaos-benchmark-token-0123456789"
INSULTS = ["idiota", "imbecil"]
SHUTDOWN_TIMEOUT_S = 8.0  # the bots' SHUTDOWN_TIMEOUT_S (the default)


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
        self.restarting: threading.Thread | None = None

    def start(self) -> None:
        cmd = [sys.executable, "-m", "classifier.serving", "--model", str(self.model)]
        cmd += ["--port", str(self.port)]
        cmd += ["--token", TOKEN, "--max-batch-size", "32", "--num-cpus-per-replica", "1"]
        env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
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

    def restart_in_background(self) -> None:
        self.restarting = threading.Thread(target=lambda: (self.start(), self.wait_up()), daemon=True)
        self.restarting.start()

    def down(self) -> bool:
        """Killed and not answering yet."""
        return (self.restarting is not None and self.restarting.is_alive()) or not self.healthy()

    def wait_restarted(self) -> None:
        if self.restarting is not None:
            self.restarting.join()
            self.restarting = None

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

    def __init__(self, db_url: str, service: Service, events: Path, health_port: int, log: Path) -> None:
        cmd = [sys.executable, str(ROOT / "benchmarks" / "botproc.py"), "--database-url", db_url]
        cmd += ["--classifier-url", service.url, "--token", TOKEN, "--events", str(events)]
        cmd += ["--quiet-labels", "obscene", "--health-port", str(health_port), "--request-timeout-s", "2"]
        cmd += ["--shutdown-timeout-s", str(SHUTDOWN_TIMEOUT_S)]
        # escalation configured but not reached in a run (the most an admin may set, 100 hits, over
        # the shortest window): every decision then needs the database (the author's count), as on
        # a server that escalates; the store refuses more than an admin could set
        cmd += ["--escalation-hits", "100", "--escalation-window-minutes", "1"]
        self.health_port, self.log = health_port, log
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log.open("w"), text=True, cwd=ROOT
        )
        ready = json.loads(self.proc.stdout.readline())
        assert ready.get("ready"), ready

    def ask(self, cmd: dict) -> dict:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def state(self) -> dict:
        return self.ask({"op": "state"})

    def settle(self, timeout: float = 300) -> dict:
        """Wait until nothing waits: no backlog, no unwritten hit, the circuit closed."""
        started = time.monotonic()
        while True:
            state = self.state()
            done = not state["backlog"] and not state["pending_hits"] and not state["in_flight"]
            if (done and state["circuit"] == "closed") or time.monotonic() - started > timeout:
                return state
            time.sleep(0.5)

    def catch_drain(self, drained_before: int, timeout: float = 120) -> dict | None:
        """Wait until the bot is draining its backlog (some checked late, some still waiting); None
        when the drain ended before it was seen."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            state = self.state()
            if state["drained"] > drained_before and state["backlog"] > 0:
                return state
            if state["drained"] > drained_before and not state["backlog"]:
                return None
            time.sleep(0.02)
        return None

    def terminate(self, timeout: float = 60) -> tuple[int, float]:
        """SIGTERM; the exit status and the seconds it took."""
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            status = self.proc.wait()
        return status, time.monotonic() - started


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


def flood_health(bot_port: list[int], stop: threading.Event, answers: Counter) -> None:
    """20 concurrent GETs of the current bot's ``/healthz`` at a time; answers counted by status."""

    async def run() -> None:
        import aiohttp

        async with aiohttp.ClientSession() as session:
            while not stop.is_set():

                async def one() -> None:
                    try:
                        url = f"http://127.0.0.1:{bot_port[0]}/healthz"
                        async with session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as r:
                            answers[r.status] += 1
                    except Exception:
                        answers["no answer"] += 1
                        await asyncio.sleep(0.05)  # a bot between processes: do not spin

                await asyncio.gather(*(one() for _ in range(20)))

    asyncio.run(run())


@dataclass
class Seen:
    """What the bots did and said, read from their events file."""

    fates: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    deleted: Counter = field(default_factory=Counter)
    alerts: Counter = field(default_factory=Counter)
    gateway_closed: int = 0
    probes: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))  # by bot pid

    @classmethod
    def read(cls, events: Path) -> Seen:
        seen = cls()
        for line in events.read_text().splitlines() if events.exists() else []:
            e = json.loads(line)
            if "fate" in e:
                seen.fates[e["id"]].append((e["fate"], e["reason"]))
            elif "deleted" in e:
                seen.deleted[e["deleted"]] += 1
            elif "alert" in e:
                seen.alerts[e["alert"]] += 1
            elif "gateway" in e:
                seen.gateway_closed += 1
            elif "probe" in e:
                seen.probes[e["pid"]].append(e["probe"])
        return seen

    def most_probes_in(self, seconds: float) -> int:
        """The most model calls health checks made within any ``seconds``, in one bot process."""
        most = 0
        for times in self.probes.values():
            times = sorted(times)
            for i, t in enumerate(times):
                most = max(most, sum(1 for u in times[i:] if u - t < seconds))
        return most


async def hit_rows(db_url: str) -> Counter:
    """Hit rows per message (insult: the rule's label)."""
    from sqlalchemy import func, select

    from bot.db.models import Hit
    from bot.db.store import Store

    store = Store(db_url)
    try:
        async with store.session() as s:
            stmt = select(Hit.message_id, func.count()).where(Hit.label == "insult").group_by(Hit.message_id)
            return Counter({int(m): int(k) for m, k in (await s.execute(stmt)).all()})
    finally:
        await store.close()
