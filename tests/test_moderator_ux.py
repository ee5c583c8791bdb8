"""What moderators see: the review queue, threshold advice, the audit trail, Portuguese.

Driven like tests/test_bot.py: real interactions through dpytest's fake gateway, the real cog,
a real tiny model and a real database (SQLite and PostgreSQL).
"""

from __future__ import annotations

import io
from datetime import timedelta

import discord
import discord.ext.test as dpytest
from discord.webhook.async_ import async_context
from PIL import Image
from sqlalchemy import select

from bot.charts import SIZE_PX
from bot.db.hits import HitRecord
from bot.db.models import ConfigChange, Feedback, Hit, utcnow
from bot.policy import Action, Decision, LabelHit
from tests import test_bot
from tests.test_bot import TOXIC, RecordingAdapter, _ids, call_slash, insult_deletes, option, threshold_set

harness = test_bot.harness  # the same fixture: a bot, the cog, a tiny model, a database

MOD = discord.Permissions(manage_messages=True)
ADMIN = discord.Permissions(manage_guild=True, manage_messages=True)


def slash(name: str, *options: dict, sub: str | None = None) -> dict:
    if sub is not None:
        return {
            "id": "9",
            "name": name,
            "type": 1,
            "options": [{"name": sub, "type": 1, "options": list(options)}],
        }
    return {"id": "9", "name": name, "type": 1, "options": list(options)}


def click(custom_id: str) -> dict:
    return {"custom_id": custom_id, "component_type": 2}


def buttons(payload: dict) -> dict[str, dict]:
    return {c["custom_id"]: c for row in payload.get("components", []) for c in row["components"]}


async def flag(h, text: str, *, score: float, label: str = "insult", minutes_ago: int = 0) -> int:
    """A logged hit, as the cog records one; returns the message id."""
    message_id = next(_ids)
    hit = LabelHit(label, score, 0.55, Action.ALERT)
    await h.store.record_hits(
        HitRecord(
            guild_id=h.guild.id,
            channel_id=h.channel.id,
            message_id=message_id,
            author_id=h.member.id,
            decision=Decision((hit,), Action.ALERT),
            action_taken=Action.ALERT,
            model_id="tiny",
            content=text,
            created_at=utcnow() - timedelta(minutes=minutes_ago),
        )
    )
    return message_id


async def verdicts(h) -> dict[int, str]:
    async with h.store.session() as s:
        rows = (await s.execute(select(Hit.message_id, Feedback.verdict).join(Feedback))).all()
    return {m: v for m, v in rows}


async def test_review_queue_pages_newest_first_and_records_verdicts(harness):
    h = harness
    oldest = await flag(h, "primeira", score=0.6, minutes_ago=30)
    middle = await flag(h, "segunda", score=0.7, minutes_ago=20)
    newest = await flag(h, "terceira", score=0.8, minutes_ago=10)
    done = await flag(h, "ja revisada", score=0.9, minutes_ago=5)
    await h.store.record_feedback(h.guild.id, done, h.admin.id, "confirmed")

    first = await call_slash(h, h.admin, MOD, slash("review"))
    assert first[0]["type"] == 5  # deferred, then the page as a follow-up
    page = first[1]["data"]
    embed = page["embeds"][0]
    assert embed["title"] == "Review 1 of 3"  # the reviewed one is not in the queue
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert str(newest) in fields["Message"] and fields["Content"] == "terceira"
    assert "**insult** 0.80 (threshold 0.55)" in fields["Labels"]
    assert f"<@{h.member.id}>" in fields["Author"] and f"<#{h.channel.id}>" == fields["Channel"]
    ids = buttons(page)
    assert ids["sentinela:review:previous"]["disabled"] is True
    message = first[1]["message"]

    nxt = await call_slash(h, h.admin, MOD, click("sentinela:review:next"), kind=3, message=message)
    assert nxt[0]["type"] == 7  # the same message, edited
    assert nxt[0]["data"]["embeds"][0]["title"] == "Review 2 of 3"
    assert {f["name"]: f["value"] for f in nxt[0]["data"]["embeds"][0]["fields"]}["Content"] == "segunda"

    # a verdict here is the same record the alert's buttons write; the queue moves on
    fp = await call_slash(h, h.admin, MOD, click("sentinela:review:false_positive"), kind=3, message=message)
    assert "Recorded **false positive** for 1 label hit." in fp[0]["data"]["content"]
    assert fp[0]["data"]["embeds"][0]["title"] == "Review 2 of 2"
    assert (await verdicts(h))[middle] == "false_positive"
    assert (await h.store.review_queue(h.guild.id))[1] == 2

    # someone else cannot drive this moderator's queue
    other = await call_slash(h, h.member, MOD, click("sentinela:review:confirmed"), kind=3, message=message)
    assert "someone else's" in other[0]["data"]["content"] and other[0]["data"]["flags"] & 64
    assert oldest not in await verdicts(h)

    ok = await call_slash(h, h.admin, MOD, click("sentinela:review:confirmed"), kind=3, message=message)
    assert (await verdicts(h))[oldest] == "confirmed"
    assert ok[0]["data"]["embeds"][0]["title"] == "Review 1 of 1"  # back to the last one left
    prev_skip = await call_slash(h, h.admin, MOD, click("sentinela:review:skip"), kind=3, message=message)
    assert prev_skip[0]["data"]["embeds"][0]["title"] == "Review 1 of 1"  # nothing past the end
    await call_slash(h, h.admin, MOD, click("sentinela:review:confirmed"), kind=3, message=message)
    empty = (await call_slash(h, h.admin, MOD, slash("review")))[1]["data"]
    assert empty["embeds"][0]["description"] == "Nothing left to review."
    assert all(b["disabled"] for b in buttons(empty).values())


async def test_review_buttons_are_greyed_out_when_they_expire(harness):
    h = harness
    await flag(h, "um insulto", score=0.7)
    reply = (await call_slash(h, h.admin, MOD, slash("review")))[1]
    assert not buttons(reply["data"])["sentinela:review:confirmed"]["disabled"]
    view = h.bot._connection._view_store._synced_message_views[int(reply["message"]["id"])]
    adapter = RecordingAdapter()
    token = async_context.set(adapter)
    try:
        await view.on_timeout()  # what discord.py calls after EXPIRY_S without a click
    finally:
        async_context.reset(token)
    (edit,) = adapter.responses
    assert edit["type"] == "edit_original" and all(b["disabled"] for b in buttons(edit["data"]).values())


async def test_review_queue_filters_by_label_and_refuses_members(harness):
    h = harness
    await flag(h, "um insulto", score=0.7)
    await flag(h, "algo obsceno", score=0.7, label="obscene")
    page = (await call_slash(h, h.admin, MOD, slash("review", option("label", "obscene", 3))))[1]["data"]
    assert page["embeds"][0]["title"] == "Review 1 of 1 (obscene)"
    refused = await call_slash(h, h.member, discord.Permissions.none(), slash("review"))
    assert "Manage Messages" in refused[0]["data"]["content"]
    unknown = await call_slash(h, h.admin, MOD, slash("review", option("label", "spam", 3)))
    assert "Unknown label `spam`" in unknown[0]["data"]["content"]


async def test_toxstats_shows_reviewed_precision_per_label(harness):
    h = harness
    for i, verdict in enumerate(["confirmed", "confirmed", "confirmed", "false_positive"]):
        message_id = await flag(h, f"msg {i}", score=0.6 + i / 10)
        await h.store.record_feedback(h.guild.id, message_id, h.admin.id, verdict)
    responses = await call_slash(h, h.admin, MOD, slash("toxstats"))
    fields = {f["name"]: f["value"] for f in responses[1]["data"]["embeds"][0]["fields"]}
    assert "insult: precision 75% (3 of 4 reviewed)" in fields["Moderator feedback"]


async def reviewed(h, scored: list[tuple[float, str]]) -> None:
    for i, (score, verdict) in enumerate(scored):
        message_id = await flag(h, f"texto {i}", score=score, minutes_ago=i)
        await h.store.record_feedback(h.guild.id, message_id, h.admin.id, verdict)


# false positives sit low: from 0.70 up, 9 of 10 reviewed hits were right
LOW_FALSE_POSITIVES = (
    [(0.56, "false_positive"), (0.58, "false_positive"), (0.6, "confirmed"), (0.62, "false_positive")]
    + [(0.7 + i / 100, "confirmed") for i in range(9)]
    + [(0.8, "false_positive")]
)


async def test_threshold_advice_and_apply_by_admins_only(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await reviewed(h, LOW_FALSE_POSITIVES)
    advice = await call_slash(h, h.member, MOD, slash("threshold", option("target", 0.9, 10), sub="advise"))
    page = advice[1]["data"]
    text = page["embeds"][0]["description"]
    assert "**insult**: raise 0.55 → **0.70**: precision 71% → 90%; 1 of 10 confirmed hits" in text
    assert "**obscene**: 0 review(s); advice needs at least 10." in text
    message = advice[1]["message"]
    assert not buttons(page)["sentinela:advice:apply"]["disabled"]

    # a moderator may read the advice; only an admin may apply it
    refused = await call_slash(h, h.member, MOD, click("sentinela:advice:apply"), kind=3, message=message)
    assert "Only admins" in refused[0]["data"]["content"]
    assert (await h.store.guild_config(h.guild.id)).thresholds["insult"] == 0.55
    applied = await call_slash(h, h.admin, ADMIN, click("sentinela:advice:apply"), kind=3, message=message)
    assert applied[0]["data"]["content"] == "Applied: **insult** 0.70."
    assert all(b["disabled"] for b in buttons(applied[0]["data"]).values())
    assert (await h.store.guild_config(h.guild.id)).thresholds["insult"] == 0.7
    (change,) = await h.store.config_history(h.guild.id, limit=1)
    assert (change.kind, change.actor_id, change.old_value, change.new_value) == (
        "threshold_advice",
        h.admin.id,
        0.55,
        0.7,
    )
    posted = dpytest.get_message()  # the change is announced to the alert channel
    assert posted.channel.id == h.alerts.id
    assert "threshold **insult** (applied advice): 0.55 → 0.70" in posted.embeds[0].description
    assert f"<@{h.admin.id}>" in posted.embeds[0].description


async def test_every_settings_change_is_recorded_announced_and_listed(harness):
    h = harness
    await call_slash(h, h.admin, ADMIN, threshold_set("insult", 0.8))
    await call_slash(h, h.admin, ADMIN, threshold_set("insult", 0.8))  # no change: no record
    rule = slash("rule", option("label", "insult", 3), option("action", "timeout", 3),
                 option("timeout_minutes", 30, 4), sub="set")  # fmt: skip
    await call_slash(h, h.admin, ADMIN, rule)
    await call_slash(h, h.admin, ADMIN, slash("sentinela", sub="disable"))
    await call_slash(h, h.admin, ADMIN, slash("threshold", sub="reset"))
    refused = await call_slash(h, h.admin, MOD, slash("sentinela", sub="history"))
    assert "Manage Server" in refused[0]["data"]["content"]

    history = await call_slash(h, h.admin, ADMIN, slash("sentinela", sub="history"))
    lines = history[0]["data"]["embeds"][0]["description"].splitlines()
    who = f"<@{h.admin.id}>"
    # newest first; the fixture's own set-up (alert channel, obscene threshold) came from no user
    assert [line.split(": ", 1)[1] for line in lines[:5]] == [
        "threshold **obscene**: 0.99 → model's default",
        "threshold **insult**: 0.80 → model's default",
        "Sentinela turned off",
        "rule **insult**: default (alert) → timed out 30 min",
        "threshold **insult**: model's default → 0.80",
    ]
    assert all(who in line for line in lines[:5]) and "outside Discord" in lines[-1]
    async with h.store.session() as s:
        rows = list((await s.execute(select(ConfigChange).order_by(ConfigChange.id))).scalars())
    assert [r.kind for r in rows] == [
        "alert_channel", "threshold", "threshold", "rule", "enabled", "threshold", "threshold"
    ]  # fmt: skip
    assert rows[3].new_value == {"action": "timeout", "timeout_minutes": 30}
    # each change was posted to the alert channel as it happened
    posts = []
    while not dpytest.sent_queue.empty():
        posts.append(await dpytest.sent_queue.get())
    titles = [m.embeds[0].title for m in posts if m.channel.id == h.alerts.id and m.embeds]
    assert titles.count("Sentinela settings changed") == 4


async def test_a_portuguese_server_gets_everything_in_portuguese(harness):
    """Alert (the server's language), then a moderator whose Discord is in Portuguese."""
    h = harness
    h.cog.settings.store_content = True
    h.guild.preferred_locale = discord.Locale.brazil_portuguese
    await insult_deletes(h)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    alert = dpytest.get_message()
    assert alert.embeds[0].title == "Mensagem tóxica"
    fields = {f.name: f.value for f in alert.embeds[0].fields}
    assert (
        fields["Ação"] == "apagado"
        and "**insulto**" in fields["Rótulos"]
        and "(limiar 0,55)" in fields["Rótulos"]
    )
    assert fields["Conteúdo"] == TOXIC

    pt = "pt-BR"
    stats = await call_slash(h, h.admin, MOD, slash("toxstats"), locale=pt)
    embed = stats[1]["data"]["embeds"][0]
    assert embed["title"] == "Sentinela: últimos 7 dias" and embed["description"] == "1 mensagem sinalizada"
    assert {f["name"] for f in embed["fields"]} >= {
        "Ocorrências por rótulo",
        "Ações",
        "Revisões da moderação",
    }
    with Image.open(io.BytesIO(stats[1]["files"]["toxstats.png"])) as image:
        assert image.format == "PNG" and image.size == SIZE_PX

    queue = await call_slash(h, h.admin, MOD, slash("review"), locale=pt)
    page = queue[1]["data"]
    assert page["embeds"][0]["title"] == "Revisão 1 de 1"
    assert [b["label"] for b in buttons(page).values()] == [
        "Confirmar",
        "Falso positivo",
        "Pular",
        "◀ Anterior",
        "Próximo ▶",
    ]
    done = await call_slash(
        h, h.admin, MOD, click("sentinela:review:confirmed"), kind=3, message=queue[1]["message"], locale=pt
    )
    assert "Registrado **confirmado** para 1 ocorrência de rótulo." in done[0]["data"]["content"]
    assert done[0]["data"]["embeds"][0]["description"] == "Nada mais para revisar."

    changed = await call_slash(h, h.admin, ADMIN, threshold_set("insult", 0.8), locale=pt)
    assert changed[0]["data"]["content"] == "O limiar de **insulto** agora é 0,80."
    refused = await call_slash(h, h.member, MOD, threshold_set("insult", 0.1), locale=pt)
    assert refused[0]["data"]["content"] == "Você precisa da permissão Gerenciar Servidor para isso."
    bad = await call_slash(h, h.admin, ADMIN, threshold_set("insult", 2.0), locale=pt)
    assert "Nada foi alterado" in bad[0]["data"]["content"]
    history = await call_slash(h, h.admin, ADMIN, slash("sentinela", sub="history"), locale=pt)
    assert "limiar **insulto**: 0,55 → 0,80" in history[0]["data"]["embeds"][0]["description"]
    posted = []
    while not dpytest.sent_queue.empty():
        posted.append(await dpytest.sent_queue.get())
    assert any(m.embeds and m.embeds[0].title == "Configurações do Sentinela alteradas" for m in posted)
