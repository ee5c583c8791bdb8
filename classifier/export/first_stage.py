"""Fitting the cascade's first stage on the full model's own decisions.

The full model (torch fp32, its lexical blend and thresholds as served) decides every given text;
word and character n-grams then learn, by logistic regression, whether it flagged anything. A
flagged message the first stage calls clean costs a decision, a clean one it sends on costs only
time, so a miss weighs ``miss_cost`` times more. The bound it answers under is chosen afterwards,
on validation (:mod:`classifier.export.cascade`).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from classifier.errors import ClassifierConfigError
from classifier.model.files import weights_digest
from classifier.model.first_stage import TARGET, FirstStage
from classifier.model.lexical import LexicalModel
from classifier.runtime.engine import Engine

log = logging.getLogger(__name__)

MISS_COST = 10.0  # a flagged message called clean weighs this many clean messages sent on
C = 4.0  # inverse regularisation: the target is one model's decisions, sharper than human labels


def full_model_flags(engine: Engine, texts: list[str]) -> np.ndarray:
    """Whether the full model (no cascade) flags at least one label of each text, as served."""
    cut = np.array([engine.meta.threshold(label) for label in engine.labels])
    return (engine.predict_probs(texts) >= cut).any(axis=1)


def fit_first_stage(
    model_dir: Path,
    texts: list[str],
    miss_cost: float = MISS_COST,
    c: float = C,
    device: str = "cpu",
    sources: dict[str, int] | None = None,
    word_features: int = 100_000,
    char_features: int = 200_000,
) -> FirstStage:
    """Fit the first stage on ``texts`` and save it in ``model_dir/first_stage/``."""
    if miss_cost < 1.0:
        raise ClassifierConfigError(f"the miss cost must be at least 1 (a miss costs most): {miss_cost}")
    engine = Engine.load(model_dir, device, backend="torch", precision="fp32", cascade="off")
    # one row per distinct normalised text: a repeated message would weigh more than its content
    distinct = dict(zip(engine.normalise(texts), texts, strict=True))
    distinct.pop("", None)
    normalised, originals = list(distinct), list(distinct.values())
    if len(normalised) < 20:
        raise ClassifierConfigError(f"{len(normalised)} distinct texts are too few to fit a first stage")
    started = time.perf_counter()
    flagged = full_model_flags(engine, originals)
    scored_s = time.perf_counter() - started
    log.info("the full model flagged %d of %d texts in %.0f s", flagged.sum(), len(flagged), scored_s)
    if flagged.all() or not flagged.any():
        raise ClassifierConfigError(
            f"the full model {'flags every' if flagged.all() else 'flags none'} of the {len(flagged)} texts: "
            "nothing to learn; give texts with both kinds"
        )
    if engine.lexical is not None:
        # the blend's own n-grams: served, its rows are computed once for both (163 us a message
        # saved), and they were fitted on the training data the transformer learnt from
        vectorizers = engine.lexical.vectorizers
        x = engine.lexical.features(normalised)
    else:
        word = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=word_features,
                               dtype=np.float32)  # fmt: skip
        # char_wb: n-grams inside word boundaries survive the spelling games of toxic chat ("idi0ta")
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                               max_features=char_features, dtype=np.float32)  # fmt: skip
        vectorizers = [word, char]
        x = hstack([word.fit_transform(normalised), char.fit_transform(normalised)]).tocsr()
    started = time.perf_counter()
    clf = LogisticRegression(C=c, class_weight={0: 1.0, 1: miss_cost}, solver="liblinear", max_iter=1000)
    clf.fit(x, flagged.astype(int))
    fitted_s = time.perf_counter() - started
    coef, intercept = clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32)
    model = LexicalModel([TARGET], list(vectorizers), coef, intercept)
    p = clf.predict_proba(x)[:, 1]
    info = {
        "texts": len(normalised),
        "flagged_share": float(flagged.mean()),
        "miss_cost": miss_cost,
        "C": c,
        "features": int(x.shape[1]),
        "features_from": "the blend's lexical model" if engine.lexical is not None else "its own",
        "sources": sources or {},
        "scored_seconds": scored_s,
        "fitted_seconds": fitted_s,
        # on the texts it learnt from, so optimistic: the bound is chosen on validation, not here
        "fit_recall_at_half": float((p[flagged] >= 0.5).mean()),
        "fit_skip_at_half": float((p < 0.5).mean()),
    }
    thresholds = {label: engine.meta.threshold(label) for label in engine.labels}
    stage = FirstStage(model, weights_digest(model_dir), thresholds, info)
    stage.save(model_dir)
    return stage
