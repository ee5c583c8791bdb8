"""Health and metrics of a bot process: ``/healthz`` and Prometheus ``/metrics`` over aiohttp.

aiohttp comes with discord.py; ``prometheus-client`` writes the exposition format. Each cog has
its own registry, so two bots in one process (or the tests) never share counters.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from classifier.cli import first_line

log = logging.getLogger(__name__)

# what each probe may take before it counts as failed: a health check must answer quickly
PROBE_TIMEOUT_S = 3.0
# probes run at most once per this many seconds, whatever the number of GETs: a flood of
# /healthz must not become a flood of model calls
PROBE_CACHE_S = 5.0


# reasons a text is not checked that are no failure: everything else is a part that failed
SKIPPED_BY_DESIGN = frozenset({"bot_or_system", "no_text", "disabled", "exempt"})


class Metrics:
    """The counters the moderation cog keeps (names follow Prometheus conventions)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        r = self.registry = registry or CollectorRegistry()
        self.messages_seen = Counter(
            "sentinela_messages_seen", "Messages, edits and thread titles received from guilds", registry=r
        )
        self.messages_checked = Counter("sentinela_messages_checked", "Texts scored by the model", registry=r)
        self.messages_skipped = Counter(
            "sentinela_messages_skipped", "Texts not scored, by reason", ["reason"], registry=r
        )
        self.hits = Counter(
            "sentinela_hits", "Label hits, by label and action taken", ["label", "action"], registry=r
        )
        self.actions_failed = Counter(
            "sentinela_actions_failed",
            "Deletes/timeouts not carried out, by reason",
            ["action", "reason"],
            registry=r,
        )
        self.classifier_latency = Histogram(
            "sentinela_classifier_latency_seconds",
            "Time from asking the classifier to its answer (queue included)",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
            registry=r,
        )
        self.batch_size = Histogram(
            "sentinela_classifier_batch_size",
            "Texts per model call",
            buckets=(1, 2, 4, 8, 16, 32, 64, 128),
            registry=r,
        )
        self.queue_depth = Gauge(
            "sentinela_classifier_queue_depth", "Texts waiting for the model", registry=r
        )
        self.pending_hits = Gauge(
            "sentinela_pending_hits", "Hits waiting in memory for the database to come back", registry=r
        )
        self.backlog_depth = Gauge(
            "sentinela_backlog_depth",
            "Messages waiting for the classifier or the database to answer again",
            registry=r,
        )
        self.backlog_drained = Counter(
            "sentinela_backlog_drained", "Waiting messages checked late, once the parts answered", registry=r
        )
        self.backlog_dropped = Counter(
            "sentinela_backlog_dropped",
            "Waiting messages given up, by reason (full, expired, deleted, shutdown, ...)",
            ["reason"],
            registry=r,
        )
        self.database_errors = Counter(
            "sentinela_database_errors", "Failed database operations, by operation", ["operation"], registry=r
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def not_checked(self) -> collections.Counter[str]:
        """Texts not checked because a part failed, by reason, since start (read off the counter)."""
        found: collections.Counter[str] = collections.Counter()
        for family in self.messages_skipped.collect():
            for sample in family.samples:
                reason = sample.labels.get("reason")
                if sample.name.endswith("_total") and reason not in SKIPPED_BY_DESIGN:
                    found[reason] = int(sample.value)
        return found


@dataclass(frozen=True)
class Check:
    name: str
    probe: Callable[[], Awaitable[str | None]]  # None when healthy, else the reason


class HealthServer:
    """``GET /healthz``: 200 ``ok`` or 503 with one line per failing check; ``GET /metrics``."""

    def __init__(
        self, metrics: Metrics, checks: list[Check], host: str, port: int, cache_s: float = PROBE_CACHE_S
    ) -> None:
        self.metrics, self.checks, self.host, self.port = metrics, checks, host, port
        self.cache_s = cache_s
        self._runner: web.AppRunner | None = None
        self._last: tuple[float, list[str]] | None = None
        self._probing: asyncio.Task[list[str]] | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # a free port was asked for (tests): report the one given
            self.port = self._runner.addresses[0][1]
        log.info("health and metrics on http://%s:%d/healthz and /metrics", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def failures(self) -> list[str]:
        """The failing checks, probed at most once per ``cache_s``; concurrent callers share one probe."""
        now = asyncio.get_running_loop().time()
        if self._last is not None and now - self._last[0] < self.cache_s:
            return self._last[1]
        if self._probing is None or self._probing.done():
            self._probing = asyncio.create_task(self._probe_all())
        # shielded: a caller that gives up (its client hung up) does not cancel the others' probe
        result = await asyncio.shield(self._probing)
        self._last = (asyncio.get_running_loop().time(), result)
        return result

    async def _probe_all(self) -> list[str]:
        async def run(check: Check) -> str | None:
            try:
                return await asyncio.wait_for(check.probe(), PROBE_TIMEOUT_S)
            except TimeoutError:
                return f"no answer within {PROBE_TIMEOUT_S:g}s"
            except Exception as e:
                return f"{type(e).__name__}: {first_line(e)}" if str(e).strip() else type(e).__name__

        results = await asyncio.gather(*(run(c) for c in self.checks))
        return [f"{c.name}: {r}" for c, r in zip(self.checks, results, strict=True) if r is not None]

    async def _healthz(self, _request: web.Request) -> web.Response:
        failing = await self.failures()
        if failing:
            return web.Response(status=503, text="\n".join(failing) + "\n")
        return web.Response(text="ok\n")

    async def _metrics(self, _request: web.Request) -> web.Response:
        body = self.metrics.render()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
