"""SIGTERM on a real bot process: the buffered hits are written before it exits."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


TOXIC = "voce e um idiota imbecil"


def test_sigterm_writes_the_buffered_hits_before_the_process_exits(trained_model, tmp_path):
    db = tmp_path / "bot.db"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "botproc.py"), "--database-url", f"sqlite+aiosqlite:///{db}",
         "--model", str(trained_model), "--events", str(tmp_path / "events.jsonl"),
         "--quiet-labels", "obscene", "--threshold", "0.55"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip

    def ask(cmd: dict) -> dict:
        proc.stdin.write(json.dumps(cmd) + "\n")
        proc.stdin.flush()
        return json.loads(proc.stdout.readline())

    try:
        assert json.loads(proc.stdout.readline())["ready"]
        # another writer holds the database: reads go on (WAL), the hits' writes time out
        lock = sqlite3.connect(db, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        acks = [ask({"op": "message", "n": n, "text": TOXIC}) for n in range(2)]
        assert [a["ack"] for a in acks] == [0, 1]
        assert ask({"op": "state"})["pending_hits"] == 2  # deleted, and their hits wait in memory
        lock.execute("ROLLBACK")
        lock.close()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    with sqlite3.connect(db) as conn:
        written = {row[0] for row in conn.execute("SELECT message_id FROM hits")}
    assert written == {a["id"] for a in acks}
    deleted = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert {e["deleted"] for e in deleted if "deleted" in e} == written
