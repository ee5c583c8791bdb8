"""benchmarks/gpu_check.sh: the GPU is lent to some sessions only, so its dry run is tested here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import make_texts

ROOT = Path(__file__).resolve().parents[1]


def test_the_script_parses():
    subprocess.run(["bash", "-n", str(ROOT / "benchmarks" / "gpu_check.sh")], check=True)


def test_dry_run_goes_through_every_step_on_the_cpu(tiny_bert, tmp_path):
    data = tmp_path / "told-br"
    data.mkdir()
    make_texts(300, seed=1).to_csv(data / "train.csv", index=False)
    make_texts(60, seed=2).to_csv(data / "validation.csv", index=False)
    results = tmp_path / "results"
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "TOKENIZER": str(tiny_bert),
        "TOLD_BR_DIR": str(data),
        "RESULTS": str(results),
    }
    out = subprocess.run(
        ["bash", str(ROOT / "benchmarks" / "gpu_check.sh"), "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "sentinela: dynamic padding" in out.stdout
    figures = json.loads((results / "gpu_inference.json").read_text())
    assert figures["texts"] == 300  # the dry run stops at 300 texts
    runs = figures["runs"]
    assert [r["torch_compile"] for r in runs] == [False, False, True]
    assert all(r["gpu_msgs_per_s"] > 0 and r["share_of_peak"] > 0 for r in runs)
    bad = subprocess.run(["bash", str(ROOT / "benchmarks" / "gpu_check.sh"), "--bogus"], capture_output=True)
    assert bad.returncode == 2
