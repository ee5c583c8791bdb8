"""Fitting the lexical model of a blend: word 1-2 + char 2-5 TF-IDF, logistic regression per label."""

from __future__ import annotations

import logging

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

from classifier.model.lexical import LexicalModel

log = logging.getLogger(__name__)


def fit_lexical(
    texts: list[str],
    y: np.ndarray,
    labels: list[str],
    *,
    c_grid: tuple[float, ...] = (4.0,),
    val_texts: list[str] | None = None,
    y_val: np.ndarray | None = None,
    word_features: int = 200_000,
    char_features: int = 300_000,
) -> tuple[LexicalModel, dict[str, float]]:
    """Fit on normalised ``texts``; NaN cells of ``y`` are unknown and left out for that label.

    With several values in ``c_grid`` each label keeps the inverse regularisation strength with
    the best validation average precision. Returns the model and the chosen C per label.
    """
    if len(c_grid) > 1 and (val_texts is None or y_val is None):
        raise ValueError("choosing C from several values needs validation texts and labels")
    word = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=word_features, dtype=np.float32
    )
    # char_wb: n-grams inside word boundaries survive the spelling games of toxic chat ("idi0ta")
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2,
        sublinear_tf=True,
        max_features=char_features,
        dtype=np.float32,
    )
    x = hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
    model = LexicalModel(
        labels,
        [word, char],
        np.zeros((len(labels), x.shape[1]), np.float32),
        np.zeros(len(labels), np.float32),
    )
    x_val = model.features(val_texts) if val_texts is not None and len(c_grid) > 1 else None
    chosen: dict[str, float] = {}
    for j, label in enumerate(labels):
        known = ~np.isnan(y[:, j])
        target = y[known, j].astype(int)
        best: tuple[float, float, LogisticRegression] | None = None
        for c in c_grid:
            # balanced class weights: a label seen in 1% of rows still shapes its own decision
            clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
            clf.fit(x[known], target)
            score = 0.0
            if x_val is not None:
                vk = ~np.isnan(y_val[:, j])
                score = float(average_precision_score(y_val[vk, j], clf.predict_proba(x_val[vk])[:, 1]))
            if best is None or score > best[0]:
                best = (score, c, clf)
        _, chosen[label], clf = best
        model.coef[j] = clf.coef_[0]
        model.intercept[j] = clf.intercept_[0]
        log.info("lexical %s: C=%g", label, chosen[label])
    return model, chosen
