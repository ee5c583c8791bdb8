"""``python -m training.evaluate MODEL_DIR``: re-tune thresholds and re-score a model directory.

Predictions come from the serving path (``classifier.Engine``), so the report is exactly what the
bot will see. Thresholds are tuned on validation only; the test file is scored once. With
``--sources`` (and the training run's ``--seed``) validation is rebuilt as training built it:
the validation file plus the rows its sources held out, the benign budget on the rows that
count for it.

    python -m training.evaluate outputs/model --validation-file V --test-file T \\
        --label-columns homophobia obscene ... --min-votes 1 [--sources S --seed N]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from classifier.model.thresholds import tune_thresholds
from classifier.runtime.engine import Engine
from training.args import DEFAULT_SEED, DataArguments, ModelDirArguments
from training.cli import parse, run_main
from training.data import read_labelled, splits_from_args
from training.errors import TrainingError
from training.metrics import evaluate
from training.report import merge_metrics, plot_pr_curves, write_model_card


def evaluate_model_dir(
    model_dir: Path, data: DataArguments, device: str = "auto", seed: int = DEFAULT_SEED
) -> dict[str, dict]:
    """Tune thresholds on validation, score test once, write them into ``model_dir``."""
    if not data.validation_file:
        raise TrainingError("--validation-file is required: thresholds are tuned on it")
    if not model_dir.is_dir():
        raise TrainingError(f"{model_dir}: no such model directory")
    engine = Engine.load(model_dir, device)
    labels = data.label_columns or engine.labels
    if labels != engine.labels:
        raise TrainingError(f"--label-columns {labels} differ from the model's {engine.labels}")

    def scored(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        return frame[labels].to_numpy("float32"), engine.predict_probs(frame["text"].tolist())

    def load(path: str) -> tuple[np.ndarray, np.ndarray]:
        # as training reads it: a ToLD-Br file gets its hate column from the identity votes
        return scored(read_labelled(path, data.text_column, labels, data.min_votes))

    budget_rows = None
    if data.sources:
        splits = splits_from_args(data, seed)
        y_val, p_val = scored(splits.validation)
        budget_rows = splits.budget_rows
    else:
        y_val, p_val = load(data.validation_file)
    thresholds = tune_thresholds(
        y_val, p_val, labels, max_benign_flag_rate=data.max_benign_flag_rate, budget_rows=budget_rows
    )
    results = {"validation": evaluate(y_val, p_val, labels, thresholds)}
    curve = (y_val, p_val, "validation")
    if data.test_file:
        y_test, p_test = load(data.test_file)
        results["test"] = evaluate(y_test, p_test, labels, thresholds)
        results["test@0.5"] = evaluate(y_test, p_test, labels, dict.fromkeys(labels, 0.5))
        curve = (y_test, p_test, "test")
    engine.meta.thresholds = thresholds
    engine.meta.save(model_dir)
    # new thresholds make every earlier split score stale: merge_metrics replaces them all
    previous = merge_metrics(model_dir, {**results, "evaluated_with": "python -m training.evaluate"})
    write_model_card(
        model_dir,
        base_model=engine.meta.base_model or "?",
        labels=labels,
        results=results,
        command=previous.get("command", "python -m training ..."),
        train_rows=None,
        seconds=previous.get("train_seconds", 0.0),
    )
    plot_pr_curves(model_dir, *curve[:2], labels, f"Precision-recall per label ({curve[2]})")
    return results


def main(argv: list[str] | None = None) -> int:
    def command() -> int:
        step, data, model_dir = parse(
            (ModelDirArguments, DataArguments),
            sys.argv[1:] if argv is None else argv,
            prog="python -m training.evaluate",
            description=__doc__.splitlines()[0],
            positional=[("model_dir", "A model directory written by python -m training.")],
        )
        results = evaluate_model_dir(Path(model_dir), data, step.device, step.seed)
        for split, m in results.items():
            print(f"{split}: micro-F1 {m['micro_f1']:.4f} macro-F1 {m['macro_f1']:.4f}")
        return 0

    return run_main(command)


if __name__ == "__main__":
    sys.exit(main())
