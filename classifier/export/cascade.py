"""Calibrating the cascade: the bound under which the lexical model answers alone, on validation texts.

Stored in ``sentinela.json`` with what it measured (agreement with the full model's decisions,
share of texts skipped) and the digest of the weights it was measured for.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from classifier.errors import ClassifierConfigError
from classifier.model.files import weights_digest
from classifier.runtime.cascade import MIN_AGREEMENT, choose_bound, measure, relative
from classifier.runtime.engine import Engine


def calibrate_cascade(source: str | Path, texts: list[str], min_agreement: float = MIN_AGREEMENT) -> dict:
    """The cascade's bound on ``texts`` against the full model (torch fp32, no cascade)."""
    engine = Engine.load(source, "cpu", backend="torch", precision="fp32", cascade="off")
    if engine.lexical is None:
        raise ClassifierConfigError(
            f"{source}: no lexical model, so no cascade: its first stage is a blend's lexical model "
            "(python -m training.blend adds one)"
        )
    cut = np.array([engine.meta.threshold(label) for label in engine.labels])
    score = relative(engine.lexical_probs(engine.normalise(texts)), cut)
    flagged = engine.predict_probs(texts) >= cut
    bound = choose_bound(score, flagged.any(axis=1), 1.0, min_agreement)
    return {
        "weights_sha256": weights_digest(source),
        "bound": bound,
        "texts": len(texts),
        **measure(score, flagged, bound),
    }
