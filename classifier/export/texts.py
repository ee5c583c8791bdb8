"""Reading texts for the export's measurements: validation files, and the first stage's texts.

CSV / TSV / JSON lines with a text column, Weka ARFF (OffComBR: ``class,'text'`` rows after
``@data``) and plain text (one message a line), so ToLD-Br, Fortuna, OffComBR, the training corpus
or any chat log can be given as they are.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from classifier.errors import ClassifierConfigError

TEXT_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".arff", ".txt")


def read_frame(path: Path, column: str = "text") -> pd.DataFrame:
    """A file as a frame with a ``column`` of texts (other columns as written)."""
    if not path.is_file():
        raise ClassifierConfigError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        kinds = ", ".join(TEXT_SUFFIXES)
        raise ClassifierConfigError(f"{path}: unsupported file type {suffix!r} (use {kinds})")
    try:
        if suffix == ".arff":
            frame = pd.DataFrame({column: read_arff_texts(path)})
        elif suffix == ".txt":
            lines = path.read_text(encoding="utf-8").splitlines()
            frame = pd.DataFrame({column: [line for line in lines if line.strip()]})
        elif suffix in (".jsonl", ".json"):
            frame = pd.read_json(path, lines=True)
        else:
            frame = pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",", dtype={column: str})
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as e:
        raise ClassifierConfigError(f"{path}: unreadable ({type(e).__name__}: {e})") from e
    if column not in frame.columns:
        raise ClassifierConfigError(f"{path}: no {column!r} column (columns: {list(frame.columns)})")
    return frame


def read_texts(path: Path, column: str = "text", limit: int | None = None) -> list[str]:
    """The non-empty texts of a file's ``column`` (the first ``limit``)."""
    texts = [t for t in read_frame(path, column)[column].dropna().astype(str) if t.strip()]
    return texts[:limit] if limit else texts


def arff_rows(path: Path) -> list[tuple[str, str]]:
    """``(label, text)`` of each ``@data`` row (``label,'text'``) of a Weka ARFF file, such as
    OffComBR's; training's loader reads it through here too."""
    rows: list[tuple[str, str]] = []
    in_data = False
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = line.strip()
        if not in_data:
            in_data = line.lower() == "@data"
            continue
        if not line or line.startswith("%"):
            continue
        label, sep, text = line.partition(",")
        if not sep:
            raise ClassifierConfigError(f"{path}: line {n} is not 'label,'text''")
        text = text.strip()
        if len(text) >= 2 and text[0] == text[-1] == "'":
            text = text[1:-1].replace("\\'", "'")
        rows.append((label, text))
    if not rows:
        raise ClassifierConfigError(f"{path}: no @data rows")
    return rows


def read_arff_texts(path: Path) -> list[str]:
    """The text of each ``@data`` row of a Weka ARFF file."""
    return [text for _, text in arff_rows(path)]
