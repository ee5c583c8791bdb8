"""The settings page (admins): thresholds with the advice from reviews beside each, rules and
escalation, exemptions, the alert channel, on/off. Every change goes through ``Store.update``, so
it is recorded with the dashboard user as its author, and shows what it replaced."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.advice import advise
from bot.audit_text import describe
from bot.dashboard.access import GuildAccess
from bot.dashboard.web import checked_form, guild_access, render, texts_of
from bot.db.store import Store
from bot.i18n import Texts
from bot.policy import MAX_TIMEOUT_MINUTES, Action, Escalation, Rule

log = logging.getLogger(__name__)
MAX_ESCALATION_HITS, MAX_WINDOW_MINUTES = 100, 7 * 24 * 60  # as /rule escalation allows


class FormError(ValueError):
    """A value the form cannot take; the message is for the admin, in their language."""


async def settings_page(request: Request) -> Response:
    _user, access = await guild_access(request, admin=True)
    store: Store = request.app.state.store
    model = request.app.state.model
    config = await store.guild_config(access.guild.id)
    in_force = {
        label: config.thresholds.get(label, model.thresholds.get(label))
        for label in model.labels
        if label in config.thresholds or label in model.thresholds
    }
    reviewed = await store.review_scores(access.guild.id, in_force)
    rows = [
        dict(label=label, server=config.thresholds.get(label), model=model.thresholds.get(label),
             rule=config.rule(label),
             advice=advise(label, reviewed.get(label, []), in_force[label]) if label in in_force else None)
        for label in model.labels
    ]  # fmt: skip
    flash = request.session.pop("flash", None)
    return render(
        request,
        "settings.html",
        dict(access=access, config=config, rows=rows, actions=[a.label for a in Action], flash=flash,
             page="settings", max_timeout=MAX_TIMEOUT_MINUTES),
    )  # fmt: skip


async def change(request: Request) -> Response:
    user, access = await guild_access(request, admin=True)
    form = await checked_form(request)
    tr = texts_of(request)
    store: Store = request.app.state.store
    kind = form.get("kind", "")
    try:
        parse = PARSERS.get(kind)
        if parse is None:
            raise FormError(tr("Unknown setting."))
        value, target = parse(form, access, request.app.state.model.labels, tr)
        done = await store.update(access.guild.id, kind, value, target=target, by=user.id)
    except FormError as e:
        request.session["flash"] = dict(ok=False, text=str(e))
    else:
        if done is None:
            text = tr("Nothing changed: that is already the setting.")
        else:
            log.info("guild %s: %s changed %s %s (dashboard)", access.guild.id, user.id, kind, target or "")
            text = describe(done, tr, access.channel_name, lambda r: "@" + access.roles.get(int(r), r))
        request.session["flash"] = dict(ok=True, text=text)
    return RedirectResponse(f"/g/{access.guild.id}/settings", 303)


Parsed = tuple[Any, str | None]


def _label(form: dict[str, str], labels: list[str], tr: Texts) -> str:
    label = form.get("label", "")
    if label not in labels:
        raise FormError(tr("Unknown label {label!r}. Nothing changed.", label=label))
    return label


def _int(raw: str | None, low: int, high: int, tr: Texts) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise FormError(tr("Use a whole number from {low} to {high}. Nothing changed.", low=low, high=high))
    return value


def _threshold(form: dict[str, str], _access: GuildAccess, labels: list[str], tr: Texts) -> Parsed:
    label = _label(form, labels, tr)
    raw = form.get("value", "").strip().replace(",", ".")  # pt-BR writes 0,85
    if raw == "":
        return None, label  # back to the model's threshold
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise FormError(
            tr("A threshold is a probability between 0 and 1; got {value}. Nothing changed.", value=raw)
        )
    return value, label


def _rule(form: dict[str, str], _access: GuildAccess, labels: list[str], tr: Texts) -> Parsed:
    label = _label(form, labels, tr)
    try:
        action = Action.parse(form.get("action", ""))
        minutes = form.get("timeout_minutes", "").strip()
        timeout = int(minutes) if action is Action.TIMEOUT and minutes else None
        return Rule(action, timeout), label
    except ValueError:
        raise FormError(
            tr(
                "Use log, alert, delete or timeout, with a timeout between 1 minute and 28 days. "
                "Nothing changed."
            )
        ) from None


def _escalation(form: dict[str, str], _access: GuildAccess, _labels: list[str], tr: Texts) -> Parsed:
    hits = _int(form.get("hits") or "0", 0, MAX_ESCALATION_HITS, tr)
    if hits == 0:
        return None, None
    window = _int(form.get("window_minutes"), 1, MAX_WINDOW_MINUTES, tr)
    timeout = _int(form.get("timeout_minutes"), 1, MAX_TIMEOUT_MINUTES, tr)
    return Escalation(hits, window, timeout), None


def _exemption(known: Callable[[GuildAccess], dict[int, str]]):
    def parse(form: dict[str, str], access: GuildAccess, _labels: list[str], tr: Texts) -> Parsed:
        target = form.get("target", "")
        if not target.isdigit() or int(target) not in known(access):
            raise FormError(tr("Pick a role or channel of this server. Nothing changed."))
        return form.get("value") == "1", target

    return parse


def _alert_channel(form: dict[str, str], access: GuildAccess, _labels: list[str], tr: Texts) -> Parsed:
    raw = form.get("value", "")
    if raw == "":
        return None, None
    if not raw.isdigit() or int(raw) not in access.channels:
        raise FormError(tr("Pick a role or channel of this server. Nothing changed."))
    return int(raw), None


def _enabled(form: dict[str, str], _access: GuildAccess, _labels: list[str], _tr: Texts) -> Parsed:
    return form.get("value") == "1", None


PARSERS: dict[str, Callable[[dict[str, str], GuildAccess, list[str], Texts], Parsed]] = {
    "threshold": _threshold,
    "rule": _rule,
    "escalation": _escalation,
    "exempt_role": _exemption(lambda a: a.roles),
    "exempt_channel": _exemption(lambda a: a.channels),
    "alert_channel": _alert_channel,
    "enabled": _enabled,
}

routes = [
    Route("/g/{guild_id}/settings", settings_page),
    Route("/g/{guild_id}/settings", change, methods=["POST"]),
]
