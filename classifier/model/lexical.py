"""The lexical half of a blended model: word + character n-gram TF-IDF and one linear model per label.

Stored without pickle: ``lexical.safetensors`` holds the arrays (IDF weights, coefficients,
intercepts) and ``lexical.json`` the vocabularies, the vectoriser settings and the arrays' SHA-256,
so a model directory from anywhere can be loaded without running its code.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors import SafetensorError
from safetensors.numpy import load, save_file
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier.errors import ArtifactError
from classifier.model.ngrams import FastTfidf

LEXICAL_JSON = "lexical.json"
LEXICAL_ARRAYS = "lexical.safetensors"
# 2: the checksum covers the vectoriser settings, vocabulary and labels too, not only the arrays
FORMAT_VERSION = 2
MAX_NGRAM = 8  # n-grams past this grow memory with n and buy nothing
# the TfidfVectorizer settings that define the features; anything else is left at its default
VECTORIZER_KEYS = ("analyzer", "ngram_range", "lowercase", "sublinear_tf", "strip_accents")


def vectorizer_settings(vec: TfidfVectorizer) -> dict[str, object]:
    params = vec.get_params()
    return {k: list(params[k]) if k == "ngram_range" else params[k] for k in VECTORIZER_KEYS}


def _check_settings(settings: dict) -> None:
    """Types and ranges of the settings this module writes (a file is not trusted to be ours)."""
    if not isinstance(settings, dict):
        raise ValueError("vectoriser settings must be an object")
    # only the plain settings this module writes: a file must not choose regexes or other code paths
    if unknown := sorted(set(settings) - set(VECTORIZER_KEYS)):
        raise ValueError(f"unexpected vectoriser settings {unknown}")
    if settings.get("analyzer", "word") not in ("word", "char", "char_wb"):
        raise ValueError(f"analyzer {settings.get('analyzer')!r} is not word, char or char_wb")
    low, high = settings.get("ngram_range", (1, 1))
    if not all(type(n) is int for n in (low, high)) or not 1 <= low <= high <= MAX_NGRAM:
        raise ValueError(f"ngram_range {[low, high]} is not 1 <= low <= high <= {MAX_NGRAM}")
    for key in ("lowercase", "sublinear_tf"):
        if type(settings.get(key, False)) is not bool:
            raise ValueError(f"{key} must be true or false, got {settings.get(key)!r}")
    if settings.get("strip_accents") not in (None, "ascii", "unicode"):
        raise ValueError(f"strip_accents {settings.get('strip_accents')!r} is not null, ascii or unicode")


def _digest(arrays: bytes, meta: dict) -> str:
    """sha256 over the arrays and everything in the JSON that defines the features."""
    h = hashlib.sha256(arrays)
    covered = {"labels": meta.get("labels"), "vectorizers": meta.get("vectorizers")}
    h.update(json.dumps(covered, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def _rebuild(settings: dict, vocabulary: list[str], idf: np.ndarray) -> TfidfVectorizer:
    _check_settings(settings)
    vec = TfidfVectorizer(
        **{**settings, "ngram_range": tuple(settings["ngram_range"])},
        vocabulary={term: i for i, term in enumerate(vocabulary)},
        dtype=np.float32,
    )
    vec.idf_ = idf.astype(np.float64)
    return vec


@dataclass
class LexicalModel:
    labels: list[str]
    vectorizers: list[TfidfVectorizer]  # fitted; their features are concatenated in this order
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)

    def features(self, texts: list[str]) -> csr_matrix:
        """TF-IDF rows of already-normalised texts, every vectorizer's side by side."""
        return hstack([v.transform(texts) for v in self._fast]).tocsr()

    @functools.cached_property
    def _fast(self) -> list[FastTfidf]:
        return [FastTfidf(v) for v in self.vectorizers]

    @functools.cached_property
    def _coef_t(self) -> np.ndarray:
        # contiguous once: a sparse matrix times the transposed view copied all coefficients
        # (labels x ~500k features) on every call, most of a short message's lexical cost
        return np.ascontiguousarray(self.coef.T)

    @functools.cached_property
    def features_sha256(self) -> str:
        """What defines the features (settings, vocabularies, IDF weights): two models with the
        same digest turn a text into the same row, so one can score the other's features."""
        h = hashlib.sha256()
        for vec in self.vectorizers:
            vocabulary = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
            h.update(json.dumps([vectorizer_settings(vec), vocabulary], ensure_ascii=False).encode("utf-8"))
            h.update(np.asarray(vec.idf_, dtype=np.float32).tobytes())
        return h.hexdigest()

    def logits(self, texts: list[str]) -> np.ndarray:
        """Log-odds (texts, labels) for already-normalised texts: each n-gram's TF-IDF value
        times its coefficient, summed, plus the intercept (what an explanation weighs words by)."""
        return self.logits_of(self.features(texts))

    def logits_of(self, features: csr_matrix) -> np.ndarray:
        return np.asarray(features @ self._coef_t) + self.intercept

    def proba_of(self, features: csr_matrix) -> np.ndarray:
        """Probabilities (rows, labels) of feature rows (:meth:`features`' or an equal model's)."""
        return (1.0 / (1.0 + np.exp(-self.logits_of(features)))).astype(np.float32)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probabilities (texts, labels) for already-normalised texts."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return self.proba_of(self.features(texts))

    def save(self, directory: str | Path) -> None:
        directory = Path(directory)
        arrays = {"coef": self.coef.astype(np.float32), "intercept": self.intercept.astype(np.float32)}
        for i, vec in enumerate(self.vectorizers):
            arrays[f"idf_{i}"] = vec.idf_.astype(np.float32)
        save_file(arrays, str(directory / LEXICAL_ARRAYS))
        meta: dict = {
            "format_version": FORMAT_VERSION,
            "labels": self.labels,
            "vectorizers": [
                {
                    "settings": vectorizer_settings(vec),
                    "vocabulary": sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__),
                }
                for vec in self.vectorizers
            ],
        }
        meta["sha256"] = _digest((directory / LEXICAL_ARRAYS).read_bytes(), meta)
        (directory / LEXICAL_JSON).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: str | Path) -> LexicalModel:
        """Load and check a saved lexical model; raise :class:`ArtifactError` on anything amiss."""
        directory = Path(directory)
        json_path, arrays_path = directory / LEXICAL_JSON, directory / LEXICAL_ARRAYS
        try:
            meta = json.loads(json_path.read_text(encoding="utf-8"))
            raw = arrays_path.read_bytes()
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ArtifactError(f"{directory}: unreadable lexical model ({e})") from e
        if not isinstance(meta, dict) or meta.get("format_version") not in (1, FORMAT_VERSION):
            version = meta.get("format_version") if isinstance(meta, dict) else None
            raise ArtifactError(f"{json_path}: unknown format version {version!r}")
        if meta["format_version"] == 1:  # older directories: the arrays alone were checksummed
            intact = hashlib.sha256(raw).hexdigest() == meta.get("arrays_sha256")
        else:
            intact = _digest(raw, meta) == meta.get("sha256")
        if not intact:
            raise ArtifactError(
                f"{directory}: lexical checksum mismatch, {LEXICAL_ARRAYS} or {LEXICAL_JSON} is corrupted "
                "or was changed after training; "
                "re-run the training or restore the file"
            )
        try:
            arrays = load(raw)  # the bytes just checksummed, not a second read
            labels = list(meta["labels"])
            specs = meta["vectorizers"]
            vectorizers = [
                _rebuild(spec["settings"], spec["vocabulary"], arrays[f"idf_{i}"])
                for i, spec in enumerate(specs)
            ]
            coef, intercept = arrays["coef"], arrays["intercept"]
        except (SafetensorError, KeyError, TypeError, ValueError) as e:
            raise ArtifactError(f"{directory}: inconsistent lexical model ({type(e).__name__}: {e})") from e
        features = sum(len(spec["vocabulary"]) for spec in specs)
        if coef.shape != (len(labels), features) or intercept.shape != (len(labels),):
            raise ArtifactError(
                f"{arrays_path}: coefficients {coef.shape} do not match "
                f"{len(labels)} labels x {features} features"
            )
        return cls(labels, vectorizers, coef, intercept)
