"""Messages that wait through outages: the database failing during the drain, an edit made while
the drain re-checks the original, escalation after an outage, the backlog's bound in bytes."""

from __future__ import annotations

import asyncio
import gc
import tracemalloc

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend, factories

from bot.core.policy import Escalation
from classifier import ClassifierOverloaded, ClassifierUnavailable
from tests.harness import CLEAN, TOXIC, Harness, insult_deletes


async def down(text, *, timeout=None):
    raise ClassifierUnavailable("model service down")


async def drain_until_empty(h: Harness, rounds: int = 10) -> None:
    """The drainer loop's body, run until nothing waits (a restarted database's pooled connections
    fail once each before the pool is refreshed)."""
    for _ in range(rounds):
        await h.cog.backlog_drainer.coro(h.cog)
        await dpytest.run_all_events()
        if not h.cog.backlog:
            return


async def still_there(h: Harness, message: discord.Message) -> bool:
    try:
        await h.channel.fetch_message(message.id)
    except discord.NotFound:
        return False
    return True


def metric(h: Harness, line: str) -> bool:
    return line in h.cog.metrics.render().decode()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("failing", ["configuration", "escalation count"])
async def test_a_database_outage_during_the_drain_loses_no_waiting_message(
    harness, pg_server, monkeypatch, failing
):
    """Found by issue 32: with the database down while the classifier came back, 5 waiting toxic
    messages were neither deleted nor recorded, and the metrics said they were drained."""
    h = harness
    await insult_deletes(h)
    if failing == "configuration":
        h.store.config_ttl_s = 0  # CONFIG_CACHE_TTL_S=0: every check reads the configuration
    else:  # the configuration stays cached; the escalation count needs the database
        await h.store.update(h.guild.id, "escalation", Escalation(hits=100), by=None)
    await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    real_score = h.cog.classifier.score
    monkeypatch.setattr(h.cog.classifier, "score", down)
    waiting = [await dpytest.message(TOXIC, channel=h.channel, member=h.member) for _ in range(5)]
    assert len(h.cog.backlog) == 5

    pg_server.halt()
    try:
        monkeypatch.setattr(h.cog.classifier, "score", real_score)  # the model answers again
        await h.cog.backlog_drainer.coro(h.cog)
        await dpytest.run_all_events()
        # nothing acted on without its input, nothing lost, nothing counted as drained
        assert len(h.cog.backlog) == 5
        assert [h.cog.backlog.attempts(m.id) for m in waiting] == [2] * 5
        live = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
        assert live.id in h.cog.backlog  # arriving while the database is down, it waits too
        for m in [*waiting, live]:
            assert await still_there(h, m)
        assert metric(h, "sentinela_backlog_drained_total 0.0")
    finally:
        pg_server.serve()

    await drain_until_empty(h)
    assert not h.cog.backlog
    for m in [*waiting, live]:
        assert not await still_there(h, m)  # deleted once both answered
    await h.cog.hit_buffer.flush()
    assert sorted(x.message_id for x in await h.hits()) == sorted(m.id for m in [*waiting, live])
    assert metric(h, "sentinela_backlog_drained_total 6.0")
    assert not h.cog.backlog.dropped


async def test_an_edit_made_while_the_drain_rechecks_the_original_is_checked(harness, monkeypatch):
    """Found by issue 32: the clean original's success discarded the queued insulting edit."""
    h = harness
    await insult_deletes(h)
    real_score = h.cog.classifier.score
    monkeypatch.setattr(h.cog.classifier, "score", down)
    original = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    assert original.id in h.cog.backlog

    scoring_original, release = asyncio.Event(), asyncio.Event()

    async def flaky(text, *, timeout=None):
        if text == CLEAN:  # the drain's retry of the original: answered, slowly
            scoring_original.set()
            await release.wait()
            return await real_score(text, timeout=timeout)
        raise ClassifierOverloaded("queue full")  # the live edit: back-pressure, so it waits

    monkeypatch.setattr(h.cog.classifier, "score", flaky)
    drain = asyncio.create_task(h.cog.backlog_drainer.coro(h.cog))
    await scoring_original.wait()
    edit(h, original, TOXIC)
    await dpytest.run_all_events()
    release.set()
    await drain
    assert original.id in h.cog.backlog  # the edit still waits: only the scored version went

    monkeypatch.setattr(h.cog.classifier, "score", real_score)
    await drain_until_empty(h)
    assert not await still_there(h, original)  # the insulting edit was acted on
    assert [x.message_id for x in await h.hits()] == [original.id]


async def test_an_authors_messages_drained_after_an_outage_escalate_as_they_do_live(harness, monkeypatch):
    """Found by issue 32: 5 insults drained side by side gave 5 deletes and no timeout, against 3
    timeouts when they arrived live (escalation after 3 hits)."""
    h = harness
    await insult_deletes(h)
    await h.store.update(h.guild.id, "escalation", Escalation(hits=3), by=None)

    live = [await dpytest.message(TOXIC, channel=h.channel, member=h.member) for _ in range(5)]
    by_message = {x.message_id: x.action for x in await h.hits()}
    assert [by_message[m.id] for m in live] == ["delete", "delete", "timeout", "timeout", "timeout"]

    other = h.admin  # a second author, with no hit yet in the window
    real_score = h.cog.classifier.score
    monkeypatch.setattr(h.cog.classifier, "score", down)
    drained = [await dpytest.message(TOXIC, channel=h.channel, member=other) for _ in range(5)]
    monkeypatch.setattr(h.cog.classifier, "score", real_score)
    await drain_until_empty(h)
    by_message = {x.message_id: x.action for x in await h.hits()}
    assert [by_message[m.id] for m in drained] == ["delete", "delete", "timeout", "timeout", "timeout"]


async def test_the_backlog_is_bounded_in_bytes_and_keeps_only_what_a_retry_needs(harness, monkeypatch):
    """Found by issue 32: 10,000 waiting messages held 298 MiB, bounded by count alone."""
    h = harness
    await insult_deletes(h)
    monkeypatch.setattr(h.cog.classifier, "score", down)
    for _ in range(10):
        await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for _ in range(200):
            await dpytest.message(TOXIC, channel=h.channel, member=h.member)
        # what Discord's cache and the fake Discord keep is theirs: only the backlog holds on now
        h.bot._connection._messages.clear()
        backend._cur_config.messages[h.channel.id].clear()  # dpytest keeps every payload
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    held = sum(d.size_diff for d in after.compare_to(before, "filename"))

    per_message = held / 200
    assert per_message < 1024, per_message  # no discord.Message, author or closure per message
    assert h.cog.backlog.bytes >= held  # the bound it counts is at least what it holds

    # BACKLOG_MAX_BYTES: long texts push the oldest out, counted as "full"
    h.cog.backlog.max_bytes = h.cog.backlog.bytes + 3 * 4000
    dropped = h.cog.backlog.dropped["full"]
    for _ in range(6):
        await dpytest.message("a" * 4000, channel=h.channel, member=h.member)
    assert h.cog.backlog.bytes <= h.cog.backlog.max_bytes
    assert h.cog.backlog.dropped["full"] > dropped
    h.cog.backlog.drop_all("shutdown")  # the fake Discord no longer has them to delete


def edit(h: Harness, msg: discord.Message, content: str) -> None:
    """A MESSAGE_UPDATE for a text edit, as the gateway sends it."""
    data = factories.dict_from_message(msg)
    data.update(
        content=content,
        channel_id=str(h.channel.id),
        guild_id=str(h.guild.id),
        edited_timestamp="2026-11-26T12:00:00+00:00",
        type=0,
    )
    backend.get_state().parse_message_update(data)
