"""The message path: which texts are checked, the decision, what is recorded, what waits."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend, factories
from sqlalchemy import select

from bot.core.policy import Action, Decision, Escalation, LabelHit, Rule
from bot.db.models import Hit, utcnow
from bot.db.store import HitRecord, Store
from classifier import ClassifierTimeout, ClassifierUnavailable
from tests.harness import CLEAN, TOXIC, Harness, _ids, insult_deletes, overloaded


def edit_event(h: Harness, msg: discord.Message, content: str, *, edited: bool = True) -> None:
    data = factories.dict_from_message(msg)
    data.update(
        content=content,
        channel_id=str(h.channel.id),
        guild_id=str(h.guild.id),
        edited_timestamp="2026-11-26T12:00:00+00:00" if edited else None,
        type=0,
    )
    backend.get_state().parse_message_update(data)


def message_payload(h: Harness, content: str, **extra: Any) -> dict:
    """A MESSAGE_CREATE as the gateway sends it, for kinds of message dpytest cannot make."""
    return {
        "id": str(next(_ids)),
        "channel_id": str(h.channel.id),
        "guild_id": str(h.guild.id),
        "author": {"id": str(h.member.id), "username": h.member.name, "discriminator": "0", "avatar": None},
        "member": {"roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False},
        "content": content,
        "timestamp": "2026-11-27T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
        **extra,
    }


async def test_toxic_message_is_deleted_alerted_and_logged_without_content(harness):
    h = harness
    await insult_deletes(h)
    msg = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    with pytest.raises(discord.NotFound):
        await h.channel.fetch_message(msg.id)
    alert = dpytest.get_message()
    assert alert.channel.id == h.alerts.id
    fields = {f.name: f.value for f in alert.embeds[0].fields}
    assert msg.jump_url in fields["Message"]
    assert "insult" in fields["Labels"] and fields["Action"] == "deleted"  # en: the guild's locale
    hits = await h.hits()
    assert [(x.label, x.action, x.message_id, x.author_id) for x in hits] == [
        ("insult", "delete", msg.id, h.member.id)
    ]
    assert hits[0].content is None  # STORE_CONTENT is off
    assert hits[0].threshold == pytest.approx(0.55)


async def test_the_authors_name_as_the_message_gave_it_is_recorded_with_the_hit(harness):
    """A member's nickname, else their display name: the dashboard names them without Discord."""
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    plain = message_payload(h, TOXIC)
    nicked = message_payload(h, TOXIC)
    nicked["member"] = {**nicked["member"], "nick": "<b>Joca</b>"}  # kept as typed, escaped when shown
    for data in (plain, nicked):
        await h.cog.check_message(discord.Message(state=h.bot._connection, channel=h.channel, data=data))
    names = {x.message_id: x.author_name for x in await h.hits()}
    # no nickname: the name discord.py knows them by (dpytest's username, no global name)
    assert names == {int(plain["id"]): "member", int(nicked["id"]): "<b>Joca</b>"}


async def test_clean_message_does_nothing(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    msg = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    assert (await h.channel.fetch_message(msg.id)).id == msg.id
    assert dpytest.verify().message().nothing()
    assert await h.hits() == []


async def test_exempt_role_is_not_checked(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    role = backend.make_role("trusted", h.guild)
    await dpytest.add_role(h.member, role)
    await h.store.update(h.guild.id, "exempt_role", True, target=role.id)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert await h.hits() == []


async def test_edited_message_is_checked_again(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    msg = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    assert await h.hits() == []
    data = factories.dict_from_message(msg)
    data.update(
        content=TOXIC,
        channel_id=str(h.channel.id),
        guild_id=str(h.guild.id),
        edited_timestamp="2026-11-26T12:00:00+00:00",
        type=0,
    )  # dict_from_message leaves the enum, which parses as "unknown"
    backend.get_state().parse_message_update(data)
    await dpytest.run_all_events()
    hits = await h.hits()
    assert [x.message_id for x in hits] == [msg.id]
    alert = dpytest.get_message()
    assert alert.embeds[0].title == "Toxic message (edited)"


async def test_overloaded_classifier_is_counted_not_raised(harness, monkeypatch):
    h = harness

    monkeypatch.setattr(h.cog.classifier, "score", overloaded)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert h.cog.metrics.not_checked()["overloaded"] == 1
    assert await h.hits() == []


async def test_an_edit_does_not_escalate_on_its_own_message_or_alert_twice(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await h.store.update(h.guild.id, "escalation", Escalation(hits=2, window_minutes=60, timeout_minutes=30))
    msg = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert dpytest.get_message().embeds
    edit_event(h, msg, TOXIC + " !")  # a typo fix: same label
    await dpytest.run_all_events()
    assert dpytest.verify().message().nothing()  # no second alert
    hits = await h.hits()
    assert [(x.label, x.action) for x in hits] == [("insult", "alert")]  # one row, no timeout


async def test_uncached_update_without_an_edit_is_not_an_edit(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    msg = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    h.bot._connection._messages.clear()  # after a restart: nothing cached
    edit_event(h, msg, TOXIC, edited=False)  # a link preview or pin, as Discord sends it
    await dpytest.run_all_events()
    assert await h.hits() == []


async def test_forwarded_messages_and_polls_are_checked(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    snapshot = {
        "message": {
            "type": 0,
            "content": TOXIC,
            "embeds": [],
            "attachments": [],
            "timestamp": "2026-11-26T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": 0,
        }
    }
    forward = discord.Message(
        state=h.bot._connection, channel=h.channel, data=message_payload(h, "", message_snapshots=[snapshot])
    )
    poll = {
        "question": {"text": "quem é o maior idiota imbecil aqui"},
        "answers": [{"answer_id": 1, "poll_media": {"text": "bom dia"}}],
        "expiry": "2026-11-28T00:00:00+00:00",
        "allow_multiselect": False,
        "layout_type": 1,
    }
    with_poll = discord.Message(
        state=h.bot._connection, channel=h.channel, data=message_payload(h, "", poll=poll)
    )
    for message in (forward, with_poll):
        assert h.cog.should_check(message)  # an empty content no longer hides them
        await h.cog.check_message(message)
    assert sorted(x.message_id for x in await h.hits()) == sorted([forward.id, with_poll.id])


async def test_a_toxic_thread_title_is_recorded_and_alerted_never_deleted(harness, monkeypatch):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await h.store.update(h.guild.id, "rule", Rule(Action.TIMEOUT, 5), target="insult")
    thread = discord.Thread(
        guild=h.guild,
        state=h.bot._connection,
        data={
            "id": str(next(_ids)),
            "guild_id": str(h.guild.id),
            "parent_id": str(h.channel.id),
            "owner_id": str(h.member.id),
            "name": TOXIC,
            "type": 11,
            "message_count": 0,
            "member_count": 1,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": "2026-11-27T00:00:00+00:00",
                "locked": False,
            },
        },
    )
    decision = await h.cog.check_thread_title(thread)
    assert decision is not None and decision.action is Action.ALERT  # capped: a title is for moderators
    assert [(x.message_id, x.action) for x in await h.hits()] == [(thread.id, "alert")]
    assert dpytest.get_message().embeds[0].title == "Toxic thread title"


async def test_alert_content_is_shown_as_written_not_as_markup(harness):
    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await dpytest.message(
        f"{TOXIC} [nitro gratis](https://golpe.example) **agora**", channel=h.channel, member=h.member
    )
    fields = {f.name: f.value for f in dpytest.get_message().embeds[0].fields}
    assert r"\[nitro gratis](https://golpe.example) \*\*agora\*\*" in fields["Content"]


async def test_hits_log_no_user_ids_at_info(harness, caplog):
    import logging

    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    with caplog.at_level(logging.INFO, logger="bot"):
        await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert any("insult" in line for line in info)  # the hit is logged...
    assert not any(str(h.member.id) in line or h.member.name in line for line in info)  # ...not who


async def test_hits_wait_for_the_database_and_are_written_when_it_recovers(harness, monkeypatch):
    from sqlalchemy.exc import OperationalError

    h = harness
    await insult_deletes(h)
    h.cog.hit_buffer.max_items = 2
    real_record = h.store.record_hits

    async def locked(**kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(h.store, "record_hits", locked)
    sent = [await dpytest.message(TOXIC, channel=h.channel, member=h.member) for _ in range(3)]
    alerts = []
    while not dpytest.sent_queue.empty():
        alerts.append(await dpytest.sent_queue.get())
    assert len([m for m in alerts if m.embeds]) == 3  # deleted and alerted, though not yet logged
    assert len(h.cog.hit_buffer) == 2 and h.cog.hit_buffer.dropped == 1  # bounded, and counted
    assert await h.hits() == []

    monkeypatch.setattr(h.store, "record_hits", real_record)
    assert await h.cog.hit_buffer.flush() == 2
    hits = await h.hits()
    assert sorted(x.message_id for x in hits) == sorted(m.id for m in sent[1:])
    assert {x.action for x in hits} == {"delete"} and not h.cog.hit_buffer.pending


async def test_concurrent_writers_of_waiting_hits_write_each_once(harness, monkeypatch):
    """Found by the soak: two flushes at once wrote the oldest hit twice, then popped an empty buffer."""

    h = harness
    real_record = h.store.record_hits

    async def slow(hit: HitRecord):
        await asyncio.sleep(0.02)  # a busy database
        return await real_record(hit)

    monkeypatch.setattr(h.store, "record_hits", slow)
    decision = Decision((LabelHit("insult", 0.9, 0.5, Action.ALERT),), Action.ALERT)

    def hit(message_id: int) -> HitRecord:
        return HitRecord(
            guild_id=h.guild.id,
            channel_id=h.channel.id,
            message_id=message_id,
            author_id=h.member.id,
            decision=decision,
            action_taken=Action.ALERT,
            model_id="m",
            content=None,
            created_at=utcnow(),
        )

    await asyncio.gather(
        *(h.cog.hit_buffer.add(hit(i)) for i in range(1, 6)),
        h.cog.hit_buffer.flush(),
        h.cog.hit_buffer.flush(),
    )
    await h.cog.hit_buffer.flush()
    assert sorted(x.message_id for x in await h.hits()) == [1, 2, 3, 4, 5]
    assert not h.cog.hit_buffer.pending


async def test_replay_gives_the_same_hits_as_the_live_cog(harness, tmp_path):
    """The same messages through dpytest and through ``replay``: same labels, scores, actions."""
    from bot.replay.chatlog import read_chat
    from bot.replay.run import replay

    h = harness
    await insult_deletes(h)
    texts = [TOXIC, CLEAN, "que imbecil esse cara", "bom jogo ontem", "idiota demais"]
    sent = [await dpytest.message(t, channel=h.channel, member=h.member) for t in texts]
    await dpytest.empty_queue()

    def by_text(hits, text_of) -> dict[tuple[str, str, str], float]:
        return {(text_of(x), x.label, x.action): x.score for x in hits}

    live = by_text(await h.hits(), lambda x: texts[[m.id for m in sent].index(x.message_id)])
    assert live, "the tiny model flags at least one of these insults"

    log_file = tmp_path / "chat.jsonl"
    log_file.write_text("\n".join(json.dumps({"text": t, "author": h.member.id}) for t in texts) + "\n")
    replay_store = Store(f"sqlite+aiosqlite:///{tmp_path / 'replay.db'}")
    await replay_store.migrate()
    try:
        config = await h.store.guild_config(h.guild.id)  # the guild's own configuration
        result = await replay(
            read_chat(log_file), h.cog.classifier, replay_store, config, guild_id=h.guild.id, progress=False
        )
        async with replay_store.session() as s:
            replayed = by_text((await s.execute(select(Hit))).scalars(), lambda x: x.content)
    finally:
        await replay_store.close()
    assert replayed.keys() == live.keys()
    # batch padding may move a score in the last float digits, never across a threshold here
    assert replayed == pytest.approx(live, abs=1e-4)
    assert result.stats.total_messages == len({text for text, _, _ in live})


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
