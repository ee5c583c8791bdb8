"""Turns: one author's messages are decided in the order they arrived, whatever order the model
answers them in.

Escalation counts an author's earlier hits: when several of their messages are scored side by
side (a backlog drained after an outage, a burst), each must be decided after the one before it
was recorded, or all of them count the same earlier hits and none escalates. Scoring still runs
side by side (the model batches it); only deciding, acting and recording take turns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable


class Turn:
    def __init__(self, turns: Turns, key: Hashable, before: asyncio.Future[None] | None) -> None:
        self._turns, self._key, self._before = turns, key, before
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def ready(self) -> None:
        """Wait until the turn before this one ended."""
        if self._before is not None and not self._before.done():
            # wait(), not await: a cancelled waiter must not cancel the turn it waits for
            await asyncio.wait([self._before])

    def end(self) -> None:
        if not self.done.done():
            self.done.set_result(None)
        self._turns._ended(self._key, self.done)


class Turns:
    """Per key (a guild's author), turns in the order they were taken."""

    def __init__(self) -> None:
        self._last: dict[Hashable, asyncio.Future[None]] = {}

    def take(self, key: Hashable) -> Turn:
        """Synchronous on purpose: the order of the calls is the order of the turns."""
        turn = Turn(self, key, self._last.get(key))
        self._last[key] = turn.done
        return turn

    def _ended(self, key: Hashable, done: asyncio.Future[None]) -> None:
        if self._last.get(key) is done:  # the author's last turn: nothing to keep for them
            del self._last[key]

    def __len__(self) -> int:
        return len(self._last)
