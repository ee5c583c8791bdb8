"""End to end on the tiny BERT, plus the loss and metric pieces it is built from."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
from transformers import AutoModelForSequenceClassification

from classifier.model.artifacts import ModelMeta
from classifier.model.thresholds import tune_thresholds
from tests.conftest import LABELS, train_args
from training.metrics import evaluate
from training.run import parse_args
from training.trainer import masked_bce, positive_weights


def test_training_leaves_a_self_contained_model_directory(trained_model):
    model = AutoModelForSequenceClassification.from_pretrained(trained_model)
    assert model.config.id2label == dict(enumerate(LABELS))
    assert model.config.problem_type == "multi_label_classification"
    meta = ModelMeta.load(trained_model, LABELS)
    assert set(meta.thresholds) == set(LABELS)
    assert all(0.0 <= t <= 1.0 for t in meta.thresholds.values())
    assert meta.max_seq_length == 32
    metrics = json.loads((trained_model / "metrics.json").read_text())
    # the keywords are learnable: a working pipeline separates them well
    assert metrics["test"]["micro_f1"] > 0.75  # chance is about 0.5
    assert set(metrics["test"]["per_label"]) == set(LABELS)
    card = (trained_model / "README.md").read_text()
    assert "| insult |" in card and "python -m training" in card
    assert (trained_model / "pr_curves.png").stat().st_size > 1000
    assert (trained_model / "tokenizer.json").is_file() or (trained_model / "vocab.txt").is_file()
    assert not list(trained_model.glob("checkpoint-*"))  # removed after success


def test_arguments_from_one_json_file(tmp_path, tiny_bert, data_files):
    flags = train_args(tiny_bert, data_files, tmp_path / "o")
    config = {
        "train_file": str(data_files["train"]),
        "label_columns": LABELS,
        "model_name": str(tiny_bert),
        "output_dir": str(tmp_path / "o"),
        "min_votes": 1,
    }
    path = tmp_path / "args.json"
    path.write_text(json.dumps(config))
    _, _, data_args, train = parse_args([str(path)])
    assert data_args.label_columns == LABELS and data_args.min_votes == 1
    assert train.seed == 1993 and train.learning_rate == 2e-5  # the notebook's defaults
    assert train.train_sampling_strategy == "group_by_length"
    _, _, _, from_flags = parse_args(flags)
    assert from_flags.learning_rate == 3e-3


def test_positive_weights_from_label_frequencies():
    y = np.array([[1, 0], [0, 0], [0, np.nan], [0, 1], [0, 0]], dtype=np.float32)
    w = positive_weights(y, "ratio", cap=50)
    assert w.tolist() == pytest.approx([4.0, 3.0])  # 4 neg / 1 pos; 3 known neg / 1 pos
    assert positive_weights(y, "sqrt").tolist() == pytest.approx([2.0, math.sqrt(3)])
    assert positive_weights(y, "ratio", cap=3.5).tolist() == pytest.approx([3.5, 3.0])
    assert positive_weights(y, "none") is None
    with pytest.raises(ValueError, match="pos_weight"):
        positive_weights(y, "focal")


def test_unknown_labels_are_masked_out_of_the_loss():
    logits = torch.tensor([[2.0, -1.0], [0.5, 3.0]])
    labels = torch.tensor([[1.0, float("nan")], [0.0, float("nan")]])
    masked = masked_bce(logits, labels, None)
    only_known = torch.nn.functional.binary_cross_entropy_with_logits(logits[:, 0], labels[:, 0])
    assert masked.item() == pytest.approx(only_known.item())


def test_thresholds_are_f1_optimal_per_label():
    y = np.array([[1], [1], [0], [0], [1]], dtype=np.float32)
    p = np.array([[0.30], [0.35], [0.32], [0.10], [0.90]])
    t = tune_thresholds(y, p, ["a"])
    assert t["a"] == pytest.approx(0.30)  # one FP but all three positives: F1 0.857 beats 0.8
    m = evaluate(y, p, ["a"], t)
    assert m["per_label"]["a"]["recall"] == 1.0
    assert m["micro_f1"] == pytest.approx(6 / 7)
    # ROC-AUC comes from probabilities, not hard predictions: 5 of 6 pairs ordered right
    assert m["roc_auc_micro"] == pytest.approx(5 / 6)


def test_evaluate_retunes_thresholds_through_the_serving_engine(trained_model, data_files, tmp_path):
    import shutil

    from classifier import Classifier, Engine
    from training.evaluate import main as evaluate_main

    copy = tmp_path / "m"
    shutil.copytree(trained_model, copy)
    meta = json.loads((copy / "sentinela.json").read_text())
    meta["thresholds"] = {"insult": 0.99, "obscene": 0.99}
    (copy / "sentinela.json").write_text(json.dumps(meta))
    rc = evaluate_main(
        [
            str(copy),
            "--validation-file",
            str(data_files["validation"]),
            "--test-file",
            str(data_files["test"]),
        ]
    )
    assert rc == 0
    retuned = json.loads((copy / "sentinela.json").read_text())["thresholds"]
    assert retuned["insult"] < 0.99
    report = json.loads((copy / "metrics.json").read_text())
    # the classifier loaded from the directory reproduces the report's test predictions
    import pandas as pd

    test = pd.read_csv(data_files["test"])
    clf = Classifier(Engine.load(copy, "cpu"))
    flagged = np.array([[label in s.flagged for label in LABELS] for s in clf.predict(test["text"].tolist())])
    tp = int((flagged & (test[LABELS].to_numpy() == 1)).sum())
    assert tp / max(1, flagged.sum()) == pytest.approx(report["test"]["micro_precision"])


def test_merge_metrics_keeps_the_run_and_replaces_every_stale_split(tmp_path):
    from training.report import merge_metrics, read_metrics, write_metrics

    write_metrics(
        tmp_path,
        {"validation": {"micro_f1": 0.5}, "test": {"micro_f1": 0.4}, "command": "c", "train_seconds": 9.0},
    )
    previous = merge_metrics(tmp_path, {"validation": {"micro_f1": 0.6}, "evaluated_with": "e"})
    assert previous["test"] == {"micro_f1": 0.4}  # the caller still sees what was there
    # a re-tune without a test file must not leave the old thresholds' test score behind
    assert read_metrics(tmp_path) == {
        "validation": {"micro_f1": 0.6},
        "command": "c",
        "train_seconds": 9.0,
        "evaluated_with": "e",
    }
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert merge_metrics(fresh, {"test": {"micro_f1": 0.7}}) == {}
    assert read_metrics(fresh) == {"test": {"micro_f1": 0.7}}


def test_unreadable_metrics_file_is_a_clear_error(tmp_path):
    from training.errors import TrainingError
    from training.report import merge_metrics

    (tmp_path / "metrics.json").write_text("{not json")
    with pytest.raises(TrainingError, match=r"metrics\.json: unreadable"):
        merge_metrics(tmp_path, {"test": {}})
    assert (tmp_path / "metrics.json").read_text() == "{not json"  # nothing overwritten
