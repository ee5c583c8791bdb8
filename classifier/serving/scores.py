"""``Scores``: what scoring one text returns, in-process or remote (no torch here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    """Per-label probabilities for one text and the labels over the model's thresholds."""

    probabilities: dict[str, float]
    flagged: tuple[str, ...]

    @classmethod
    def of_row(cls, labels: Sequence[str], row: Sequence[float], thresholds: Mapping[str, float]) -> Scores:
        """One row of the engine's probabilities, in ``labels`` order, against ``thresholds``."""
        probs = {label: float(p) for label, p in zip(labels, row, strict=True)}
        return cls(probs, tuple(label for label, p in probs.items() if p >= thresholds[label]))
