"""Per-label decision thresholds: tuned for F1 on labelled probabilities, and applied.

Training tunes them on validation; the bot's replay advises with the same function, so both
sides import it from here rather than one from the other.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import precision_recall_curve


def tune_thresholds(
    y_true: np.ndarray, probs: np.ndarray, labels: list[str], default: float = 0.5
) -> dict[str, float]:
    """Per-label F1-optimal threshold on ``(y_true, probs)``, usually the validation set."""
    thresholds: dict[str, float] = {}
    for j, name in enumerate(labels):
        known = ~np.isnan(y_true[:, j])
        y, p = y_true[known, j], probs[known, j]
        if y.sum() == 0 or y.sum() == len(y):
            thresholds[name] = default
            continue
        precision, recall, cut = precision_recall_curve(y, p)
        f1 = 2 * precision * recall / np.clip(precision + recall, 1e-12, None)
        best = int(np.argmax(f1[:-1]))  # the last point has no threshold
        thresholds[name] = float(cut[best])
    return thresholds


def apply_thresholds(probs: np.ndarray, labels: list[str], thresholds: dict[str, float]) -> np.ndarray:
    cut = np.array([thresholds.get(name, 0.5) for name in labels], dtype=probs.dtype)
    return (probs >= cut).astype(np.int8)
