"""The cascade: a first stage (trained on the full model's own decisions, or a blend's lexical
model) answers the clearly clean texts, under a bound chosen on benign-heavy validation mixes at
the lower Clopper-Pearson limit of the decisions it keeps."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

from classifier import Classifier, ClassifierConfigError, Engine
from classifier.errors import ArtifactError
from classifier.export.__main__ import main as export_main
from classifier.export.agreement import export_dir
from classifier.export.cascade import calibrate_cascade
from classifier.export.mix import CalibrationMix, benign_heavy, largest_mix
from classifier.model.files import weights_digest
from classifier.model.first_stage import FIRST_STAGE_DIR, FirstStage
from classifier.runtime.cascade import choose_bound, clopper_pearson, measure, misses_allowed
from tests.conftest import LABELS, make_texts


def test_clopper_pearson_gives_the_textbook_intervals():
    # Clopper & Pearson's exact 95% intervals, as tabulated (e.g. 0/10: 0 to 0.3085)
    assert clopper_pearson(10, 10) == pytest.approx((0.69150, 1.0), abs=5e-5)
    assert clopper_pearson(5, 10) == pytest.approx((0.18709, 0.81291), abs=5e-5)
    assert clopper_pearson(0, 10) == pytest.approx((0.0, 0.30850), abs=5e-5)
    # and scipy's own exact interval on a cascade-sized sample
    exact = binomtest(995, 1000).proportion_ci(confidence_level=0.95, method="exact")
    assert clopper_pearson(995, 1000) == pytest.approx((exact.low, exact.high), abs=1e-12)


def test_misses_allowed_is_the_most_that_keeps_the_lower_limit():
    for n in (1000, 1300, 5000):
        k = misses_allowed(n, 0.995)
        assert k >= 0 and clopper_pearson(n - k, n)[0] >= 0.995 > clopper_pearson(n - k - 1, n)[0]
    # (0.025)^(1/400) = 0.9908: not even a perfect sample of 400 promises 99.5%
    assert misses_allowed(400, 0.995) == -1


def test_the_bound_is_the_highest_that_skips_no_more_misses_than_allowed():
    rng = np.random.default_rng(0)
    z = rng.random(2000)
    flagged = (z > 0.7) | (rng.random(2000) < 0.02)  # a few flagged messages look clean
    bound = choose_bound(z, flagged, allowed=5)
    assert ((z < bound) & flagged).sum() <= 5 and (z < bound).mean() > 0.01
    # one more message skipped would skip a sixth miss
    above = np.sort(z[z >= bound])[:2]
    assert ((z < np.nextafter(above[1], 1.0)) & flagged).sum() > 5
    assert choose_bound(z, flagged, allowed=5, ceiling=0.001) == 0.001  # never above its ceiling
    assert choose_bound(z, flagged, allowed=-1) == 0.0  # nothing may be promised: nothing skipped
    assert choose_bound(np.array([]), np.array([], dtype=bool), allowed=3) == 0.0
    kept = measure(z, flagged[:, None], bound)
    assert kept["agreement_low"] == pytest.approx(clopper_pearson(round(kept["agreement"] * 2000), 2000)[0])


def test_a_benign_heavy_mix_holds_one_toxic_text_in_ten():
    frame = make_texts(600, seed=11)
    toxic = frame[LABELS].sum(axis=1) > 0
    n = largest_mix(int((~toxic).sum()), int(toxic.sum()))
    rows = benign_heavy(frame, LABELS, n, seed=1)
    assert len(set(rows)) == n and toxic.to_numpy()[rows].sum() == n // 10
    assert set(rows) != set(benign_heavy(frame, LABELS, n, seed=2))  # another resampling
    with pytest.raises(ClassifierConfigError, match="at most"):
        CalibrationMix.benign_heavy(frame, LABELS, "f.csv", n=n + 1)


def texts_of(path) -> list[str]:
    return pd.read_csv(path)["text"].astype(str).tolist()


@pytest.fixture(scope="module")
def calibrated(blended_model, data_files, tmp_path_factory):
    """The blended model, its lexical model as first stage, calibrated on the texts as given."""
    model = tmp_path_factory.mktemp("cascade") / "model"
    shutil.copytree(blended_model, model)
    manifest = export_dir(model, texts_of(data_files["validation"]), min_low=0.95, compile="off")
    assert manifest["cascade"] == json.loads((model / "sentinela.json").read_text())["cascade"]
    return model


def test_export_stores_the_bound_and_the_engine_skips_what_it_promised(calibrated, data_files):
    check = json.loads((calibrated / "sentinela.json").read_text())["cascade"]
    texts = texts_of(data_files["validation"])
    full = Engine.load(calibrated, "cpu", cascade="off")
    fast = Engine.load(calibrated, "cpu")  # auto: the directory's calibrated bound
    assert full.cascade is None and fast.cascade is not None and check["first_stage"] == "lexical"
    cut = np.array([full.meta.threshold(label) for label in full.labels])
    assert check["bound"] <= 1.0 and check["agreement_low"] >= 0.95 and check["skip_rate"] > 0
    # a skipped text's lexical probabilities stay under the bound's share of every threshold
    lexical = fast.lexical_probs(fast.normalise(texts))
    skipped = fast.cascade_clean(texts)
    assert (lexical[skipped] < check["bound"] * cut).all()
    reference, answered = full.predict_probs(texts) >= cut, fast.predict_probs(texts) >= cut
    same = (reference == answered).all(axis=1).mean()
    assert same == pytest.approx(check["agreement"], abs=1e-9)  # what export measured is what runs
    assert fast.cascade_skipped == round(check["skip_rate"] * len(texts)) > 0
    assert full.cascade_skipped == 0
    # the texts it answered alone get no flag and never reached the transformer
    calls = fast.model_calls
    clean = texts[int(np.argmin(lexical.max(axis=1)))]
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


def test_a_model_without_a_first_stage_has_no_cascade(trained_model):
    assert Engine.load(trained_model, "cpu").cascade is None
    with pytest.raises(ClassifierConfigError, match="no first stage"):
        calibrate_cascade(trained_model, ["bom dia"])


@pytest.fixture(scope="module")
def first_staged(trained_model, data_files, tmp_path_factory):
    """The plain (unblended) model with a first stage fitted on its own decisions, calibrated on
    benign-heavy mixes of a labelled validation file, through the command line."""
    root = tmp_path_factory.mktemp("first-stage")
    model = root / "model"
    shutil.copytree(trained_model, model)
    validation = root / "validation.csv"
    make_texts(1500, seed=21).to_csv(validation, index=False)
    extra = root / "chat.txt"  # unlabelled text, one message a line
    extra.write_text("\n".join(make_texts(300, seed=22)["text"]) + "\n", encoding="utf-8")
    argv = [str(model), "--first-stage-texts", str(data_files["train"]), str(extra), "--validation-file",
            str(validation), "--resamplings", "3", "--min-agreement-low", "0.98",
            "--compile", "off"]  # fmt: skip
    assert export_main(argv) == 0
    return model, validation


def test_the_first_stage_learns_the_full_models_own_decisions(first_staged):
    model, _ = first_staged
    info = json.loads((model / FIRST_STAGE_DIR / "first_stage.json").read_text())
    assert info["weights_sha256"] == weights_digest(model)
    assert info["sources"] == {"train.csv": 640, "chat.txt": 300} and 0.3 < info["flagged_share"] < 0.9
    engine = Engine.load(model, "cpu", cascade="off")
    cut = np.array([engine.meta.threshold(label) for label in engine.labels])
    texts = make_texts(200, seed=23)["text"].tolist()
    flagged = (engine.predict_probs(texts) >= cut).any(axis=1)
    stage = FirstStage.load(model, info["weights_sha256"], engine.meta.thresholds)
    p = stage.predict(engine.normalise(texts))
    assert p[flagged].mean() > 0.5 > p[~flagged].mean()  # it predicts the model, on texts it never saw


def test_the_recorded_interval_is_the_clopper_pearson_limit_of_the_mix(first_staged):
    model, validation = first_staged
    check = json.loads((model / "sentinela.json").read_text())["cascade"]
    assert check["first_stage"] == "trained" and check["mix"]["kind"] == "benign-heavy"
    assert check["mix"]["resamplings"] == len(check["resamplings"]) == 3
    assert check["mix"]["toxic_share"] == 0.1 and check["mix"]["source"] == validation.name
    for run in check["resamplings"]:
        n = run["texts"]
        kept = round(run["agreement"] * n)
        exact = binomtest(kept, n).proportion_ci(confidence_level=0.95, method="exact")
        assert run["agreement_low"] == pytest.approx(exact.low, abs=1e-12)
        assert run["agreement_low"] >= 0.98
    assert check["agreement_low"] == min(r["agreement_low"] for r in check["resamplings"])
    assert check["skip_rate"] > 0.1  # the tiny model flags some keyword-free texts: they are not skipped


def test_the_served_cascade_keeps_what_was_recorded_on_each_mix(first_staged):
    model, validation = first_staged
    check = json.loads((model / "sentinela.json").read_text())["cascade"]
    frame = pd.read_csv(validation)
    full, fast = Engine.load(model, "cpu", cascade="off"), Engine.load(model, "cpu")
    assert fast.lexical is None and fast.cascade.first_stage is not None
    cut = np.array([full.meta.threshold(label) for label in full.labels])
    for seed, run in enumerate(check["resamplings"]):
        texts = frame["text"].iloc[benign_heavy(frame, LABELS, check["texts"], seed)].tolist()
        before = fast.cascade_skipped
        same = ((full.predict_probs(texts) >= cut) == (fast.predict_probs(texts) >= cut)).all(axis=1)
        assert same.mean() == pytest.approx(run["agreement"], abs=1e-9)
        assert fast.cascade_skipped - before == round(run["skip_rate"] * len(texts))
    # a settled text of a model without a lexical half scores zero for every label
    settled = next(t for t in frame["text"] if fast.cascade_clean([t])[0])
    assert not fast.predict_probs([settled]).any()


def test_a_first_stage_fitted_for_other_weights_is_refused(first_staged, tmp_path, caplog):
    model, _ = first_staged
    other = tmp_path / "other"
    shutil.copytree(model, other)
    config = json.loads((other / "config.json").read_text())
    (other / "config.json").write_text(json.dumps({**config, "retrained": True}))
    digest = weights_digest(other)
    thresholds = json.loads((other / "sentinela.json").read_text())["thresholds"]
    with pytest.raises(ArtifactError, match="fitted for other weights"):
        FirstStage.load(other, digest, thresholds)
    # even with the cascade's record brought up to date by hand, the first stage is refused
    meta = json.loads((other / "sentinela.json").read_text())
    meta["cascade"]["weights_sha256"] = digest
    (other / "sentinela.json").write_text(json.dumps(meta))
    assert Engine.load(other, "cpu").cascade is None
    assert "fitted for other weights" in caplog.text


def test_a_first_stage_fitted_at_other_thresholds_or_refitted_is_refused(first_staged, tmp_path):
    model, _ = first_staged
    moved = tmp_path / "moved"
    shutil.copytree(model, moved)
    meta = json.loads((moved / "sentinela.json").read_text())
    meta["thresholds"] = {label: 0.3 for label in meta["labels"]}
    (moved / "sentinela.json").write_text(json.dumps(meta))
    assert Engine.load(moved, "cpu").cascade is None
    with pytest.raises(ArtifactError, match="other thresholds"):
        FirstStage.load(moved, weights_digest(moved), meta["thresholds"])
    refitted = tmp_path / "refitted"
    shutil.copytree(model, refitted)
    meta = json.loads((refitted / "sentinela.json").read_text())
    meta["cascade"]["first_stage_sha256"] = "0" * 64  # the bound was chosen for another first stage
    (refitted / "sentinela.json").write_text(json.dumps(meta))
    assert Engine.load(refitted, "cpu").cascade is None


def test_a_blend_s_first_stage_reads_the_blend_s_own_features_computed_once(
    blended_model, data_files, tmp_path, monkeypatch
):
    """Fitted on a blended model, the first stage scores the lexical model's n-gram rows: served,
    they are computed once per batch, and it decides as it would from its own copy of them."""
    from classifier.model.lexical import LexicalModel

    model = tmp_path / "model"
    shutil.copytree(blended_model, model)
    validation = tmp_path / "validation.csv"
    make_texts(1500, seed=21).to_csv(validation, index=False)
    argv = [str(model), "--first-stage-texts", str(data_files["train"]), "--validation-file",
            str(validation), "--resamplings", "2", "--min-agreement-low", "0.98",
            "--compile", "off"]  # fmt: skip
    assert export_main(argv) == 0
    info = json.loads((model / FIRST_STAGE_DIR / "first_stage.json").read_text())
    assert info["features_from"] == "the blend's lexical model"
    engine = Engine.load(model, "cpu")
    stage = engine.cascade.first_stage
    assert engine.cascade.shares_features
    assert stage.model.features_sha256 == engine.lexical.features_sha256
    texts = [*make_texts(300, seed=24)["text"], "", "   "]
    normalised = engine.normalise(texts)
    own = stage.predict(normalised)  # through its own saved vectorisers
    np.testing.assert_array_equal(
        stage.predict_features(engine.lexical.features(normalised), normalised), own
    )
    calls = []
    features = LexicalModel.features
    monkeypatch.setattr(LexicalModel, "features", lambda self, t: calls.append(len(t)) or features(self, t))
    probs = engine.predict_probs(texts)
    assert calls == [len(texts)]  # one pass of n-grams for the blend and the first stage
    assert (
        engine.cascade_skipped
        == int(((own < engine.cascade.bound) & [bool(t) for t in normalised]).sum())
        > 0
    )
    monkeypatch.setattr(LexicalModel, "features", features)
    unshared = Engine.load(model, "cpu")
    object.__setattr__(unshared.cascade, "shares_features", False)  # the first stage's own rows
    np.testing.assert_array_equal(unshared.predict_probs(texts), probs)
