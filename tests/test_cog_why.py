"""The words that weighed: computed after a flagged message's hit is recorded and its alert sent,
in a bounded background task, and kept with its text (only with it); a failing, slow or crowded
model leaves the hit without them, never without its record or its alert; a shutdown finishes
or cancels what runs. The real cog, tiny model and database."""

from __future__ import annotations

import asyncio

import discord.ext.test as dpytest

from bot.cogs.moderation import why as why_module
from classifier import ClassifierUnavailable
from classifier.serving.explain import without

TEXT = "o jogo foi um idiota e a festa"


def spy_on_score_many(clf, monkeypatch, answer=None) -> list[int]:
    """Count the explanation's batches; ``answer`` replaces what the model would return."""
    batches: list[int] = []
    real = clf.score_many

    async def score_many(texts: list[str]):
        batches.append(len(texts))
        return await (answer(texts) if answer else real(texts))

    monkeypatch.setattr(clf, "score_many", score_many)
    return batches


def labels_field(message) -> str:
    return {f.name: f.value for f in message.embeds[0].fields}["Labels"]


async def explained(h) -> None:
    """Wait for the background explanations the cog started (each under its own deadline)."""
    await asyncio.gather(*h.cog.why_worker.tasks)


async def test_a_flagged_message_keeps_and_shows_the_words_its_score_turns_on(harness, monkeypatch):
    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    batches = spy_on_score_many(h.cog.classifier, monkeypatch)
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
    await explained(h)
    [hit] = await h.hits()
    assert hit.label == "insult" and [term for term, _weight in hit.why] == ["idiota"]
    assert len(batches) == 1  # one batch through the model for the whole explanation
    # the shown word is what flagged it: without it the message scores under the threshold
    assert h.cog.classifier.predict([without(TEXT, "idiota")])[0].probabilities["insult"] < 0.55
    # the alert went out before the words were there; /review and the dashboard read them
    assert "insult" in labels_field(dpytest.get_message())
    page = (await h.store.review_queue(h.guild.id))[0][0]
    assert page.why == {"insult": ["idiota"]}
    # a clean message costs no explanation
    await dpytest.message("bom dia a todos no time", channel=h.channel, member=h.member)
    assert len(batches) == 1


async def test_without_stored_text_no_words_are_computed_or_kept(harness, monkeypatch):
    h = harness  # STORE_CONTENT off, as the harness starts
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    batches = spy_on_score_many(h.cog.classifier, monkeypatch)
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
    assert not h.cog.why_worker.tasks
    [hit] = await h.hits()
    assert hit.content is None and hit.why is None and batches == []
    assert "weighed most" not in labels_field(dpytest.get_message())


async def test_a_failing_explanation_leaves_the_hit_recorded_and_alerted_without_words(harness, monkeypatch):
    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)

    async def down(texts: list[str]):
        raise ClassifierUnavailable("model service unreachable")

    spy_on_score_many(h.cog.classifier, monkeypatch, down)
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
    await explained(h)
    [hit] = await h.hits()
    assert hit.content == TEXT and hit.why is None
    assert "insult" in labels_field(dpytest.get_message())


async def test_a_slow_explanation_is_given_up_at_its_deadline(harness, monkeypatch):
    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    monkeypatch.setattr(why_module, "WAIT_S", 0.2)

    async def stuck(texts: list[str]):
        await asyncio.sleep(30)

    spy_on_score_many(h.cog.classifier, monkeypatch, stuck)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
    await explained(h)
    assert loop.time() - started < 5
    [hit] = await h.hits()
    assert hit.content == TEXT and hit.why is None


async def test_while_live_messages_wait_for_the_model_no_words_are_asked(harness, monkeypatch):
    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    clf = h.cog.classifier
    batches = spy_on_score_many(clf, monkeypatch)
    monkeypatch.setattr(type(clf), "queue_depth", property(lambda self: why_module.BUSY_QUEUE + 1))
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
    assert not h.cog.why_worker.tasks and h.cog.why_worker.skipped == 1
    [hit] = await h.hits()
    assert hit.why is None and batches == []


async def test_the_alert_goes_out_before_the_words_and_the_row_gets_them_after(harness, monkeypatch):
    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    clf = h.cog.classifier
    asked, release = asyncio.Event(), asyncio.Event()

    async def held(texts: list[str]):  # the explanation's batch waits until the test lets it go
        asked.set()
        await release.wait()
        return clf.predict(texts)

    spy_on_score_many(clf, monkeypatch, held)
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
    await asyncio.wait_for(asked.wait(), 5)
    # the explanation is still waiting on the model: the hit is recorded and alerted already
    [task] = h.cog.why_worker.tasks
    assert not task.done()
    [hit] = await h.hits()
    assert hit.content == TEXT and hit.why is None
    assert "insult" in labels_field(dpytest.get_message())
    release.set()
    await explained(h)
    [hit] = await h.hits()
    assert [term for term, _weight in hit.why] == ["idiota"]


async def test_explanations_are_bounded_and_a_failed_write_is_logged_not_raised(harness, monkeypatch, caplog):
    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    monkeypatch.setattr(h.cog.why_worker, "max_running", 1)
    release = asyncio.Event()

    async def held(texts: list[str]):
        await release.wait()
        return h.cog.classifier.predict(texts)

    async def broken(*_args):
        raise RuntimeError("disk full")

    spy_on_score_many(h.cog.classifier, monkeypatch, held)
    monkeypatch.setattr(h.store, "record_why", broken)
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
    await dpytest.message(TEXT + " de novo", channel=h.channel, member=h.member)
    assert len(h.cog.why_worker.tasks) == 1 and h.cog.why_worker.skipped == 1  # the second went without
    assert len(await h.hits()) == 2  # both recorded all the same
    release.set()
    await explained(h)
    assert "words for message" in caplog.text and "disk full" in caplog.text


async def test_shutdown_cancels_an_explanation_past_its_deadline(harness, monkeypatch):
    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    writing, written = asyncio.Event(), asyncio.Event()

    async def stuck_write(*_args):  # past the explanation's own deadline: only close() ends it
        writing.set()
        await asyncio.sleep(30)
        written.set()

    monkeypatch.setattr(h.store, "record_why", stuck_write)
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
    [task] = h.cog.why_worker.tasks
    await asyncio.wait_for(writing.wait(), 5)
    assert await h.cog.why_worker.close(0.1) == 1
    assert task.cancelled() and not h.cog.why_worker.tasks and not written.is_set()
    # closed: a message flagged now is recorded and alerted, and asks for no words
    await dpytest.message(TEXT + " outra vez", channel=h.channel, member=h.member)
    assert len(await h.hits()) == 2 and not h.cog.why_worker.tasks
