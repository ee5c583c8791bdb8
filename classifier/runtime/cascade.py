"""The cascade: the lexical model answers what is clearly clean, the transformer sees the rest.

Most chat is plainly harmless, and a blended model's lexical half scores a message in about a
millisecond. Below a bound chosen on validation (``python -m classifier.export DIR
--validation-file F``), a message is answered with the lexical model's own probabilities; the
bound is chosen so that at least 99.5% of the full model's message decisions stay the same there,
and never above the lowest threshold, so a message the cascade answers is never flagged by it.
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


@dataclass(frozen=True)
class Cascade:
    bound: float  # a text whose lexical probabilities all stay below it is clearly clean

    def clean(self, lexical_probs: np.ndarray) -> np.ndarray:
        """Which rows the first stage settles (True: the transformer is not asked)."""
        return lexical_probs.max(axis=1, initial=0.0) < self.bound


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
    return Cascade(float(check["bound"]))


def choose_bound(
    lexical_max: np.ndarray, flagged: np.ndarray, ceiling: float, min_agreement: float = MIN_AGREEMENT
) -> float:
    """The highest bound under which skipping keeps ``min_agreement`` of the message decisions.

    ``lexical_max``: each validation message's highest lexical probability; ``flagged``: whether
    the full model flags it. A message under the bound is answered "clean", which changes its
    decision only when the full model flags it. ``ceiling`` (the lowest threshold) caps the bound.
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
