"""The message path asks the database only when a label crossed its threshold: counted on the
real engine (SQLite and PostgreSQL) with SQLAlchemy's ``before_cursor_execute`` event."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import discord.ext.test as dpytest
from discord.ext.test import backend, factories
from sqlalchemy import event

import bot.core.assess
from bot.core.policy import Escalation
from tests.harness import CLEAN, TOXIC, Harness


@contextlib.contextmanager
def statements(h: Harness) -> Iterator[list[str]]:
    """Every SQL statement the store's engine sends from here on, in order."""
    sent: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append(" ".join(statement.split()))

    engine = h.store.engine.sync_engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", before)


def decisions_after(monkeypatch, sent: list[str]) -> list[int]:
    """How many statements had been sent when each ``decide`` began."""
    seen: list[int] = []
    real = bot.core.assess.decide

    def counted(*args, **kwargs):
        seen.append(len(sent))
        return real(*args, **kwargs)

    monkeypatch.setattr(bot.core.assess, "decide", counted)
    return seen


async def escalation_on(h: Harness) -> None:
    """Insult over 0.55 with escalation on (the count the old path asked on every message), and
    the configuration cached, as a live guild's is between messages."""
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await h.store.update(h.guild.id, "escalation", Escalation(hits=3, window_minutes=60))
    await h.store.guild_config(h.guild.id)


async def sent_for(h: Harness, monkeypatch, text: str) -> tuple[list[str], list[int]]:
    """The statements one message sends, and how many had been sent when each decision began."""
    with statements(h) as sent:
        decided = decisions_after(monkeypatch, sent)
        await dpytest.message(text, channel=h.channel, member=h.member)
        await dpytest.run_all_events()
    return sent, decided


async def test_a_clean_message_sends_no_query(harness, monkeypatch):
    h = harness
    await escalation_on(h)
    sent, decided = await sent_for(h, monkeypatch, CLEAN)
    assert decided == [0]  # it was decided, on the scores alone
    assert sent == []
    assert h.cog.metrics.messages_checked._value.get() == 1


async def test_a_flagged_message_asks_for_the_escalation_count_then_writes_its_hit(harness, monkeypatch):
    h = harness
    await escalation_on(h)
    sent, decided = await sent_for(h, monkeypatch, TOXIC)
    assert decided[0] == 0  # nothing asked before the scores were decided on
    asked = sent[: decided[-1]]
    assert len(asked) == 1 and "count(distinct" in asked[0].lower()  # the author's recent hits
    written = sent[decided[-1] :]
    assert any(s.upper().startswith("INSERT INTO HITS") for s in written)
    assert not any("FROM hits" in s and "count(distinct" in s.lower() for s in written)  # asked once
    assert [x.label for x in await h.hits()] == ["insult"]


async def test_an_edit_asks_for_its_earlier_labels_only_when_a_label_crossed(harness, monkeypatch):
    h = harness
    await escalation_on(h)
    msg = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    await dpytest.run_all_events()
    await dpytest.empty_queue()

    def edit(content: str) -> None:
        data = factories.dict_from_message(msg)
        data.update(content=content, channel_id=str(h.channel.id), guild_id=str(h.guild.id), type=0)
        data["edited_timestamp"] = "2026-11-26T12:00:00+00:00"
        backend.get_state().parse_message_update(data)

    with statements(h) as sent:
        edit(CLEAN)
        await dpytest.run_all_events()
    assert sent == []  # clean now: its earlier labels change nothing
    with statements(h) as sent:
        decided = decisions_after(monkeypatch, sent)
        edit(TOXIC + " !")
        await dpytest.run_all_events()
    # the same label again: its earlier labels are read, and with nothing new neither the count
    # nor a write follows
    assert decided[0] == 0 and len(sent) == 1 and "label" in sent[0].lower()
    assert [x.label for x in await h.hits()] == ["insult"]
