"""``COMPILE``: the compiled graph on the tiny trained model, its measurement, and every fallback."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from classifier import ClassifierConfigError, Engine
from classifier.model.files import weights_digest
from classifier.model.heads import load_classifier
from classifier.runtime.compiled import CompiledForward, cxx_compiler
from classifier.runtime.selection import compile_wanted
from tests.conftest import make_texts

# one word to long paragraphs: batch shapes the warm-up never ran
TEXTS = [" ".join([t] * (1 + i % 6)) for i, t in enumerate(make_texts(90, seed=13)["text"])]
needs_compiler = pytest.mark.skipif(cxx_compiler() is None, reason="no C++ compiler on this machine")


def decisions(engine: Engine, probs: np.ndarray) -> np.ndarray:
    return probs >= np.array([engine.meta.threshold(label) for label in engine.labels])


def perturbed_copy(source: Path, dest: Path) -> Path:
    """A copy of ``source`` with other weights in its classifier head (another model's digest)."""
    shutil.copytree(source, dest)
    model = load_classifier(str(dest))
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if name.startswith("classifier."):
                tensor.mul_(-3.0).add_(0.2)
    model.save_pretrained(dest)
    return dest


@needs_compiler
def test_auto_compiles_a_bf16_engine_measured_to_agree_and_builds_no_graph_while_serving(exported, tmp_path):
    measured = Engine.load(exported, "cpu").meta.precision_check["results"]
    assert measured["torch/bf16+compiled"]["max_abs_diff"] < 0.05
    # the tiny model's scores crowd its thresholds: bf16 moves a fifth of its decisions, so auto
    # keeps it eager; another model, measured at 99.9% (edited in), is compiled
    assert measured["torch/bf16+compiled"]["agreement"] < 0.995
    assert not Engine.load(exported, "cpu", precision="bf16", compile="auto").runner.compiled
    other = perturbed_copy(exported, tmp_path / "other")
    saved = json.loads((other / "sentinela.json").read_text())
    saved["precision_check"]["weights_sha256"] = weights_digest(other)
    saved["precision_check"]["results"]["torch/bf16+compiled"]["agreement"] = 0.999
    (other / "sentinela.json").write_text(json.dumps(saved))

    first = Engine.load(exported, "cpu", precision="bf16", compile="on")
    second = Engine.load(other, "cpu", precision="bf16", compile="auto")
    for engine in (first, second):
        assert engine.runner.compiled and engine.runner.engine_key == "torch/bf16+compiled"
    # fail_on_recompile: a shape whose guards fail raises, and the runner turns eager (checked
    # below); batches of 1 to 32 rows, 3 to 100+ tokens, two threads, two models in one process
    with torch.compiler.set_stance("fail_on_recompile"):
        probs = {e.name: e.predict_probs(TEXTS) for e in (first, second)}
    for engine in (first, second):
        assert engine.runner.compiled  # the warm-up's two graphs served every shape
        eager = Engine.load(engine.name, "cpu", precision="bf16", compile="off").predict_probs(TEXTS)
        diff = np.abs(probs[engine.name] - eager).max()
        assert diff < 0.05  # each model's graph runs its own weights
        flipped = decisions(engine, probs[engine.name]) != decisions(engine, eager)
        cut = np.array([engine.meta.threshold(label) for label in engine.labels])
        assert (np.abs(eager - cut)[flipped] <= diff).all()  # only scores at a threshold move
    assert np.abs(probs[first.name] - probs[second.name]).max() > 0.1


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
        # the input's own fault (ids past the vocabulary) fails eagerly too: raised, graph kept
        with pytest.raises(IndexError):
            forward(input_ids=torch.full((3, 7), 10**6), attention_mask=torch.ones_like(ids))
        assert forward.active and "eager from now on" not in caplog.text
        calls.clear()
        first = forward(input_ids=ids, attention_mask=torch.ones_like(ids)).logits
        second = forward(input_ids=ids, attention_mask=torch.ones_like(ids)).logits
        expected = model(input_ids=ids, attention_mask=torch.ones_like(ids)).logits
    assert len(calls) == 1 and not forward.active  # the second call went straight to eager
    torch.testing.assert_close(first, expected)
    torch.testing.assert_close(second, expected)
    assert caplog.text.count("eager from now on") == 1
