"""``COMPILE``: the compiled graph on the tiny trained model, its measurement, and every fallback."""

from __future__ import annotations

import json
import logging
import shutil

import numpy as np
import pytest
import torch
from torch._dynamo.utils import counters

from classifier import ClassifierConfigError, Engine
from classifier.model.files import weights_digest
from classifier.runtime.compiled import CompiledForward, cxx_compiler
from classifier.runtime.selection import compile_wanted
from tests.conftest import make_texts

# one word to long paragraphs: batch shapes the warm-up never ran
TEXTS = [" ".join([t] * (1 + i % 6)) for i, t in enumerate(make_texts(90, seed=13)["text"])]
needs_compiler = pytest.mark.skipif(cxx_compiler() is None, reason="no C++ compiler on this machine")


def decisions(engine: Engine, probs: np.ndarray) -> np.ndarray:
    return probs >= np.array([engine.meta.threshold(label) for label in engine.labels])


@needs_compiler
def test_auto_compiles_a_bf16_engine_measured_to_agree_and_builds_no_graph_while_serving(exported, tmp_path):
    measured = Engine.load(exported, "cpu").meta.precision_check["results"]
    assert measured["torch/bf16+compiled"]["max_abs_diff"] < 0.05
    # the tiny model's scores crowd its thresholds: bf16 moves a fifth of its decisions, so auto
    # keeps it eager; a model measured at 99.9% (the figure edited in a copy) is compiled
    assert measured["torch/bf16+compiled"]["agreement"] < 0.995
    assert not Engine.load(exported, "cpu", precision="bf16", compile="auto").runner.compiled
    model = tmp_path / "model"
    shutil.copytree(exported, model)
    saved = json.loads((model / "sentinela.json").read_text())
    saved["precision_check"]["results"]["torch/bf16+compiled"]["agreement"] = 0.999
    (model / "sentinela.json").write_text(json.dumps(saved))

    engine = Engine.load(model, "cpu", precision="bf16", compile="auto")
    assert engine.runner.compiled and engine.runner.engine_key == "torch/bf16+compiled"
    graphs = counters["stats"]["unique_graphs"]
    probs = engine.predict_probs(TEXTS)  # batches of 1 to 32 rows, 3 to 100+ tokens, two threads
    assert counters["stats"]["unique_graphs"] == graphs  # the two warm-up graphs serve every shape
    reference = Engine.load(model, "cpu", precision="bf16", compile="off").predict_probs(TEXTS)
    diff = np.abs(probs - reference).max()
    assert diff < 0.05
    flipped = decisions(engine, probs) != decisions(engine, reference)
    cut = np.array([engine.meta.threshold(label) for label in engine.labels])
    assert (np.abs(reference - cut)[flipped] <= diff).all()  # only scores at a threshold move


def test_auto_leaves_unmeasured_and_fp32_engines_eager(exported, trained_model):
    meta = Engine.load(exported, "cpu").meta
    digest = weights_digest(exported)
    fp32 = Engine.load(trained_model, "cpu", precision="fp32").runner
    assert not compile_wanted("auto", fp32, meta, digest)  # auto compiles bf16 only
    assert not compile_wanted("off", fp32, meta, digest)
    assert compile_wanted("on", fp32, meta, digest)
    bf16 = Engine.load(trained_model, "cpu", precision="bf16").runner
    assert not compile_wanted("auto", bf16, meta, "other weights")  # measured on other weights
    assert not compile_wanted("auto", bf16, Engine.load(trained_model, "cpu").meta, digest)  # never
    with pytest.raises(ClassifierConfigError, match="unknown compile mode 'yes'"):
        Engine.load(trained_model, "cpu", compile="yes")


def test_without_a_compiler_the_engine_stays_eager_and_serves(trained_model, monkeypatch, caplog):
    monkeypatch.setenv("CXX", "/nonexistent/c++")
    with caplog.at_level(logging.WARNING, logger="classifier.runtime.compiled"):
        engine = Engine.load(trained_model, "cpu", compile="on")
    assert not engine.runner.compiled and engine.runner.engine_key == "torch/fp32"
    assert "no C++ compiler found" in caplog.text
    np.testing.assert_array_equal(
        engine.predict_probs(TEXTS), Engine.load(trained_model, "cpu").predict_probs(TEXTS)
    )


def test_a_compiled_call_that_fails_is_answered_eagerly_and_compiling_stops(trained_model, caplog):
    model = Engine.load(trained_model, "cpu").model
    calls = []

    def broken(**inputs):  # what a recompilation that cannot build raises from inside dynamo
        calls.append(inputs)
        raise RuntimeError("InvalidCxxCompiler: g++ vanished")

    forward = CompiledForward(model, broken)
    ids = torch.full((3, 7), 5)
    with torch.inference_mode(), caplog.at_level(logging.WARNING, logger="classifier.runtime.compiled"):
        first = forward(input_ids=ids, attention_mask=torch.ones_like(ids)).logits
        second = forward(input_ids=ids, attention_mask=torch.ones_like(ids)).logits
        expected = model(input_ids=ids, attention_mask=torch.ones_like(ids)).logits
    assert len(calls) == 1 and not forward.active  # the second call went straight to eager
    torch.testing.assert_close(first, expected)
    torch.testing.assert_close(second, expected)
    assert caplog.text.count("running eager from now on") == 1
