"""The fail-safe: the circuit's trial always ends, health probes never take it, and the model
service's gate holds against a caller who is not a bot (no token, huge or stalled bodies)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.backlog import Backlog
from bot.health import Check, HealthServer, Metrics
from classifier import Classifier, ClassifierTimeout, RemoteClassifier
from classifier.serving.app import public_model_id
from classifier.serving.gate import GateLimits, build_gate, serve_gate
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


async def test_health_is_probed_once_per_interval_however_many_gets():
    calls = 0

    async def probe():
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.05)
        return None

    server = HealthServer(Metrics(), [Check("classifier", probe)], "127.0.0.1", 0, cache_s=60)
    await server.start()
    try:
        async with aiohttp.ClientSession() as session:

            async def get() -> int:
                async with session.get(f"http://127.0.0.1:{server.port}/healthz") as r:
                    return r.status

            statuses = await asyncio.gather(*(get() for _ in range(50)))
        assert statuses == [200] * 50 and calls == 1
    finally:
        await server.stop()


async def test_the_backlog_keeps_order_bounds_and_counts_drops():
    now = [0.0]
    backlog = Backlog(max_items=3, max_age_s=10, clock=lambda: now[0])
    done: list[int] = []
    down = True

    def retry_for(key: int):
        async def retry() -> None:
            if down:
                backlog.add(key, retry)  # what the cog does when the classifier fails again
            else:
                done.append(key)
                backlog.discard(key)

        return retry

    for key in (1, 2, 3, 4):
        backlog.add(key, retry_for(key))
    assert len(backlog) == 3 and backlog.dropped["full"] == 1  # the oldest went
    backlog.add(3, retry_for(3))  # an edit while waiting: still one entry, its first age
    assert len(backlog) == 3 and backlog.attempts(3) == 2
    assert backlog.discard(2, "deleted") and backlog.dropped["deleted"] == 1
    assert await backlog.drain() == 0 and len(backlog) == 2  # still down: nothing lost
    down = False
    # the drain loop and a shutdown's last try at once: each message is retried once, not twice
    assert sorted(await asyncio.gather(backlog.drain(), backlog.drain())) == [0, 2]
    assert done == [3, 4] and not backlog
    backlog.add(5, retry_for(5))
    now[0] = 11.0
    assert backlog.expire() == 1 and backlog.dropped["expired"] == 1 and not backlog


def test_long_texts_are_windowed_and_a_label_anywhere_counts():
    text = "bom dia " * 300 + "seu idiota"
    pieces, owners = split_windows(["curto", text], 500)
    assert pieces[0] == "curto" and all(len(p) <= 500 for p in pieces) and len(pieces) > 4
    assert "seu idiota" in pieces[-1] and set(owners) == {0, 1}
    assert "".join(pieces[1:]).replace(" ", "").count("bomdia") >= 300  # nothing skipped
    results = [{"probabilities": {"insult": 0.1}}] * (len(pieces) - 1) + [{"probabilities": {"insult": 0.8}}]
    merged = merge_windows(results, owners, 2, {"insult": 0.5})
    assert merged[1] == {"probabilities": {"insult": 0.8}, "flagged": ["insult"]}


class ClassifierBackend:
    """The gate's ``Backend`` over an in-process ``Classifier`` (Ray's handle in production)."""

    def __init__(self, clf: Classifier) -> None:
        self.clf = clf

    async def score(self, texts):
        if texts == ["boom"]:
            raise RuntimeError("secret /home/model/path exploded")
        return [
            {"probabilities": s.probabilities, "flagged": list(s.flagged)}
            for s in await self.clf.score_many(texts)
        ]

    async def info(self):
        return {"model_id": public_model_id(self.clf.model_id, "abcdef0123456789"), "labels": self.clf.labels,
                "thresholds": self.clf.thresholds}  # fmt: skip

    async def stats(self):
        return {"requests": 0}


@pytest.fixture
async def gate(trained_model):
    limits = GateLimits(max_texts=8, max_chars=500, header_timeout_s=1.0, body_timeout_s=1.0)
    async with await Classifier.load(trained_model, "cpu") as clf:
        runner = await serve_gate(
            build_gate(ClassifierBackend(clf), token=TOKEN, limits=limits), "127.0.0.1", 0, limits
        )
        port = runner.addresses[0][1]
        yield f"http://127.0.0.1:{port}", port, limits
        await runner.cleanup()


async def test_the_gate_wants_the_token_and_answers_in_one_line_without_details(gate, trained_model):
    url, _port, _limits = gate
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{url}/v1/score", json={"texts": ["oi"]}) as r:
            assert r.status == 401 and await r.json() == {"error": "missing or wrong token"}
        async with session.get(f"{url}/v1/model", headers={"Authorization": "Bearer nope"}) as r:
            assert r.status == 401
        async with session.get(f"{url}/healthz") as r:
            assert r.status == 200  # liveness needs no secret and tells nothing
        auth = {"Authorization": f"Bearer {TOKEN}"}
        async with session.get(f"{url}/v1/model", headers=auth) as r:
            info = await r.json()
        assert info["model_id"] == "model@abcdef012345" and str(trained_model) not in json.dumps(info)
        async with session.post(f"{url}/v1/score", json={"texts": ["boom"]}, headers=auth) as r:
            body = await r.text()
        assert r.status == 500 and "exploded" not in body and "/home" not in body
    async with RemoteClassifier(url, token=TOKEN) as clf:
        long = "bom dia " * 200 + "voce e um idiota imbecil"
        assert "insult" in (await clf.score(long)).flagged  # over max_chars: windowed, not refused


async def test_the_gate_refuses_a_huge_body_unread_and_closes_stalled_connections(gate):
    _url, port, limits = gate
    head = (
        f"POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
        "Content-Type: application/json\r\nContent-Length: 314572800\r\n\r\n"
    )
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head.encode() + b"[" * 65536)
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), 5)
    assert status.startswith(b"HTTP/1.1 413")
    writer.close()

    reader, writer = await asyncio.open_connection("127.0.0.1", port)  # chunked: counted as it comes
    writer.write(
        f"POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n".encode()
    )
    chunk = b"a" * 65536
    try:
        for _ in range(limits.body_cap // len(chunk) + 2):
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            await writer.drain()
    except ConnectionError:
        pass
    assert (await asyncio.wait_for(reader.readline(), 5)).startswith(b"HTTP/1.1 413")
    writer.close()

    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)  # half a header, then silence
    writer.write(b"POST /v1/score HTTP/1.1\r\nHost: x\r\n")
    await writer.drain()
    assert await asyncio.wait_for(reader.read(), 10) == b""  # closed by the service
    assert time.monotonic() - started < limits.header_timeout_s + 3

    reader, writer = await asyncio.open_connection("127.0.0.1", port)  # a body that never comes
    writer.write(
        f"POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n".encode()
        + b"Content-Length: 100\r\n\r\n{"
    )
    await writer.drain()
    assert (await asyncio.wait_for(reader.readline(), 10)).startswith(b"HTTP/1.1 408")
    writer.close()


def test_the_service_refuses_a_public_address_without_a_token(trained_model):
    out = subprocess.run(
        [sys.executable, "-m", "classifier.serving", "--model", str(trained_model), "--host", "0.0.0.0"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --host 0.0.0.0 without --token")
