"""The dashboard's names for the actions, where the bot's (``ACTION_NAMES``: "alerted",
"timed out", what was done to one message) read wrong: a rule's action is a choice of what to
do (a verb), and a tile counts messages (a plural noun beside its number)."""

from __future__ import annotations

from bot.presentation.i18n import N_, Texts

# what a rule does to a message with a hit of its label
RULE_ACTIONS = {
    "log": N_("only log"),
    "alert": N_("alert the moderators"),
    "delete": N_("delete the message"),
    "timeout": N_("delete and time out"),
}


def rule_action(tr: Texts, name: str) -> str:
    return tr(RULE_ACTIONS[name]) if name in RULE_ACTIONS else name


def action_count(tr: Texts, name: str, n: int) -> str:
    """The overview's tile under the number ``n`` of messages that got action ``name``."""
    # literal calls, so the catalogue extracts each as a plural entry
    if name == "log":
        return tr.plural("message logged only", "messages logged only", n)
    if name == "alert":
        return tr.plural("alert sent", "alerts sent", n)
    if name == "delete":
        return tr.plural("message deleted", "messages deleted", n)
    if name == "timeout":
        return tr.plural("member timed out", "members timed out", n)
    return name
