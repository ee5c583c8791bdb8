"""Per-label decision thresholds: tuned for F1 on labelled probabilities, and applied.

Training tunes them on validation; the bot's replay advises with the same function, so both
sides import it from here rather than one from the other.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import precision_recall_curve


def tune_thresholds(
    y_true: np.ndarray,
    probs: np.ndarray,
    labels: list[str],
    default: float = 0.5,
    max_benign_flag_rate: float | None = None,
    budget_rows: np.ndarray | None = None,
) -> dict[str, float]:
    """Per-label F1-optimal threshold on ``(y_true, probs)``, usually the validation set.

    With ``max_benign_flag_rate``, thresholds are then raised until at most that share of the
    benign rows (no positive label) is flagged for anything: each label may flag the same share
    ``q`` of them, the largest ``q`` that keeps their union within the budget. F1 counts a false
    alarm on a friendly message no worse than a missed insult; a community does not.
    ``budget_rows`` (a mask over the rows) limits the budget to a sample of real chat: benign
    rows written to be hard, such as a corpus's kind mentions of groups, still count for F1.
    """
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
    if max_benign_flag_rate is not None:
        if not 0.0 < max_benign_flag_rate < 1.0:
            raise ValueError(f"max_benign_flag_rate must be in (0, 1), got {max_benign_flag_rate}")
        rows = np.ones(len(probs), bool) if budget_rows is None else np.asarray(budget_rows, bool)
        if rows.shape != (len(probs),):
            raise ValueError(f"budget_rows has shape {rows.shape}, expected ({len(probs)},)")
        thresholds = _within_budget(y_true[rows], probs[rows], labels, thresholds, max_benign_flag_rate)
    return thresholds


def _within_budget(
    y_true: np.ndarray, probs: np.ndarray, labels: list[str], tuned: dict[str, float], budget: float
) -> dict[str, float]:
    benign = probs[(np.nan_to_num(y_true, nan=0.0) == 0).all(axis=1)]
    if not len(benign):
        return tuned

    def raised(q: float) -> dict[str, float]:
        return {name: max(tuned[name], benign_floor(benign[:, j], q)) for j, name in enumerate(labels)}

    def rate(thresholds: dict[str, float]) -> float:
        return float(apply_thresholds(benign, labels, thresholds).any(axis=1).mean())

    if rate(tuned) <= budget:
        return tuned
    low, high = budget / len(labels), budget  # the union bound always holds at low
    for _ in range(30):  # the flagged share only grows with q: bisect for the largest that fits
        middle = (low + high) / 2
        low, high = (middle, high) if rate(raised(middle)) <= budget else (low, middle)
    return raised(low)


def benign_floor(scores: np.ndarray, budget: float) -> float:
    """The lowest threshold that flags at most ``budget`` of ``scores`` (0 when there are none)."""
    if not len(scores):
        return 0.0
    ranked = np.sort(scores)[::-1]
    allowed = int(np.floor(budget * len(ranked)))
    if allowed >= len(ranked):
        return 0.0
    return float(np.nextafter(ranked[allowed], np.float32(2.0)))  # just above the first not allowed


def apply_thresholds(probs: np.ndarray, labels: list[str], thresholds: dict[str, float]) -> np.ndarray:
    cut = np.array([thresholds.get(name, 0.5) for name in labels], dtype=probs.dtype)
    return (probs >= cut).astype(np.int8)


def match_flag_rates(probs: np.ndarray, labels: list[str], rates: dict[str, float]) -> dict[str, float]:
    """Per label, the threshold at which ``probs`` flag ``rates[label]`` of the rows.

    A student distilled from a teacher takes the teacher's decisions over thousands of texts
    this way, where tuning for F1 on a validation split rests on its few positives of a rare
    label. The threshold is the k-th highest score (k = rate x rows), so exactly k rows are
    flagged unless scores tie there; none flagged gives a threshold just above the highest.
    """
    n = len(probs)
    out: dict[str, float] = {}
    for j, name in enumerate(labels):
        if not 0.0 <= rates[name] <= 1.0:
            raise ValueError(f"flag rate of {name} must be in [0, 1], got {rates[name]}")
        ranked = np.sort(probs[:, j])[::-1]
        k = round(rates[name] * n)
        if n == 0:
            out[name] = 0.5
        elif k == 0:
            out[name] = float(min(1.0, np.nextafter(ranked[0], np.float32(2.0))))
        else:
            out[name] = float(ranked[k - 1])
    return out
