"""Messages that could not be checked yet, kept to be checked again when the parts answer.

While the classifier is down, overloaded or slow, or the database cannot give what a decision
needs, a message is not skipped: it waits here, one entry per message, bounded in number, bytes
and age. Oldest first out, oldest first dropped, every drop counted by reason. Nothing here
knows Discord: an entry holds what a retry needs (the caller's item), never the event.

Each entry carries a version (an edit is a new version of its message), so a retry that scores
one version never settles a newer one that arrived meanwhile. A retry reports its outcome:
``SCORED`` (checked late), ``WAITING`` (a part still fails: it stays, its attempts counted), or
a reason to give it up (counted as a drop). Entries being retried are out of the queue but still
counted as waiting; a cancelled drain puts them back in front, in order.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

SCORED = "scored"  # checked and decided: drained
WAITING = "waiting"  # a part still fails: keep it
# anything else a retry returns is why it was given up (a drop, counted under that reason)

Retry = Callable[[T], Awaitable[str]]
Settled = Callable[[int, str], None]  # (key, SCORED or the drop's reason), for metrics and traces


@dataclass(eq=False)
class Entry(Generic[T]):
    key: int
    item: T
    version: int
    size: int
    first_seen: float
    attempts: int = 1
    gone: str | None = None  # removed while being retried: why (a delete), or "" (superseded)


class Backlog(Generic[T]):
    """A bounded, ordered set of messages waiting to be checked again."""

    def __init__(
        self,
        max_items: int,
        max_age_s: float,
        max_bytes: int,
        sizeof: Callable[[T], int],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_items < 1 or max_age_s <= 0 or max_bytes < 1:
            raise ValueError("a backlog needs max_items >= 1, max_bytes >= 1 and max_age_s > 0")
        self.max_items, self.max_age_s, self.max_bytes = max_items, max_age_s, max_bytes
        self.sizeof, self.clock = sizeof, clock
        self._queue: OrderedDict[int, Entry[T]] = OrderedDict()
        self._flight: dict[int, Entry[T]] = {}  # being retried now
        self.bytes = 0  # of everything waiting, queued or in flight
        self.dropped: Counter[str] = Counter()  # by reason: full, expired, deleted, shutdown, ...
        self.drained = 0
        self._versions = itertools.count(1)
        # one drain at a time: two would retry the same oldest messages and act on them twice
        self._draining = asyncio.Lock()
        self.on_settle: Settled | None = None

    def __len__(self) -> int:
        return len(self._queue) + len(self._flight)

    def __contains__(self, key: int) -> bool:
        return key in self._queue or key in self._flight

    def attempts(self, key: int) -> int:
        entry = self._queue.get(key) or self._flight.get(key)
        return entry.attempts if entry else 0

    def next_version(self) -> int:
        """A new version, taken when an event arrives: later events get higher ones."""
        return next(self._versions)

    def add(self, key: int, item: T, version: int) -> None:
        """Keep a message for later. Again for the same message: the newer version replaces the
        older one in place (its first age, one more attempt); an older one is ignored."""
        queued = self._queue.get(key)
        if queued is not None:
            if version < queued.version:
                return
            self.bytes -= queued.size
            queued.item, queued.version, queued.size = item, version, self.sizeof(item)
            queued.attempts += 1
            self.bytes += queued.size
        else:
            flying = self._flight.get(key)
            if flying is not None and version < flying.version:
                return
            # an edit of a message being retried waits as a new entry of its own, keeping its age
            first_seen = flying.first_seen if flying is not None else self.clock()
            entry = Entry(key, item, version, self.sizeof(item), first_seen)
            self._queue[key] = entry
            self.bytes += entry.size
        self._bound()

    def discard(self, key: int, reason: str | None = None, *, upto: int | None = None) -> bool:
        """Forget a message: deleted (``reason``, counted as a drop), or settled by a version
        scored elsewhere (``upto``: only versions up to it go, a newer one keeps waiting)."""
        queued = self._queue.get(key)
        if queued is not None and (upto is None or queued.version <= upto):
            self._remove(queued)
            if reason is not None:
                self._drop(reason, [key])
            return True
        flying = self._flight.get(key)
        if flying is not None and (upto is None or flying.version <= upto):
            flying.gone = reason or ""  # its retry decides: scored stands, otherwise gone
            return True
        return False

    def expire(self) -> int:
        """Drop what has waited longer than ``max_age_s`` (acting on it now would be too late)."""
        cutoff = self.clock() - self.max_age_s
        old = [entry for entry in self._queue.values() if entry.first_seen < cutoff]
        for entry in old:
            self._remove(entry)
        if old:
            self._drop("expired", [entry.key for entry in old])
            log.error("backlog: %d message(s) waited over %.0fs: dropped unchecked", len(old), self.max_age_s)
        return len(old)

    def drop_all(self, reason: str) -> int:
        """Give up everything queued (a stop: nothing in memory survives the process)."""
        left = list(self._queue.values())
        for entry in left:
            self._remove(entry)
        if left:
            self._drop(reason, [entry.key for entry in left])
        return len(left)

    async def drain(self, retry: Retry[T], batch: int = 32) -> int:
        """Retry waiting messages, oldest first, ``batch`` at a time side by side (so the model
        batches them), until a batch leaves one waiting: a part is still failing."""
        async with self._draining:
            return await self._drain(retry, batch)

    async def _drain(self, retry: Retry[T], batch: int) -> int:
        done = 0
        while self._queue:
            entries = [self._queue.popitem(last=False)[1] for _ in range(min(batch, len(self._queue)))]
            self._flight.update((entry.key, entry) for entry in entries)
            try:
                outcomes = await asyncio.gather(*(self._retry(retry, entry) for entry in entries))
            finally:
                # cancelled (a stop): what was not settled goes back in front, in its order
                for entry in reversed(entries):
                    if self._flight.get(entry.key) is entry:
                        del self._flight[entry.key]
                        self._queue[entry.key] = entry
                        self._queue.move_to_end(entry.key, last=False)
            done += sum(1 for outcome in outcomes if outcome == SCORED)
            if WAITING in outcomes:
                break
        self.drained += done
        return done

    async def _retry(self, retry: Retry[T], entry: Entry[T]) -> str:
        try:
            outcome = await retry(entry.item)
        except Exception:
            log.exception("backlog: retrying %s failed", entry.key)
            outcome = WAITING
        del self._flight[entry.key]
        newer = self._queue.get(entry.key)  # an edit arrived meanwhile: it waits on its own
        if outcome == SCORED:
            self.bytes -= entry.size
            self._settle(entry.key, SCORED)
        elif outcome == WAITING and entry.gone is None and newer is None:
            entry.attempts += 1
            self._flight[entry.key] = entry  # the drain's finally puts it back in its place
        else:
            self.bytes -= entry.size
            reason = entry.gone if outcome == WAITING else outcome
            if newer is None and reason:  # a newer version waiting: the message is not given up
                self._drop(reason, [entry.key])
        return outcome

    def _bound(self) -> None:
        while self._queue and (len(self) > self.max_items or self.bytes > self.max_bytes):
            oldest = next(iter(self._queue.values()))
            self._remove(oldest)
            self._drop("full", [oldest.key])
            log.error(
                "backlog full (%d messages, %d bytes at most): dropped the oldest waiting message %s",
                self.max_items,
                self.max_bytes,
                oldest.key,
            )

    def _remove(self, entry: Entry[T]) -> None:
        del self._queue[entry.key]
        self.bytes -= entry.size

    def _drop(self, reason: str, keys: list[int]) -> None:
        self.dropped[reason] += len(keys)
        for key in keys:
            self._settle(key, reason)

    def _settle(self, key: int, outcome: str) -> None:
        if self.on_settle is not None:
            self.on_settle(key, outcome)
