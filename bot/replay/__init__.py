"""The replay: a chat log through the live classifier, policy and database code, without Discord.

``command`` (``python -m bot replay``), ``chatlog`` (reading the file), ``run`` (scoring and
deciding), ``report`` (what it prints and draws), ``preview`` (embeds drawn as Discord shows them).
"""

DEFAULT_DB = "sentinela-replay.db"


class ReplayConfigError(ValueError):
    """A bad guild configuration file or --thresholds value."""
