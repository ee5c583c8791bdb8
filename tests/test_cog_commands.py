"""The slash commands and the context menu: who may use them, what they change, what they answer."""

from __future__ import annotations

import io

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend, factories
from PIL import Image
from sqlalchemy import select

from bot.cogs.moderation import Moderation
from bot.core.policy import Escalation
from bot.db.models import ConfigChange, Feedback, LabelThreshold
from bot.ops.config import Settings
from bot.presentation.charts import SIZE_PX
from tests.harness import (
    ADMIN,
    CLEAN,
    LOW_FALSE_POSITIVES,
    MOD,
    TOXIC,
    Harness,
    buttons,
    call_slash,
    click,
    flag,
    insult_deletes,
    option,
    overloaded,
    reviewed,
    slash,
    threshold_set,
)


async def thresholds_in_db(h: Harness) -> dict[str, float]:
    async with h.store.session() as s:
        return {t.label: t.value for t in (await s.execute(select(LabelThreshold))).scalars()}


def check_toxicity_menu(h: Harness, msg: discord.Message) -> dict:
    """The "Check toxicity" message command on ``msg``, as Discord sends it."""
    target = {**factories.dict_from_message(msg), "channel_id": str(h.channel.id), "type": 0, "flags": 0}
    return {
        "id": "4",
        "name": "Check toxicity",
        "type": 3,
        "target_id": str(msg.id),
        "resolved": {"messages": {str(msg.id): target}},
    }


async def test_threshold_set_by_admin_is_stored(harness):
    h = harness
    responses = await call_slash(
        h, h.admin, discord.Permissions(manage_guild=True), threshold_set("insult", 0.8)
    )
    assert (await thresholds_in_db(h))["insult"] == 0.8
    assert "0.80" in responses[0]["data"]["content"]
    assert responses[0]["data"]["flags"] & 64  # ephemeral


async def test_admin_command_without_manage_guild_is_refused_and_changes_nothing(harness):
    h = harness
    responses = await call_slash(
        h, h.member, discord.Permissions(send_messages=True), threshold_set("insult", 0.1)
    )
    assert "insult" not in await thresholds_in_db(h)
    assert "Manage Server" in responses[0]["data"]["content"]
    assert responses[0]["data"]["flags"] & 64


@pytest.mark.parametrize(
    ("label", "value", "message"), [("insult", 1.5, "between 0 and 1"), ("racism", 0.5, "Unknown label")]
)
async def test_bad_threshold_values_are_clear_errors(harness, label, value, message):
    h = harness
    responses = await call_slash(
        h, h.admin, discord.Permissions(manage_guild=True), threshold_set(label, value)
    )
    assert message in responses[0]["data"]["content"]
    assert await thresholds_in_db(h) == {"obscene": 0.99}


async def test_rule_escalation_is_set_by_admins_only(harness):
    h = harness

    def escalation(hits: int) -> dict:
        sub = {
            "name": "escalation",
            "type": 1,
            "options": [option("hits", hits, 4), option("window_minutes", 5, 4)],
        }
        return {"id": "3", "name": "rule", "type": 1, "options": [sub]}

    refused = await call_slash(h, h.member, discord.Permissions(manage_messages=True), escalation(3))
    assert "Manage Server" in refused[0]["data"]["content"]
    assert (await h.store.guild_config(h.guild.id)).escalation is None
    done = await call_slash(h, h.admin, discord.Permissions(manage_guild=True), escalation(3))
    assert "3 hits in 5 min → 60 min timeout" in done[0]["data"]["content"]
    assert (await h.store.guild_config(h.guild.id)).escalation == Escalation(3, 5, 60)
    await call_slash(h, h.admin, discord.Permissions(manage_guild=True), escalation(0))
    assert (await h.store.guild_config(h.guild.id)).escalation is None


async def test_context_menu_refusal_gets_a_reply(harness):
    """The menu lives in the tree, not the cog: its errors must still reach the cog's handler."""
    h = harness
    msg = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    data = check_toxicity_menu(h, msg)
    refused = await call_slash(h, h.member, discord.Permissions(send_messages=True), data)
    assert "Manage Messages" in refused[0]["data"]["content"]
    assert refused[0]["data"]["flags"] & 64


async def test_toxstats_reports_hits_and_feedback(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    msg = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    await h.store.record_feedback(h.guild.id, msg.id, h.admin.id, "false_positive")
    data = {"id": "2", "name": "toxstats", "type": 1, "options": []}
    responses = await call_slash(h, h.admin, discord.Permissions(manage_messages=True), data)
    assert responses[0]["type"] == 5 and responses[0]["data"]["flags"] & 64  # deferred first, ephemeral
    embed = responses[1]["data"]["embeds"][0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Hits per label"] == "insult: 1"
    assert "1 false positive(s) (100% false-positive rate)" in fields["Moderator feedback"]
    assert "insult: precision 0% (0 of 1 reviewed)" in fields["Moderator feedback"]
    # the chart: a PNG attached and shown inside the embed, sized for a phone
    png = responses[1]["files"]["toxstats.png"]
    assert embed["image"]["url"] == "attachment://toxstats.png"
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == SIZE_PX
    async with h.store.session() as s:
        assert len(list((await s.execute(select(Feedback))).scalars())) == 1


async def test_context_menu_classifier_failure_answers_instead_of_thinking_forever(harness, monkeypatch):
    h = harness

    monkeypatch.setattr(h.cog.classifier, "score", overloaded)
    msg = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    data = check_toxicity_menu(h, msg)
    responses = await call_slash(h, h.admin, discord.Permissions(manage_messages=True), data)
    assert responses[0]["type"] == 5  # "thinking..."
    assert "busy or unavailable" in responses[1]["data"]["content"]  # then an answer


def test_channel_options_accept_every_channel_a_message_can_be_in():

    wanted = {
        discord.ChannelType.text,
        discord.ChannelType.voice,
        discord.ChannelType.stage_voice,
        discord.ChannelType.forum,
        discord.ChannelType.public_thread,
    }
    toxstats = next(c for c in Moderation.__cog_app_commands__ if c.name == "toxstats")
    sentinela = next(c for c in Moderation.__cog_app_commands__ if c.name == "sentinela")
    exempt = sentinela.get_command("exempt")
    for command in (toxstats, exempt):
        channel = next(p for p in command.parameters if p.name == "channel")
        assert wanted <= set(channel.channel_types), command.name


def test_standalone_bot_pings_nobody_and_has_no_text_help():
    from bot.cli.app import SentinelaBot

    bot = SentinelaBot(Settings(_env_file=None))
    mentions = bot.allowed_mentions
    assert (mentions.everyone, mentions.users, mentions.roles, mentions.replied_user) == (False,) * 4
    assert bot.help_command is None


async def test_toxstats_shows_reviewed_precision_per_label(harness):
    h = harness
    for i, verdict in enumerate(["confirmed", "confirmed", "confirmed", "false_positive"]):
        message_id = await flag(h, f"msg {i}", score=0.6 + i / 10)
        await h.store.record_feedback(h.guild.id, message_id, h.admin.id, verdict)
    responses = await call_slash(h, h.admin, MOD, slash("toxstats"))
    fields = {f["name"]: f["value"] for f in responses[1]["data"]["embeds"][0]["fields"]}
    assert "insult: precision 75% (3 of 4 reviewed)" in fields["Moderator feedback"]


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


async def test_manage_messages_in_one_channel_is_not_a_moderator(harness):
    h = harness
    await flag(h, "texto guardado", score=0.9)
    # the member's roles grant nothing; #general's overwrite gives them Manage Messages there
    for command in (slash("review"), slash("toxstats")):
        reply = (await call_slash(h, h.member, MOD, command, roles=[]))[0]
        assert reply["data"]["flags"] & 64 and "Manage Messages" in reply["data"]["content"], reply
    moderator_role = backend.make_role("mods-by-config", h.guild, permissions=0)
    h.cog.settings.moderator_role_ids = [moderator_role.id]
    reply = await call_slash(h, h.member, MOD, slash("review"), roles=[moderator_role])
    assert "texto guardado" in str(reply[-1])  # a configured moderator role is enough


async def test_a_stale_apply_never_lowers_a_threshold(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await reviewed(h, LOW_FALSE_POSITIVES)
    advice = await call_slash(h, h.member, MOD, slash("threshold", option("target", 0.9, 10), sub="advise"))
    assert "raise 0.55 → **0.70**" in advice[1]["data"]["embeds"][0]["description"]
    await h.store.update(
        h.guild.id, "threshold", 0.95, target="insult", by=h.admin.id
    )  # another admin, meanwhile
    applied = await call_slash(
        h, h.admin, ADMIN, click("sentinela:advice:apply"), kind=3, message=advice[1]["message"]
    )
    assert "Nothing changed" in applied[0]["data"]["content"]
    assert (await h.store.guild_config(h.guild.id)).thresholds["insult"] == 0.95  # not lowered to 0.70
