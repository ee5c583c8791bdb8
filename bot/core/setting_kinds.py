"""What an admin can change: per kind of setting, its parser, its bounds and its error.

The slash commands, the dashboard's form, the replay's ``--config``/``--thresholds`` and
``Store.update`` all parse through here, so a bound or a message is written once. Pure: no
Discord, no database. Adding a setting is one ``SettingKind`` in ``KINDS`` (and, for the store,
how it is kept: ``bot/db/guilds.py``'s ``STORAGE``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from bot.core.policy import MAX_TIMEOUT_MINUTES, Action, Escalation, Rule

MAX_ESCALATION_HITS = 100
MAX_WINDOW_MINUTES = 7 * 24 * 60
DEFAULT_ESCALATION_MINUTES = 60  # the window and the timeout when an admin gives neither


def N_(message: str) -> str:  # gettext's name: bot/presentation/i18n.py's extractor looks for it
    """Mark a message for the catalogue; bot.presentation.i18n is not imported here (it loads discord.py)."""
    return message


class SettingError(ValueError):
    """A value an admin cannot set. ``message`` is the English catalogue id, ``values`` fill it:
    each surface translates it once (``tr(e.message, **e.values)``); ``str(e)`` is the English."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message.format(**values))
        self.message, self.values = message, values


UNKNOWN_LABEL = N_("Unknown label `{label}`. Labels: {labels}.")
BAD_THRESHOLD = N_("A threshold is a probability between 0 and 1; {value} is outside 0..1. Nothing changed.")
BAD_ACTION = N_("Unknown action {action!r}: use log, alert, delete or timeout. Nothing changed.")
BAD_NUMBER = N_("Use a whole number from {low} to {high}. Nothing changed.")
BAD_TARGET = N_("Pick a role or channel of this server. Nothing changed.")


def check_label(label: str, labels: Collection[str]) -> str:
    """``label`` if the model has it; otherwise the error naming the labels it has."""
    if label not in labels:
        raise SettingError(UNKNOWN_LABEL, label=label, labels=", ".join(labels))
    return label


def whole(raw: object, low: int, high: int) -> int:
    """A whole number within ``low..high`` (from a form's text, a JSON number or a slash option)."""
    try:
        value = raw if isinstance(raw, int) and not isinstance(raw, bool) else int(str(raw).strip())
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise SettingError(BAD_NUMBER, low=low, high=high)
    return value


def _threshold(raw: object) -> float | None:
    """A probability; ``None`` or empty: back to the model's threshold. "0,85" reads as pt-BR writes it."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = raw.strip().replace(",", ".") if isinstance(raw, str) else raw
    try:
        value = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SettingError(BAD_THRESHOLD, value=raw) from None
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise SettingError(BAD_THRESHOLD, value=raw)
    return value


def _rule(raw: object) -> Rule:
    """A ``Rule``, an action's name, or ``{"action", "timeout_minutes"}``; a timeout only with that action."""
    if isinstance(raw, Rule):
        raw = dict(action=raw.action.label, timeout_minutes=raw.timeout_minutes)
    spec: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {"action": raw}
    name = spec.get("action")
    try:
        action = Action.parse(str(name or ""))
    except ValueError:
        raise SettingError(BAD_ACTION, action=name) from None
    minutes = spec.get("timeout_minutes")
    if action is not Action.TIMEOUT or minutes is None or str(minutes).strip() == "":
        return Rule(action)
    return Rule(action, whole(minutes, 1, MAX_TIMEOUT_MINUTES))


def _escalation(raw: object) -> Escalation | None:
    """An ``Escalation``, or ``{"hits", "window_minutes", "timeout_minutes"}``; 0 hits (or None): off."""
    if raw is None:
        return None
    if isinstance(raw, Escalation):
        raw = dict(hits=raw.hits, window_minutes=raw.window_minutes, timeout_minutes=raw.timeout_minutes)
    if not isinstance(raw, Mapping):
        raise SettingError(BAD_NUMBER, low=0, high=MAX_ESCALATION_HITS)
    hits = whole(raw.get("hits") or 0, 0, MAX_ESCALATION_HITS)
    if hits == 0:
        return None
    return Escalation(
        hits,
        whole(raw.get("window_minutes", DEFAULT_ESCALATION_MINUTES), 1, MAX_WINDOW_MINUTES),
        whole(raw.get("timeout_minutes", DEFAULT_ESCALATION_MINUTES), 1, MAX_TIMEOUT_MINUTES),
    )


def _switch(raw: object) -> bool:
    """On or off: a bool, or the form's "1"."""
    return raw if isinstance(raw, bool) else str(raw) == "1"


def _channel(raw: object) -> int | None:
    """A channel id; ``None`` or empty: none (checked against the server's ids as a target is)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int) or (isinstance(raw, str) and raw.isdigit()):
        return int(raw)
    raise SettingError(BAD_TARGET)


Target = Literal["label", "role", "channel"] | None


@dataclass(frozen=True)
class Parsed:
    value: Any
    target: str | None  # the label, or the role or channel id as text


@dataclass(frozen=True)
class SettingKind:
    """One kind of setting: how its value parses and what it applies to (``target``)."""

    value: Callable[[object], Any]
    target: Target = None
    value_is_id: bool = False  # the value itself names a channel of the server (the alert channel)
    fields: tuple[str, ...] = ()  # a value given in named parts (a form's fields); empty: one value

    def parse(
        self,
        raw: object,
        target: str | int | None = None,
        *,
        labels: Collection[str] | None = None,
        known_ids: Collection[int] | None = None,
    ) -> Parsed:
        """The value and target, checked; ``labels`` / ``known_ids`` ``None``: not known here (the store)."""
        name = None if target is None else str(target).strip()
        if self.target == "label" and labels is not None:
            check_label(name or "", labels)
        if self.target in ("role", "channel") and (
            name is None or not name.isdigit() or (known_ids is not None and int(name) not in known_ids)
        ):
            raise SettingError(BAD_TARGET)
        value = self.value(raw)
        if self.value_is_id and value is not None and known_ids is not None and value not in known_ids:
            raise SettingError(BAD_TARGET)
        return Parsed(value, name if self.target else None)


_THRESHOLD = SettingKind(_threshold, "label")
# every kind of change, by the name the audit trail records
KINDS: dict[str, SettingKind] = {
    "alert_channel": SettingKind(_channel, value_is_id=True),  # None: no alerts (hits are still logged)
    "enabled": SettingKind(_switch),
    "escalation": SettingKind(_escalation, fields=("hits", "window_minutes", "timeout_minutes")),
    "exempt_role": SettingKind(_switch, "role"),
    "exempt_channel": SettingKind(_switch, "channel"),
    "threshold": _THRESHOLD,
    "threshold_advice": _THRESHOLD,  # a threshold set from /threshold advise, recorded as such
    "rule": SettingKind(_rule, "label", fields=("action", "timeout_minutes")),
}


def kind_of(name: str) -> SettingKind:
    """The kind called ``name``; a ``ValueError`` naming the known ones otherwise (a caller's bug)."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown setting {name!r}; one of {sorted(KINDS)}") from None


def parse_setting(
    name: str,
    raw: object,
    target: str | int | None = None,
    *,
    labels: Collection[str] | None = None,
    known_ids: Collection[int] | None = None,
) -> Parsed:
    """The one entry every surface calls: ``raw`` for the kind called ``name``, checked (see
    ``SettingKind.parse``); an unknown ``name`` is a ``ValueError``, a refused value a ``SettingError``."""
    return kind_of(name).parse(raw, target, labels=labels, known_ids=known_ids)


def parse_threshold(raw: object, label: str, labels: Collection[str]) -> float:
    """A threshold that must be given, for a label the model has (the replay's file and options)."""
    value = _THRESHOLD.parse(raw, label, labels=labels).value
    if value is None:
        raise SettingError(BAD_THRESHOLD, value=raw)
    return value
