"""The cascade: a cheap first stage answers what is clearly clean, the transformer sees the rest.

Most chat is plainly harmless. The first stage scores a message in about a millisecond:

- a trained first stage (``first_stage/``, :mod:`classifier.model.first_stage`): n-grams fitted
  to the chance that *this* model flags the message, from its own decisions;
- else a blend's lexical model: its highest probability as a share of its label's threshold.

A message scored under the bound is answered "clean" without the transformer. The bound is
chosen on a benign-heavy validation mix (``python -m classifier.export DIR --validation-file F``)
so that the lower Clopper-Pearson limit of the share of message decisions kept stays at 99.5%
or more on every resampling of the mix: the estimate alone left no margin for its own error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from classifier.errors import ArtifactError, ClassifierConfigError
from classifier.model.artifacts import ModelMeta
from classifier.model.first_stage import FirstStage
from classifier.model.lexical import LexicalModel

log = logging.getLogger(__name__)

CASCADE_MODES = ("auto", "off")
MIN_AGREEMENT = 0.995  # the lower confidence limit of the message decisions the cascade keeps
CONFIDENCE = 0.95  # of the two-sided Clopper-Pearson interval


def relative(lexical_probs: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Each row's highest lexical probability as a share of its label's threshold."""
    return (lexical_probs / np.maximum(thresholds, 1e-6)).max(axis=1, initial=0.0)


@dataclass(frozen=True)
class Cascade:
    bound: float  # a first-stage score under this: clearly clean
    thresholds: np.ndarray  # the model's, in label order
    first_stage: FirstStage | None = None  # None: the blend's lexical model is the first stage
    shares_features: bool = False  # the trained first stage reads the blend's lexical features

    def score(
        self, normalised: list[str], lexical_probs: np.ndarray | None, features: csr_matrix | None = None
    ) -> np.ndarray:
        """The first stage's score of each normalised text (higher: more likely flagged);
        ``features``: the blend's lexical rows of the same texts, reused where they are shared."""
        if self.first_stage is not None:
            if features is not None and self.shares_features:
                return self.first_stage.predict_features(features, normalised)
            return self.first_stage.predict(normalised)
        if lexical_probs is None:
            raise ArtifactError("a lexical first stage needs the blend's lexical probabilities")
        return relative(lexical_probs, self.thresholds)

    def clean(
        self, normalised: list[str], lexical_probs: np.ndarray | None, features: csr_matrix | None = None
    ) -> np.ndarray:
        """Which rows the first stage settles (True: the transformer is not asked)."""
        return self.score(normalised, lexical_probs, features) < self.bound

    def answer(self, lexical_probs: np.ndarray | None, rows: int) -> np.ndarray:
        """The probabilities of ``rows`` settled texts: the lexical ones where the model has them,
        held under every threshold (the message is answered clean), else zeros."""
        if lexical_probs is None:
            return np.zeros((rows, len(self.thresholds)), dtype=np.float32)
        below = np.nextafter(self.thresholds.astype(np.float32), np.float32(0.0))
        return np.minimum(lexical_probs, below).astype(np.float32)


def cascade_for(
    meta: ModelMeta, lexical: LexicalModel | None, source: str | Path, digest: str, mode: str
) -> Cascade | None:
    """The model directory's cascade under ``mode`` (``auto``: when calibrated for these weights
    and this very first stage)."""
    if mode not in CASCADE_MODES:
        raise ClassifierConfigError(f"unknown cascade {mode!r}; use auto or off")
    check = meta.cascade
    if mode == "off" or check is None:
        return None
    if check.get("weights_sha256") != digest:
        log.warning("the cascade was calibrated for other weights; off until `python -m classifier.export`")
        return None
    thresholds = np.array([meta.threshold(label) for label in meta.labels])
    if check.get("first_stage", "lexical") == "lexical":
        return None if lexical is None else Cascade(float(check["bound"]), thresholds)
    try:
        stage = FirstStage.load(source, digest, {label: meta.threshold(label) for label in meta.labels})
    except ArtifactError as e:
        log.warning("%s; the cascade is off", e)
        return None
    if stage.model_sha256 != check.get("first_stage_sha256"):
        log.warning("the cascade's bound is another first stage's; off until `python -m classifier.export`")
        return None
    shared = lexical is not None and stage.model.features_sha256 == lexical.features_sha256
    return Cascade(float(check["bound"]), thresholds, stage, shares_features=shared)


def clopper_pearson(successes: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The exact (Clopper-Pearson) two-sided interval of a binomial proportion."""
    from scipy.stats import beta

    if n <= 0:
        return 0.0, 1.0
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be 0 to {n}, got {successes}")
    alpha = 1.0 - confidence
    low = 0.0 if successes == 0 else float(beta.ppf(alpha / 2, successes, n - successes + 1))
    high = 1.0 if successes == n else float(beta.ppf(1 - alpha / 2, successes + 1, n - successes))
    return low, high


def misses_allowed(n: int, min_low: float = MIN_AGREEMENT, confidence: float = CONFIDENCE) -> int:
    """The most changed decisions out of ``n`` that keep the interval's lower limit at ``min_low``
    (-1: not even none, the sample is too small to promise it)."""
    k = -1
    while k + 1 <= n and clopper_pearson(n - (k + 1), n, confidence)[0] >= min_low:
        k += 1
    return k


def choose_bound(score: np.ndarray, flagged: np.ndarray, allowed: int, ceiling: float = 1.0) -> float:
    """The highest bound under which at most ``allowed`` flagged messages would be skipped.

    ``score``: each message's first-stage score; ``flagged``: whether the full model flags it. A
    message under the bound is answered "clean", which changes its decision only when the full
    model flags it. ``allowed`` < 0 gives 0: nothing is skipped. ``ceiling`` caps the bound.
    """
    n = len(score)
    if n == 0 or allowed < 0:
        return 0.0
    order = np.argsort(score, kind="stable")
    z, lost = score[order], np.cumsum(flagged[order])
    k = int(np.searchsorted(lost, allowed, side="right"))  # the k lowest may be skipped
    bound = float(z[k]) if k < n else float(np.nextafter(z[-1], np.inf))
    return min(bound, ceiling)


def measure(
    score: np.ndarray, flagged_labels: np.ndarray, bound: float, confidence: float = CONFIDENCE
) -> dict[str, float]:
    """What a bound does on some messages: share skipped, message decisions kept (with their
    Clopper-Pearson interval) and label decisions kept."""
    n = len(score)
    skipped = score < bound
    changed = int((skipped & flagged_labels.any(axis=1)).sum())
    low, high = clopper_pearson(n - changed, n, confidence)
    return {
        "skip_rate": float(skipped.sum() / max(1, n)),
        "agreement": float(1.0 - changed / max(1, n)),
        "agreement_low": low,
        "agreement_high": high,
        "label_agreement": float(1.0 - flagged_labels[skipped].sum() / max(1, flagged_labels.size)),
    }
