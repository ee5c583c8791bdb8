"""Every command line answers a user error with one ``error:`` line and status 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAT = str(ROOT / "examples" / "chat.jsonl")

CASES = {
    "bot replay: unknown device": (["bot", "replay", CHAT, "--model", "X", "--device", "tpu"], {}),
    "bot replay: no such file": (["bot", "replay", "/no/such/chat.jsonl"], {}),
    "bot replay: unknown flag": (["bot", "replay", CHAT, "--no-such-flag"], {}),
    "bot export-feedback: bad database URL": (
        ["bot", "export-feedback", "--out", "f.csv", "--database-url", "not a url"],
        {},
    ),
    "bot: bad setting": (["bot"], {"MAX_BATCH_SIZE": "0"}),
    "bot: SHARD_IDS without SHARD_COUNT": (["bot"], {"SHARD_IDS": "0,1"}),
    "bot: shard outside SHARD_COUNT": (["bot"], {"SHARD_IDS": "2", "SHARD_COUNT": "2"}),
    "bot sync: guild id not a number": (["bot", "sync", "--guild", "abc"], {}),
    "training: no such train file": (
        ["training", "--train-file", "/no/such.csv", "--label-columns", "a"],
        {},
    ),
    "training: unknown flag": (["training", "--no-such-flag", "1"], {}),
    "training.blend: no such model dir": (
        ["training.blend", "/no/such/dir", "--train-file", "t.csv", "--label-columns", "a"],
        {},
    ),
    "training.evaluate: no such model dir": (
        ["training.evaluate", "/no/such/dir", "--validation-file", "v.csv"],
        {},
    ),
    "training.evaluate: no model dir at all": (["training.evaluate", "--validation-file", "v.csv"], {}),
}


def run_case(case: str, cwd: Path) -> subprocess.CompletedProcess:
    args, extra_env = CASES[case]
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(HF_HUB_OFFLINE="1", PYTHONPATH=str(ROOT), **extra_env)
    # run from an empty directory: no .env of a developer's is read
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Every case's process, run one per core at a time (each is mostly importing torch)."""
    with ThreadPoolExecutor(max(1, len(os.sched_getaffinity(0)))) as pool:
        runs = {case: pool.submit(run_case, case, tmp_path_factory.mktemp("cli")) for case in CASES}
        return {case: run.result() for case, run in runs.items()}


@pytest.mark.parametrize("case", CASES)
def test_user_error_is_one_line_and_status_2(case, finished):
    proc = finished[case]
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr


def test_bot_without_token_says_how_to_get_one_and_how_to_try_offline(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2 and "DISCORD_TOKEN" in lines[0] and "developers/applications" in lines[0]
    assert "python -m bot replay examples/chat.jsonl" in lines[1]
