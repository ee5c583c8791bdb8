"""Async micro-batching: many callers, one worker thread, batches bounded by size and time.

Shaped after Ray Serve's ``batching.py``: one future per caller, cancelled callers are dropped
before the batch runs and every future is settled, also when the model raises.

The worker is the batch window. While it runs one batch the next gathers in the queue, and the
moment it is free it takes everything waiting, up to ``max_batch_size``: under load batches grow
by themselves and nobody waits for a timer. An idle worker starts on the first request at once
(``max_wait_ms=0``, the default), or holds up to ``max_wait_ms`` for company, which only pays
where a batch of one costs nearly as much as a full one (a large GPU).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np

from classifier.errors import (
    ClassifierClosed,
    ClassifierConfigError,
    ClassifierOverloaded,
    ClassifierTimeout,
)

log = logging.getLogger(__name__)

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass
class _Request(Generic[In]):
    item: In
    future: asyncio.Future
    enqueued: float


@dataclass
class BatchStats:
    """Counters and recent timings (the last ``window`` requests) for ``Classifier.stats()``."""

    window: int = 2048
    requests: int = 0
    batches: int = 0
    items: int = 0
    rejected: int = 0
    timeouts: int = 0
    errors: int = 0
    cancelled: int = 0
    queue_wait: deque = field(default_factory=deque)
    latency: deque = field(default_factory=deque)

    def record(self, waits: list[float], latencies: list[float]) -> None:
        for store, values in ((self.queue_wait, waits), (self.latency, latencies)):
            store.extend(values)
            while len(store) > self.window:
                store.popleft()

    def snapshot(self) -> dict[str, float | int]:
        def pct(values: deque, q: float) -> float:
            return float(np.percentile(np.asarray(values), q) * 1000) if values else 0.0

        return {
            "requests": self.requests,
            "batches": self.batches,
            "mean_batch_size": self.items / self.batches if self.batches else 0.0,
            "rejected": self.rejected,
            "timeouts": self.timeouts,
            "errors": self.errors,
            "cancelled": self.cancelled,
            **{f"queue_wait_p{q}_ms": pct(self.queue_wait, q) for q in (50, 95, 99)},
            **{f"latency_p{q}_ms": pct(self.latency, q) for q in (50, 95, 99)},
        }


class MicroBatcher(Generic[In, Out]):
    """Collects single items from many coroutines into calls of ``fn(list) -> list``."""

    def __init__(
        self,
        fn: Callable[[list[In]], Sequence[Out]],
        *,
        max_batch_size: int = 32,
        max_wait_ms: float = 0.0,
        max_queue: int = 1024,
        executor: ThreadPoolExecutor | None = None,
    ) -> None:
        if not isinstance(max_batch_size, int) or max_batch_size < 1:
            raise ClassifierConfigError(f"max_batch_size must be a positive integer, got {max_batch_size!r}")
        if not max_wait_ms >= 0:
            raise ClassifierConfigError(f"max_wait_ms must be >= 0, got {max_wait_ms!r}")
        if not isinstance(max_queue, int) or max_queue < max_batch_size:
            raise ClassifierConfigError(f"max_queue must be an integer >= max_batch_size, got {max_queue!r}")
        self._fn = fn
        self.max_batch_size = max_batch_size
        self.max_wait = max_wait_ms / 1000
        self._queue: asyncio.Queue[_Request[In]] = asyncio.Queue(maxsize=max_queue)
        # one worker thread: the model is not re-entrant and torch already uses every core
        self._owns_executor = executor is None
        self.executor = executor or ThreadPoolExecutor(1, thread_name_prefix="sentinela-model")
        self._task: asyncio.Task | None = None
        self.stats = BatchStats()
        # called with (batch size, seconds the model took) after each batch: metrics exporters
        self.batch_listeners: list[Callable[[int, float], None]] = []

    @property
    def queue_depth(self) -> int:
        return self._queue.qsize()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self.running:
            return
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="sentinela-batcher")

    async def aclose(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        while not self._queue.empty():  # nobody will serve what is still queued
            req = self._queue.get_nowait()
            if not req.future.done():
                req.future.set_exception(ClassifierClosed("classifier closed"))
        if self._owns_executor:
            self.executor.shutdown(wait=False, cancel_futures=True)

    async def submit(self, item: In, timeout: float | None = None) -> Out:
        if not self.running:
            raise ClassifierClosed("classifier is not running; use `async with` or start()")
        loop = asyncio.get_running_loop()
        req = _Request(item, loop.create_future(), time.perf_counter())
        try:
            self._queue.put_nowait(req)
        except asyncio.QueueFull:
            self.stats.rejected += 1
            raise ClassifierOverloaded(f"classifier queue is full ({self._queue.maxsize} waiting)") from None
        self.stats.requests += 1
        try:
            # cheaper than wait_for (no task per request); a timeout cancels the future, and the
            # batcher drops cancelled requests before they reach the model
            async with asyncio.timeout(timeout):
                return await req.future
        except TimeoutError:
            self.stats.timeouts += 1
            raise ClassifierTimeout(f"no answer within {timeout:.3g}s") from None

    async def run_direct(self, items: list[In]) -> Sequence[Out]:
        """Run one prepared batch on the worker thread (bulk jobs that bypass the queue)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, self._fn, items)

    async def _collect(self) -> list[_Request[In]]:
        """Everything waiting now (up to the cap); an idle worker waits ``max_wait`` at most for more."""
        batch = [await self._queue.get()]
        deadline = time.perf_counter() + self.max_wait
        while len(batch) < self.max_batch_size:
            try:
                batch.append(self._queue.get_nowait())
                continue
            except asyncio.QueueEmpty:
                pass
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            try:
                batch.append(await asyncio.wait_for(self._queue.get(), remaining))
            except TimeoutError:
                break
        return batch

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = await self._collect()
            live = [r for r in batch if not r.future.done()]  # timed out or cancelled callers
            self.stats.cancelled += len(batch) - len(live)
            if not live:
                continue
            started = time.perf_counter()
            try:
                results: Any = await loop.run_in_executor(self.executor, self._fn, [r.item for r in live])
                if len(results) != len(live):
                    raise RuntimeError(f"model returned {len(results)} results for {len(live)} inputs")
            except asyncio.CancelledError:
                for r in live:
                    if not r.future.done():
                        r.future.set_exception(ClassifierClosed("classifier closed"))
                raise
            except Exception as e:  # every caller hears about it; the loop carries on
                self.stats.errors += 1
                log.exception("model batch of %d failed", len(live))
                for r in live:
                    if not r.future.done():
                        r.future.set_exception(e)
                continue
            done = time.perf_counter()
            self.stats.batches += 1
            self.stats.items += len(live)
            self.stats.record([started - r.enqueued for r in live], [done - r.enqueued for r in live])
            for listener in self.batch_listeners:
                try:
                    listener(len(live), done - started)
                except Exception:  # an observer never stops the batcher
                    log.exception("batch listener failed")
            for r, result in zip(live, results, strict=True):
                if not r.future.done():
                    r.future.set_result(result)
