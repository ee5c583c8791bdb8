"""``/threshold advise``: from the hits moderators reviewed, the threshold that keeps precision.

Every logged hit scored at or above the threshold in force when it was logged, so reviews say
nothing about scores below that: advice can only raise a threshold (or keep it). For each
candidate threshold at or above the current one, the reviewed hits that would still be hits
give the precision, the confirmed ones below it are the cost (true hits that would be missed).
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

MIN_REVIEWS = 10  # below this a precision is one or two clicks: no advice
DEFAULT_TARGET = 0.9


@dataclass(frozen=True)
class Advice:
    label: str
    reviews: int
    confirmed: int
    current: float
    precision_now: float | None  # over every reviewed hit at or above ``current``
    advised: float | None  # None: too few reviews, or no threshold reaches the target
    precision_then: float | None
    missed: int  # confirmed hits that the advised threshold would not have flagged
    kept: int  # reviewed hits it would still flag

    @property
    def status(self) -> str:
        """``few_reviews`` | ``keep`` (already at target) | ``raise`` | ``unreachable``."""
        if self.reviews < MIN_REVIEWS:
            return "few_reviews"
        if self.advised is None:
            return "unreachable"
        return "keep" if self.advised <= self.current else "raise"


def _floor2(x: float) -> float:
    # thresholds are shown (and set) with two decimals: candidates are exact two-decimal values
    return math.floor(x * 100 + 1e-9) / 100


def advise(
    label: str,
    reviewed: Sequence[tuple[float, bool]],
    current: float,
    target: float = DEFAULT_TARGET,
) -> Advice:
    """``reviewed``: (score, confirmed) per reviewed hit of ``label``; ``current``: its threshold."""
    if not 0 < target <= 1:
        raise ValueError(f"target precision must be in (0, 1], got {target}")
    # each distinct score once, with the reviews at or above it counted from the top: a cut is
    # one bisection, so tens of thousands of reviews cost milliseconds, not a pass per cut
    counts = Counter(reviewed)
    scores = sorted({score for score, _ in counts})
    kept_from, ok_from = [0] * (len(scores) + 1), [0] * (len(scores) + 1)
    for i in range(len(scores) - 1, -1, -1):
        yes, no = counts.get((scores[i], True), 0), counts.get((scores[i], False), 0)
        kept_from[i], ok_from[i] = kept_from[i + 1] + yes + no, ok_from[i + 1] + yes
    confirmed = ok_from[0]

    def at(cut: float) -> tuple[float | None, int, int]:
        i = bisect.bisect_left(scores, cut)  # the first score >= cut
        kept, ok = kept_from[i], ok_from[i]
        return (ok / kept if kept else None), kept, confirmed - ok

    precision_now, kept_now, _ = at(current)
    base = dict(label=label, reviews=len(reviewed), confirmed=confirmed, current=current)
    if len(reviewed) < MIN_REVIEWS:
        return Advice(**base, precision_now=precision_now, advised=None, precision_then=None,
                      missed=0, kept=kept_now)  # fmt: skip
    candidates = sorted({current, *(_floor2(s) for s in scores if _floor2(s) > current)})
    for cut in candidates:
        precision, kept, missed = at(cut)
        if precision is not None and precision >= target:
            return Advice(**base, precision_now=precision_now, advised=cut, precision_then=precision,
                          missed=missed, kept=kept)  # fmt: skip
    return Advice(**base, precision_now=precision_now, advised=None, precision_then=None,
                  missed=0, kept=kept_now)  # fmt: skip
