"""Carrying out a decision: deletes and timeouts within the bot's permissions, Discord's refusals told
once."""

from __future__ import annotations

import discord
import discord.ext.test as dpytest

from bot.core.policy import Action, Rule
from tests.harness import (
    TOXIC,
    _Response,
    insult_deletes,
    server_error,
)


async def test_forbidden_delete_is_reported_once_per_guild(harness, monkeypatch):
    h = harness
    await insult_deletes(h)

    async def refuse(self, *args, **kwargs):
        raise discord.Forbidden(_Response(403), "Missing Permissions")

    monkeypatch.setattr(discord.Message, "delete", refuse)
    for _ in range(3):
        await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    sent = []
    while not dpytest.sent_queue.empty():
        sent.append(await dpytest.sent_queue.get())
    warnings = [m for m in sent if "cannot delete messages" in (m.content or "")]
    alerts = [m for m in sent if m.embeds]
    assert len(warnings) == 1 and len(alerts) == 3
    assert {x.action for x in await h.hits()} == {"log"}  # nothing was actually deleted


async def test_discord_5xx_on_delete_still_records_and_alerts(harness, monkeypatch):
    h = harness
    await insult_deletes(h)

    monkeypatch.setattr(discord.Message, "delete", server_error)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert [x.action for x in await h.hits()] == ["log"]  # recorded as not deleted
    assert dpytest.get_message().embeds[0].fields[-1].value == "logged"


async def test_unknown_member_on_timeout_still_records_and_alerts(harness, monkeypatch):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await h.store.update(h.guild.id, "rule", Rule(Action.TIMEOUT, 5), target="insult")

    async def member_left(self, *args, **kwargs):
        raise discord.NotFound(_Response(404), "Unknown Member")

    monkeypatch.setattr(discord.Member, "timeout", member_left)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert [x.action for x in await h.hits()] == ["delete"]  # a timeout deletes first; no timeout
    assert dpytest.get_message().embeds  # the moderators still hear of it


async def test_forbidden_warning_waits_for_an_alert_channel(harness, monkeypatch):
    h = harness
    await insult_deletes(h)
    await h.store.update(h.guild.id, "alert_channel", None)

    async def refuse(self, *args, **kwargs):
        raise discord.Forbidden(_Response(403), "Missing Permissions")

    monkeypatch.setattr(discord.Message, "delete", refuse)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert dpytest.verify().message().nothing()  # nowhere to tell anyone yet
    await h.store.update(h.guild.id, "alert_channel", h.alerts.id)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    sent = []
    while not dpytest.sent_queue.empty():
        sent.append(await dpytest.sent_queue.get())
    assert any("cannot delete messages" in (m.content or "") for m in sent)  # told once it can be
