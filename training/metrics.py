"""Multi-label metrics from probabilities (thresholds: ``classifier.model.thresholds``).

NaN in ``y_true`` means "unknown" and is left out of every metric for that cell.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_fscore_support, roc_auc_score

from classifier.model.thresholds import apply_thresholds


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _safe(fn, y: np.ndarray, p: np.ndarray) -> float | None:
    return float(fn(y, p)) if 0 < y.sum() < len(y) else None


def evaluate(
    y_true: np.ndarray, probs: np.ndarray, labels: list[str], thresholds: dict[str, float]
) -> dict[str, object]:
    """Micro/macro F1, precision, recall, subset accuracy, ROC-AUC and PR-AUC, per label too."""
    known = ~np.isnan(y_true)
    y = np.nan_to_num(y_true, nan=0.0).astype(np.int8)
    pred = apply_thresholds(probs, labels, thresholds)
    yk, pk, sk = y[known], pred[known], probs[known]
    micro_p, micro_r, micro_f1, _ = precision_recall_fscore_support(yk, pk, average="binary", zero_division=0)
    per_label: dict[str, dict[str, float | int | None]] = {}
    for j, name in enumerate(labels):
        m = known[:, j]
        p, r, f, _ = precision_recall_fscore_support(y[m, j], pred[m, j], average="binary", zero_division=0)
        per_label[name] = {
            "precision": float(p),
            "recall": float(r),
            "f1": float(f),
            "support": int(y[m, j].sum()),
            "threshold": float(thresholds.get(name, 0.5)),
            "roc_auc": _safe(roc_auc_score, y[m, j], probs[m, j]),
            "pr_auc": _safe(average_precision_score, y[m, j], probs[m, j]),
        }
    # what a community feels first: the share of messages nobody found toxic that get flagged
    benign = (y == 0).all(axis=1)
    benign_flagged = float(pred[benign].any(axis=1).mean()) if benign.any() else None
    full_rows = known.all(axis=1)
    subset = float((pred[full_rows] == y[full_rows]).all(axis=1).mean()) if full_rows.any() else None

    def macro(key: str) -> float | None:
        vals = [v[key] for v in per_label.values() if v[key] is not None and v["support"] > 0]
        return float(np.mean(vals)) if vals else None

    return {
        "micro_f1": float(micro_f1),
        "micro_precision": float(micro_p),
        "micro_recall": float(micro_r),
        "macro_f1": macro("f1"),
        "macro_precision": macro("precision"),
        "macro_recall": macro("recall"),
        "subset_accuracy": subset,
        "roc_auc_micro": _safe(roc_auc_score, yk, sk),
        "roc_auc_macro": macro("roc_auc"),
        "pr_auc_micro": _safe(average_precision_score, yk, sk),
        "pr_auc_macro": macro("pr_auc"),
        "benign_flag_rate": benign_flagged,
        "examples": len(y_true),
        "per_label": per_label,
    }
