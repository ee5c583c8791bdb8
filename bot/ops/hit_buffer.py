"""Hits waiting for the database: the backlog's twin for database outages.

An action Discord carried out always gets its hit row: while the database fails, the hit waits
here, bounded (the oldest is dropped past ``max_items``, and counted), and is written oldest
first when the database answers again (at the next hit, at the retry loop's next turn, or at the
last flush on shutdown). One flush at a time: two would write the same oldest hit twice and then
drop another. Nothing here knows Discord or the store: it writes through the callable it is given.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

Write = Callable[[T], Awaitable[object]]
Failed = Callable[[BaseException], None]  # a write failed (for metrics)


class HitBuffer(Generic[T]):
    """A bounded, ordered buffer of records written through ``write``, oldest first."""

    def __init__(self, write: Write[T], max_items: int, on_failure: Failed | None = None) -> None:
        if max_items < 1:
            raise ValueError("a hit buffer needs max_items >= 1")
        self.write, self.max_items, self.on_failure = write, max_items, on_failure
        self.pending: deque[T] = deque()  # not written yet, oldest first
        self.dropped = 0  # lost because the buffer was full
        self._flushing = asyncio.Lock()

    def __len__(self) -> int:
        return len(self.pending)

    async def add(self, item: T) -> None:
        """Write ``item`` now, after those waiting; while the database fails, keep it (bounded)."""
        self.pending.append(item)
        while len(self.pending) > self.max_items:
            self.pending.popleft()
            self.dropped += 1
            log.error("hit buffer full: dropped the oldest hit (%d dropped so far)", self.dropped)
        if self._flushing.locked():
            return  # a flush is running: its loop writes this one too, in order
        await self.flush()

    async def flush(self) -> int:
        """Write what waits, oldest first; stop at the first failure. Returns how many were written."""
        written = 0
        async with self._flushing:
            while self.pending:
                try:
                    await self.write(self.pending[0])
                except Exception as e:
                    if self.on_failure is not None:
                        self.on_failure(e)
                    log.warning(
                        "database unavailable: %d hit(s) waiting to be written (%s)", len(self.pending), e
                    )
                    return written
                self.pending.popleft()
                written += 1
        return written

    async def retry(self) -> int:
        """The retry loop's turn: write what waited, even when no new hit comes."""
        if not self.pending:
            return 0
        written = await self.flush()
        if written:
            log.info("database back: wrote %d waiting hit(s)", written)
        return written

    async def close(self) -> int:
        """A last try on shutdown; returns how many hits stay unwritten (logged: they are lost)."""
        if self.pending:
            await self.flush()
        if self.pending:
            log.error("unloading with %d hit(s) not written to the database", len(self.pending))
        return len(self.pending)
