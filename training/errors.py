"""Errors the training command reports as one clear line, before any model is loaded."""


class TrainingError(Exception):
    """Base for problems the user can fix (bad data, missing credentials, bad options)."""


class DataError(TrainingError):
    """The training data is missing, unreadable or inconsistent."""


class KaggleCredentialsError(TrainingError):
    """The Kaggle API was asked for without credentials."""
