"""One label cell, as training files and replay files both write it (training and the bot share it)."""

from __future__ import annotations

import math

import numpy as np

from classifier.errors import LabelValueError

_TRUE = {"true", "yes", "y", "t"}
_FALSE = {"false", "no", "n", "f"}


def label_cell(raw: object) -> float:
    """A boolean, 0/1 or vote count -> float; NaN when empty (unknown); ``LabelValueError`` otherwise."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return math.nan
    if isinstance(raw, bool | np.bool_):
        return float(raw)
    if isinstance(raw, str):
        text = raw.strip().lower()
        if not text:
            return math.nan
        if text in _TRUE:
            return 1.0
        if text in _FALSE:
            return 0.0
    try:
        number = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if math.isnan(number) or number < 0 or number != int(number):
        raise LabelValueError(f"{raw!r} is not a boolean, 0/1 or a vote count")
    return number
