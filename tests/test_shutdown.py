"""Stopping a real bot process: the buffered hits are written before it exits; a stop that
overruns its timeout (a frozen database) still closes Discord and exits; a second signal exits
at once."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


TOXIC = "voce e um idiota imbecil"


class BotProcess:
    """``benchmarks/botproc.py``: the real cog, store, model and signal handling; Discord faked."""

    def __init__(self, model: Path, db_url: str, tmp_path: Path, *extra: str) -> None:
        self.events, self.log = tmp_path / "events.jsonl", tmp_path / "stderr.log"
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "botproc.py"), "--database-url", db_url,
             "--model", str(model), "--events", str(self.events),
             "--quiet-labels", "obscene", "--threshold", "0.55", *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log.open("w"), text=True, cwd=ROOT,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )  # fmt: skip
        assert json.loads(self.proc.stdout.readline())["ready"]

    def send(self, cmd: dict) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def ask(self, cmd: dict) -> dict:
        self.send(cmd)
        return json.loads(self.proc.stdout.readline())

    def stop(self, timeout: float = 60) -> tuple[int, float]:
        """SIGTERM; the exit status and how long it took."""
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        status = self.proc.wait(timeout=timeout)
        return status, time.monotonic() - started

    def seen(self) -> list[dict]:
        return [json.loads(line) for line in self.events.read_text().splitlines()]

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@contextlib.contextmanager
def running(*args, **kwargs) -> Iterator[BotProcess]:
    bot = BotProcess(*args, **kwargs)
    try:
        yield bot
    finally:
        bot.kill()


@contextlib.contextmanager
def frozen(server) -> Iterator[None]:
    server.freeze()
    try:
        yield
    finally:
        server.thaw()


def test_sigterm_writes_the_buffered_hits_before_the_process_exits(trained_model, tmp_path):
    db = tmp_path / "bot.db"
    with running(trained_model, f"sqlite+aiosqlite:///{db}", tmp_path) as bot:
        # another writer holds the database: reads go on (WAL), the hits' writes time out
        lock = sqlite3.connect(db, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        acks = [bot.ask({"op": "message", "n": n, "text": TOXIC}) for n in range(2)]
        assert [a["ack"] for a in acks] == [0, 1]
        assert bot.ask({"op": "state"})["pending_hits"] == 2  # deleted, and their hits wait in memory
        lock.execute("ROLLBACK")
        lock.close()
        assert bot.stop()[0] == 0
        seen = bot.seen()
    with sqlite3.connect(db) as conn:
        written = {row[0] for row in conn.execute("SELECT message_id FROM hits")}
    assert written == {a["id"] for a in acks}
    assert {e["deleted"] for e in seen if "deleted" in e} == written


@pytest.mark.parametrize("hanging", ["writing a hit", "closing the pool"])
async def test_a_stop_that_overruns_its_timeout_closes_discord_and_exits_non_zero(
    trained_model, tmp_path, pg_server, hanging
):
    """Found by issue 32: with PostgreSQL frozen, the bot still ran 12 s after SIGTERM, connected
    to Discord and moderating nothing. (Closing the pool: the chaos run found that the stop then
    waited for ever for its own cancellation, SQLAlchemy logging it and closing the next one.)"""
    db_url = await pg_server.create_database(f"stop_overruns_{hanging.split()[0]}")
    with running(trained_model, db_url, tmp_path, "--shutdown-timeout-s", "2") as bot:
        bot.ask({"op": "message", "n": 0, "text": "bom dia"})
        with frozen(pg_server):
            if hanging == "writing a hit":
                bot.send({"op": "message", "n": 1, "text": TOXIC})  # its hit's write hangs
                time.sleep(1)
            status, took = bot.stop()
        stderr = bot.log.read_text()
        seen = bot.seen()
    assert status == 1 and took < 2 + 2, (status, took)
    assert stderr.count("stop took over 2s") == 1, stderr
    assert {"gateway": "closed"} in seen  # not left online, moderating nothing


async def test_a_second_signal_exits_at_once(trained_model, tmp_path, pg_server):
    db_url = await pg_server.create_database("second_signal")
    with running(trained_model, db_url, tmp_path, "--shutdown-timeout-s", "60") as bot:
        bot.ask({"op": "message", "n": 0, "text": "bom dia"})
        with frozen(pg_server):
            bot.send({"op": "message", "n": 1, "text": TOXIC})
            time.sleep(1)
            bot.proc.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            assert bot.proc.poll() is None  # still stopping: the database hangs
            status, took = bot.stop(timeout=10)
        stderr = bot.log.read_text()
    assert status == 128 + signal.SIGTERM and took < 1, (status, took)
    assert "SIGTERM again while stopping: exiting now" in stderr
