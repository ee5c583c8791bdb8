"""Mean and spread over seeds (or over any set of runs) of what docs/quality.md reports.

    python benchmarks/seed_spread.py NAME=DIR1,DIR2,DIR3 [NAME2=DIR4,DIR5 ...]

Each DIR is a model directory written by ``python -m training``, with ``metrics.json`` and the
functional suite's JSON beside it (``DIR.functional.json``, from ``benchmarks/functional.py
--model DIR --json DIR.functional.json``). Per named group of runs it prints, as mean ± half the
range (min to max): ToLD-Br test micro/macro-F1 and the share of benign test messages flagged;
the suite's share correct and functionalities at goal; each functionality's caught / false-alarm
rate; each target's hateful caught and false alarms. A difference between two groups counts only
where it is larger than both spreads.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import table


def load(directory: str) -> dict:
    path = Path(directory)
    metrics = json.loads((path / "metrics.json").read_text(encoding="utf-8"))
    functional_path = path.parent / f"{path.name}.functional.json"
    functional = (
        json.loads(functional_path.read_text(encoding="utf-8")) if functional_path.is_file() else None
    )
    return {"metrics": metrics, "functional": functional}


def spread(values: list[float | None], percent: bool = True) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "-"
    mean, half = float(np.mean(known)), (max(known) - min(known)) / 2
    scale, unit, digits = (100, "%", 0) if percent else (1, "", 3)
    return f"{mean * scale:.{digits}f}{unit} ± {half * scale:.{digits}f}"


def summary_rows(groups: dict[str, list[dict]]) -> list[list[object]]:
    rows = []
    for name, runs in groups.items():
        test = [r["metrics"].get("test", {}) for r in runs]
        suites = [r["functional"] for r in runs if r["functional"]]
        met = [sum(f["meets_goal"] for f in s["functionalities"].values()) for s in suites]
        rows.append(
            [
                name,
                len(runs),
                spread([t.get("micro_f1") for t in test], percent=False),
                spread([t.get("macro_f1") for t in test], percent=False),
                spread([t.get("benign_flag_rate") for t in test]),
                spread([s["correct"] for s in suites]),
                f"{min(met)}-{max(met)} of 18" if met else "-",
            ]
        )
    return rows


def functionality_rows(groups: dict[str, list[dict]]) -> tuple[list[str], list[list[object]]]:
    first = next(r["functional"] for runs in groups.values() for r in runs if r["functional"])
    rows = []
    for name, f in first["functionalities"].items():
        row: list[object] = [name, "caught" if f["hateful"] else "false alarms"]
        for runs in groups.values():
            row.append(
                spread([r["functional"]["functionalities"][name]["flagged"] for r in runs if r["functional"]])
            )
        rows.append(row)
    return ["functionality", "rate", *groups], rows


def target_rows(groups: dict[str, list[dict]]) -> tuple[list[str], list[list[object]]]:
    first = next(r["functional"] for runs in groups.values() for r in runs if r["functional"])
    rows = []
    for name in first["targets"]:
        row: list[object] = [name]
        for runs in groups.values():
            suites = [r["functional"]["targets"][name] for r in runs if r["functional"]]
            caught, alarms = [s["hateful_caught"] for s in suites], [s["false_alarms"] for s in suites]
            row.append(f"{spread(caught)} / {spread(alarms)}")
        rows.append(row)
    return ["target (caught / false alarms)", *groups], rows


def main(argv: list[str]) -> None:
    if not argv or any("=" not in a for a in argv):
        sys.exit(__doc__)
    groups = {name: [load(d) for d in dirs.split(",")] for name, dirs in (a.split("=", 1) for a in argv)}
    print(
        table(
            [
                "runs",
                "n",
                "test micro-F1",
                "test macro-F1",
                "benign test flagged",
                "suite correct",
                "at goal",
            ],
            summary_rows(groups),
        )
    )
    if any(r["functional"] for runs in groups.values() for r in runs):
        print()
        print(table(*functionality_rows(groups)))
        print()
        print(table(*target_rows(groups)))


if __name__ == "__main__":
    main(sys.argv[1:])
