"""The review queue: the alerts nobody reviewed yet, newest first, with Confirm / False positive /
Skip. A verdict here is the same record as the alert's buttons and ``/review`` (``record_feedback``),
and can be taken back for ``UNDO_S`` seconds."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.dashboard.access import GuildAccess
from bot.dashboard.formats import formats_of
from bot.dashboard.shared import shared
from bot.dashboard.web import checked_form, guild_access, render, texts_of
from bot.db.stats import queued_alert
from bot.db.store import QUEUE_COUNT_CAP, QueuedAlert

log = logging.getLogger(__name__)
PAGE = 20
VERDICTS = ("confirmed", "false_positive")
UNDO_S = 10  # what the page offers; the server takes an undo a little longer, for the round trip
UNDO_GRACE_S = 5


def _digits(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


async def queue(request: Request) -> Response:
    _user, access = await guild_access(request)
    q = request.query_params
    label = q.get("label") or None
    after = _digits(q.get("after"))
    store = shared(request).store
    alerts, total = await store.review_queue(
        access.guild.id, label=label, after_message=after, limit=PAGE, channel_ids=access.readable
    )
    # the bot recorded most authors' names with their hits: Discord is asked only for the others
    await shared(request).names.prefetch(access.guild.id, [a.author_id for a in alerts if not a.author_name])
    return render(
        request,
        "queue.html",
        dict(access=access, alerts=alerts, total=total, capped=total >= QUEUE_COUNT_CAP, label=label,
             after=after, page_size=PAGE, labels=shared(request).model.labels, page="review"),
    )  # fmt: skip


async def _message(request: Request, access: GuildAccess) -> QueuedAlert | None:
    """The message in the URL as an alert, if it has hits; 403 if its channel is not readable
    (the rule of the buttons: no verdict on a message the moderator cannot read)."""
    message_id = _digits(request.path_params["message_id"])
    if message_id is None:
        raise HTTPException(404)
    store = shared(request).store
    hits = sorted(await store.hits_for_message(access.guild.id, message_id), key=lambda h: h.id)
    if hits and access.readable is not None and hits[0].channel_id not in access.readable:
        raise HTTPException(403)
    return queued_alert(hits) if hits else None


async def _left(request: Request, access: GuildAccess, label: str | None) -> int:
    store = shared(request).store
    _none, total = await store.review_queue(
        access.guild.id, label=label, limit=0, channel_ids=access.readable
    )
    return total


def _back(access: GuildAccess, label: str | None) -> RedirectResponse:
    """Without JavaScript the form posts and the queue reloads, with its filter."""
    query = f"?{urlencode({'label': label})}" if label else ""
    return RedirectResponse(f"/g/{access.guild.id}/review{query}", 303)


async def verdict(request: Request) -> Response:
    user, access = await guild_access(request)
    form = await checked_form(request)
    chosen = form.get("verdict")
    if chosen not in VERDICTS:
        raise HTTPException(400, "verdict")
    alert = await _message(request, access)
    store = shared(request).store
    message_id = int(request.path_params["message_id"])
    count = await store.record_feedback(access.guild.id, message_id, user.id, chosen) if alert else 0
    log.info(
        "guild %s: %s recorded %s on message %s (dashboard)", access.guild.id, user.id, chosen, message_id
    )
    label = form.get("label") or None
    if not request.headers.get("hx-request"):
        return _back(access, label)
    tr, total = texts_of(request), await _left(request, access, label)
    said = tr("Recorded: confirmed.") if chosen == "confirmed" else tr("Recorded: false positive.")
    n = formats_of(request, tr.locale).count(total)
    left = tr.plural("{n} alert left.", "{n} alerts left.", total, n=n)
    return render(
        request,
        "_reviewed.html",
        dict(access=access, verdict=chosen, count=count, message_id=message_id, alert=alert, label=label,
             total=total, capped=total >= QUEUE_COUNT_CAP, undo_s=UNDO_S,
             announce=f"{said} {left}" if count else tr("That alert is gone (deleted by retention): "
                                                       "no verdict recorded.")),
    )  # fmt: skip


async def undo(request: Request) -> Response:
    """Take back one's own verdict of the last seconds: the alert is back in the queue."""
    user, access = await guild_access(request)
    form = await checked_form(request)
    alert = await _message(request, access)
    store = shared(request).store
    message_id = int(request.path_params["message_id"])
    within = UNDO_S + UNDO_GRACE_S
    taken = await store.withdraw_feedback(access.guild.id, message_id, user.id, within_s=within)
    log.info("guild %s: %s took back their verdict on message %s (dashboard): %s hits",
             access.guild.id, user.id, message_id, taken)  # fmt: skip
    label = form.get("label") or None
    if not request.headers.get("hx-request"):
        return _back(access, label)
    if not taken or alert is None:
        raise HTTPException(409, "undo")
    tr, total = texts_of(request), await _left(request, access, label)
    return render(
        request,
        "_undone.html",
        dict(access=access, a=alert, label=label, total=total, capped=total >= QUEUE_COUNT_CAP,
             announce=tr("Verdict taken back: the alert is in the queue again.")),
    )  # fmt: skip


routes = [
    Route("/g/{guild_id}/review", queue),
    Route("/g/{guild_id}/review/{message_id}", verdict, methods=["POST"]),
    Route("/g/{guild_id}/review/{message_id}/undo", undo, methods=["POST"]),
]
