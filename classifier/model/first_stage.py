"""The cascade's trained first stage: n-grams -> the chance that the full model flags a message.

A :class:`~classifier.model.lexical.LexicalModel` with one output, ``flagged``, fitted on the
full model's own served decisions at its own thresholds (``python -m classifier.export DIR
--first-stage-texts ...``). Those decisions belong to one set of weights and thresholds, so the
first stage records both and is refused for any other: a retrained model, or one whose
thresholds were tuned again, would be predicted by a first stage that learnt another model.

Files, in the model directory's ``first_stage/``: ``lexical.json`` + ``lexical.safetensors``
(no pickle, checksummed by the lexical model's own rules) and ``first_stage.json`` (what it was
fitted for, and on what).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from classifier.errors import ArtifactError
from classifier.model.lexical import LEXICAL_JSON, LexicalModel

FIRST_STAGE_DIR = "first_stage"
FIRST_STAGE_JSON = "first_stage.json"
TARGET = "flagged"  # the one output: the full model flags at least one label


@dataclass
class FirstStage:
    model: LexicalModel  # labels == [TARGET]
    weights_sha256: str  # the transformer weights whose decisions it learnt
    thresholds: dict[str, float]  # the thresholds those decisions were taken at
    info: dict = field(default_factory=dict)  # how it was fitted: texts, flagged share, miss cost
    model_sha256: str = ""  # its arrays' and vocabulary's digest (a refit changes it); set by save/load

    def predict(self, normalised: list[str]) -> np.ndarray:
        """The chance the full model flags each (normalised) text; 0 for an empty one."""
        out = np.zeros(len(normalised), dtype=np.float32)
        rows = [i for i, t in enumerate(normalised) if t]
        if rows:
            out[rows] = self.model.predict_proba([normalised[i] for i in rows])[:, 0]
        return out

    def predict_features(self, features: csr_matrix, normalised: list[str]) -> np.ndarray:
        """:meth:`predict` from the rows of a model with the same ``features_sha256`` (the blend's
        lexical model, when the first stage was fitted on its features: computed once for both)."""
        out = self.model.proba_of(features)[:, 0]
        out[[not t for t in normalised]] = 0.0
        return out

    def save(self, model_dir: str | Path) -> Path:
        directory = Path(model_dir) / FIRST_STAGE_DIR
        directory.mkdir(parents=True, exist_ok=True)
        self.model.save(directory)
        self.model_sha256 = json.loads((directory / LEXICAL_JSON).read_text(encoding="utf-8"))["sha256"]
        payload = {
            "weights_sha256": self.weights_sha256,
            "thresholds": {k: float(v) for k, v in self.thresholds.items()},
            "first_stage_sha256": self.model_sha256,
            **self.info,
        }
        path = directory / FIRST_STAGE_JSON
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, model_dir: str | Path, weights_sha256: str, thresholds: dict[str, float]) -> FirstStage:
        """Load the directory's first stage; refuse one fitted for other weights or thresholds."""
        directory = Path(model_dir) / FIRST_STAGE_DIR
        path = directory / FIRST_STAGE_JSON
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ArtifactError(f"{path}: unreadable first stage ({e})") from e
        if not isinstance(info, dict) or not isinstance(info.get("weights_sha256"), str):
            raise ArtifactError(f"{path}: expected an object with weights_sha256")
        if info["weights_sha256"] != weights_sha256:
            raise ArtifactError(
                f"{directory}: the first stage was fitted for other weights "
                f"({info['weights_sha256'][:12]}, these are {weights_sha256[:12]}); "
                "fit it again: python -m classifier.export DIR --first-stage-texts ..."
            )
        fitted_at = info.get("thresholds")
        if not isinstance(fitted_at, dict) or not _same_thresholds(fitted_at, thresholds):
            raise ArtifactError(
                f"{directory}: the first stage learnt decisions at other thresholds ({fitted_at}, the "
                f"model's are {thresholds}); fit it again: python -m classifier.export DIR "
                "--first-stage-texts ..."
            )
        model = LexicalModel.load(directory)
        if model.labels != [TARGET]:
            raise ArtifactError(f"{directory}: a first stage has one output {TARGET!r}, got {model.labels}")
        digest = json.loads((directory / LEXICAL_JSON).read_text(encoding="utf-8"))["sha256"]
        info.pop("first_stage_sha256", None)
        return cls(model, info.pop("weights_sha256"), info.pop("thresholds"), info, digest)


def _same_thresholds(a: dict, b: dict[str, float]) -> bool:
    if set(a) != set(b):
        return False
    return all(isinstance(a[k], int | float) and math.isclose(a[k], b[k], abs_tol=1e-9) for k in b)


def has_first_stage(model_dir: str | Path) -> bool:
    return (Path(model_dir) / FIRST_STAGE_DIR / FIRST_STAGE_JSON).is_file()
