"""Loading and validating training data from OLID-BR or local files.

Every check here runs before a model is loaded, so bad data costs seconds, not a download.
Label cells are floats: 1 positive, 0 negative, NaN unknown (masked out of the loss; moderator
feedback only knows the label that was reviewed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from classifier.model.text import TextConfig
from training import toldbr
from training.args import DataArguments
from training.errors import DataError
from training.kaggle_source import (
    OLIDBR_LABELS,
    OLIDBR_USER_TOKEN,
    download_olidbr,
    preprocess_olidbr,
)
from training.sources import load_sources, read_sources
from training.tables import prepare_frame, read_table

log = logging.getLogger(__name__)


@dataclass
class Splits:
    train: pd.DataFrame
    validation: pd.DataFrame
    test: pd.DataFrame | None
    labels: list[str]
    text_config: TextConfig
    provenance: list[str] = field(default_factory=list)  # per training source: rows, labels, terms
    # per validation row, whether its benign rows count towards the benign budget (None: all)
    budget_rows: np.ndarray | None = None


def load_extra(path: str, text_column: str, labels: list[str], min_votes: int | None) -> pd.DataFrame:
    """Extra training rows; a label column the file lacks is unknown there, not negative."""
    df = read_table(path)
    absent = [name for name in labels if name not in df.columns]
    if len(absent) == len(labels):
        raise DataError(f"{path}: none of the label columns {labels}; found {list(df.columns)}")
    if absent:
        log.info("%s: no column for %s; those labels are masked out for its rows", path, absent)
        df = df.assign(**dict.fromkeys(absent, np.nan))
    return prepare_frame(df, text_column, labels, path, min_votes)


def read_labelled(
    path: str, text_column: str, labels: list[str], min_votes: int | None, *, held_out: bool = True
) -> pd.DataFrame:
    """A file's texts and labels (a ToLD-Br table gets ``hate`` from its identity votes)."""
    df = toldbr.with_hate(read_table(path), labels, min_votes, held_out=held_out)
    return prepare_frame(df, text_column, labels, path, min_votes)


def check_positives(train: pd.DataFrame, labels: list[str]) -> None:
    without = [name for name in labels if not (train[name] == 1).any()]
    if without:
        raise DataError(
            f"no positive example in the training data for label(s) {without}; "
            "drop them from --label-columns or add examples"
        )


def load_splits(
    *,
    dataset: str | None,
    data_dir: str,
    train_file: str | None,
    validation_file: str | None,
    test_file: str | None,
    extra_train_files: list[str] | None,
    text_column: str,
    label_columns: list[str] | None,
    min_votes: int | None,
    validation_split: float,
    seed: int,
    user_token: str | None,
    sources: str | None = None,
) -> Splits:
    """Load, validate and split the data for one training run."""
    if not 0.0 < validation_split < 1.0:
        raise DataError(f"--validation-split must be between 0 and 1, got {validation_split}")
    if min_votes is not None and min_votes < 1:
        raise DataError(f"--min-votes must be at least 1, got {min_votes}")
    validation: pd.DataFrame | None = None
    test: pd.DataFrame | None = None
    provenance: list[str] = []
    budget_rows: np.ndarray | None = None
    if sources is not None:
        if dataset or train_file:
            raise DataError("give --sources or --dataset/--train-file, not both")
        if not validation_file:
            raise DataError("--sources needs --validation-file: validation is never drawn from mixed sources")
        source_set = read_sources(sources, label_columns)
        labels = source_set.labels

        validation = read_labelled(validation_file, text_column, labels, min_votes)
        test = read_labelled(test_file, text_column, labels, min_votes) if test_file else None
        held_out = [validation] if test is None else [validation, test]
        train, provenance, extra_validation = load_sources(source_set, data_dir, seed, held_out)
        train = train.drop(columns="source")
        if len(extra_validation):
            # e.g. held-out frames of our corpus: thresholds and the benign budget then also see
            # kind mentions of groups, which ToLD-Br's validation tweets seldom make
            budget_rows = np.concatenate(
                [np.ones(len(validation), bool), extra_validation["budget"].to_numpy(bool)]
            )
            extra_validation = extra_validation[["text", *labels]]
            validation = pd.concat([validation, extra_validation], ignore_index=True)
        token = user_token or "@user"
    elif dataset is not None:
        if dataset.lower() != "olidbr":
            raise DataError(f"unknown --dataset {dataset!r}; the built-in dataset is 'olidbr'")
        if train_file:
            raise DataError("give either --dataset or --train-file, not both")
        paths = download_olidbr(data_dir)
        labels = list(label_columns or OLIDBR_LABELS)
        train = preprocess_olidbr(read_table(paths["train"]), str(paths["train"]))[["text", *labels]]
        test = preprocess_olidbr(read_table(paths["test"]), str(paths["test"]))[["text", *labels]]
        token = user_token or OLIDBR_USER_TOKEN
    else:
        if not train_file:
            raise DataError("no training data: pass --dataset olidbr or --train-file FILE")
        if not label_columns:
            raise DataError("--label-columns is required with --train-file")
        labels = list(label_columns)
        if len(set(labels)) != len(labels):
            raise DataError(f"--label-columns has duplicates: {labels}")

        def load(path: str) -> pd.DataFrame:
            return read_labelled(path, text_column, labels, min_votes)

        train = read_labelled(train_file, text_column, labels, min_votes, held_out=False)
        validation = load(validation_file) if validation_file else None
        test = load(test_file) if test_file else None
        token = user_token or "@user"
    if validation is None:
        train, validation = _split(train, validation_split, seed)
    # extra rows (e.g. moderator feedback) join train after the split, so none leak into
    # validation, where thresholds and the best checkpoint are chosen
    for path in extra_train_files or []:
        train = pd.concat([train, load_extra(path, text_column, labels, min_votes)], ignore_index=True)
    check_positives(train, labels)
    return Splits(train, validation, test, labels, TextConfig(user_token=token), provenance, budget_rows)


def splits_from_args(data: DataArguments, seed: int) -> Splits:
    """``load_splits`` for a command line's ``DataArguments``: every training command calls this."""
    return load_splits(
        dataset=data.dataset,
        data_dir=data.data_dir,
        train_file=data.train_file,
        validation_file=data.validation_file,
        test_file=data.test_file,
        extra_train_files=data.extra_train_file,
        text_column=data.text_column,
        label_columns=data.label_columns,
        min_votes=data.min_votes,
        validation_split=data.validation_split,
        seed=seed,
        user_token=data.user_token,
        sources=data.sources,
    )


def _split(df: pd.DataFrame, fraction: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    if len(df) < 2:
        raise DataError("too few training rows to split off a validation set")
    train, val = train_test_split(df, test_size=fraction, random_state=seed, shuffle=True)
    return train.reset_index(drop=True), val.reset_index(drop=True)
