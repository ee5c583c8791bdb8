"""The words that weighed, on the message path: computed as a flagged message's hit is recorded,
kept with its text (only with it), shown in the alert; a failing, slow or crowded model leaves
the hit without them, never without its record. The real cog, tiny model and database."""

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


async def test_a_flagged_message_keeps_and_shows_the_words_its_score_turns_on(harness, monkeypatch):
    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    batches = spy_on_score_many(h.cog.classifier, monkeypatch)
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
    [hit] = await h.hits()
    assert hit.label == "insult" and [term for term, _weight in hit.why] == ["idiota"]
    assert len(batches) == 1  # one batch through the model for the whole explanation
    # the shown word is what flagged it: without it the message scores under the threshold
    assert h.cog.classifier.predict([without(TEXT, "idiota")])[0].probabilities["insult"] < 0.55
    assert "weighed most: “idiota”" in labels_field(dpytest.get_message())
    # a clean message costs no explanation
    await dpytest.message("bom dia a todos no time", channel=h.channel, member=h.member)
    assert len(batches) == 1


async def test_without_stored_text_no_words_are_computed_or_kept(harness, monkeypatch):
    h = harness  # STORE_CONTENT off, as the harness starts
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    batches = spy_on_score_many(h.cog.classifier, monkeypatch)
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
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
    started = asyncio.get_running_loop().time()
    await dpytest.message(TEXT, channel=h.channel, member=h.member)
    assert asyncio.get_running_loop().time() - started < 5
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
    [hit] = await h.hits()
    assert hit.why is None and batches == []
