"""Async, micro-batched toxicity inference for the bot, in four rooms with one-way dependencies.

``model/`` is the contract shared with training (files, labels, heads, thresholds, text);
``runtime/`` runs it (engine, backends, the choice among them); ``export/`` writes the ONNX files
and measures their agreement; ``serving/`` scores asynchronously in process or through the model
service, behind one ``Scorer`` protocol, from one ``ClassifierSettings``.

The errors, constants and text normaliser import cheaply; ``Classifier``, ``Engine`` and
``Scores`` pull in torch and transformers, so they load on first use (PEP 562): reading the
bot's settings or running a migration must not pay seconds for a model runtime it never uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from classifier.errors import (
    ArtifactError,
    ClassifierClosed,
    ClassifierConfigError,
    ClassifierError,
    ClassifierOverloaded,
    ClassifierTimeout,
    ClassifierUnavailable,
    LabelValueError,
    ModelLoadError,
)
from classifier.model.artifacts import DEFAULT_MODEL
from classifier.model.text import TextConfig, normalize

if TYPE_CHECKING:
    from classifier.runtime.engine import Engine
    from classifier.serving.factory import load_engine, open_scorer
    from classifier.serving.remote import RemoteClassifier
    from classifier.serving.scorer import Scorer
    from classifier.serving.service import Classifier, Scores
    from classifier.serving.settings import ClassifierSettings

_LAZY = {
    "Classifier": "classifier.serving.service",
    "Scores": "classifier.serving.scores",
    "Engine": "classifier.runtime.engine",
    "RemoteClassifier": "classifier.serving.remote",  # aiohttp only: no torch in a bot that calls a service
    "Scorer": "classifier.serving.scorer",
    "ClassifierSettings": "classifier.serving.settings",
    "open_scorer": "classifier.serving.factory",
    "load_engine": "classifier.serving.factory",
}

__all__ = [
    "DEFAULT_MODEL",
    "ArtifactError",
    "Classifier",
    "ClassifierClosed",
    "ClassifierConfigError",
    "ClassifierError",
    "ClassifierOverloaded",
    "ClassifierSettings",
    "ClassifierTimeout",
    "ClassifierUnavailable",
    "Engine",
    "LabelValueError",
    "ModelLoadError",
    "RemoteClassifier",
    "Scorer",
    "Scores",
    "TextConfig",
    "load_engine",
    "normalize",
    "open_scorer",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups skip this hook
        return value
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")
