"""Several training sources, each annotating only some of the model's labels (``--sources FILE.toml``).

A source that does not annotate a label never teaches it: its rows carry NaN there, and
``training.trainer.masked_bce`` adds no loss (and so no gradient) for NaN cells. Each source has
a sampling weight: the expected number of times each of its rows is seen per epoch.

File format (paths relative to the TOML file; see ``examples/sources-pt.toml``)::

    labels = ["homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia"]

    [[source]]
    name = "told-br"
    kind = "table"              # any CSV/TSV/JSON(L)/Parquet file
    path = "told-br/train.csv"
    min_votes = 1
    columns = { insult = "insult", obscene = "obscene" }   # model label -> column
    annotates = ["insult", "obscene"]                       # default: the keys of columns

    [[source]]
    kind = "fortuna"            # built-in: toldbr, fortuna, offcombr (downloaded when path is absent)
    path = "fortuna-hate-speech/hierarchical.csv"
    weight = 2.0

    [[source]]
    path = "corpus.csv"
    columns = { hate = "hate" }
    validation_share = 0.15     # these rows join validation instead of train
    group_column = "frame"      # whole frames, so no sentence frame is on both sides
"""

from __future__ import annotations

import logging
import re
import tomllib
import unicodedata
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from classifier.errors import ClassifierConfigError
from classifier.export.texts import arff_rows
from training import toldbr
from training.errors import DataError
from training.tables import prepare_frame, read_table

log = logging.getLogger(__name__)

# The files in ../shared/datasets are exact copies of these (see each folder's README).
FORTUNA_URL = (
    "https://raw.githubusercontent.com/paulafortuna/Portuguese-Hate-Speech-Dataset/master/"
    "2019-05-28_portuguese_hate_speech_hierarchical_classification.csv"
)
OFFCOMBR_URL = "https://raw.githubusercontent.com/rogersdepelle/OffComBR/master/OffComBR2.arff"

# Fortuna et al. annotate hate against groups; these top classes are our identity labels.
FORTUNA_COLUMNS = {
    "misogyny": "Sexism",
    "homophobia": "Homophobia",
    "racism": "Racism",
    "xenophobia": "Origin",
    # any of its ten top classes (religion, body, health, ideology... included): our label for every group
    "hate": "Hate.speech",
}
KINDS = ("table", "toldbr", "fortuna", "offcombr")
# what a model trained on each built-in source inherits (each dataset's README in ../shared)
TERMS = {
    "fortuna": "Fortuna et al. (ALW3 2019): for research purposes only; a model trained on it inherits that",
    "offcombr": "de Pelle & Moreira (BraSNAM 2017): no licence file; research data",
}


@dataclass
class Source:
    name: str
    kind: str
    path: Path
    url: str | None = None
    weight: float = 1.0
    text_column: str = "text"
    min_votes: int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    annotates: list[str] = field(default_factory=list)
    terms: str = ""
    # a share of the source's rows joins validation instead (whole groups of group_column, e.g.
    # a corpus's sentence frames, so no frame is on both sides)
    validation_share: float = 0.0
    group_column: str | None = None
    # whether its held-out benign rows count towards --max-benign-flag-rate: a corpus written
    # to be hard (kind mentions of groups, counter-speech) is not a sample of the chat whose
    # false alarms the budget bounds; its rows still count for F1
    benign_budget: bool = True


@dataclass
class SourceSet:
    labels: list[str]
    sources: list[Source]


def read_sources(path: str | Path, labels: list[str] | None = None) -> SourceSet:
    """Parse and check a sources file; every problem is one ``DataError`` naming the file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: no such sources file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: not valid TOML ({e})") from e
    file_labels = raw.get("labels")
    if labels and file_labels and list(file_labels) != list(labels):
        raise DataError(f"{path}: labels {file_labels} differ from --label-columns {labels}")
    labels = list(labels or file_labels or [])
    if not labels:
        raise DataError(f"{path}: no labels (set labels = [...] or pass --label-columns)")
    entries = raw.get("source")
    if not isinstance(entries, list) or not entries:
        raise DataError(f"{path}: no [[source]] tables")
    sources = [_source(path, i, entry, labels) for i, entry in enumerate(entries)]
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise DataError(f"{path}: source names repeat: {names}")
    return SourceSet(labels, sources)


def _source(path: Path, i: int, entry: dict, labels: list[str]) -> Source:
    where = f"{path}: source {i + 1}"
    unknown = set(entry) - {
        "name",
        "kind",
        "path",
        "url",
        "weight",
        "text_column",
        "min_votes",
        "columns",
        "annotates",
        "terms",
        "validation_share",
        "group_column",
        "benign_budget",
    }
    if unknown:
        raise DataError(f"{where}: unknown key(s) {sorted(unknown)}")
    kind = entry.get("kind", "table")
    if kind not in KINDS:
        raise DataError(f"{where}: kind {kind!r} is not one of {list(KINDS)}")
    if "path" not in entry:
        raise DataError(f"{where}: no path")
    weight = float(entry.get("weight", 1.0))
    if not weight > 0:
        raise DataError(f"{where}: weight must be above 0, got {weight}")
    share = float(entry.get("validation_share", 0.0))
    if not 0.0 <= share < 1.0:
        raise DataError(f"{where}: validation_share must be in [0, 1), got {share}")
    benign_budget = entry.get("benign_budget", True)
    if not isinstance(benign_budget, bool):
        raise DataError(f"{where}: benign_budget must be true or false, got {benign_budget!r}")
    defaults = {"fortuna": FORTUNA_COLUMNS, "toldbr": {name: name for name in toldbr.LABELS}}.get(kind, {})
    columns = dict(entry.get("columns", {k: v for k, v in defaults.items() if k in labels}))
    if kind == "toldbr" and toldbr.HATE in labels:
        columns.setdefault(toldbr.HATE, toldbr.HATE)  # derived from the identity votes
    # OffComBR's "no" is a negative for every label; it has no per-label column
    default_annotates = list(labels) if kind == "offcombr" else list(columns)
    annotates = list(entry.get("annotates", default_annotates))
    for name in [*columns, *annotates]:
        if name not in labels:
            raise DataError(f"{where}: {name!r} is not one of the model's labels {labels}")
    if kind == "table":
        lacking = [name for name in annotates if name not in columns]
        if lacking:
            raise DataError(f"{where}: annotates {lacking} but names no column for them")
    if not annotates:
        raise DataError(f"{where}: annotates none of the model's labels")
    url = entry.get("url") or {"fortuna": FORTUNA_URL, "offcombr": OFFCOMBR_URL}.get(kind)
    return Source(
        name=entry.get("name", kind),
        kind=kind,
        path=(path.parent / entry["path"]).resolve(),
        url=url,
        weight=weight,
        text_column=entry.get("text_column", "text"),
        min_votes=entry.get("min_votes", 1 if kind == "toldbr" else None),
        columns=columns,
        annotates=annotates,
        terms=str(entry.get("terms") or TERMS.get(kind, "")),
        validation_share=share,
        group_column=entry.get("group_column"),
        benign_budget=benign_budget,
    )


def fetch(source: Source, data_dir: str | Path) -> Path:
    """The source's file: its path when present, else a cached download of its URL."""
    if source.path.is_file():
        return source.path
    if source.kind == "toldbr":  # rebuilt from its download, split as the shared copy
        return toldbr.ensure_split(data_dir) / source.path.name
    if not source.url:
        raise DataError(f"source {source.name!r}: {source.path} does not exist and it has no url")
    cached = Path(data_dir) / source.name / Path(source.url).name
    if cached.is_file():
        return cached
    cached.parent.mkdir(parents=True, exist_ok=True)
    log.info("source %s: downloading %s", source.name, source.url)
    try:
        with urllib.request.urlopen(source.url, timeout=60) as response:
            data = response.read()
    except OSError as e:
        raise DataError(
            f"source {source.name!r}: {source.path} is absent and {source.url} failed ({e})"
        ) from e
    tmp = cached.with_suffix(cached.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(cached)
    return cached


def read_arff(path: Path) -> pd.DataFrame:
    """OffComBR's Weka ARFF: ``class,'text'`` lines after ``@data`` -> columns ``label``, ``text``."""
    try:
        rows = arff_rows(path)
    except ClassifierConfigError as e:
        raise DataError(str(e)) from None
    odd = next((label for label, _ in rows if label not in ("yes", "no")), None)
    if odd is not None:
        raise DataError(f"{path}: class {odd!r} is not yes or no")
    return pd.DataFrame(rows, columns=["label", "text"])


def load_source(source: Source, labels: list[str], data_dir: str | Path) -> pd.DataFrame:
    """One source as ``text`` plus one float column per model label (NaN where not annotated)."""
    file = fetch(source, data_dir)
    unknown = dict.fromkeys(labels, np.nan)
    if source.kind == "offcombr":
        raw = read_arff(file)
        out = pd.DataFrame({"text": raw["text"], **unknown})
        no = raw["label"].eq("no").to_numpy()
        out.loc[no, source.annotates] = 0.0
        # an offensive comment says nothing about which label: it teaches nothing, so it is left out
        log.info("source %s: %d offensive rows without a label left out", source.name, int((~no).sum()))
        out = out[no]
    else:
        df = read_table(file)
        if source.kind == "toldbr":
            # insult- or obscene-only tweets say nothing about hate: masked, never read as negatives
            df = toldbr.with_hate(df, source.annotates, source.min_votes, held_out=False)
        columns = {label: col for label, col in source.columns.items() if label in source.annotates}
        carry = (source.group_column,) if source.group_column else ()
        frame = prepare_frame(
            df, source.text_column, list(columns.values()), str(file), source.min_votes, carry=carry
        )
        out = pd.DataFrame({"text": frame["text"], **unknown})
        for label, col in columns.items():
            out[label] = frame[col].to_numpy(dtype="float32")
        if source.group_column:
            out["group"] = frame[source.group_column].to_numpy()
    out = out.astype({label: "float32" for label in labels}).reset_index(drop=True)
    out["source"] = source.name
    return out


def text_key(text: str) -> str:
    """Lower case, accents and punctuation removed: what makes two tweets the same text."""
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    return re.sub(r"[\W_]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


def split_off(df: pd.DataFrame, share: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(train, validation)``: about ``share`` of the rows, whole groups when there is a ``group``."""
    if share <= 0:
        return df, df.iloc[:0]
    rng = np.random.default_rng(seed)
    groups = df["group"] if "group" in df.columns else pd.Series(np.arange(len(df)), index=df.index)
    names = groups.unique()
    chosen = set(rng.permutation(names)[: max(1, round(share * len(names)))].tolist())
    held = groups.isin(chosen).to_numpy()
    return df[~held].reset_index(drop=True), df[held].reset_index(drop=True)


def load_sources(
    sources: SourceSet, data_dir: str | Path, seed: int, held_out: list[pd.DataFrame]
) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """All sources' rows, resampled by weight, with any text of validation or test removed; one
    line per source for the model card (rows, labels, terms); and the rows sources hand to
    validation (``validation_share``)."""
    provenance: list[str] = []
    to_validation: list[pd.DataFrame] = []
    rng = np.random.default_rng(seed)
    leaked = {text_key(t) for frame in held_out for t in frame["text"]}
    frames = []
    for source in sources.sources:
        df = load_source(source, sources.labels, data_dir)
        keep = ~df["text"].map(text_key).isin(leaked).to_numpy()
        if not keep.all():
            log.warning(
                "source %s: %d row(s) equal to a validation/test text left out",
                source.name,
                int((~keep).sum()),
            )
        df, held = split_off(df[keep].reset_index(drop=True), source.validation_share, seed)
        if len(held):
            held = held.drop(columns=["group"], errors="ignore").assign(budget=source.benign_budget)
            to_validation.append(held)
            log.info("source %s: %d rows held out for validation", source.name, len(held))
        df = resample(df.drop(columns=["group"], errors="ignore"), source.weight, rng)
        log.info(
            "source %s: %d rows (weight %g); positives %s",
            source.name,
            len(df),
            source.weight,
            {label: int((df[label] == 1).sum()) for label in source.annotates},
        )
        frames.append(df)
        taught = ", ".join(source.annotates)
        terms = f"; terms {source.terms}" if source.terms else ""
        rows = f"{len(df)} rows (weight {source.weight:g})"
        if len(held):
            rows += f", {len(held)} more in validation"
        provenance.append(f"{source.name}: {rows}; teaches {taught}{terms}")
    extra = pd.concat(to_validation, ignore_index=True) if to_validation else frames[0].iloc[:0]
    return pd.concat(frames, ignore_index=True), provenance, extra


def resample(df: pd.DataFrame, weight: float, rng: np.random.Generator) -> pd.DataFrame:
    """Each row ``floor(weight)`` times, plus a random ``weight % 1`` share once more."""
    whole, part = int(weight), weight - int(weight)
    picks = [df] * whole
    if part > 0:
        picks.append(df.iloc[np.sort(rng.choice(len(df), size=round(part * len(df)), replace=False))])
    return pd.concat(picks, ignore_index=True)
