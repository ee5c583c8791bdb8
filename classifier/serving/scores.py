"""``Scores``: what scoring one text returns, in-process or remote (no torch here)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    """Per-label probabilities for one text and the labels over the model's thresholds."""

    probabilities: dict[str, float]
    flagged: tuple[str, ...]
