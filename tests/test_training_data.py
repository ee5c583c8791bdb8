"""Bad input is reported as one clear error before any model is loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from training.data import load_splits
from training.errors import DataError
from training.tables import parse_label_column, read_table


def splits_of(train: Path, **kw):
    defaults = dict(
        dataset=None,
        data_dir="data",
        train_file=str(train),
        validation_file=None,
        test_file=None,
        extra_train_files=None,
        text_column="text",
        label_columns=["insult"],
        min_votes=None,
        validation_split=0.2,
        seed=1993,
        user_token=None,
    )
    return load_splits(**{**defaults, **kw})


def write(tmp_path: Path, df: pd.DataFrame, name: str = "train.csv") -> Path:
    path = tmp_path / name
    df.to_csv(path, index=False)
    return path


def test_booleans_zero_one_and_empty_cells():
    col = pd.Series([True, "false", "1", 0, None, ""], dtype=object)
    out = parse_label_column(col, "insult", "f.csv", None)
    assert out.tolist()[:4] == [1.0, 0.0, 1.0, 0.0]
    assert np.isnan(out.iloc[4]) and np.isnan(out.iloc[5])


def test_vote_counts_need_min_votes():
    col = pd.Series([0, 1, 2, 3])
    with pytest.raises(DataError, match="--min-votes"):
        parse_label_column(col, "insult", "f.csv", None)
    assert parse_label_column(col, "insult", "f.csv", 2).tolist() == [0.0, 0.0, 1.0, 1.0]


def test_text_in_a_label_column_names_column_and_row():
    col = pd.Series([0, 1, "muito"])
    with pytest.raises(DataError, match=r"'insult' has 'muito' in row 3"):
        parse_label_column(col, "insult", "f.csv", None)


def test_missing_column(tmp_path):
    path = write(tmp_path, pd.DataFrame({"text": ["a", "b"], "insult": [0, 1]}))
    with pytest.raises(DataError, match=r"missing column\(s\) \['racism'\]"):
        splits_of(path, label_columns=["insult", "racism"])


def test_empty_data(tmp_path):
    path = tmp_path / "train.csv"
    path.write_text("text,insult\n")
    with pytest.raises(DataError, match="no rows"):
        splits_of(path)


def test_label_without_positive_example(tmp_path):
    df = pd.DataFrame({"text": [f"t{i}" for i in range(10)], "insult": [1] * 10, "racism": [0] * 10})
    with pytest.raises(DataError, match=r"no positive example .*\['racism'\]"):
        splits_of(write(tmp_path, df), label_columns=["insult", "racism"])


def test_unreadable_and_unsupported_files(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet")
    with pytest.raises(DataError, match="cannot read file"):
        read_table(bad)
    odd = tmp_path / "x.xlsx"
    odd.write_text("x")
    with pytest.raises(DataError, match="unsupported file type"):
        read_table(odd)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet"])
def test_json_jsonl_parquet_read_like_csv(tmp_path, fmt):
    df = pd.DataFrame({"text": ["a", "b", "c"], "insult": [True, False, True]})
    path = tmp_path / f"train.{fmt}"
    if fmt == "json":
        df.to_json(path, orient="records")
    elif fmt == "jsonl":
        df.to_json(path, orient="records", lines=True)
    else:
        df.to_parquet(path)
    assert read_table(path)["insult"].tolist() == [True, False, True]


def test_split_is_seeded_and_disjoint(tmp_path):
    df = pd.DataFrame({"text": [f"t{i}" for i in range(50)], "insult": [i % 2 for i in range(50)]})
    a, b = splits_of(write(tmp_path, df)), splits_of(write(tmp_path, df))
    assert len(a.validation) == 10
    assert a.validation["text"].tolist() == b.validation["text"].tolist()
    assert not set(a.train["text"]) & set(a.validation["text"])


def test_extra_rows_join_train_only(tmp_path):
    df = pd.DataFrame({"text": [f"t{i}" for i in range(20)], "insult": [i % 2 for i in range(20)]})
    extra = write(tmp_path, pd.DataFrame({"text": ["x1", "x2"], "insult": [1, None]}), "extra.csv")
    splits = splits_of(write(tmp_path, df), extra_train_files=[str(extra)])
    assert {"x1", "x2"} <= set(splits.train["text"])
    assert not {"x1", "x2"} & set(splits.validation["text"])
    assert np.isnan(splits.train.loc[splits.train["text"] == "x2", "insult"].item())


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "training", *args], capture_output=True, text=True, timeout=120
    )


def train_without_model(tmp_path: Path, train: Path) -> subprocess.CompletedProcess:
    """``python -m training`` pointed at a model path that does not exist."""
    return run_cli(
        "--train-file",
        str(train),
        "--label-columns",
        "insult",
        "--model-name",
        str(tmp_path / "no-model"),
        "--output-dir",
        str(tmp_path / "o"),
    )


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"text": ["a", "b"], "insult": ["sim?", "talvez"]}), "'insult' has 'sim?'"),
        (pd.DataFrame({"text": ["a", "b"], "other": [0, 1]}), "missing column"),
    ],
)
def test_cli_bad_data_exits_with_one_line_before_loading_a_model(tmp_path, frame, message):
    path = write(tmp_path, frame)
    # a model path that does not exist proves the data check comes first
    proc = train_without_model(tmp_path, path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0]


def test_cli_unreachable_model_is_one_clear_line(tmp_path):
    df = pd.DataFrame({"text": [f"t{i}" for i in range(10)], "insult": [i % 2 for i in range(10)]})
    proc = train_without_model(tmp_path, write(tmp_path, df))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "pass a local checkpoint directory with --model-name" in proc.stderr
