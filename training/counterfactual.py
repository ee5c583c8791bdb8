"""Counterfactual identity training: the same non-hateful sentence about another group.

A model that learned "judeus" as a toxic word flags "meu vizinho é judeu e me convidou pro Yom
Kipur". Two remedies, both behind flags of ``python -m training``:

- ``--counterfactual-copies N`` (data): every non-hateful training row (``hate`` = 0) that names
  a group gets N copies with the group term swapped for another group's term of the same
  grammatical slot, labels unchanged (Dixon et al., AIES 2018, augment with benign mentions).
- ``--clp-weight W`` (loss): counterfactual logit pairing (Garg et al., AIES 2019): for those
  rows the model also scores the swapped text, and ``W * mean |logit(x) - logit(x')|`` is added
  to the loss, so naming a different group cannot move any label's score.

Only non-hateful rows are swapped: "os judeus controlam os bancos" and the same about
nordestinos are both hate, but a stereotype belongs to its group and its swap is not a natural
sentence of either side. Swaps keep number and gender (a slot is e.g. masculine plural nouns),
so the Portuguese still agrees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

Slots = Mapping[str, Sequence[tuple[str, str]]]  # slot -> (term, group)


class Swapper:
    """Finds group terms in a text and swaps them for another group's term of the same slot."""

    def __init__(self, slots: Slots) -> None:
        self.slots = {slot: list(terms) for slot, terms in slots.items() if len(terms) > 1}
        self.where: dict[str, tuple[str, str]] = {}
        for slot, terms in self.slots.items():
            for term, group in terms:
                self.where.setdefault(term.lower(), (slot, group))
        # longest first: "pessoas trans" before "trans"
        words = sorted(self.where, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
        )

    def swap(self, text: str, rng: np.random.Generator) -> str | None:
        """``text`` with every group term replaced by one other group's term (None: no term)."""
        matches = list(self.pattern.finditer(text))
        if not matches:
            return None
        found = {self.where[m.group(0).lower()][1] for m in matches}
        # one replacement group for the whole text, so "gays e lésbicas" stays one group's pair
        candidates = sorted({g for terms in self.slots.values() for _, g in terms} - found)
        if not candidates:
            return None
        new_group = candidates[int(rng.integers(len(candidates)))]

        def replace(m: re.Match[str]) -> str:
            slot, _ = self.where[m.group(0).lower()]
            options = [t for t, g in self.slots[slot] if g == new_group]
            if not options:  # that group has no term in this slot: any other group's will do
                options = [t for t, g in self.slots[slot] if g not in found]
            term = options[int(rng.integers(len(options)))]
            return term[:1].upper() + term[1:] if m.group(0)[:1].isupper() else term

        return self.pattern.sub(replace, text)


def non_hateful(df: pd.DataFrame, hate_label: str = "hate") -> np.ndarray:
    """Rows known not to be hate: ``hate`` = 0 where the model has that label."""
    if hate_label not in df.columns:
        return np.zeros(len(df), dtype=bool)
    return (df[hate_label] == 0).to_numpy()


def augment(df: pd.DataFrame, swapper: Swapper, copies: int, seed: int) -> pd.DataFrame:
    """``df`` plus ``copies`` swapped copies of each non-hateful row that names a group."""
    if copies < 1:
        return df
    rng = np.random.default_rng(seed)
    rows = df[non_hateful(df)]
    extra = []
    for _ in range(copies):
        swapped = [swapper.swap(t, rng) for t in rows["text"]]
        keep = [s is not None for s in swapped]
        extra.append(rows[keep].assign(text=[s for s in swapped if s is not None]))
    if not extra:
        return df
    # a slot with few terms gives the same swap twice; a text already in train is not new
    new = pd.concat(extra, ignore_index=True).drop_duplicates("text")
    new = new[~new["text"].isin(set(df["text"]))]
    return pd.concat([df, new], ignore_index=True)


def pair_texts(df: pd.DataFrame, swapper: Swapper, seed: int) -> list[str]:
    """Per row, its counterfactual for logit pairing ("" where it has none or may be hate)."""
    rng = np.random.default_rng(seed + 1)
    allowed = non_hateful(df)
    return [(swapper.swap(t, rng) or "") if ok else "" for t, ok in zip(df["text"], allowed, strict=True)]
