"""The cascade: the lexical model answers what is clearly clean, the transformer sees the rest.

Most chat is plainly harmless, and a blended model's lexical half scores a message in about a
millisecond. When every label's lexical probability stays under the same share (the bound) of
that label's threshold, the message is answered with the lexical probabilities. The bound is
chosen on validation (``python -m classifier.export DIR --validation-file F``) so that at least
99.5% of the full model's message decisions stay the same there; it is at most 1, so a message
the cascade answers is never flagged at the model's thresholds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from classifier.errors import ClassifierConfigError
from classifier.model.artifacts import ModelMeta
from classifier.model.lexical import LexicalModel

log = logging.getLogger(__name__)

CASCADE_MODES = ("auto", "off")
MIN_AGREEMENT = 0.995  # share of the full model's message decisions the cascade must keep


def relative(lexical_probs: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Each row's highest lexical probability as a share of its label's threshold."""
    return (lexical_probs / np.maximum(thresholds, 1e-6)).max(axis=1, initial=0.0)


@dataclass(frozen=True)
class Cascade:
    bound: float  # below this share of every label's threshold, a text is clearly clean
    thresholds: np.ndarray  # the model's, in label order

    def clean(self, lexical_probs: np.ndarray) -> np.ndarray:
        """Which rows the first stage settles (True: the transformer is not asked)."""
        return relative(lexical_probs, self.thresholds) < self.bound


def cascade_for(meta: ModelMeta, lexical: LexicalModel | None, digest: str, mode: str) -> Cascade | None:
    """The model directory's cascade under ``mode`` (``auto``: when calibrated for these weights)."""
    if mode not in CASCADE_MODES:
        raise ClassifierConfigError(f"unknown cascade {mode!r}; use auto or off")
    check = meta.cascade
    if mode == "off" or lexical is None or check is None:
        return None
    if check.get("weights_sha256") != digest:
        log.warning("the cascade was calibrated for other weights; off until `python -m classifier.export`")
        return None
    return Cascade(float(check["bound"]), np.array([meta.threshold(label) for label in meta.labels]))


def choose_bound(
    lexical_max: np.ndarray, flagged: np.ndarray, ceiling: float = 1.0, min_agreement: float = MIN_AGREEMENT
) -> float:
    """The highest bound under which skipping keeps ``min_agreement`` of the message decisions.

    ``lexical_max``: each validation message's score for the first stage (``relative``);
    ``flagged``: whether the full model flags it. A message under the bound is answered "clean",
    which changes its decision only when the full model flags it. ``ceiling`` caps the bound.
    """
    n = len(lexical_max)
    if n == 0:
        return 0.0
    order = np.argsort(lexical_max, kind="stable")
    z, lost = lexical_max[order], np.cumsum(flagged[order])
    allowed = int(np.floor((1.0 - min_agreement) * n + 1e-9))
    k = int(np.searchsorted(lost, allowed, side="right"))  # the k lowest may be skipped
    bound = float(z[k]) if k < n else float(np.nextafter(z[-1], np.inf))
    return min(bound, ceiling)


def measure(lexical_max: np.ndarray, flagged_labels: np.ndarray, bound: float) -> dict[str, float]:
    """What a bound does on some messages: share skipped, message and label decisions kept."""
    n = max(1, len(lexical_max))
    skipped = lexical_max < bound
    changed = skipped & flagged_labels.any(axis=1)
    cells = max(1, flagged_labels.size)
    return {
        "skip_rate": float(skipped.sum() / n),
        "agreement": float(1.0 - changed.sum() / n),
        "label_agreement": float(1.0 - flagged_labels[skipped].sum() / cells),
    }
