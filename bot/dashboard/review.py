"""The review queue: the alerts nobody reviewed yet, newest first, with Confirm / False positive /
Skip. A verdict here is the same record as the alert's buttons and ``/review`` (``record_feedback``)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.dashboard.web import checked_form, guild_access, render
from bot.db.store import QUEUE_COUNT_CAP, Store

log = logging.getLogger(__name__)
PAGE = 20
VERDICTS = ("confirmed", "false_positive")


async def queue(request: Request) -> Response:
    _user, access = await guild_access(request)
    q = request.query_params
    label = q.get("label") or None
    offset = max(0, int(q["offset"])) if q.get("offset", "").isdigit() else 0
    store: Store = request.app.state.store
    alerts, total = await store.review_queue(
        access.guild.id, label=label, offset=offset, limit=PAGE, channel_ids=access.readable
    )
    return render(
        request,
        "queue.html",
        dict(access=access, alerts=alerts, total=total, capped=total >= QUEUE_COUNT_CAP, label=label,
             offset=offset, page_size=PAGE, labels=request.app.state.model.labels, page="review"),
    )  # fmt: skip


async def verdict(request: Request) -> Response:
    user, access = await guild_access(request)
    form = await checked_form(request)
    chosen = form.get("verdict")
    if chosen not in VERDICTS:
        raise HTTPException(400, "verdict")
    try:
        message_id = int(request.path_params["message_id"])
    except ValueError:
        raise HTTPException(404) from None
    store: Store = request.app.state.store
    hits = await store.hits_for_message(access.guild.id, message_id)
    # the same rule as the buttons: no verdict on a message from a channel the moderator cannot read
    if hits and access.readable is not None and hits[0].channel_id not in access.readable:
        raise HTTPException(403)
    count = await store.record_feedback(access.guild.id, message_id, user.id, chosen) if hits else 0
    log.info(
        "guild %s: %s recorded %s on message %s (dashboard)", access.guild.id, user.id, chosen, message_id
    )
    if request.headers.get("hx-request"):
        return render(request, "_reviewed.html", dict(verdict=chosen, count=count, message_id=message_id))
    label = form.get("label")
    query = f"?{urlencode({'label': label})}" if label else ""
    return RedirectResponse(f"/g/{access.guild.id}/review{query}", 303)


routes = [
    Route("/g/{guild_id}/review", queue),
    Route("/g/{guild_id}/review/{message_id}", verdict, methods=["POST"]),
]
