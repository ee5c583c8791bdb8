"""Reviewing alerts: the buttons on every alert, /review's queue, and the verdicts they record."""

from __future__ import annotations

import discord
import discord.ext.test as dpytest
from discord.ext.test import backend, factories
from discord.webhook.async_ import async_context
from sqlalchemy import select

from bot.cogs.moderation import Moderation
from bot.core.policy import Action, Rule
from bot.db.models import Feedback
from tests.harness import (
    ADMIN,
    MOD,
    TOXIC,
    RecordingAdapter,
    buttons,
    call_slash,
    click,
    flag,
    insult_deletes,
    option,
    record_sends,
    role_with,
    slash,
    verdicts,
)


async def test_review_button_is_registered_while_the_cog_is_loaded(harness):
    from bot.cogs.moderation import FeedbackButton

    h = harness
    store = h.bot._connection._view_store
    pattern = FeedbackButton.__discord_ui_compiled_template__
    assert store._dynamic_items.get(pattern) is FeedbackButton
    await h.bot.remove_cog("Moderation")
    assert pattern not in store._dynamic_items
    # loaded again (as a reload does, with a new instance): registered again
    await h.bot.add_cog(Moderation(h.bot, h.cog.settings, classifier=h.cog.classifier, store=h.store))
    assert store._dynamic_items.get(pattern) is FeedbackButton


async def test_review_buttons_feed_the_export(harness, tmp_path, monkeypatch):
    """Alert -> moderator clicks Confirm -> export-feedback has the row, other labels unknown."""
    from bot.core.feedback import export_feedback

    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    sent = record_sends(h, monkeypatch)  # dpytest drops components from sent messages
    msg = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    alert = dpytest.get_message()
    assert alert.channel.id == h.alerts.id
    buttons = [c["custom_id"] for row in sent[-1]["components"] for c in row["components"]]
    assert buttons == [f"sentinela:fb:false_positive:{msg.id}", f"sentinela:fb:confirmed:{msg.id}"]
    # dynamic items: no view is kept in memory per alert
    assert h.bot._connection._view_store.persistent_views == []

    # the click arrives as Discord sends it: the interaction carries the alert with its buttons
    alert_data = {**factories.dict_from_message(alert), "type": 0, "flags": 0}
    alert_data["components"] = sent[-1]["components"]
    click = {"custom_id": buttons[1], "component_type": 2}
    refused = await call_slash(h, h.member, discord.Permissions.none(), click, kind=3, message=alert_data)
    assert "Only moderators" in refused[0]["data"]["content"]
    done = await call_slash(
        h, h.admin, discord.Permissions(manage_messages=True), click, kind=3, message=alert_data
    )
    assert "Recorded **confirmed** for 1 label hit. Thank you." in done[0]["data"]["content"]

    out = tmp_path / "feedback.csv"
    summary = await export_feedback(h.store, out, labels=h.cog.classifier.labels)
    assert (summary.rows, summary.positives, summary.negatives) == (1, 1, 0)
    assert out.read_text().splitlines() == ["text,insult,obscene", f"{TOXIC},1,"]


async def test_review_button_database_error_gets_a_reply(harness, monkeypatch):
    from sqlalchemy.exc import OperationalError

    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    sent = record_sends(h, monkeypatch)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    alert = dpytest.get_message()
    alert_data = {
        **factories.dict_from_message(alert),
        "type": 0,
        "flags": 0,
        "components": sent[-1]["components"],
    }

    async def locked(*args, **kwargs):
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    monkeypatch.setattr(h.store, "record_feedback", locked)
    click = {"custom_id": sent[-1]["components"][0]["components"][1]["custom_id"], "component_type": 2}
    responses = await call_slash(
        h, h.admin, discord.Permissions(manage_messages=True), click, kind=3, message=alert_data
    )
    assert "Something went wrong" in responses[0]["data"]["content"]


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


async def test_review_pages_by_cursor_so_verdicts_between_pages_skip_nothing(harness):
    """Nine alerts walked a page at a time while verdicts land between the clicks, this
    moderator's and another's on alerts already passed: every alert is shown once, newest first,
    and the title counts the unreviewed alerts newer than the one shown. By offset, another
    moderator's verdict on a passed alert shifted the queue and the next click skipped one."""
    h = harness
    ids = [await flag(h, f"mensagem {i}", score=0.7, minutes_ago=60 - i) for i in range(9)]  # newest last
    newest_first = ids[::-1]

    async def check(reply: dict) -> int:
        embed = reply["data"]["embeds"][0]
        message = {f["name"]: f["value"] for f in embed["fields"]}["Message"]
        current = next(i for i in ids if message.endswith(f"/{i})"))
        judged = await verdicts(h)
        left = [i for i in newest_first if i not in judged]
        assert embed["title"] == f"Review {left.index(current) + 1} of {len(left)}"
        return current

    first = (await call_slash(h, h.admin, MOD, slash("review")))[1]
    message, reply = first["message"], first
    seen = [await check(first)]
    assert buttons(first["data"])["sentinela:review:previous"]["disabled"] is True
    step = 0
    while not buttons(reply["data"])["sentinela:review:next"]["disabled"]:
        step += 1
        if step % 3 == 0:
            key = "confirmed"  # this moderator's verdict: the next older alert takes its place
        else:
            key = "next"
            if len(seen) >= 2:  # another moderator judges an alert this one passed over
                await h.store.record_feedback(h.guild.id, seen[-2], h.member.id, "false_positive")
        clicked = click(f"sentinela:review:{key}")
        reply = (await call_slash(h, h.admin, MOD, clicked, kind=3, message=message))[0]
        assert reply["type"] == 7
        seen.append(await check(reply))
    assert seen == newest_first  # nine pages: each alert once, none skipped, none repeated

    # back from the oldest: the newer alerts still unreviewed, in order
    judged = await verdicts(h)
    left = [i for i in newest_first if i not in judged]
    back = (await call_slash(h, h.admin, MOD, click("sentinela:review:previous"), kind=3, message=message))[0]
    assert await check(back) == left[-2]


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
