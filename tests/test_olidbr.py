"""OLID-BR: the notebook's preprocessing and the Kaggle download, faked at the API boundary."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from training.data import load_splits
from training.errors import KaggleCredentialsError
from training.kaggle_source import (
    OLIDBR_LABELS,
    download_olidbr,
    kaggle_credentials_present,
    preprocess_olidbr,
)

ALL_LABELS = [*OLIDBR_LABELS, "religious_intolerance"]


def olidbr_frame(n: int = 12) -> pd.DataFrame:
    rows = []
    for i in range(n):
        row = {
            "id": f"id{i}",
            "text": f"USER texto {i}",
            "is_offensive": "OFF" if i % 3 else "NOT",
            "is_targeted": "TIN",
            "targeted_type": "IND",
            "toxic_spans": "[]",
        }
        row.update(dict.fromkeys(ALL_LABELS, False))
        if i % 4 == 1:
            row["insult"] = True
        if i % 4 == 2:
            row["religious_intolerance"] = True  # only this label: dropped with the column
        if i % 4 == 3:
            row["racism"] = row["xenophobia"] = True
        rows.append(row)
    return pd.DataFrame(rows)


def test_preprocessing_keeps_offensive_rows_with_a_kept_label():
    out = preprocess_olidbr(olidbr_frame())
    assert list(out.columns) == ["text", *OLIDBR_LABELS]
    # rows 1,5,7,11 are OFF with insult/racism; row 3 too; 2,10 only religious; 0,6,9 NOT
    assert out["text"].tolist() == [f"USER texto {i}" for i in (1, 5, 7, 11)]
    assert out["racism"].tolist() == [0, 0, 1, 1]
    assert out.dtypes["insult"] == "float32"


class FakeKaggleApi:
    calls: ClassVar[list[tuple[str, str]]] = []

    def dataset_download_files(self, slug: str, path: str, unzip: bool, quiet: bool) -> None:
        FakeKaggleApi.calls.append((slug, path))
        assert unzip
        frame = olidbr_frame(40)
        frame.to_csv(Path(path) / "train.csv", index=False)
        frame.to_csv(Path(path) / "test.csv", index=False)


def test_download_once_then_cached(tmp_path):
    FakeKaggleApi.calls = []
    paths = download_olidbr(tmp_path, api_factory=FakeKaggleApi)
    assert FakeKaggleApi.calls == [("dougtrajano/olidbr", str(tmp_path / "olidbr"))]
    again = download_olidbr(tmp_path, api_factory=FakeKaggleApi)
    assert again == paths and len(FakeKaggleApi.calls) == 1
    assert paths["train"].is_file()  # kept after loading


def test_dataset_olidbr_loads_with_user_token_and_split(tmp_path, monkeypatch):
    download_olidbr(tmp_path, api_factory=FakeKaggleApi)  # fill the cache
    splits = load_splits(
        dataset="olidbr",
        data_dir=str(tmp_path),
        train_file=None,
        validation_file=None,
        test_file=None,
        extra_train_files=None,
        text_column="text",
        label_columns=["insult", "racism", "xenophobia"],
        min_votes=None,
        validation_split=0.2,
        seed=1993,
        user_token=None,
    )
    assert splits.labels == ["insult", "racism", "xenophobia"]
    assert splits.text_config.user_token == "USER"
    # 40 rows: 13 are offensive with insult, racism or xenophobia
    assert len(splits.train) + len(splits.validation) == 13 and splits.test is not None


def test_missing_credentials_is_a_clear_error(tmp_path, monkeypatch):
    for var in ("KAGGLE_USERNAME", "KAGGLE_KEY", "KAGGLE_API_TOKEN", "KAGGLE_CONFIG_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert not kaggle_credentials_present()
    with pytest.raises(KaggleCredentialsError, match="KAGGLE_USERNAME and KAGGLE_KEY"):
        download_olidbr(tmp_path / "data")


def test_credentials_found_in_env_or_file(tmp_path):
    assert kaggle_credentials_present({"KAGGLE_USERNAME": "u", "KAGGLE_KEY": "k"}, tmp_path)
    (tmp_path / ".kaggle").mkdir()
    (tmp_path / ".kaggle" / "kaggle.json").write_text("{}")
    assert kaggle_credentials_present({}, tmp_path)
