"""The cascade: a bound chosen on validation that keeps 99.5% of the decisions, and an engine that
lets the lexical model answer the clearly clean texts."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from classifier import Classifier, ClassifierConfigError, Engine
from classifier.export.agreement import export_dir
from classifier.export.cascade import calibrate_cascade
from classifier.runtime.cascade import choose_bound, measure


def test_the_bound_is_the_highest_that_keeps_the_promised_share_of_decisions():
    rng = np.random.default_rng(0)
    z = rng.random(2000)
    flagged = (z > 0.7) | (rng.random(2000) < 0.02)  # a few flagged messages look clean lexically
    bound = choose_bound(z, flagged, ceiling=1.0, min_agreement=0.995)
    kept = measure(z, flagged[:, None], bound)
    assert kept["agreement"] >= 0.995 and kept["skip_rate"] > 0.1
    # one more message skipped would break the promise
    above = np.sort(z[z >= bound])[:2]
    assert measure(z, flagged[:, None], float(np.nextafter(above[1], 1.0)))["agreement"] < 0.995
    assert choose_bound(z, flagged, ceiling=0.1) == 0.1  # never above its ceiling
    assert choose_bound(np.array([]), np.array([], dtype=bool), ceiling=1.0) == 0.0


def texts_of(path) -> list[str]:
    return pd.read_csv(path)["text"].astype(str).tolist()


@pytest.fixture(scope="module")
def calibrated(blended_model, data_files, tmp_path_factory):
    model = tmp_path_factory.mktemp("cascade") / "model"
    shutil.copytree(blended_model, model)
    manifest = export_dir(model, texts_of(data_files["validation"]))
    assert manifest["cascade"] == json.loads((model / "sentinela.json").read_text())["cascade"]
    return model


def test_export_stores_the_bound_and_the_engine_skips_what_it_promised(calibrated, data_files):
    check = json.loads((calibrated / "sentinela.json").read_text())["cascade"]
    texts = texts_of(data_files["validation"])
    full = Engine.load(calibrated, "cpu", cascade="off")
    fast = Engine.load(calibrated, "cpu")  # auto: the directory's calibrated bound
    assert full.cascade is None and fast.cascade is not None
    cut = np.array([full.meta.threshold(label) for label in full.labels])
    assert check["bound"] <= 1.0 and check["agreement"] >= 0.995 and check["skip_rate"] > 0
    # a skipped text's lexical probabilities stay under the bound's share of every threshold
    lexical = fast.lexical_probs(fast.normalise(texts))
    skipped = fast.cascade.clean(lexical)
    assert (lexical[skipped] < check["bound"] * cut).all()
    reference, answered = full.predict_probs(texts) >= cut, fast.predict_probs(texts) >= cut
    same = (reference == answered).all(axis=1).mean()
    assert same == pytest.approx(check["agreement"], abs=1e-9)  # what export measured is what runs
    assert fast.cascade_skipped == round(check["skip_rate"] * len(texts)) > 0
    assert full.cascade_skipped == 0
    # the texts it answered alone get no flag and never reached the transformer
    calls = fast.model_calls
    clean = texts[int(np.argmin(fast.lexical_probs(fast.normalise(texts)).max(axis=1)))]
    assert not (fast.predict_probs([clean]) >= cut).any() and fast.model_calls == calls


async def test_the_classifier_follows_its_cascade_setting(calibrated, data_files):
    texts = texts_of(data_files["validation"])[:50]
    async with await Classifier.load(calibrated, "cpu", cascade="off") as off:
        await off.score_many(texts)
        assert off.stats()["cascade_skipped"] == 0
    async with await Classifier.load(calibrated, "cpu") as auto:
        await auto.score_many(texts)
        assert auto.stats()["cascade_skipped"] > 0


def test_a_retrained_model_does_not_use_a_bound_measured_for_other_weights(calibrated, tmp_path):
    model = tmp_path / "retrained"
    shutil.copytree(calibrated, model)
    config = json.loads((model / "config.json").read_text())
    (model / "config.json").write_text(json.dumps({**config, "retrained": True}))  # other weights' digest
    assert Engine.load(model, "cpu").cascade is None


def test_a_model_without_a_lexical_model_has_no_cascade(trained_model):
    assert Engine.load(trained_model, "cpu").cascade is None
    with pytest.raises(ClassifierConfigError, match="no lexical model"):
        calibrate_cascade(trained_model, ["bom dia"])
