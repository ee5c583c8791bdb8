"""ToLD-Br: its split (the shared copy's, rebuilt from a download when absent) and its ``hate`` rows.

ToLD-Br's annotators voted per tweet for six labels; four of them (homophobia, racism, misogyny,
xenophobia) are attacks on people for who they are. Our ``hate`` label (any group) is read from
those votes: any identity vote is hate, a tweet nobody voted for is not, and a tweet with only
insult or obscene votes says nothing about it (masked in training: an insult may or may not be
aimed at a group, and the annotators had no label for religion, disability or class).

A plain clone has no ``../shared/datasets/told-br``: ``ensure_split`` downloads ``ToLD-BR.csv``
from the commit the shared copy's README names and rebuilds the exact same three files, checked
against their SHA-256 digests. The split itself (which text went where, in which order) is
``data_files/told-br-split.bin``: 6-byte BLAKE2b digests of each text, train then validation then
test, in file order; exact duplicates of the download are dropped (keeping the first), as the
shared copy's were.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd

from training.errors import DataError

log = logging.getLogger(__name__)

LABELS = ["homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia"]
IDENTITY = ["homophobia", "racism", "misogyny", "xenophobia"]
HATE = "hate"
URL = "https://github.com/JAugusto97/ToLD-Br/raw/7804082/ToLD-BR.csv"
SPLITS = {  # rows and SHA-256 of each file as written by pandas' to_csv(index=False)
    "train": (16651, "e7c9eff5fd24a0ee0c34c238baad72a29da7c0924a7e58c93ec65543554edf47"),
    "validation": (2081, "410ebf6bcb805b448e10de548021e7ad5424a93ed947cd0f2b33dc2a876ac219"),
    "test": (2081, "f3d7b3d16788192cd45412b06cc66f4b9f7ee5d35763860c4c4bbac4aa7401ea"),
}
MANIFEST = Path(__file__).with_name("data_files") / "told-br-split.bin"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "told-br"
_DIGEST = 6


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=_DIGEST).digest()


def hate_votes(votes: pd.DataFrame, min_votes: int = 1, *, mask_unknown: bool) -> np.ndarray:
    """``hate`` per row from ToLD-Br's vote counts: 1 with ``min_votes`` on an identity label,
    0 with no vote for anything; rows with only insult/obscene votes are NaN (``mask_unknown``,
    for training) or 0 (held-out splits, where the identity labels are the only proxy)."""
    missing = [c for c in LABELS if c not in votes.columns]
    if missing:
        raise DataError(f"ToLD-Br table lacks column(s) {missing} needed for the hate label")
    counts = votes[LABELS].apply(pd.to_numeric, errors="coerce").fillna(0).to_numpy()
    identity = votes[IDENTITY].apply(pd.to_numeric, errors="coerce").fillna(0).to_numpy()
    out = np.where((identity >= min_votes).any(axis=1), 1.0, np.nan)
    out[(counts == 0).all(axis=1)] = 0.0
    if not mask_unknown:
        out = np.nan_to_num(out, nan=0.0)
    return out.astype("float32")


def with_hate(df: pd.DataFrame, labels: list[str], min_votes: int | None, *, held_out: bool) -> pd.DataFrame:
    """A ToLD-Br-shaped table without a ``hate`` column gets one from its identity votes:
    masked where unknown in training, 0 there on held-out splits (``hate_votes``)."""
    if HATE not in labels or HATE in df.columns or not set(LABELS) <= set(df.columns):
        return df  # nothing to derive, or prepare_frame names what is missing
    return df.assign(**{HATE: hate_votes(df, min_votes or 1, mask_unknown=not held_out)})


def _manifest() -> dict[str, list[bytes]]:
    data = MANIFEST.read_bytes()
    out, start = {}, 0
    for name, (rows, _) in SPLITS.items():
        end = start + rows * _DIGEST
        out[name] = [data[i : i + _DIGEST] for i in range(start, end, _DIGEST)]
        start = end
    if start != len(data):
        raise DataError(f"{MANIFEST}: {len(data)} bytes, expected {start}")
    return out


def rebuild_split(raw: pd.DataFrame, out_dir: Path) -> dict[str, Path]:
    """Write train/validation/test CSVs from the full ToLD-Br table, exactly as the shared copy."""
    missing = [c for c in ["text", *LABELS] if c not in raw.columns]
    if missing:
        raise DataError(f"ToLD-Br download lacks column(s) {missing}; found {list(raw.columns)}")
    raw = raw[["text", *LABELS]].copy()
    raw["text"] = raw["text"].astype(str)
    raw[LABELS] = raw[LABELS].apply(pd.to_numeric, errors="raise").astype("int64")
    raw = raw.drop_duplicates("text", keep="first")
    index = {text_digest(t): i for i, t in enumerate(raw["text"])}
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, digests in _manifest().items():
        rows = [index.get(d) for d in digests]
        absent = sum(r is None for r in rows)
        if absent:
            raise DataError(f"ToLD-Br download: {absent} {name} row(s) of the shared split are not in it")
        body = raw.iloc[rows].to_csv(index=False).encode("utf-8")
        expected = SPLITS[name][1]
        if hashlib.sha256(body).hexdigest() != expected:
            raise DataError(
                f"ToLD-Br {name}: rebuilt file differs from the shared copy (sha256 {expected[:12]}…)"
            )
        path = out_dir / f"{name}.csv"
        path.write_bytes(body)
        paths[name] = path
    return paths


def ensure_split(data_dir: str | Path, shared: Path = SHARED, url: str = URL) -> Path:
    """The folder holding ToLD-Br's train/validation/test: the shared copy, else a rebuilt download."""
    if all((shared / f"{n}.csv").is_file() for n in SPLITS):
        return shared
    target = Path(data_dir) / "told-br"
    if all((target / f"{n}.csv").is_file() for n in SPLITS):
        return target
    log.info("ToLD-Br: %s is absent; downloading %s", shared, url)
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data = response.read()
    except OSError as e:
        raise DataError(f"ToLD-Br: {shared} is absent and {url} failed ({e})") from e
    raw_path = target / "ToLD-BR.csv"
    target.mkdir(parents=True, exist_ok=True)
    raw_path.write_bytes(data)
    rebuild_split(pd.read_csv(raw_path, dtype={"text": str}, keep_default_na=False), target)
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m training.toldbr [DATA_DIR]``: print where ToLD-Br's split is, fetching it if needed."""
    args = sys.argv[1:] if argv is None else argv
    try:
        print(ensure_split(args[0] if args else "data"))
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
