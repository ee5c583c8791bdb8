"""A configuration change in words, for the history (``/sentinela history``, the dashboard) and
the alert channel's announcements."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.policy import DEFAULT_TIMEOUT_MINUTES
from bot.db.models import ConfigChange
from bot.presentation.i18n import N_, Texts

# every kind of change, as the history's filter names it
KIND_NAMES = {
    "alert_channel": N_("alert channel"),
    "enabled": N_("moderation on/off"),
    "escalation": N_("escalation"),
    "exempt_role": N_("exempt role"),
    "exempt_channel": N_("exempt channel"),
    "threshold": N_("threshold"),
    "threshold_advice": N_("threshold (from advice)"),
    "rule": N_("rule"),
}


def _threshold(value: object, tr: Texts) -> str:
    return tr("model's default") if value is None else tr.number(float(value))


def _rule(value: object, tr: Texts) -> str:
    if not isinstance(value, dict):
        return tr("default (alert)")
    text = tr.action(str(value.get("action")))
    if value.get("action") == "timeout":
        text += " " + tr("{minutes} min", minutes=value.get("timeout_minutes") or DEFAULT_TIMEOUT_MINUTES)
    return text


def _escalation(value: object, tr: Texts) -> str:
    if not isinstance(value, dict):
        return tr("off")
    return tr(
        "{hits} hits in {window} min → {timeout} min timeout",
        hits=value.get("hits"),
        window=value.get("window_minutes"),
        timeout=value.get("timeout_minutes"),
    )


def _discord_channel(channel_id: str) -> str:
    return f"<#{channel_id}>"


def _discord_role(role_id: str) -> str:
    return f"<@&{role_id}>"


def describe(
    change: ConfigChange,
    tr: Texts,
    channel: Callable[[str], str] = _discord_channel,
    role: Callable[[str], str] = _discord_role,
) -> str:
    """What changed, from what to what (Markdown). ``channel`` and ``role`` write an id: Discord
    mentions by default (they render, nobody is pinged), names on the dashboard."""

    def _channel(value: object, tr: Texts) -> str:
        return tr("none") if value is None else channel(str(value))

    old, new, target = change.old_value, change.new_value, change.target or ""
    kind = change.kind
    if kind in ("threshold", "threshold_advice"):
        what = tr("threshold **{label}**", label=tr.label(target))
        if kind == "threshold_advice":
            what = tr("threshold **{label}** (applied advice)", label=tr.label(target))
        return f"{what}: {_threshold(old, tr)} → {_threshold(new, tr)}"
    if kind == "rule":
        return tr("rule **{label}**", label=tr.label(target)) + f": {_rule(old, tr)} → {_rule(new, tr)}"
    if kind == "escalation":
        return tr("escalation") + f": {_escalation(old, tr)} → {_escalation(new, tr)}"
    if kind in ("exempt_role", "exempt_channel"):
        mention = role(target) if kind == "exempt_role" else channel(target)
        return (
            tr("{target} exempt from checks", target=mention)
            if new
            else tr("{target} no longer exempt", target=mention)
        )
    if kind == "alert_channel":
        return tr("alert channel") + f": {_channel(old, tr)} → {_channel(new, tr)}"
    if kind == "enabled":
        return tr("Sentinela turned on") if new else tr("Sentinela turned off")
    return f"{kind} {target}: {old} → {new}"  # a kind from a newer version of the bot
