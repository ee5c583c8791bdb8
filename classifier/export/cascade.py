"""Calibrating the cascade: the bound under which its first stage answers alone.

Chosen on benign-heavy validation mixes (:mod:`classifier.export.mix`), the highest bound whose
Clopper-Pearson lower limit of message decisions kept stays at ``MIN_AGREEMENT`` on every
resampling. Stored in ``sentinela.json`` with the mix, the estimate and its interval, the digest
of the weights it was measured for and, for a trained first stage, that first stage's digest.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from classifier.errors import ArtifactError, ClassifierConfigError
from classifier.export.mix import CalibrationMix
from classifier.model.files import weights_digest
from classifier.model.first_stage import FirstStage, has_first_stage
from classifier.runtime.cascade import (
    CONFIDENCE,
    MIN_AGREEMENT,
    Cascade,
    choose_bound,
    measure,
    misses_allowed,
)
from classifier.runtime.engine import Engine

log = logging.getLogger(__name__)


def first_stage_of(engine: Engine, source: str | Path, digest: str) -> FirstStage | None:
    """The directory's trained first stage if it was fitted for this model; None for the lexical one."""
    if not has_first_stage(source):
        return None
    thresholds = {label: engine.meta.threshold(label) for label in engine.labels}
    try:
        return FirstStage.load(source, digest, thresholds)
    except ArtifactError as e:
        if engine.lexical is None:
            raise
        log.warning("%s; calibrating the blend's lexical model instead", e)
        return None


def calibrate_cascade(
    source: str | Path,
    mix: CalibrationMix | list[str],
    min_low: float = MIN_AGREEMENT,
    confidence: float = CONFIDENCE,
) -> dict:
    """The cascade's bound on ``mix`` against the full model (torch fp32, no cascade)."""
    if not isinstance(mix, CalibrationMix):
        mix = CalibrationMix.as_given(mix)
    engine = Engine.load(source, "cpu", backend="torch", precision="fp32", cascade="off")
    digest = weights_digest(source)
    stage = first_stage_of(engine, source, digest)
    if stage is None and engine.lexical is None:
        raise ClassifierConfigError(
            f"{source}: no first stage, so no cascade: fit one (python -m classifier.export DIR "
            "--first-stage-texts ...) or blend a lexical model (python -m training.blend)"
        )
    cut = np.array([engine.meta.threshold(label) for label in engine.labels])
    normalised = engine.normalise(mix.texts)
    lexical = None if engine.lexical is None else engine.lexical_probs(normalised)
    score = Cascade(0.0, cut, stage).score(normalised, lexical).astype(np.float64)
    score[[not t for t in normalised]] = np.inf  # empty texts never reach the model: never "skipped"
    flagged = engine.predict_probs(mix.texts) >= cut
    bound = min(
        choose_bound(score[d], flagged[d].any(axis=1), misses_allowed(len(d), min_low, confidence))
        for d in mix.draws
    )
    runs = [{"texts": len(d), **measure(score[d], flagged[d], bound, confidence)} for d in mix.draws]
    entry = {
        "weights_sha256": digest,
        "first_stage": "lexical" if stage is None else "trained",
        "bound": bound,
        "min_agreement_low": min_low,
        "confidence": confidence,
        "texts": len(mix.draws[0]),
        "agreement": float(np.mean([r["agreement"] for r in runs])),
        "agreement_low": min(r["agreement_low"] for r in runs),  # the worst resampling's
        "agreement_high": max(r["agreement_high"] for r in runs),
        "label_agreement": float(np.mean([r["label_agreement"] for r in runs])),
        "skip_rate": float(np.mean([r["skip_rate"] for r in runs])),
        "mix": mix.description,
        "resamplings": runs,
    }
    if stage is not None:
        entry["first_stage_sha256"] = stage.model_sha256
    return entry
