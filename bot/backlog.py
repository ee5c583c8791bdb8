"""Messages the model could not score yet, kept to be scored when it answers again.

While the classifier is down, overloaded or slow, a message is not skipped: it waits here, one
entry per message (an edit replaces the text it waits with; a delete removes it), bounded in
number and age. Oldest first out, oldest first dropped, every drop counted by reason. The cog
drains it in the background; nothing here knows Discord.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Retry = Callable[[], Awaitable[object]]  # scores the message again (re-adds it when it cannot)


@dataclass
class Waiting:
    key: int
    first_seen: float
    retry: Retry
    attempts: int = 1


class Backlog:
    """A bounded, ordered set of messages waiting for the model."""

    def __init__(self, max_items: int, max_age_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        if max_items < 1 or max_age_s <= 0:
            raise ValueError("a backlog needs max_items >= 1 and max_age_s > 0")
        self.max_items, self.max_age_s, self.clock = max_items, max_age_s, clock
        self._items: OrderedDict[int, Waiting] = OrderedDict()
        self.dropped: Counter[str] = Counter()  # by reason: full, expired, deleted
        self.drained = 0
        # one drain at a time: two would retry the same oldest messages and act on them twice
        self._draining = asyncio.Lock()
        self.on_drop: Callable[[str, int], None] | None = None  # (reason, count), for metrics

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: int) -> bool:
        return key in self._items

    def attempts(self, key: int) -> int:
        item = self._items.get(key)
        return item.attempts if item else 0

    def add(self, key: int, retry: Retry) -> None:
        """Keep a message for later; again for the same message: its newest text, its first age."""
        item = self._items.get(key)
        if item is not None:
            item.retry, item.attempts = retry, item.attempts + 1
            return
        self._items[key] = Waiting(key, self.clock(), retry)
        while len(self._items) > self.max_items:
            oldest, _ = self._items.popitem(last=False)
            self._drop("full", 1)
            log.error("backlog full (%d): dropped the oldest waiting message %s", self.max_items, oldest)

    def discard(self, key: int, reason: str | None = None) -> bool:
        """Forget a message: scored meanwhile (no reason), or deleted (counted as a drop)."""
        if self._items.pop(key, None) is None:
            return False
        if reason is not None:
            self._drop(reason, 1)
        return True

    def expire(self) -> int:
        """Drop what has waited longer than ``max_age_s`` (acting on it now would be too late)."""
        cutoff = self.clock() - self.max_age_s
        old = [key for key, item in self._items.items() if item.first_seen < cutoff]
        for key in old:
            del self._items[key]
        if old:
            self._drop("expired", len(old))
            log.error("backlog: %d message(s) waited over %.0fs: dropped unchecked", len(old), self.max_age_s)
        return len(old)

    async def drain(self, batch: int = 32) -> int:
        """Score waiting messages, oldest first, ``batch`` at a time side by side (so the model
        batches them), until one goes back in the queue: the model is still failing."""
        async with self._draining:
            return await self._drain(batch)

    async def _drain(self, batch: int) -> int:
        done = 0
        while self._items:
            items = list(itertools.islice(self._items.values(), batch))
            before = {item.key: item.attempts for item in items}
            results = await asyncio.gather(*(item.retry() for item in items), return_exceptions=True)
            for item, result in zip(items, results, strict=True):
                if isinstance(result, BaseException):
                    log.error("backlog: retrying %s failed", item.key, exc_info=result)
            failed = 0
            for key, attempts in before.items():
                current = self._items.get(key)
                if current is not None and current.attempts > attempts:
                    failed += 1  # still not scored: it keeps its place
                    continue
                # scored (the cog discarded it), or settled without the model (disabled meanwhile)
                self._items.pop(key, None)
                done += 1
            if failed:
                break
        self.drained += done
        return done

    def _drop(self, reason: str, count: int) -> None:
        self.dropped[reason] += count
        if self.on_drop is not None:
            self.on_drop(reason, count)
