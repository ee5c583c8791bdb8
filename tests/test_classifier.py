"""The classifier on a real tiny model trained by ``training``."""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import threading
import time

import numpy as np
import pytest
import torch

from classifier import (
    Classifier,
    ClassifierClosed,
    ClassifierOverloaded,
    ClassifierTimeout,
    Engine,
    ModelLoadError,
)
from classifier.serving.batching import MicroBatcher
from tests.conftest import NEUTRAL, make_texts

TEXTS = make_texts(200, seed=7)["text"].tolist()


@pytest.fixture(scope="module")
def engine(trained_model) -> Engine:
    return Engine.load(trained_model, "cpu")


async def test_gathered_scores_equal_predict_in_fewer_batches(trained_model):
    async with await Classifier.load(trained_model, "cpu", max_batch_size=32, max_wait_ms=20) as clf:
        results = await asyncio.gather(*(clf.score(t) for t in TEXTS))
        expected = clf.predict(TEXTS)
        stats = clf.stats()
    assert len(results) == 200
    for got, want in zip(results, expected, strict=True):
        assert got.flagged == want.flagged
        for label in clf.labels:
            assert got.probabilities[label] == pytest.approx(want.probabilities[label], abs=1e-5)
    assert stats["requests"] == 200
    assert stats["batches"] < 200 and stats["mean_batch_size"] > 1
    assert stats["latency_p99_ms"] >= stats["latency_p50_ms"] > 0


async def test_score_many_equals_predict(trained_model):
    # lengths from one word to a paragraph, shuffled: score_many scores them shortest first and
    # must hand each result back at its own text's place
    texts = [" ".join([t] * (1 + (i * 7) % 5)) if i % 3 else t.split()[0] for i, t in enumerate(TEXTS)]
    async with await Classifier.load(trained_model, "cpu", max_batch_size=16) as clf:
        many = await clf.score_many(texts)
        direct = clf.predict(texts)
    got = np.array([[s.probabilities[k] for k in clf.labels] for s in many])
    want = np.array([[s.probabilities[k] for k in clf.labels] for s in direct])
    np.testing.assert_allclose(got, want, atol=1e-5)


def test_thresholds_come_from_the_model_directory(trained_model, tmp_path):
    saved = json.loads((trained_model / "sentinela.json").read_text())
    engine = Engine.load(trained_model, "cpu")
    assert engine.meta.thresholds == pytest.approx(saved["thresholds"])
    copy = tmp_path / "m"
    shutil.copytree(trained_model, copy)
    meta = json.loads((copy / "sentinela.json").read_text())
    meta["thresholds"]["insult"] = 0.0  # everything is an insult now
    (copy / "sentinela.json").write_text(json.dumps(meta))
    clf = Classifier(Engine.load(copy, "cpu"))
    assert all("insult" in s.flagged for s in clf.predict(["bom dia", "o jogo"]))
    (copy / "sentinela.json").unlink()  # a plain checkpoint: 0.5 everywhere
    assert Classifier(Engine.load(copy, "cpu")).thresholds == {"insult": 0.5, "obscene": 0.5}


def test_corrupt_metadata_is_a_load_error(trained_model, tmp_path):
    copy = tmp_path / "m"
    shutil.copytree(trained_model, copy)
    (copy / "sentinela.json").write_text('{"thresholds": {"insult": 7}}')
    with pytest.raises(ModelLoadError, match="outside"):
        Engine.load(copy, "cpu")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"thresholds": {"insult": "high"}}, "thresholds must be numbers"),
        ({"thresholds": {"insult": True}}, "thresholds must be numbers"),
        ({"thresholds": ["insult"]}, "thresholds must be an object"),
        ({"text": {"max_repeat": "3"}}, "max_repeat"),  # loaded, then every message failed
        ({"text": {"max_repeat": 20000000}}, "max_repeat"),  # 18 s per message
        ({"text": {"url_token": 5}}, "url_token"),
        ({"text": "plain"}, "text settings must be an object"),
        ({"max_seq_length": "128"}, "max_seq_length"),
        ({"max_seq_length": 10**9}, "max_seq_length"),
        ({"blend": {"insult": "a", "obscene": 0.5}}, "blend weights must be numbers"),
    ],
)
def test_hostile_metadata_is_refused_at_load_not_per_message(trained_model, tmp_path, edit, message):
    copy = tmp_path / "m"
    shutil.copytree(trained_model, copy)
    meta = {**json.loads((copy / "sentinela.json").read_text()), **edit}
    (copy / "sentinela.json").write_text(json.dumps(meta))
    with pytest.raises(ModelLoadError, match=message):
        Engine.load(copy, "cpu")


def test_unreachable_hub_id_says_to_set_a_local_path():
    with pytest.raises(ModelLoadError, match="SENTINELA_MODEL"):
        Engine.load("dougtrajano/toxicity-type-detection", "cpu")


def test_empty_text_scores_zero_without_a_model_call(engine):
    calls = engine.model_calls
    probs = engine.predict_probs(["", "   \n\t", "\u200b"])
    assert engine.model_calls == calls
    assert not probs.any()


def test_hostile_text_does_not_crash(engine):
    zalgo = "i" + "\u0336\u0489" * 200 + "diota"
    texts = [zalgo, "😂" * 3000, "\x00\x01\x1b[31m" * 100, "<:a:1>" * 500, "\ud800 quebrado"]
    probs = engine.predict_probs(texts)
    assert probs.shape == (5, 2) and np.isfinite(probs).all()


def test_token_ids_are_the_tokenizer_s_own(engine):
    """Engine calls the fast tokenizer's Rust half directly: the ids the transformers call gives."""
    texts = [*NEUTRAL, "voce e um IDIOTA!!", "ação coração", "😂 kkk <:a:1>", "x" * 3000, "\u200b quebrado"]
    assert engine.tokenizer.backend_tokenizer is not None  # the direct path is the one tested
    wrapped = engine.tokenizer(texts, add_special_tokens=False, truncation=False)["input_ids"]
    assert engine.token_ids(texts) == wrapped


def test_long_text_windows_catch_a_late_label(engine):
    filler = " ".join(NEUTRAL[i % len(NEUTRAL)] for i in range(900))  # about 4,000 characters
    tail = "voce e um idiota"
    long_text = f"{filler} {tail}"
    assert len(long_text) > 4000
    chunks = [c for c in engine.chunks([long_text])]
    assert len(chunks) > 10  # far more than one window
    probs = engine.predict_probs([long_text])[0]
    window_probs = [
        engine.predict_probs([engine.tokenizer.decode(c.input_ids, skip_special_tokens=True)])[0]
        for c in chunks
    ]
    # each label takes its maximum over all windows, the last one (with the insult) included
    assert probs == pytest.approx(np.max(window_probs, axis=0), abs=1e-5)
    truncated = engine.predict_probs([filler[:200]])[0]
    insult = engine.labels.index("insult")
    assert probs[insult] > truncated[insult]


def test_quantize_is_onnx_int8_and_agrees_with_fp32(trained_model, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(trained_model, copy)
    fp32 = Engine.load(copy, "cpu")
    int8 = Engine.load(copy, "cpu", quantize=True)
    assert (int8.backend, int8.precision, int8.model) == ("onnx", "int8", None)
    a, b = fp32.predict_probs(TEXTS), int8.predict_probs(TEXTS)
    assert np.abs(a - b).max() < 0.1


async def test_event_loop_keeps_ticking_during_a_large_batch(trained_model):
    gaps: list[float] = []

    async def ticker(stop: asyncio.Event) -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    big = TEXTS * 20  # 4,000 texts
    async with await Classifier.load(trained_model, "cpu", max_batch_size=64) as clf:
        stop = asyncio.Event()
        tick = asyncio.create_task(ticker(stop))
        started = time.perf_counter()
        await clf.score_many(big)
        elapsed = time.perf_counter() - started
        stop.set()
        await tick
    # the loop ticked all through the work: many ticks, none stalled for a big share of it
    assert len(gaps) > 10
    assert max(gaps) < max(0.5, elapsed / 3)


# -- the batcher itself, with plain functions as the batch function ------------------------


async def test_batch_closes_at_max_batch_size():
    sizes: list[int] = []

    def fn(items: list[int]) -> list[int]:
        sizes.append(len(items))
        return [i * 2 for i in items]

    batcher = MicroBatcher(fn, max_batch_size=4, max_wait_ms=5_000, max_queue=64)
    batcher.start()
    started = time.perf_counter()
    assert await asyncio.gather(*(batcher.submit(i) for i in range(8))) == [i * 2 for i in range(8)]
    assert time.perf_counter() - started < 5  # full batches did not wait for the window
    assert sizes == [4, 4]
    await batcher.aclose()


async def test_an_idle_worker_starts_at_once_unless_told_to_wait():
    sizes: list[int] = []

    def fn(items: list[int]) -> list[int]:
        sizes.append(len(items))
        return items

    for wait_ms, expected in ((0.0, [1, 1]), (2_000.0, [2])):
        sizes.clear()
        batcher = MicroBatcher(fn, max_batch_size=8, max_wait_ms=wait_ms, max_queue=8)
        batcher.start()
        first = asyncio.create_task(batcher.submit(1))
        await asyncio.sleep(0.1)  # the worker is idle: by default the first request has run alone
        assert await asyncio.gather(first, batcher.submit(2)) == [1, 2]
        assert sizes == expected
        await batcher.aclose()


async def test_live_calls_are_gathered_past_one_model_batch_and_sorted(trained_model):
    texts = [t * (1 + i % 5) for i, t in enumerate(TEXTS)]  # lengths vary within each gathered batch
    async with await Classifier.load(trained_model, "cpu", max_batch_size=8) as clf:
        results = await asyncio.gather(*(clf.score(t) for t in texts))
        stats = clf.stats()
        expected = clf.predict(texts)
    # the worker took what was waiting (up to 8 model batches), the engine ran it 8 rows at a time
    assert stats["mean_batch_size"] > 8
    assert stats["model_calls"] >= len(texts) / 8
    for got, want in zip(results, expected, strict=True):
        assert got.probabilities == pytest.approx(want.probabilities, abs=1e-5)


async def test_batch_closes_at_max_wait():
    sizes: list[int] = []

    def fn(items: list[int]) -> list[int]:
        sizes.append(len(items))
        return items

    batcher = MicroBatcher(fn, max_batch_size=100, max_wait_ms=30, max_queue=200)
    batcher.start()
    assert await asyncio.gather(*(batcher.submit(i) for i in range(3))) == [0, 1, 2]
    assert sizes == [3]
    await batcher.aclose()


async def test_cancelled_callers_are_dropped_before_the_batch_runs():
    seen: list[list[int]] = []
    gate = threading.Event()

    def fn(items: list[int]) -> list[int]:
        seen.append(list(items))
        gate.wait(5)
        return items

    batcher = MicroBatcher(fn, max_batch_size=8, max_wait_ms=50, max_queue=64)
    batcher.start()
    first = asyncio.create_task(batcher.submit(0))
    await asyncio.sleep(0.1)  # batch [0] is running and blocked on the gate
    waiting = [asyncio.create_task(batcher.submit(i)) for i in (1, 2, 3)]
    await asyncio.sleep(0.01)
    waiting[1].cancel()
    gate.set()
    assert await first == 0
    assert [await waiting[0], await waiting[2]] == [1, 3]
    assert seen == [[0], [1, 3]]
    assert batcher.stats.cancelled == 1
    await batcher.aclose()


async def test_model_error_reaches_every_caller_and_the_next_call_works(trained_model):
    clf = await Classifier.load(trained_model, "cpu", max_batch_size=16, max_wait_ms=50)
    real = clf.engine.model.forward
    failures = iter([RuntimeError("CUDA out of memory")])

    def flaky(*args, **kwargs):
        error = next(failures, None)
        if error:
            raise error
        return real(*args, **kwargs)

    clf.engine.model.forward = flaky
    results = await asyncio.gather(*(clf.score(t) for t in TEXTS[:5]), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) and "out of memory" in str(r) for r in results)
    after = await clf.score(TEXTS[0])
    assert after.probabilities == pytest.approx(clf.predict(TEXTS[:1])[0].probabilities, abs=1e-5)
    assert clf.stats()["errors"] == 1
    await clf.aclose()


async def test_wrong_row_count_is_an_error_not_a_silent_mismatch():
    batcher = MicroBatcher(lambda items: items[:-1], max_batch_size=4, max_wait_ms=20, max_queue=8)
    batcher.start()
    results = await asyncio.gather(*(batcher.submit(i) for i in range(3)), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) and "2 results for 3" in str(r) for r in results)
    await batcher.aclose()


async def test_full_queue_fails_fast_with_overloaded():
    gate = threading.Event()
    batcher = MicroBatcher(
        lambda items: [gate.wait(5) and i for i in items], max_batch_size=1, max_wait_ms=0, max_queue=2
    )
    batcher.start()
    running = asyncio.create_task(batcher.submit(0))
    await asyncio.sleep(0.05)  # item 0 is in the worker, the queue is empty again
    queued = [asyncio.create_task(batcher.submit(i)) for i in (1, 2)]
    await asyncio.sleep(0)
    with pytest.raises(ClassifierOverloaded):
        await batcher.submit(3)
    assert batcher.stats.rejected == 1
    gate.set()
    assert [await running, *[await q for q in queued]] == [0, 1, 2]
    await batcher.aclose()


async def test_timeout_raises_classifier_timeout():
    gate = threading.Event()
    batcher = MicroBatcher(lambda items: [gate.wait(5) and i for i in items], max_batch_size=2)
    batcher.start()
    with pytest.raises(ClassifierTimeout):
        await batcher.submit(1, timeout=0.05)
    assert batcher.stats.timeouts == 1
    gate.set()
    await batcher.aclose()


async def test_closed_classifier_refuses_and_settles_queued_callers(trained_model):
    clf = await Classifier.load(trained_model, "cpu")
    await clf.aclose()
    with pytest.raises(ClassifierClosed):
        await clf.score("oi")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_batch_size": 0},
        {"max_batch_size": 2.5},
        {"max_wait_ms": -1},
        {"max_queue": 1, "max_batch_size": 4},
    ],
)
def test_bad_knobs_are_value_errors(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        MicroBatcher(lambda x: x, **kwargs)


def test_bad_device_and_threads_are_value_errors(trained_model):
    with pytest.raises(ValueError, match="device"):
        Engine.load(trained_model, "tpu")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="no CUDA"):
            Engine.load(trained_model, "cuda")
    with pytest.raises(ValueError, match="threads"):
        Engine.load(trained_model, "cpu", threads=0)


def test_a_pickled_weights_file_is_refused_in_one_line(trained_model, tmp_path):
    import torch
    from safetensors.torch import load_file

    model = tmp_path / "model"
    shutil.copytree(trained_model, model)
    weights = load_file(model / "model.safetensors")
    (model / "model.safetensors").unlink()
    # an old checkpoint that pickled an object beside its tensors (torch.save of a training state)
    torch.save({**weights, "args": argparse.Namespace(lr=1e-3)}, model / "pytorch_model.bin")
    with pytest.raises(ModelLoadError) as info:
        Engine.load(str(model), "cpu", backend="torch", precision="fp32")
    message = str(info.value)
    assert "\n" not in message and "pickle" in message and "safetensors" in message
