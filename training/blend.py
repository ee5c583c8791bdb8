"""Blend a trained Sentinela model with a lexical n-gram model, per label, fitted on validation.

    python -m training.blend MODEL_DIR --train-file T --validation-file V [--test-file X] \\
        --label-columns homophobia obscene ... --min-votes 1 [--lexical-c 1 4 16]

``python -m training --lexical-blend true`` runs the same step after training. The lexical model
is fitted on the training split, the transformer's weight per label (``w``; the lexical model
gets ``1 - w``) and then the thresholds on validation; the test file is scored once, through
``classifier.Engine`` loaded from the written directory, so the report is what the bot serves.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score

from classifier.model.text import normalize
from classifier.model.thresholds import tune_thresholds
from classifier.runtime.engine import Engine
from training.args import DataArguments, LexicalArguments, ModelDirArguments
from training.cli import parse, run_main
from training.data import Splits, splits_from_args
from training.errors import TrainingError
from training.lexical import fit_lexical
from training.metrics import evaluate
from training.report import merge_metrics, plot_pr_curves, read_metrics, write_model_card

log = logging.getLogger(__name__)

WEIGHT_GRID = tuple(np.round(np.linspace(0.0, 1.0, 21), 2))
PREDICTIONS_FILE = "test_predictions.csv"


def fit_blend(
    y_val: np.ndarray,
    p_transformer: np.ndarray,
    p_lexical: np.ndarray,
    labels: list[str],
    shrinkage: float = 0.0,
) -> dict[str, float]:
    """The transformer's weight per label with the best validation average precision.

    Average precision rather than F1 at a tuned cut: it scores the whole ranking, so a label
    with ten positives does not pick its weight from one lucky threshold. Ties go to 0.5.
    With ``shrinkage`` k > 0 the fitted weight w is pulled towards 0.5 as
    ``0.5 + (w - 0.5) * n / (n + k)`` for a label with n validation positives: a weight fitted
    on ten positives is mostly noise (it is what sank recipe H's racism score on test).
    """
    if shrinkage < 0:
        raise TrainingError(f"blend shrinkage must be 0 or more, got {shrinkage:g}")
    weights: dict[str, float] = {}
    for j, label in enumerate(labels):
        known = ~np.isnan(y_val[:, j])
        y = y_val[known, j]
        if y.sum() == 0 or y.sum() == len(y):
            weights[label] = 0.5
            continue
        scored = [
            (
                average_precision_score(y, w * p_transformer[known, j] + (1 - w) * p_lexical[known, j]),
                -abs(w - 0.5),
                w,
            )
            for w in WEIGHT_GRID
        ]
        fitted = float(max(scored)[2])
        positives = float(y.sum())
        weights[label] = round(0.5 + (fitted - 0.5) * positives / (positives + shrinkage), 4)
    return weights


def add_lexical_blend(
    model_dir: str | Path,
    splits: Splits,
    *,
    c_grid: tuple[float, ...] = (4.0,),
    device: str = "auto",
    shrinkage: float = 0.0,
    max_benign_flag_rate: float | None = None,
) -> dict[str, dict]:
    """Fit, save and score the blend in ``model_dir``; returns the metrics per split.

    The blend's thresholds keep the training run's benign budget (``max_benign_flag_rate``):
    a blend tuned for F1 alone flagged about a third of the benign test messages.
    """
    model_dir = Path(model_dir)
    engine = Engine.load(model_dir, device)
    labels = engine.labels
    if set(labels) != set(splits.labels):
        raise TrainingError(f"label columns {splits.labels} differ from the model's {labels}")

    def texts(df: pd.DataFrame) -> list[str]:
        return [normalize(t, engine.meta.text) for t in df["text"]]

    def y(df: pd.DataFrame) -> np.ndarray:
        return df[labels].to_numpy(np.float32)

    started = time.perf_counter()
    lexical, chosen_c = fit_lexical(
        texts(splits.train),
        y(splits.train),
        labels,
        c_grid=c_grid,
        val_texts=texts(splits.validation),
        y_val=y(splits.validation),
    )
    lexical_seconds = time.perf_counter() - started
    y_val = y(splits.validation)
    raw_val = splits.validation["text"].tolist()
    p_transformer = engine.transformer_probs(raw_val)
    p_lexical = lexical.predict_proba(texts(splits.validation))
    weights = fit_blend(y_val, p_transformer, p_lexical, labels, shrinkage)

    # from here on the serving code mixes every probability (the transformer's are reused)
    engine.lexical, engine.meta.blend = lexical, weights
    p_val = engine.blend(p_transformer, raw_val)
    budget = {"max_benign_flag_rate": max_benign_flag_rate, "budget_rows": splits.budget_rows}
    engine.meta.thresholds = tune_thresholds(y_val, p_val, labels, **budget)
    lexical.save(model_dir)
    engine.meta.save(model_dir)

    parts = {"transformer": p_transformer, "lexical": p_lexical}
    own = {name: tune_thresholds(y_val, p, labels, **budget) for name, p in parts.items()}
    results = {"validation": evaluate(y_val, p_val, labels, engine.meta.thresholds)}
    for name, p in parts.items():
        results[f"validation ({name} only)"] = evaluate(y_val, p, labels, own[name])
    curve = (y_val, p_val, "validation")
    if splits.test is not None:
        served = Engine.load(model_dir, device)  # exactly what the bot will load
        raw_test = splits.test["text"].tolist()
        test_parts = {
            "transformer": served.transformer_probs(raw_test),
            "lexical": lexical.predict_proba(texts(splits.test)),
        }
        y_test, p_test = y(splits.test), served.blend(test_parts["transformer"], raw_test)
        results["test"] = evaluate(y_test, p_test, labels, served.meta.thresholds)
        for name, p in test_parts.items():
            results[f"test ({name} only)"] = evaluate(y_test, p, labels, own[name])
        predictions = pd.DataFrame(p_test, columns=labels)
        predictions.insert(0, "text", raw_test)
        predictions.to_csv(model_dir / PREDICTIONS_FILE, index=False, float_format="%.6f")
        curve = (y_test, p_test, "test")

    previous = read_metrics(model_dir)
    blend_info = {
        "weights": weights,
        "lexical_c": chosen_c,
        "shrinkage": shrinkage,
        "max_benign_flag_rate": max_benign_flag_rate,
        "lexical_seconds": lexical_seconds,
        "lexical_features": int(lexical.coef.shape[1]),
    }
    # the transformer-only numbers of the training run stay, under their own names
    # (on a directory blended before, "validation"/"test" are the old blend's: they are replaced)
    fresh = "blend" not in previous
    kept = {
        f"{k} (training run, transformer)": v
        for k, v in previous.items()
        if fresh and k in ("validation", "test")
    }
    merge_metrics(model_dir, {**kept, **results, "blend": blend_info})
    write_model_card(
        model_dir,
        base_model=f"{engine.meta.base_model or '?'} + lexical n-gram blend",
        labels=labels,
        results={k: v for k, v in results.items() if "only" not in k},
        command=previous.get("command", "python -m training ...") + " && python -m training.blend ...",
        train_rows=len(splits.train),
        seconds=previous.get("train_seconds", 0.0) + lexical_seconds,
    )
    plot_pr_curves(model_dir, curve[0], curve[1], labels, f"Precision-recall per label ({curve[2]}, blend)")
    for name, w in weights.items():
        log.info("blend %s: transformer weight %.2f, lexical C %g", name, w, chosen_c[name])
    return results


def main(argv: list[str] | None = None) -> int:
    def command() -> int:
        step, lexical, data, model_dir = parse(
            (ModelDirArguments, LexicalArguments, DataArguments),
            sys.argv[1:] if argv is None else argv,
            prog="python -m training.blend",
            description=__doc__.splitlines()[0],
            positional=[("model_dir", "A model directory written by python -m training.")],
        )
        if not Path(model_dir).is_dir():
            raise TrainingError(f"{model_dir}: no such model directory")
        splits = splits_from_args(data, step.seed)
        results = add_lexical_blend(
            model_dir,
            splits,
            c_grid=tuple(lexical.lexical_c),
            device=step.device,
            shrinkage=lexical.blend_shrinkage,
            max_benign_flag_rate=data.max_benign_flag_rate,
        )
        for split, m in results.items():
            print(f"{split}: micro-F1 {m['micro_f1']:.4f} macro-F1 {m['macro_f1']:.4f}")
        return 0

    return run_main(command)


if __name__ == "__main__":
    sys.exit(main())
