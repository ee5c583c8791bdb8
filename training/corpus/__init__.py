"""Sentinela's own Portuguese hate corpus: attacks on groups against benign mentions of the same groups.

``python -m training.corpus build`` writes ``corpus.csv``; ``check`` verifies it; see README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

LABEL_COLUMNS = ["hate", "homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia"]


def load_corpus(path: str | Path | None = None) -> pd.DataFrame:
    """The corpus as a DataFrame; label columns are float, NaN where the label is unknown."""
    import pandas as pd  # the model extra; the generator itself needs only the standard library

    path = Path(path) if path is not None else Path(__file__).resolve().parent / "corpus.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for name in LABEL_COLUMNS:
        df[name] = pd.to_numeric(df[name].where(df[name] != ""), errors="raise").astype("float64")
    for name in ("hateful", "swear"):
        df[name] = df[name].astype(int)
    return df
