"""The cog when parts fail: messages wait for the classifier instead of passing unchecked, and
moderators act by guild-level rights and see only the channels they can read.

Driven like tests/test_bot.py: dpytest's fake Discord, the real cog, the tiny model, SQLite and
PostgreSQL.
"""

from __future__ import annotations

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend, factories
from sqlalchemy import select

from bot.db.models import Feedback
from bot.policy import Action, Rule
from classifier import ClassifierTimeout, ClassifierUnavailable
from tests import test_bot
from tests.test_bot import TOXIC, call_slash, insult_deletes, option, role_with
from tests.test_moderator_ux import LOW_FALSE_POSITIVES, click, flag, reviewed, slash

harness = test_bot.harness

MOD = discord.Permissions(manage_messages=True)
ADMIN = discord.Permissions(manage_guild=True, manage_messages=True)


async def test_messages_wait_while_the_classifier_fails_and_are_acted_on_when_it_is_back(
    harness, monkeypatch
):
    h = harness
    await insult_deletes(h)
    real_score = h.cog.classifier.score
    failures = iter([ClassifierUnavailable("down"), ClassifierTimeout("slow")] * 10)

    async def failing(text, *, timeout=None):
        raise next(failures)

    monkeypatch.setattr(h.cog.classifier, "score", failing)
    waiting = [await dpytest.message(TOXIC, channel=h.channel, member=h.member) for _ in range(3)]
    gone = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    for m in [*waiting, gone]:
        assert (await h.channel.fetch_message(m.id)).id == m.id  # nothing done on a guess
    assert len(h.cog.backlog) == 4 and await h.hits() == []
    await gone.delete()  # deleted by its author while it waited
    await dpytest.run_all_events()
    assert len(h.cog.backlog) == 3 and h.cog.backlog.dropped["deleted"] == 1

    await h.cog.backlog_drainer.coro(h.cog)  # still failing: everything keeps its place
    assert len(h.cog.backlog) == 3
    monkeypatch.setattr(h.cog.classifier, "score", real_score)
    await h.cog.backlog_drainer.coro(h.cog)
    await dpytest.run_all_events()
    for m in waiting:
        with pytest.raises(discord.NotFound):
            await h.channel.fetch_message(m.id)  # deleted late, once scored
    hits = await h.hits()
    assert sorted(x.message_id for x in hits) == sorted(m.id for m in waiting)
    assert not h.cog.backlog and h.cog.backlog.drained == 3
    metrics = h.cog.metrics.render().decode()
    assert "sentinela_backlog_drained_total 3.0" in metrics
    assert 'sentinela_backlog_dropped_total{reason="deleted"} 1.0' in metrics


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


async def test_a_moderator_sees_and_judges_only_channels_they_can_read(harness):
    h = harness
    await insult_deletes(h)
    staff = backend.make_text_channel("staff", h.guild)
    mods = role_with(h, MOD)
    await dpytest.set_permission_overrides(h.guild.default_role, staff, view_channel=False)
    await h.store.update(h.guild.id, "rule", Rule(Action.ALERT), target="insult")
    await dpytest.message(TOXIC, channel=staff, member=h.member)  # a hit in #staff, alerted
    alert = dpytest.get_message()
    await flag(h, "mensagem no geral", score=0.7)

    first = await call_slash(h, h.admin, MOD, slash("review"), roles=[mods])
    shown = str(first[-1])
    assert "mensagem no geral" in shown and "Review 1 of 1" in shown  # #staff's alert is not listed

    (staff_hit,) = [x for x in await h.hits() if x.channel_id == staff.id]
    custom_id = f"sentinela:fb:confirmed:{staff_hit.message_id}"
    alert_data = {**factories.dict_from_message(alert), "type": 0, "flags": 0}
    button = {"type": 2, "style": 4, "label": "Confirm", "custom_id": custom_id}
    alert_data["components"] = [{"type": 1, "components": [button]}]
    refused = await call_slash(h, h.admin, MOD, click(custom_id), kind=3, message=alert_data, roles=[mods])
    assert "cannot read the channel" in str(refused)
    async with h.store.session() as s:
        assert (await s.execute(select(Feedback))).all() == []
    everything = ADMIN | discord.Permissions(administrator=True)
    admin = await call_slash(h, h.admin, everything, slash("review"))
    assert "Review 1 of 2" in str(admin[-1])  # admins read every channel


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
