"""The model service's client: the circuit's trial always ends, probes never take it, long texts are
windowed."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiohttp import web

from classifier import ClassifierTimeout, RemoteClassifier
from classifier.serving.windows import merge_windows, split_windows

ROOT = Path(__file__).resolve().parents[1]


TOKEN = "t" * 32


class FlakyService:
    """A model service that hangs while ``hang`` is set (as a replica does while loading)."""

    def __init__(self) -> None:
        self.hang = False
        self.calls = 0
        app = web.Application()
        app.router.add_get("/v1/model", self.model)
        app.router.add_post("/v1/score", self.score)
        self.app = app

    async def wait(self) -> None:
        self.calls += 1
        while self.hang:
            await asyncio.sleep(0.02)

    async def model(self, _request):
        await self.wait()
        return web.json_response({"model_id": "m", "labels": ["insult"], "thresholds": {"insult": 0.5}})

    async def score(self, request):
        await self.wait()
        texts = (await request.json())["texts"]
        return web.json_response(
            {
                "model_id": "m",
                "results": [{"probabilities": {"insult": 0.9}, "flagged": ["insult"]} for _ in texts],
            }
        )


@pytest.fixture
async def flaky():
    svc = FlakyService()
    runner = web.AppRunner(svc.app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    svc.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield svc
    await runner.cleanup()


async def half_open(clf: RemoteClassifier, flaky: FlakyService) -> None:
    """The service hangs, one call times out, the circuit opens, its reset period passes."""
    flaky.hang = True
    with pytest.raises(ClassifierTimeout):
        await clf.score("x")
    assert clf.breaker.state == "open"
    await asyncio.sleep(0.25)


def remote(flaky: FlakyService) -> RemoteClassifier:
    return RemoteClassifier(flaky.url, timeout_s=0.3, retries=0, breaker_failures=1, breaker_reset_s=0.2)


async def test_a_cancelled_trial_gives_its_place_back_and_checking_resumes(flaky):
    async with remote(flaky) as clf:
        await half_open(clf, flaky)
        trial = asyncio.create_task(clf.score("x", timeout=10))
        await asyncio.sleep(0.05)
        trial.cancel()  # e.g. a caller's wait_for ran out mid-call
        with pytest.raises(asyncio.CancelledError):
            await trial
        assert not clf.breaker.trial_running
        flaky.hang = False
        scores = await clf.score("x")  # the next call is the trial, and it closes the circuit
        assert scores.flagged == ("insult",) and clf.breaker.state == "closed"


async def test_health_probes_never_take_the_trial(flaky):
    async with remote(flaky) as clf:
        await half_open(clf, flaky)
        calls = flaky.calls
        problem = await clf.probe(3.0)
        assert problem.startswith("model service failing: circuit half_open")
        assert flaky.calls == calls and not clf.breaker.trial_running
        flaky.hang = False
        assert (await clf.score("x")).flagged == ("insult",)  # the trial was still free


def test_long_texts_are_windowed_and_a_label_anywhere_counts():
    text = "bom dia " * 300 + "seu idiota"
    pieces, owners = split_windows(["curto", text], 500)
    assert pieces[0] == "curto" and all(len(p) <= 500 for p in pieces) and len(pieces) > 4
    assert "seu idiota" in pieces[-1] and set(owners) == {0, 1}
    assert "".join(pieces[1:]).replace(" ", "").count("bomdia") >= 300  # nothing skipped
    results = [{"probabilities": {"insult": 0.1}}] * (len(pieces) - 1) + [{"probabilities": {"insult": 0.8}}]
    merged = merge_windows(results, owners, 2, {"insult": 0.5})
    assert merged[1] == {"probabilities": {"insult": 0.8}, "flagged": ["insult"]}
