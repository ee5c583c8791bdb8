"""The settings page (admins): thresholds with the advice from reviews beside each, rules and
escalation, exemptions, the alert channel, on/off. Every change goes through ``Store.update``, so
it is recorded with the dashboard user as its author, and shows what it replaced."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.core.advice import advise
from bot.core.policy import DEFAULT_THRESHOLD, MAX_TIMEOUT_MINUTES, Action
from bot.core.setting_kinds import (
    KINDS,
    MAX_ESCALATION_HITS,
    MAX_WINDOW_MINUTES,
    Parsed,
    SettingError,
    SettingKind,
    parse_setting,
)
from bot.dashboard.access import GuildAccess
from bot.dashboard.shared import shared
from bot.dashboard.web import checked_form, guild_access, render, texts_of
from bot.dashboard.words import rule_action
from bot.presentation.audit_text import describe
from bot.presentation.i18n import N_

log = logging.getLogger(__name__)


async def settings_page(request: Request) -> Response:
    _user, access = await guild_access(request, admin=True)
    store = shared(request).store
    model = shared(request).model
    config = await store.guild_config(access.guild.id)
    in_force = config.thresholds_in_force(model.thresholds, model.labels)
    reviewed = await store.review_scores(access.guild.id, in_force)
    rows = [
        dict(label=label, server=config.thresholds.get(label), model=model.thresholds.get(label),
             in_force=in_force[label], rule=config.rule(label),
             advice=advise(label, reviewed.get(label, []), in_force[label]))
        for label in model.labels
    ]  # fmt: skip
    flash = request.session.pop("flash", None)
    tr = texts_of(request)
    return render(
        request,
        "settings.html",
        dict(access=access, config=config, rows=rows, actions=[a.label for a in Action], flash=flash,
             model_found=model.found, rule_action=lambda a: rule_action(tr, a), default=DEFAULT_THRESHOLD,
             page="settings", max_timeout=MAX_TIMEOUT_MINUTES, max_hits=MAX_ESCALATION_HITS,
             max_window=MAX_WINDOW_MINUTES),
    )  # fmt: skip


async def change(request: Request) -> Response:
    user, access = await guild_access(request, admin=True)
    form = await checked_form(request)
    tr = texts_of(request)
    store = shared(request).store
    name = form.get("kind", "")
    kind = KINDS.get(name)
    try:
        if kind is None:
            raise SettingError(N_("Unknown setting."))
        parsed = _parse(name, kind, form, access, shared(request).model.labels)
        done = await store.update(access.guild.id, name, parsed.value, target=parsed.target, by=user.id)
    except SettingError as e:  # the one translation of a refused value on this surface
        request.session["flash"] = dict(ok=False, text=tr(e.message, **e.values))
    else:
        if done is None:
            text = tr("Nothing changed: that is already the setting.")
        else:
            log.info(
                "guild %s: %s changed %s %s (dashboard)", access.guild.id, user.id, name, parsed.target or ""
            )
            text = describe(done, tr, access.channel_name, lambda r: "@" + access.roles.get(int(r), r))
        request.session["flash"] = dict(ok=True, text=text)
    # back where the admin was: app.js focuses the saved form's row or section. A query, not a
    # #fragment: the browser's own scroll to a fragment, after the page's script, drops the focus
    saved = _saved(name, form)
    return RedirectResponse(f"/g/{access.guild.id}/settings{saved}", 303)


def _saved(name: str, form: dict[str, str]) -> str:
    label = form.get("label", "")
    if name in ("threshold", "rule") and label.replace("_", "").isalnum():
        return f"?saved={name}-{label}"
    section = {"escalation": "escalation", "exempt_role": "exempt_role", "exempt_channel": "exempt_channel",
               "enabled": "moderation", "alert_channel": "moderation"}.get(name)  # fmt: skip
    return f"?saved={section}" if section else ""


def _parse(
    name: str, kind: SettingKind, form: dict[str, str], access: GuildAccess, labels: list[str]
) -> Parsed:
    """The form's fields as ``kind`` reads them: its named parts, or one ``value``; the target is
    the label, or a role or channel id of this server."""
    raw = {f: form[f] for f in kind.fields if f in form} if kind.fields else form.get("value", "")
    known = access.roles if kind.target == "role" else access.channels
    target = form.get("label") if kind.target == "label" else form.get("target")
    return parse_setting(name, raw, target, labels=labels, known_ids=known)


routes = [
    Route("/g/{guild_id}/settings", settings_page),
    Route("/g/{guild_id}/settings", change, methods=["POST"]),
]
