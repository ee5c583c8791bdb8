"""The model service's gate against a caller who is not a bot: no token, huge or stalled bodies, a
public address."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from classifier import Classifier, RemoteClassifier
from classifier.serving.app import RayBackend, public_model_id
from classifier.serving.gate import LINGER_S, GateLimits, build_gate, serve_gate

ROOT = Path(__file__).resolve().parents[1]


TOKEN = "t" * 32


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


# -- issue 32: what the review found at the gate ------------------------------------------------


async def test_a_non_utf8_token_and_deeply_nested_json_get_one_line_answers_not_500(gate, caplog):
    _url, port, _limits = gate
    caplog.set_level(logging.ERROR, logger="classifier.serving.gate")

    async def answer(head: bytes, body: bytes = b"") -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(head + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 5)
        writer.close()
        return status

    start = b"POST /v1/score HTTP/1.1\r\nHost: x\r\n"
    not_utf8 = b"Authorization: Bearer \xff\xfe\xc3\r\n"
    assert (await answer(start + not_utf8, b"{}")).startswith(b"HTTP/1.1 401")
    nested = b"[" * 5_000 + b"]" * 5_000  # past the parser's recursion limit, under the body cap
    auth = f"Authorization: Bearer {TOKEN}\r\n".encode()
    assert (await answer(start + auth, nested)).startswith(b"HTTP/1.1 400")
    assert not caplog.records  # no traceback: neither is a failure of the service


async def test_a_refused_connection_is_closed_within_the_documented_linger(gate):
    _url, port, limits = gate

    async def held_after_answer(head: bytes) -> tuple[bytes, float]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(head)  # the body it announces never comes
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), limits.body_timeout_s + 5)
        answered = time.monotonic()
        await asyncio.wait_for(reader.read(), 30)  # until the service closes it
        writer.close()
        return status, time.monotonic() - answered

    head = b"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
    (no_token, held_401), (no_body, held_408) = await asyncio.gather(
        held_after_answer(head + b"\r\n{"),
        held_after_answer(head + f"Authorization: Bearer {TOKEN}\r\n\r\n{{".encode()),
    )
    assert no_token.startswith(b"HTTP/1.1 401") and no_body.startswith(b"HTTP/1.1 408")
    # aiohttp's own lingering (10 s) held both; the gate's is LINGER_S
    assert held_401 < LINGER_S + 1 and held_408 < LINGER_S + 1, (held_401, held_408)


class FullHandle:
    """Ray Serve's deployment handle when the deployment's queue is full (the Ray boundary):
    ``handle.score.remote(...)`` raises Ray's own ``BackPressureError``."""

    class score:  # the handle's attribute
        @staticmethod
        async def remote(texts):
            from ray.serve.exceptions import BackPressureError

            raise BackPressureError(num_queued_requests=8, max_queued_requests=8)

    class info:
        @staticmethod
        async def remote():
            return {"model_id": "m@0"}


async def test_ray_back_pressure_is_503_overloaded_with_retry_after(caplog):
    limits = GateLimits()
    app = build_gate(RayBackend(FullHandle()), token=TOKEN, limits=limits)
    runner = await serve_gate(app, "127.0.0.1", 0, limits)
    caplog.set_level(logging.WARNING, logger="classifier.serving.gate")
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        async with aiohttp.ClientSession() as session:
            answers = []
            for _ in range(3):
                async with session.post(
                    f"{url}/v1/score", json={"texts": ["oi"]}, headers={"Authorization": f"Bearer {TOKEN}"}
                ) as r:
                    answers.append((r.status, await r.json(), r.headers.get("Retry-After")))
    finally:
        await runner.cleanup()
    assert answers == [(503, {"error": "overloaded"}, "1")] * 3
    assert all(r.levelno < logging.ERROR and not r.exc_info for r in caplog.records)  # no traceback
