"""Async, micro-batched toxicity inference for the bot."""

from classifier.engine import DEFAULT_MODEL, Engine
from classifier.errors import (
    ClassifierClosed,
    ClassifierError,
    ClassifierOverloaded,
    ClassifierTimeout,
    ModelLoadError,
)
from classifier.service import Classifier, Scores
from classifier.text import TextConfig, normalize

__all__ = [
    "DEFAULT_MODEL",
    "Classifier",
    "ClassifierClosed",
    "ClassifierError",
    "ClassifierOverloaded",
    "ClassifierTimeout",
    "Engine",
    "ModelLoadError",
    "Scores",
    "TextConfig",
    "normalize",
]
