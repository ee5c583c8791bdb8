"""What a training run leaves for humans: metrics.json, a model card and PR curves."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from training.errors import TrainingError


def _fmt(v: object) -> str:
    return f"{v:.4f}" if isinstance(v, float) else ("-" if v is None else str(v))


def per_label_table(metrics: dict) -> str:
    rows = [
        "| label | precision | recall | F1 | ROC-AUC | PR-AUC | support | threshold |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, m in metrics["per_label"].items():
        rows.append(
            f"| {name} | {_fmt(m['precision'])} | {_fmt(m['recall'])} | {_fmt(m['f1'])} | "
            f"{_fmt(m['roc_auc'])} | {_fmt(m['pr_auc'])} | {m['support']} | {_fmt(m['threshold'])} |"
        )
    return "\n".join(rows)


def summary_table(results: dict[str, dict]) -> str:
    keys = [
        "micro_f1",
        "macro_f1",
        "micro_precision",
        "micro_recall",
        "subset_accuracy",
        "roc_auc_micro",
        "roc_auc_macro",
        "pr_auc_micro",
        "pr_auc_macro",
        "examples",
    ]
    rows = ["| split | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for split, m in results.items():
        rows.append(f"| {split} | " + " | ".join(_fmt(m.get(k)) for k in keys) + " |")
    return "\n".join(rows)


def write_model_card(
    out: Path,
    *,
    base_model: str,
    labels: list[str],
    results: dict[str, dict],
    command: str,
    train_rows: int | None,
    seconds: float,
) -> None:
    scored = "test" if "test" in results else "validation"
    # the training sources and their terms travel in metrics.json, so a later blend or
    # re-evaluation that rewrites this card keeps them
    data = read_metrics(out).get("data") or []
    sources = "## Training data and its terms\n\n" + "".join(f"- {line}\n" for line in data) if data else ""
    text = f"""# Sentinela toxicity model

Multi-label classifier fine-tuned from `{base_model}` with `python -m training`.
Labels: {", ".join(f"`{x}`" for x in labels)}. Per-label thresholds were tuned on the
validation set (F1-optimal) and are stored in `sentinela.json`; the {scored} scores below use them.
Validation scores use the thresholds tuned on validation itself and are optimistic.

{f"Trained on {train_rows} rows in {seconds / 60:.1f} min." if train_rows else ""}

```
{command}
```

{sources}
## Summary

{summary_table(results)}

## Per label ({scored})

{per_label_table(results[scored])}

![precision-recall curves](pr_curves.png)
"""
    (out / "README.md").write_text(text, encoding="utf-8")


METRICS_FILE = "metrics.json"
# the keys a later step (re-tuned thresholds, a blend) makes stale: it replaces them all at once
SPLIT_KEYS = ("validation", "test", "test@0.5")


def write_metrics(out: Path, payload: dict) -> None:
    (Path(out) / METRICS_FILE).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def read_metrics(out: Path) -> dict:
    """The model directory's ``metrics.json``; empty when there is none."""
    path = Path(out) / METRICS_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise TrainingError(f"{path}: unreadable ({e}); move it away to start a fresh one") from e
    if not isinstance(data, dict):
        raise TrainingError(f"{path}: expected a JSON object, found {type(data).__name__}")
    return data


def merge_metrics(out: Path, update: dict, *, replace: tuple[str, ...] = SPLIT_KEYS) -> dict:
    """Merge ``update`` into ``metrics.json`` and return what was there before.

    The keys in ``replace`` are dropped first, so a step that re-scores the model never leaves
    an old split's numbers beside its own (a test score from other thresholds, say).
    Everything else (the training command, its time, earlier steps' notes) is kept.
    """
    previous = read_metrics(out)
    kept = {k: v for k, v in previous.items() if k not in replace}
    write_metrics(out, {**kept, **update})
    return previous


def plot_pr_curves(out: Path, y_true: np.ndarray, probs: np.ndarray, labels: list[str], title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # headless servers and CI
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve

    fig, ax = plt.subplots(figsize=(7, 5.5))
    for j, name in enumerate(labels):
        known = ~np.isnan(y_true[:, j])
        y = y_true[known, j]
        if y.sum() == 0:
            continue
        precision, recall, _ = precision_recall_curve(y, probs[known, j])
        ax.plot(recall, precision, label=f"{name} (n={int(y.sum())})")
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    path = out / "pr_curves.png"
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
