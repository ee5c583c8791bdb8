"""The mean-pooling head: padding-blind pooling, trained, served, exported and retrained as it is."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch
from transformers import AutoConfig

from classifier import Engine
from classifier.model.heads import MeanPoolingClassifier, load_classifier, pooling_of
from classifier.model.thresholds import tune_thresholds
from tests.conftest import make_texts, train_args

TEXTS = make_texts(40, seed=21)["text"].tolist()


@pytest.fixture(scope="module")
def mean_model(tiny_bert, data_files, tmp_path_factory):
    from training.run import run

    out = tmp_path_factory.mktemp("mean") / "model"
    run(train_args(tiny_bert, data_files, out, "--pooling", "mean", "--max-steps", "30"))
    return out


def test_mean_pooling_ignores_padding(tiny_bert):
    config = AutoConfig.from_pretrained(tiny_bert, num_labels=3)
    model = load_classifier(str(tiny_bert), "mean", config=config).eval()
    ids = torch.tensor([[2, 7, 8, 9, 3], [2, 7, 8, 3, 0]])
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]])
    with torch.no_grad():
        batched = model(input_ids=ids, attention_mask=mask).logits
        alone = model(input_ids=ids[1:, :4], attention_mask=mask[1:, :4]).logits
    torch.testing.assert_close(batched[1:], alone, atol=1e-5, rtol=0)


def test_a_mean_pooled_directory_is_trained_served_and_exported_as_it_is(mean_model, tmp_path):
    config = json.loads((mean_model / "config.json").read_text())
    assert config["architectures"] == ["MeanPoolingClassifier"]
    engine = Engine.load(mean_model, "cpu")
    assert isinstance(engine.model, MeanPoolingClassifier)
    metrics = json.loads((mean_model / "metrics.json").read_text())
    assert metrics["validation"]["micro_f1"] > 0.5  # it learned the fixture's keywords
    copy = tmp_path / "model"
    shutil.copytree(mean_model, copy)
    onnx = Engine.load(copy, "cpu", backend="onnx", precision="fp32")
    np.testing.assert_allclose(onnx.predict_probs(TEXTS), engine.predict_probs(TEXTS), atol=1e-4)


def test_retraining_a_mean_pooled_model_keeps_its_head(mean_model, data_files, tmp_path):
    from training.run import run

    out = tmp_path / "again"
    run(train_args(mean_model, data_files, out, "--max-steps", "2"))
    assert pooling_of(AutoConfig.from_pretrained(out)) == "mean"


def test_mean_pooling_is_refused_for_other_encoders(tmp_path):
    from transformers import RobertaConfig

    RobertaConfig(vocab_size=50, hidden_size=16, num_hidden_layers=1, num_attention_heads=2).save_pretrained(
        tmp_path
    )
    with pytest.raises(ValueError, match="mean pooling is built for BERT"):
        load_classifier(str(tmp_path), "mean")


def test_a_benign_flag_budget_raises_thresholds_until_it_holds():
    from classifier.model.thresholds import apply_thresholds, tune_thresholds

    rng = np.random.default_rng(3)
    n = 2000
    y = (rng.random((n, 2)) < 0.1).astype(np.float32)
    # a weak model: positives score a little higher, with much overlap
    probs = np.clip(0.3 + 0.15 * y + 0.2 * rng.standard_normal((n, 2)), 0, 1).astype(np.float32)
    labels = ["a", "b"]
    f1_only = tune_thresholds(y, probs, labels)
    budgeted = tune_thresholds(y, probs, labels, max_benign_flag_rate=0.1)
    benign = (y == 0).all(axis=1)

    def flag_rate(thresholds):
        return apply_thresholds(probs[benign], labels, thresholds).any(axis=1).mean()

    assert flag_rate(f1_only) > 0.3  # F1 alone flags a third of the friendly messages
    assert flag_rate(budgeted) <= 0.1
    assert all(budgeted[k] >= f1_only[k] for k in labels)  # only ever raised
    # unknown cells (NaN) do not make a row benign or toxic by themselves
    y_nan = y.copy()
    y_nan[0] = np.nan
    assert tune_thresholds(y_nan, probs, labels, max_benign_flag_rate=0.1).keys() == budgeted.keys()
    with pytest.raises(ValueError, match="max_benign_flag_rate"):
        tune_thresholds(y, probs, labels, max_benign_flag_rate=1.5)


def test_rows_outside_the_budget_count_for_f1_but_spend_no_budget():
    labels = ["insult"]
    rng = np.random.default_rng(0)
    y = (rng.random((400, 1)) < 0.3).astype(np.float32)
    probs = np.clip(y * 0.6 + rng.random((400, 1)) * 0.5, 0, 1)
    hard = np.zeros(400, bool)
    hard[:100] = True
    probs[hard & (y[:, 0] == 0), 0] = 0.95  # benign rows written to look toxic
    everywhere = tune_thresholds(y, probs, labels, max_benign_flag_rate=0.1)
    chat_only = tune_thresholds(y, probs, labels, max_benign_flag_rate=0.1, budget_rows=~hard)
    assert chat_only["insult"] < everywhere["insult"]
    chat = ~hard & (y[:, 0] == 0)
    assert (probs[chat, 0] >= chat_only["insult"]).mean() <= 0.1
    with pytest.raises(ValueError, match="budget_rows"):
        tune_thresholds(y, probs, labels, max_benign_flag_rate=0.1, budget_rows=~hard[:10])
