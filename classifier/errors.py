"""Classifier errors: one base, so the bot can catch everything the model side raises."""


class ClassifierError(Exception):
    """Base for every error the classifier raises."""


class ClassifierConfigError(ClassifierError, ValueError):
    """A setting or argument is invalid (device, threads, batching knobs); nothing was started."""


class LabelValueError(ClassifierError, ValueError):
    """A label cell that is not a boolean, 0/1 or a vote count."""


class ModelLoadError(ClassifierError):
    """The model directory or hub id could not be loaded."""


class ArtifactError(ModelLoadError):
    """A model directory's metadata (``sentinela.json``, the lexical model) is unreadable or inconsistent."""


class ClassifierOverloaded(ClassifierError):
    """The request queue is full; the caller should shed load, not wait."""


class ClassifierTimeout(ClassifierError):
    """A request was not answered within its timeout."""


class ClassifierClosed(ClassifierError):
    """The classifier was closed (or never started)."""


class ClassifierUnavailable(ClassifierError):
    """A remote model service cannot be reached (down, refusing, or its circuit is open)."""
