"""Markdown rows for docs/quality.md from model directories' ``metrics.json``.

    python benchmarks/quality_table.py outputs/blend [outputs/other ...]

One row per scored variant in each directory (the blend, and its transformer-only and
lexical-only parts when the directory holds a blend): validation and test micro/macro-F1 and
the per-label test F1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def rows(directory: Path) -> list[str]:
    metrics = json.loads((directory / "metrics.json").read_text())
    out = []
    for suffix in ("", " (transformer only)", " (lexical only)"):
        val, test = metrics.get(f"validation{suffix}"), metrics.get(f"test{suffix}")
        if val is None or test is None:
            continue
        per_label = " | ".join(f"{m['f1']:.2f}" for m in test["per_label"].values())
        out.append(
            f"| {directory.name}{suffix} | {val['micro_f1']:.3f} | {val['macro_f1']:.3f} | "
            f"{test['micro_f1']:.3f} | {test['macro_f1']:.3f} | {per_label} |"
        )
    return out


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit(__doc__)
    first = json.loads((Path(argv[0]) / "metrics.json").read_text())
    labels = list(first["test"]["per_label"])
    print("| model | val micro | val macro | test micro | test macro | " + " | ".join(labels) + " |")
    print("|---" * (5 + len(labels)) + "|")
    for directory in argv:
        print("\n".join(rows(Path(directory))))


if __name__ == "__main__":
    main(sys.argv[1:])
