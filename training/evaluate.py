"""``python -m training.evaluate MODEL_DIR``: re-tune thresholds and re-score a model directory.

Predictions come from the serving path (``classifier.Engine``), so the report is exactly what the
bot will see. Thresholds are tuned on the validation file only; the test file is scored once.

    python -m training.evaluate outputs/model --validation-file V --test-file T \\
        --label-columns homophobia obscene ... --min-votes 1
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from classifier.engine import Engine
from training.data import prepare_frame, read_table
from training.errors import TrainingError
from training.metrics import evaluate, tune_thresholds
from training.report import plot_pr_curves, write_metrics, write_model_card


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--validation-file", required=True)
    parser.add_argument("--test-file")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--label-columns", nargs="+")
    parser.add_argument("--min-votes", type=int)
    args = parser.parse_args(argv)
    try:
        engine = Engine.load(args.model_dir, "auto")
        labels = args.label_columns or engine.labels
        if labels != engine.labels:
            raise TrainingError(f"--label-columns {labels} differ from the model's {engine.labels}")

        def load(path: str):
            frame = prepare_frame(read_table(path), args.text_column, labels, path, args.min_votes)
            return frame[labels].to_numpy("float32"), engine.predict_probs(frame["text"].tolist())

        y_val, p_val = load(args.validation_file)
        thresholds = tune_thresholds(y_val, p_val, labels)
        results = {"validation": evaluate(y_val, p_val, labels, thresholds)}
        curve = (y_val, p_val, "validation")
        if args.test_file:
            y_test, p_test = load(args.test_file)
            results["test"] = evaluate(y_test, p_test, labels, thresholds)
            results["test@0.5"] = evaluate(y_test, p_test, labels, dict.fromkeys(labels, 0.5))
            curve = (y_test, p_test, "test")
    except (TrainingError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    engine.meta.thresholds = thresholds
    engine.meta.save(args.model_dir)
    previous = {}
    metrics_path = args.model_dir / "metrics.json"
    if metrics_path.is_file():
        previous = json.loads(metrics_path.read_text())
    command = previous.get("command", "python -m training ...")
    write_metrics(args.model_dir, {**previous, **results, "evaluated_with": "python -m training.evaluate"})
    write_model_card(
        args.model_dir,
        base_model=engine.meta.base_model or "?",
        labels=labels,
        results=results,
        command=command,
        train_rows=None,
        seconds=previous.get("train_seconds", 0.0),
    )
    plot_pr_curves(args.model_dir, *curve[:2], labels, f"Precision-recall per label ({curve[2]})")
    for split, m in results.items():
        print(f"{split}: micro-F1 {m['micro_f1']:.4f} macro-F1 {m['macro_f1']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
