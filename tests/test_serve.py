"""The Ray Serve model service and ``RemoteClassifier``, end to end on the tiny fixture model.

The service runs as its own process (``python -m classifier.serving``), started once for the
module: a real Ray instance, real HTTP. The last test stops it and starts it again.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands
from discord.ext.test import backend
from pgserver import free_port

from bot.cogs.moderation import Moderation
from bot.core.policy import Action, Rule
from bot.db.store import Store
from bot.ops.config import Settings
from classifier import Classifier, ClassifierUnavailable, RemoteClassifier
from classifier.serving.remote import CircuitBreaker

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ["voce e um idiota imbecil", "bom dia a todos no time", "que merda de jogo porra"]
TOKEN = "serve-token-for-the-tests-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TOXIC = TEXTS[0]


class Service:
    def __init__(self, model: Path, port: int, log: Path) -> None:
        self.model, self.port, self.log = model, port, log
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "RAY_USAGE_STATS_ENABLED": "0",  # no phoning home from a test
            "HF_HUB_OFFLINE": "1",
        }
        args = [
            "--model",
            str(self.model),
            "--port",
            str(self.port),
            "--max-batch-size",
            "16",
            "--token",
            TOKEN,
        ]
        args += [
            "--batch-wait-ms",
            "20",
            "--max-texts",
            "8",
            "--max-chars",
            "500",
            "--num-cpus-per-replica",
            "1",
        ]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "classifier.serving", *args],
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"model service exited: {self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        pytest.fail(f"model service did not come up: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # serve.shutdown() and ray.shutdown()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def post(self, body: bytes) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"{self.url}/v1/score", data=body, headers={"Content-Type": "application/json", **AUTH}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(
            urllib.request.Request(f"{self.url}{path}", headers=AUTH), timeout=30
        ) as r:
            return json.load(r)

    def rss_mib(self) -> float:
        """Resident memory of the service's whole process group (the gate, Ray, its replica)."""
        total = 0
        for status in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = status.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.proc.pid:  # the process group (start_new_session)
                total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        return total / 2**20


@pytest.fixture(scope="module")
def service(trained_model, tmp_path_factory):
    svc = Service(trained_model, free_port(), tmp_path_factory.mktemp("serve") / "service.log")
    svc.start()
    yield svc
    svc.stop()


def test_served_probabilities_are_the_in_process_ones(service, trained_model):
    status, body = service.post(json.dumps({"texts": TEXTS}).encode())
    assert status == 200
    engine_side = asyncio.run(_in_process(trained_model))
    remote = RemoteClassifier(service.url, token=TOKEN).predict(TEXTS)
    for served, scripted, local in zip(body["results"], remote, engine_side, strict=True):
        for label, p in local.probabilities.items():
            assert served["probabilities"][label] == pytest.approx(p, abs=1e-5)
            assert scripted.probabilities[label] == pytest.approx(p, abs=1e-5)
        assert tuple(served["flagged"]) == local.flagged == scripted.flagged
    info = service.get("/v1/model")
    assert info["labels"] == ["insult", "obscene"] and set(info["thresholds"]) == {"insult", "obscene"}
    assert info["model_id"].startswith(f"{trained_model.name}@") and info["format_version"] >= 1
    assert str(trained_model) not in json.dumps(info)  # no path of the service's machine


async def _in_process(model: Path):
    async with await Classifier.load(model, "cpu") as clf:
        return clf.predict(TEXTS)


async def test_concurrent_callers_are_batched_by_the_service(service):
    before = service.get("/v1/stats")
    async with RemoteClassifier(service.url, token=TOKEN) as clf:
        scores = await asyncio.gather(*(clf.score(t) for t in TEXTS * 16))
        assert clf.labels == ["insult", "obscene"] and clf.model_id.startswith("model@")
    after = service.get("/v1/stats")
    calls = after["requests"] - before["requests"]
    batches = after["batches"] - before["batches"]
    assert calls == 48 and len(scores) == 48
    assert batches < calls  # one model call served several HTTP requests
    assert {s.flagged for s in scores[:3]} == {s.flagged for s in scores[3:6]}


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        (b'{"texts": 5}', 422, "texts must be a list of strings, got int"),
        (b'{"texts": ["ok", 3]}', 422, "texts[1] must be a string, got int"),
        (b'{"text": ["ok"]}', 422, 'the body must be a JSON object {"texts": [...]}'),
        (b"not json", 400, "the body is not JSON"),
        (json.dumps({"texts": ["a"] * 9}).encode(), 413, "too many texts: 9 (at most 8 per request)"),
        (json.dumps({"texts": ["a" * 501]}).encode(), 413, "texts[0] has 501 characters (at most 500)"),
        (
            json.dumps({"texts": ["a" * 500] * 8}).encode() + b" " * 30_000,
            413,
            "the body is over 25088 bytes",
        ),
        (b'{"texts": []}', 422, "texts is empty"),
    ],
)
def test_malformed_requests_get_a_4xx_with_one_line(service, body, status, reason):
    assert service.post(body) == (status, {"error": reason})


def test_without_the_token_nothing_but_healthz_answers(service):
    request = urllib.request.Request(f"{service.url}/v1/score", data=b'{"texts": ["oi"]}')
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code == 401
    with urllib.request.urlopen(f"{service.url}/healthz", timeout=10) as r:
        assert r.status == 200


def test_a_300_mb_body_gets_413_unread(service):
    import socket

    before = service.rss_mib()
    for _ in range(4):  # four at once grew a replica by 2.4 GiB before the gate
        with socket.create_connection(("127.0.0.1", service.port), timeout=10) as conn:
            conn.sendall(
                b"POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode()
                + b"\r\nContent-Type: application/json\r\nContent-Length: 314572800\r\n\r\n"
                + b"[" * 2**20
            )  # fmt: skip
            status = conn.recv(64)  # answered on the headers alone
            started = time.monotonic()
            try:  # the rest is dropped as it comes, never kept, then the connection is closed
                for _ in range(299):
                    conn.sendall(b"[" * 2**20)
            except OSError:
                pass
            assert time.monotonic() - started < 60
        assert status.startswith(b"HTTP/1.1 413"), status
    assert service.rss_mib() - before < 50


def test_the_circuit_opens_after_failures_and_lets_one_trial_through():
    now = [0.0]
    breaker = CircuitBreaker(failures=2, reset_s=5, clock=lambda: now[0])
    breaker.failure()
    assert breaker.allow()
    breaker.failure()
    assert breaker.state == "open" and not breaker.allow()
    now[0] = 5.0
    assert breaker.allow() and not breaker.allow()  # one trial at a time
    breaker.failure()  # the trial failed: open again, for another reset period
    assert not breaker.allow()
    now[0] = 10.0
    assert breaker.allow()
    breaker.success()
    assert breaker.state == "closed" and breaker.allow()


async def test_bot_waits_while_the_service_is_down_and_catches_up_when_it_returns(service, tmp_path):
    """Kill the service: the cog neither deletes nor times out, the messages wait; restart it:
    checking resumes in the same process, and what waited is acted on, without a restart."""
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    await bot._async_setup_hook()
    store = Store(f"sqlite+aiosqlite:///{tmp_path / 'remote.db'}")
    await store.migrate()
    remote = RemoteClassifier(
        service.url, timeout_s=3, retries=1, breaker_failures=2, breaker_reset_s=1, token=TOKEN
    )
    await remote.start()
    settings = Settings(_env_file=None, classifier_url=service.url, store_content=False)
    cog = Moderation(bot, settings, classifier=remote, store=store)
    dpytest.configure(bot, text_channels=["general"], members=["member"])
    await bot.add_cog(cog)
    cfg = dpytest.get_config()
    guild, channel, member = cfg.guilds[0], cfg.channels[0], cfg.members[0]
    await dpytest.add_role(guild.me, backend.make_role("bot", guild, permissions=8))
    await store.update(guild.id, "threshold", 0.55, target="insult", by=None)
    await store.update(guild.id, "threshold", 0.99, target="obscene", by=None)
    await store.update(guild.id, "rule", Rule(Action.DELETE), target="insult")
    try:
        msg = await dpytest.message(TOXIC, channel=channel, member=member)
        with pytest.raises(discord.NotFound):
            await channel.fetch_message(msg.id)  # served: deleted

        service.stop()
        started = time.monotonic()
        with pytest.raises(ClassifierUnavailable):
            await remote.score(TOXIC)
        assert time.monotonic() - started < 3  # connection refused: fails fast, within the timeout
        kept = [await dpytest.message(TOXIC, channel=channel, member=member) for _ in range(3)]
        for m in kept:
            assert (await channel.fetch_message(m.id)).id == m.id  # not deleted on a guess
        assert cog.metrics.not_checked()["classifier_unavailable"] == 3
        assert remote.stats()["circuit"] in ("open", "half_open")
        assert len(await store.hits_for_message(guild.id, kept[0].id)) == 0

        service.start()
        await asyncio.sleep(1.1)  # the circuit's reset period: the next call is a trial
        back = await dpytest.message(TOXIC, channel=channel, member=member)
        with pytest.raises(discord.NotFound):
            await channel.fetch_message(back.id)  # checking resumed without restarting the bot
        assert remote.stats()["circuit"] == "closed"
        deadline = time.monotonic() + 20
        while cog.backlog and time.monotonic() < deadline:  # the drainer runs every second
            await asyncio.sleep(0.2)
        await dpytest.run_all_events()
        for m in kept:
            with pytest.raises(discord.NotFound):
                await channel.fetch_message(m.id)  # deleted late, once the service answered
        assert len(await store.hits_for_message(guild.id, kept[0].id)) == 1
    finally:
        await dpytest.empty_queue()
        await bot.remove_cog("Moderation")
        await remote.aclose()
        await store.close()
