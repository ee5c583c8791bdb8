"""Reading a table of texts and its label columns, whichever source it comes from."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from classifier.model.labels import label_cell
from training.errors import DataError

log = logging.getLogger(__name__)


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV / TSV / JSON / JSONL / Parquet file into a frame, or raise one clear error."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    suffix = "".join(path.suffixes[-2:]).lower() if path.suffix == ".gz" else path.suffix.lower()
    try:
        if suffix.startswith(".csv"):
            return pd.read_csv(path, dtype={"text": str}, keep_default_na=True)
        if suffix.startswith(".tsv"):
            return pd.read_csv(path, sep="\t", dtype={"text": str})
        if suffix.startswith(".jsonl"):
            return pd.read_json(path, lines=True)
        if suffix.startswith(".json"):
            try:
                return pd.read_json(path)
            except ValueError:
                return pd.read_json(path, lines=True)
        if suffix == ".parquet":
            return pd.read_parquet(path)
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as e:
        raise DataError(f"{path}: cannot read file ({type(e).__name__}: {e})") from e
    except ImportError as e:  # parquet engine missing
        raise DataError(f"{path}: cannot read file ({e})") from e
    raise DataError(f"{path}: unsupported file type {suffix!r} (use .csv, .tsv, .json, .jsonl, .parquet)")


def parse_label_column(col: pd.Series, name: str, source: str, min_votes: int | None) -> pd.Series:
    """Booleans, 0/1 or vote counts -> float 0/1, NaN for empty cells."""
    if col.dtype == bool:
        return col.astype("float32")
    values = np.full(len(col), np.nan, dtype="float32")
    for i, raw in enumerate(col.tolist()):
        try:
            values[i] = label_cell(raw)
        except ValueError:
            raise DataError(
                f"{source}: label column {name!r} has {raw!r} in row {i + 1}; expected a boolean, "
                "0/1 or a vote count"
            ) from None
    known = values[~np.isnan(values)]
    if min_votes is None:
        if (known > 1).any():
            raise DataError(
                f"{source}: label column {name!r} has values above 1 (vote counts?); "
                "pass --min-votes N to count a label when at least N annotators chose it"
            )
        return pd.Series(values, index=col.index, name=name)
    out = np.where(np.isnan(values), np.nan, (values >= min_votes).astype("float32"))
    return pd.Series(out.astype("float32"), index=col.index, name=name)


def prepare_frame(
    df: pd.DataFrame,
    text_column: str,
    label_columns: list[str],
    source: str,
    min_votes: int | None,
    carry: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Check columns and values; return a frame with ``text``, float label columns and the
    ``carry`` columns as they are (e.g. a corpus's sentence frame), on the same rows."""
    missing = [c for c in [text_column, *label_columns, *carry] if c not in df.columns]
    if missing:
        raise DataError(f"{source}: missing column(s) {missing}; found {list(df.columns)}")
    if df.empty:
        raise DataError(f"{source}: no rows")
    text = df[text_column]
    empty = text.isna() | (text.astype(str).str.strip() == "")
    if empty.all():
        raise DataError(f"{source}: column {text_column!r} has no text")
    if empty.any():
        log.warning("%s: skipping %d row(s) with empty text", source, int(empty.sum()))
    out = pd.DataFrame({"text": text.astype(str)})
    for name in label_columns:
        out[name] = parse_label_column(df[name], name, source, min_votes)
    for name in carry:
        out[name] = df[name].astype(str)
    out = out[~empty.to_numpy()]
    unlabelled = out[label_columns].isna().all(axis=1)
    if unlabelled.all():
        raise DataError(f"{source}: no row has any label value")
    return out.reset_index(drop=True)
