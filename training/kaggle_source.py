"""OLID-BR from Kaggle (``dougtrajano/olidbr``), cached in a data directory.

``kaggle`` authenticates at import time and exits the process without credentials, so the
credentials are checked here first and the package is imported only when a download is needed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from training.errors import DataError, KaggleCredentialsError

log = logging.getLogger(__name__)

OLIDBR_SLUG = "dougtrajano/olidbr"
OLIDBR_LABELS = [
    "health",
    "ideology",
    "insult",
    "lgbtqphobia",
    "other_lifestyle",
    "physical_aspects",
    "profanity_obscene",
    "racism",
    "sexism",
    "xenophobia",
]
OLIDBR_USER_TOKEN = "USER"
_FILES = ("train.csv", "test.csv")


def kaggle_credentials_present(env: dict[str, str] | None = None, home: Path | None = None) -> bool:
    env = dict(os.environ) if env is None else env
    if env.get("KAGGLE_API_TOKEN") or (env.get("KAGGLE_USERNAME") and env.get("KAGGLE_KEY")):
        return True
    config_dir = Path(env["KAGGLE_CONFIG_DIR"]) if env.get("KAGGLE_CONFIG_DIR") else None
    home = home or Path.home()
    candidates = [d for d in (config_dir, home / ".kaggle", home / ".config" / "kaggle") if d]
    return any((d / "kaggle.json").is_file() or (d / "access_token").is_file() for d in candidates)


def _default_api() -> Any:
    from kaggle.api.kaggle_api_extended import KaggleApi

    api = KaggleApi()
    api.authenticate()
    return api


def download_olidbr(data_dir: str | Path, api_factory: Callable[[], Any] | None = None) -> dict[str, Path]:
    """Return paths of OLID-BR's train/test CSVs, downloading them once into ``data_dir``.

    Files are kept after loading so later runs (and other seeds) reuse them offline.
    """
    dest = Path(data_dir) / "olidbr"
    found = _find_files(dest)
    if all(found.values()):
        log.info("OLID-BR found in %s, not downloading", dest)
        return found  # type: ignore[return-value]
    if api_factory is None:
        if not kaggle_credentials_present():
            raise KaggleCredentialsError(
                "--dataset olidbr needs Kaggle credentials: set KAGGLE_USERNAME and KAGGLE_KEY "
                "(or KAGGLE_API_TOKEN), or put kaggle.json in ~/.kaggle/ "
                "(https://www.kaggle.com/settings -> Create New Token)"
            )
        api_factory = _default_api
    dest.mkdir(parents=True, exist_ok=True)
    log.info("downloading %s into %s", OLIDBR_SLUG, dest)
    try:
        api = api_factory()
        api.dataset_download_files(OLIDBR_SLUG, path=str(dest), unzip=True, quiet=False)
    except KaggleCredentialsError:
        raise
    except Exception as e:  # network, HTTP 401/404 from the Kaggle client
        raise DataError(f"could not download {OLIDBR_SLUG} from Kaggle: {e}") from e
    paths = _find_files(dest)
    missing = [k for k, v in paths.items() if v is None]
    if missing:
        raise DataError(f"Kaggle download of {OLIDBR_SLUG} has no {missing} in {dest}")
    return paths  # type: ignore[return-value]


def _find_files(dest: Path) -> dict[str, Path | None]:
    """``{"train": path, "test": path}``, wherever the archive put them under ``dest``."""
    return {name.removesuffix(".csv"): next(iter(sorted(dest.rglob(name))), None) for name in _FILES}


def preprocess_olidbr(df: pd.DataFrame, source: str = "OLID-BR") -> pd.DataFrame:
    """The notebook's preprocessing: offensive rows with at least one of the 10 type labels.

    ``religious_intolerance`` is dropped (too few examples); labels become 0/1 floats.
    """
    required = ["text", "is_offensive", *OLIDBR_LABELS]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(f"{source}: missing OLID-BR columns {missing}")
    df = df[df["is_offensive"].astype(str).str.upper() == "OFF"]
    df = df.drop(columns=["religious_intolerance"], errors="ignore")
    labels = df[OLIDBR_LABELS].apply(_as_bool_column).astype("float32")
    keep = labels.sum(axis=1) > 0
    out = pd.concat([df.loc[keep, ["text"]], labels[keep]], axis=1)
    return out.reset_index(drop=True)


def _as_bool_column(col: pd.Series) -> pd.Series:
    if col.dtype == bool:
        return col
    text = col.astype(str).str.strip().str.lower()
    return text.isin({"true", "1", "1.0", "yes"})
