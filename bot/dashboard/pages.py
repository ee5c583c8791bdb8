"""The pages every moderator opens: servers, overview, history; the export for admins."""

from __future__ import annotations

import asyncio
import hashlib
import io
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.core.feedback import ExportError, feedback_rows, write_feedback_csv
from bot.dashboard.formats import formats_of
from bot.dashboard.names import PER_PAGE
from bot.dashboard.shared import shared
from bot.dashboard.web import current_user, guild_access, render, texts_of
from bot.dashboard.words import action_count
from bot.db.guilds import STORAGE
from bot.db.models import ConfigChange, utcnow
from bot.presentation.audit_text import KIND_NAMES, describe
from bot.presentation.charts import daily_counts
from bot.presentation.i18n import N_

# whole days in the reader's time zone, as the chart draws them: today, and the 6 or 29 days before
PERIODS = {"1d": 0, "7d": 6, "30d": 29}
PERIOD_NAMES = {"1d": N_("today"), "7d": N_("7 days"), "30d": N_("30 days")}
HISTORY_PAGE = 50
# a label keeps its colour whatever its rank in the period (colour-blind-safe hues first)
LABEL_COLOURS = {
    "insult": "#e8590c", "obscene": "#1c7ed6", "misogyny": "#c2255c", "racism": "#2f9e44",
    "xenophobia": "#7048e8", "homophobia": "#f08c00", "hate": "#0c8599",
}  # fmt: skip
OTHER_COLOURS = ["#868e96", "#5c940d", "#a61e4d", "#364fc7", "#d9480f", "#087f5b"]


def label_colour(label: str) -> str:
    """The label's own colour; a label outside the map gets one by its name, not its rank."""
    if label in LABEL_COLOURS:
        return LABEL_COLOURS[label]
    return OTHER_COLOURS[int(hashlib.sha256(label.encode()).hexdigest(), 16) % len(OTHER_COLOURS)]


async def servers(request: Request) -> Response:
    user = current_user(request)
    if user is None:
        return render(request, "login.html")
    guilds = await shared(request).access.guilds(user.id, user.token)
    if len(guilds) == 1:
        return RedirectResponse(f"/g/{guilds[0].id}", 302)
    return render(request, "servers.html", {"guilds": guilds})


async def overview(request: Request) -> Response:
    _user, access = await guild_access(request)
    period = request.query_params.get("period", "7d")
    if period not in PERIODS:
        period = "7d"
    store = shared(request).store
    tr = texts_of(request)
    fmt = formats_of(request, tr.locale)
    # the reader's days: "today" starts at their midnight, a hit at 01:30 UTC is yesterday's in
    # São Paulo (tz cookie, else UTC)
    today = utcnow().astimezone(fmt.zone).date()
    first = today - timedelta(days=PERIODS[period])
    # counts are shared by everyone who sees the same channels of a guild in the same days
    key = (access.guild.id, period, access.readable, str(fmt.zone), today)
    cache = shared(request).overview_cache
    hit = cache.get(key)
    if hit is not None:
        stats, per_day = hit
    else:
        # a moderator counts only the channels they can read, as with /toxstats
        stats, per_day = await store.day_stats(
            access.guild.id, first, channel_ids=access.readable, zone=fmt.zone, today=today
        )
        cache.set(key, (stats, per_day))
    labels = sorted(stats.per_label, key=lambda k: -stats.per_label[k])
    days, counts = daily_counts(per_day, first, today, labels)
    chart = {
        "days": [d.isoformat() for d in days],
        "series": [
            {"label": k, "name": tr.label(k), "colour": label_colour(k), "counts": counts[k],
             "counts_text": [fmt.count(n) for n in counts[k]]}
            for k in labels
        ],
    }  # fmt: skip
    precision = {
        label: (ok / (ok + wrong), ok, ok + wrong) for label, (ok, wrong) in stats.reviewed_per_label.items()
    }
    return render(
        request,
        "overview.html",
        dict(access=access, period=period, periods={k: tr(v) for k, v in PERIOD_NAMES.items()}, stats=stats,
             chart=chart, drawn=bool(labels) and len(days) > 1, first=first, last=days[-1],
             precision=precision, page="overview",
             action_count=lambda a, n: action_count(tr, a, n)),
    )  # fmt: skip


async def history(request: Request) -> Response:
    _user, access = await guild_access(request)
    q = request.query_params
    who = int(q["who"]) if q.get("who", "").isdigit() else None
    what = q.get("what") or None
    before = int(q["before"]) if q.get("before", "").isdigit() else None
    store = shared(request).store
    changes = await store.config_history(
        access.guild.id, limit=HISTORY_PAGE, before_id=before, actor_id=who, kind=what
    )
    # the filter's people and this page's, named at once (shown by id where Discord is slow)
    actors = await store.config_actors(access.guild.id, limit=PER_PAGE)
    await shared(request).names.prefetch(access.guild.id, [*(c.actor_id for c in changes), *actors])
    tr = texts_of(request)

    def words(change: ConfigChange) -> str:
        return describe(change, tr, access.channel_name, lambda r: "@" + access.roles.get(int(r), r))

    return render(
        request,
        "history.html",
        dict(access=access, changes=changes, who=who, what=what, page="history", describe=words,
             actors=actors, kind_name=lambda k: tr(KIND_NAMES[k]) if k in KIND_NAMES else k,
             kinds=sorted(STORAGE), more=len(changes) == HISTORY_PAGE),
    )  # fmt: skip


async def export(request: Request) -> Response:
    """The reviewed feedback, as ``python -m bot export-feedback`` writes it (admins), of the
    channels the admin can read: the rule of the overview and the queue, whose text this is."""
    _user, access = await guild_access(request, admin=True)
    store = shared(request).store
    try:
        rows = await feedback_rows(store, guild_id=access.guild.id, channel_ids=access.readable)
    except ExportError:
        # the CLI's message is for whoever runs the bot (settings, .env); the page says it to a
        # moderator, in their language: the link worked, there is just nothing to export yet
        n = await store.reviewed_count(access.guild.id, channel_ids=access.readable)
        tr = texts_of(request)
        written = formats_of(request, tr.locale).count(n)
        reviewed = n and tr.plural(
            "{n} reviewed alert, but without its message text: there is nothing to train on.",
            "{n} reviewed alerts, but none kept its message text: there is nothing to train on.",
            n,
            n=written,
        )
        return render(request, "error.html", {"kind": "export", "reviewed": reviewed, "access": access})
    buf = io.StringIO()
    write_feedback_csv(buf, rows)
    name = f"sentinela-feedback-{access.guild.id}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


async def healthz(request: Request) -> Response:
    """200 when the database answers (compose's healthcheck); 503 otherwise."""
    store = shared(request).store
    try:
        await asyncio.wait_for(store.ping(), timeout=3)
    except Exception as e:  # any failure of the database is "not ready", said in one line
        return JSONResponse({"status": "unhealthy", "database": type(e).__name__}, status_code=503)
    return JSONResponse({"status": "ok"})


routes = [
    Route("/", servers),
    Route("/healthz", healthz),
    Route("/g/{guild_id}", overview),
    Route("/g/{guild_id}/history", history),
    Route("/g/{guild_id}/export", export),
]
