"""The model directory contract between ``training`` and ``classifier``.

A Sentinela model directory is a Hugging Face model + tokenizer (``id2label`` in its config)
plus ``sentinela.json``: per-label thresholds, the text normalisation settings and the
sequence length used in training, and for a blend the transformer's weight per label (the
lexical model then lives in ``lexical.json`` + ``lexical.safetensors``). Everything else in it
(metrics, model card) is for humans.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import ArtifactError
from classifier.model.text import TextConfig

# The published model of the OLID-BR line; a constant here, where importing it costs no torch.
DEFAULT_MODEL = "dougtrajano/toxicity-type-detection"
META_FILE = "sentinela.json"
DEFAULT_THRESHOLD = 0.5
FORMAT_VERSION = 1
MAX_SEQ_LENGTH = 8192


@dataclass
class ModelMeta:
    labels: list[str]
    thresholds: dict[str, float] = field(default_factory=dict)
    text: TextConfig = field(default_factory=TextConfig)
    max_seq_length: int = 128
    base_model: str | None = None
    blend: dict[str, float] | None = None  # transformer weight per label; the lexical model gets 1 - w
    # agreement of each faster engine with torch fp32, measured on validation texts at export:
    # {"weights_sha256": ..., "texts": n, "results": {"onnx/int8": {"agreement", "max_abs_diff"}}}
    precision_check: dict | None = None
    # the cascade's bound, chosen at export on a benign-heavy validation mix for these weights:
    # {"weights_sha256", "first_stage" (lexical | trained), "first_stage_sha256", "bound",
    #  "agreement", "agreement_low", "agreement_high", "confidence", "label_agreement",
    #  "skip_rate", "texts", "mix": {...}, "resamplings": [{texts, agreement, agreement_low, ...}]}
    cascade: dict | None = None

    def threshold(self, label: str) -> float:
        return self.thresholds.get(label, DEFAULT_THRESHOLD)

    def save(self, directory: str | Path) -> Path:
        path = Path(directory) / META_FILE
        payload = {
            "format_version": FORMAT_VERSION,
            "labels": self.labels,
            "thresholds": {k: float(v) for k, v in self.thresholds.items()},
            "text": self.text.to_dict(),
            "max_seq_length": self.max_seq_length,
            "base_model": self.base_model,
        }
        if self.blend is not None:
            payload["blend"] = {k: float(v) for k, v in self.blend.items()}
        if self.precision_check is not None:
            payload["precision_check"] = self.precision_check
        if self.cascade is not None:
            payload["cascade"] = self.cascade
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    @classmethod
    def plain(cls, labels: list[str]) -> ModelMeta:
        """A checkpoint without ``sentinela.json`` (a hub model): 0.5 thresholds, and the first
        text normalisation, the one such checkpoints have always been served with."""
        return cls(labels=list(labels), text=TextConfig.from_dict(None))

    @classmethod
    def load(cls, directory: str | Path, labels: list[str]) -> ModelMeta:
        """Read ``sentinela.json`` if present; ``labels`` come from the model config.

        A directory without the file (a plain hub checkpoint) gets 0.5 thresholds and
        default normalisation.
        """
        path = Path(directory) / META_FILE
        if not path.is_file():
            return cls.plain(labels)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise ArtifactError(f"{path}: unreadable model metadata ({e})") from e
        if not isinstance(data, dict):
            raise ArtifactError(f"{path}: expected a JSON object")
        try:
            thresholds = _numbers(data.get("thresholds") or {}, "thresholds")
            blend = data.get("blend")
            blend = None if blend is None else _numbers(blend, "blend weights")
            text = TextConfig.from_dict(data.get("text"))
            max_seq_length = data.get("max_seq_length", 128)
            if type(max_seq_length) is not int or not 8 <= max_seq_length <= MAX_SEQ_LENGTH:
                raise ValueError(
                    f"max_seq_length must be an integer from 8 to {MAX_SEQ_LENGTH}, got {max_seq_length!r}"
                )
            base_model = data.get("base_model")
            if base_model is not None and not isinstance(base_model, str):
                raise ValueError(f"base_model must be a string, got {base_model!r}")
            precision_check = _precision_check(data.get("precision_check"))
            cascade = _cascade(data.get("cascade"))
        except ValueError as e:
            raise ArtifactError(f"{path}: {e}") from e
        unknown = sorted(set(thresholds) - set(labels))
        if unknown:
            raise ArtifactError(f"{path}: thresholds for labels the model lacks: {unknown}")
        _check_unit(path, "thresholds", thresholds)
        if blend is not None:
            if set(blend) != set(labels):
                raise ArtifactError(f"{path}: blend weights for {sorted(blend)}, the model has {labels}")
            _check_unit(path, "blend weights", blend)
        return cls(
            labels=list(labels),
            thresholds=thresholds,
            text=text,
            max_seq_length=max_seq_length,
            base_model=base_model,
            blend=blend,
            precision_check=precision_check,
            cascade=cascade,
        )

    def agreement(self, engine: str, weights_sha256: str) -> float | None:
        """Measured agreement of ``engine`` ("onnx/int8") with torch fp32 for these very weights."""
        check = self.precision_check
        if not check or check.get("weights_sha256") != weights_sha256:
            return None
        result = check["results"].get(engine)
        return None if result is None else result["agreement"]


def _precision_check(value: object) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("weights_sha256"), str):
        raise ValueError("precision_check must be an object with weights_sha256 and results")
    results = value.get("results")
    if not isinstance(results, dict):
        raise ValueError("precision_check.results must be an object of engine: figures")
    for engine, figures in results.items():
        numbers = _numbers(figures, f"precision_check.results[{engine!r}]")
        if not 0.0 <= numbers.get("agreement", -1.0) <= 1.0:
            raise ValueError(f"precision_check.results[{engine!r}].agreement must be in [0, 1]")
        results[engine] = numbers
    return value


def _cascade(value: object) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("weights_sha256"), str):
        raise ValueError("cascade must be an object with weights_sha256 and bound")
    kind = value.get("first_stage", "lexical")
    if kind not in ("lexical", "trained"):
        raise ValueError(f"cascade.first_stage must be lexical or trained, got {kind!r}")
    if kind == "trained" and not isinstance(value.get("first_stage_sha256"), str):
        raise ValueError("a trained first stage's cascade must name its first_stage_sha256")
    # the figures are numbers; what describes them (the mix, each resampling) is kept as written
    described = {"weights_sha256", "first_stage", "first_stage_sha256", "mix", "resamplings"}
    figures = _numbers({k: v for k, v in value.items() if k not in described}, "cascade")
    if not 0.0 <= figures.get("bound", -1.0) <= 1.0:
        raise ValueError("cascade.bound must be in [0, 1]")
    return {**value, **figures}


def _numbers(values: object, what: str) -> dict[str, float]:
    """A JSON object of label -> number; anything else (strings, booleans, lists) is refused."""
    if not isinstance(values, dict):
        raise ValueError(f"{what} must be an object of label: number, got {type(values).__name__}")
    bad = {k: v for k, v in values.items() if type(v) not in (int, float)}
    if bad:
        raise ValueError(f"{what} must be numbers: {bad}")
    return {str(k): float(v) for k, v in values.items()}


def _check_unit(path: Path, what: str, values: dict[str, float]) -> None:
    bad = {k: v for k, v in values.items() if not (0.0 <= v <= 1.0) or math.isnan(v)}
    if bad:
        raise ArtifactError(f"{path}: {what} outside [0, 1]: {bad}")
