"""The review's lower findings, each reproduced on real code: a review racing retention, the
preview of awkward text, a pickled model file, the normaliser's residue, and SIGTERM as a real
process."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import discord
import pytest
from sqlalchemy import event

from bot.db.models import utcnow
from bot.db.store import HitRecord, Store
from bot.policy import Action, Decision, LabelHit
from bot.replay.preview import embed_png
from classifier import ModelLoadError
from classifier.model.text import TextConfig, normalize
from classifier.runtime.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
TOXIC = "voce e um idiota imbecil"


async def test_a_verdict_on_hits_purged_meanwhile_is_no_error(db_url):
    store = Store(db_url)
    await store.migrate()
    hit = LabelHit("insult", 0.9, 0.5, Action.ALERT)
    await store.record_hits(
        HitRecord(
            guild_id=1,
            channel_id=2,
            message_id=3,
            author_id=4,
            decision=Decision((hit,), Action.ALERT),
            action_taken=Action.ALERT,
            model_id="m",
            content=None,
            created_at=utcnow() - timedelta(days=400),
        )
    )
    purging = {"done": False}

    @event.listens_for(store.engine.sync_engine, "before_cursor_execute")
    def retention_runs_now(conn, cursor, statement, parameters, context, executemany):
        # retention deletes the hit between the verdict's read and its write
        if statement.lstrip().upper().startswith("INSERT INTO FEEDBACK") and not purging["done"]:
            purging["done"] = True
            conn.exec_driver_sql("DELETE FROM hits")

    try:
        assert await store.record_feedback(1, 3, 99, "confirmed") == 0  # gone, not a crash
        assert purging["done"]
    finally:
        await store.close()


def test_the_review_preview_draws_dollar_signs_and_numeric_nicknames():
    embed = discord.Embed(title="Review 1 of 1", description="custa $5 e $10$ no jogo de <@7>")
    embed.add_field(name="Message", value="ganhei $x^2$ reais hoje")
    png = embed_png(embed, names={7: 1337})  # a nickname that is a number, as an export gives it
    assert png.startswith(b"\x89PNG")


def test_a_pickled_weights_file_is_refused_in_one_line(trained_model, tmp_path):
    import torch
    from safetensors.torch import load_file

    model = tmp_path / "model"
    shutil.copytree(trained_model, model)
    weights = load_file(model / "model.safetensors")
    (model / "model.safetensors").unlink()
    # an old checkpoint that pickled an object beside its tensors (torch.save of a training state)
    torch.save({**weights, "args": argparse.Namespace(lr=1e-3)}, model / "pytorch_model.bin")
    with pytest.raises(ModelLoadError) as info:
        Engine.load(str(model), "cpu", backend="torch", precision="fp32")
    message = str(info.value)
    assert "\n" not in message and "pickle" in message and "safetensors" in message


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("seu idio\u0442a", "seu idiota"),  # Cyrillic te inside a Latin word
        ("\u202eatoidi\u202c seu", "idiota seu"),  # shown as "idiota" by a right-to-left override
        ("".join(c + "\u0301\u0316" for c in "idiota"), "idiota"),  # zalgo, one mark left per letter
        ("coração não pêssego órfã ação", "coração não pêssego órfã ação"),  # Portuguese stays
        ("привет идиот", "пpивeт идиoт"),  # Russian: TR39 maps its look-alikes, no more
    ],
)
def test_the_normaliser_reads_what_evasions_left_behind(written, read):
    assert normalize(written, TextConfig()) == read
    assert TextConfig().version == 3


def test_a_version_2_model_keeps_its_normalisation():
    assert normalize("seu idio\u0442a", TextConfig(version=2)) == "seu idioтa"


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
