"""Classifier errors: one base, so the bot can catch everything the model side raises."""


class ClassifierError(Exception):
    """Base for every error the classifier raises."""


class ModelLoadError(ClassifierError):
    """The model directory or hub id could not be loaded."""


class ClassifierOverloaded(ClassifierError):
    """The request queue is full; the caller should shed load, not wait."""


class ClassifierTimeout(ClassifierError):
    """A request was not answered within its timeout."""


class ClassifierClosed(ClassifierError):
    """The classifier was closed (or never started)."""
