"""The moderation decision: scores + guild configuration -> hits and the strongest action.

Pure functions, no Discord and no database: the cog gathers inputs and carries out the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

MAX_TIMEOUT_MINUTES = 28 * 24 * 60  # Discord's limit for a member timeout
DEFAULT_THRESHOLD = 0.5  # a label the model ships no tuned threshold for (a model of old, say)


class Action(IntEnum):
    """Ordered by severity: the strongest action over all hit labels is taken."""

    LOG = 0
    ALERT = 1
    DELETE = 2
    TIMEOUT = 3

    @classmethod
    def parse(cls, name: str) -> Action:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown action {name!r}; use log, alert, delete or timeout") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Rule:
    action: Action = Action.ALERT
    timeout_minutes: int | None = None

    def __post_init__(self) -> None:
        if self.timeout_minutes is not None and not 1 <= self.timeout_minutes <= MAX_TIMEOUT_MINUTES:
            raise ValueError(f"timeout must be between 1 minute and 28 days, got {self.timeout_minutes}")


DEFAULT_RULE = Rule(Action.ALERT)  # nothing destructive until an admin asks for it
DEFAULT_TIMEOUT_MINUTES = 10


@dataclass(frozen=True)
class Escalation:
    """``hits`` label hits by one member within ``window_minutes`` -> timeout."""

    hits: int
    window_minutes: int = 60
    timeout_minutes: int = 60


@dataclass(frozen=True)
class GuildConfig:
    enabled: bool = True
    alert_channel_id: int | None = None
    exempt_role_ids: frozenset[int] = frozenset()
    exempt_channel_ids: frozenset[int] = frozenset()
    thresholds: Mapping[str, float] = field(default_factory=dict)
    rules: Mapping[str, Rule] = field(default_factory=dict)
    escalation: Escalation | None = None

    def threshold(self, label: str, model_default: float) -> float:
        return self.thresholds.get(label, model_default)

    def thresholds_in_force(self, model: Mapping[str, float], labels: Iterable[str] = ()) -> dict[str, float]:
        """The threshold each label is judged by: the server's own, else the model's tuned one, else
        ``DEFAULT_THRESHOLD``. ``labels``: which ones (default: those the model has thresholds for).

        The one answer for the policy, the commands, the dashboard and the replay alike.
        """
        return {
            label: self.threshold(label, model.get(label, DEFAULT_THRESHOLD)) for label in labels or model
        }

    def rule(self, label: str) -> Rule:
        return self.rules.get(label, DEFAULT_RULE)

    def is_exempt(self, channel_ids: set[int], role_ids: set[int]) -> bool:
        """``channel_ids`` holds the channel and, for threads, its parent."""
        return bool(channel_ids & self.exempt_channel_ids or role_ids & self.exempt_role_ids)


@dataclass(frozen=True)
class LabelHit:
    label: str
    score: float
    threshold: float
    action: Action


@dataclass(frozen=True)
class Decision:
    """A guild's decision on one text: its hits are the labels over the thresholds in force
    (``GuildConfig.thresholds_in_force``), not the model's own (``Scores.flagged``)."""

    hits: tuple[LabelHit, ...]
    action: Action | None
    timeout_minutes: int | None = None
    escalated: bool = False

    @property
    def flagged_in_force(self) -> bool:
        """Whether any label crossed the guild's threshold in force (``Scores.flagged`` is the
        model's own thresholds: the classifier knows no guild)."""
        return bool(self.hits)


def decide(
    scores: Mapping[str, float],
    config: GuildConfig,
    model_thresholds: Mapping[str, float],
    recent_hits: int = 0,
    already: frozenset[str] = frozenset(),
    ceiling: Action = Action.TIMEOUT,
) -> Decision:
    """Which labels hit and what to do.

    ``recent_hits`` is how many hits the author already had inside the escalation window (other
    messages only). ``already``: labels recorded for this message before (an edit re-checked):
    they were acted on then and are not hits again. ``ceiling``: the strongest action the subject
    allows (a thread title is alerted on, never deleted or timed out for). A timeout is always
    within Discord's limit.
    """
    in_force = config.thresholds_in_force(model_thresholds, scores)
    hits = tuple(
        LabelHit(label, score, in_force[label], config.rule(label).action)
        for label, score in scores.items()
        if label not in already and score >= in_force[label]
    )
    if not hits:
        return Decision((), None)
    strongest = max(hits, key=lambda h: h.action)
    action = strongest.action
    timeout = None
    if action is Action.TIMEOUT:
        timeout = max(
            (config.rule(h.label).timeout_minutes or DEFAULT_TIMEOUT_MINUTES)
            for h in hits
            if h.action is Action.TIMEOUT
        )
    escalated = False
    esc = config.escalation
    if esc is not None and recent_hits + 1 >= esc.hits:
        action, timeout, escalated = Action.TIMEOUT, max(timeout or 0, esc.timeout_minutes), True
    if action > ceiling:
        return Decision(hits, ceiling)
    if timeout is not None:
        timeout = min(timeout, MAX_TIMEOUT_MINUTES)
    return Decision(hits, action, timeout, escalated)
