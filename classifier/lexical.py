"""The lexical half of a blended model: word + character n-gram TF-IDF and one linear model per label.

Stored without pickle: ``lexical.safetensors`` holds the arrays (IDF weights, coefficients,
intercepts) and ``lexical.json`` the vocabularies, the vectoriser settings and the arrays' SHA-256,
so a model directory from anywhere can be loaded without running its code.
"""

from __future__ import annotations

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

LEXICAL_JSON = "lexical.json"
LEXICAL_ARRAYS = "lexical.safetensors"
FORMAT_VERSION = 1
# the TfidfVectorizer settings that define the features; anything else is left at its default
VECTORIZER_KEYS = ("analyzer", "ngram_range", "lowercase", "sublinear_tf", "strip_accents")


def vectorizer_settings(vec: TfidfVectorizer) -> dict[str, object]:
    params = vec.get_params()
    return {k: list(params[k]) if k == "ngram_range" else params[k] for k in VECTORIZER_KEYS}


def _rebuild(settings: dict, vocabulary: list[str], idf: np.ndarray) -> TfidfVectorizer:
    # only the plain settings this module writes: a file must not choose regexes or other code paths
    if unknown := sorted(set(settings) - set(VECTORIZER_KEYS)):
        raise ValueError(f"unexpected vectoriser settings {unknown}")
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
        return hstack([v.transform(texts) for v in self.vectorizers]).tocsr()

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probabilities (texts, labels) for already-normalised texts."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        logits = np.asarray(self.features(texts) @ self.coef.T) + self.intercept
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def save(self, directory: str | Path) -> None:
        directory = Path(directory)
        arrays = {"coef": self.coef.astype(np.float32), "intercept": self.intercept.astype(np.float32)}
        for i, vec in enumerate(self.vectorizers):
            arrays[f"idf_{i}"] = vec.idf_.astype(np.float32)
        save_file(arrays, str(directory / LEXICAL_ARRAYS))
        digest = hashlib.sha256((directory / LEXICAL_ARRAYS).read_bytes()).hexdigest()
        meta = {
            "format_version": FORMAT_VERSION,
            "labels": self.labels,
            "arrays_sha256": digest,
            "vectorizers": [
                {
                    "settings": vectorizer_settings(vec),
                    "vocabulary": sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__),
                }
                for vec in self.vectorizers
            ],
        }
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
        if meta.get("format_version") != FORMAT_VERSION:
            raise ArtifactError(f"{json_path}: unknown format version {meta.get('format_version')!r}")
        if hashlib.sha256(raw).hexdigest() != meta.get("arrays_sha256"):
            raise ArtifactError(
                f"{arrays_path}: checksum mismatch, the file is corrupted or was changed after training; "
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
