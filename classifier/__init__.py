"""Async, micro-batched toxicity inference for the bot.

The errors, constants and text normaliser import cheaply; ``Classifier``, ``Engine`` and
``Scores`` pull in torch and transformers, so they load on first use (PEP 562): reading the
bot's settings or running a migration must not pay seconds for a model runtime it never uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from classifier.artifacts import DEFAULT_MODEL
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
from classifier.text import TextConfig, normalize

if TYPE_CHECKING:
    from classifier.engine import Engine
    from classifier.remote import RemoteClassifier
    from classifier.service import Classifier, Scores

_LAZY = {
    "Classifier": "classifier.service",
    "Scores": "classifier.scores",
    "Engine": "classifier.engine",
    "RemoteClassifier": "classifier.remote",  # aiohttp only: no torch in a bot that calls a service
}

__all__ = [
    "DEFAULT_MODEL",
    "ArtifactError",
    "Classifier",
    "ClassifierClosed",
    "ClassifierConfigError",
    "ClassifierError",
    "ClassifierOverloaded",
    "ClassifierTimeout",
    "ClassifierUnavailable",
    "Engine",
    "LabelValueError",
    "ModelLoadError",
    "RemoteClassifier",
    "Scores",
    "TextConfig",
    "normalize",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups skip this hook
        return value
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")
