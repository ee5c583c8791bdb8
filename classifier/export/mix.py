"""Benign-heavy mixes: real chat is mostly harmless, so the cascade is calibrated and measured on
nine messages with no toxic vote to each one with some.

The export draws its calibration mixes from the validation split and ``benchmarks/inference.py``
its test mix from the test split with this same function, so the bound is chosen on the
distribution it is measured on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from classifier.errors import ClassifierConfigError, LabelValueError
from classifier.model.labels import label_cell

TOXIC_SHARE = 0.1
RESAMPLINGS = 5


def toxic_rows(frame: pd.DataFrame, labels: list[str]) -> np.ndarray:
    """Which rows have a vote (or a 1) for any of ``labels`` present in the frame."""
    columns = [label for label in labels if label in frame.columns]
    if not columns:
        raise ClassifierConfigError(f"no label column among {labels} (columns: {list(frame.columns)})")
    try:
        votes = frame[columns].map(label_cell).fillna(0.0).to_numpy()
    except LabelValueError as e:
        raise ClassifierConfigError(f"a label cell is not a boolean, 0/1 or a vote count: {e}") from e
    return (votes > 0).any(axis=1)


def largest_mix(benign: int, toxic: int, toxic_share: float = TOXIC_SHARE) -> int:
    """The most texts a mix can hold with every benign row at most once and the toxic share kept."""
    n = int(benign / (1.0 - toxic_share)) + 1
    while n > 0 and (n - int(n * toxic_share) > benign or int(n * toxic_share) > toxic):
        n -= 1
    return n


def benign_heavy(
    frame: pd.DataFrame, labels: list[str], n: int, seed: int = 0, toxic_share: float = TOXIC_SHARE
) -> np.ndarray:
    """Row positions of ``n`` texts, ``toxic_share`` of them with a toxic vote, shuffled."""
    frame = frame.reset_index(drop=True)
    toxic = toxic_rows(frame, labels)
    n_toxic = int(n * toxic_share)
    clean = frame[~toxic].sample(n=min(n - n_toxic, int((~toxic).sum())), random_state=seed)
    rude = frame[toxic].sample(n=min(n_toxic, int(toxic.sum())), random_state=seed)
    return pd.concat([clean, rude]).sample(frac=1.0, random_state=seed).index.to_numpy()


@dataclass
class CalibrationMix:
    """Texts scored once, and the draws (row positions into them) the bound must hold on."""

    texts: list[str]
    draws: list[np.ndarray]
    description: dict = field(default_factory=dict)  # recorded in sentinela.json

    @classmethod
    def as_given(cls, texts: list[str]) -> CalibrationMix:
        """One draw of every text, as the file holds them (no labels to mix by)."""
        return cls(list(texts), [np.arange(len(texts))], {"kind": "as given", "texts": len(texts)})

    @classmethod
    def benign_heavy(
        cls,
        frame: pd.DataFrame,
        labels: list[str],
        source: str,
        n: int | None = None,
        resamplings: int = RESAMPLINGS,
        toxic_share: float = TOXIC_SHARE,
        seed: int = 0,
    ) -> CalibrationMix:
        """``resamplings`` mixes of ``n`` texts (default: the largest the benign rows allow)."""
        if resamplings < 1:
            raise ClassifierConfigError(f"resamplings must be at least 1, got {resamplings}")
        frame = frame[frame["text"].notna() & frame["text"].astype(str).str.strip().astype(bool)]
        frame = frame.reset_index(drop=True)
        toxic = toxic_rows(frame, labels)
        most = largest_mix(int((~toxic).sum()), int(toxic.sum()), toxic_share)
        n = most if n is None else n
        if not 0 < n <= most:
            raise ClassifierConfigError(
                f"{source}: a mix of {n} texts at {toxic_share:.0%} toxic needs more rows; at most {most}"
            )
        draws = [benign_heavy(frame, labels, n, seed + r, toxic_share) for r in range(resamplings)]
        description = {
            "kind": "benign-heavy",
            "source": source,
            "labels": [label for label in labels if label in frame.columns],
            "toxic_share": toxic_share,
            "texts": n,
            "resamplings": resamplings,
            "seed": seed,
            "benign_rows": int((~toxic).sum()),
            "toxic_rows": int(toxic.sum()),
        }
        return cls(frame["text"].astype(str).tolist(), draws, description)
