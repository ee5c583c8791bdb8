"""The soak and fault suite, small: a few hundred messages with every kind of fault injected."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.soak import format_report, run_soak


async def test_soak_with_faults_keeps_every_invariant(trained_model, tmp_path):
    report = await run_soak(
        trained_model,
        300,
        guilds=5,
        members=50,
        fault_rate=0.08,
        db_locks=1,
        lock_seconds=6.0,
        seed=3,
        workdir=tmp_path,
    )
    text = format_report(report)
    # the faults really happened, or "all hold" would prove nothing
    assert {"classifier", "delete", "timeout", "alert"} <= set(report.injected), text
    assert report.db_locks == 1 and report.hits > 0 and sum(report.actions.values()) > 0, text
    assert report.broken == [], text
    assert text.endswith("invariants: all hold")
