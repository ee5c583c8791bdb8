"""The hit buffer alone: bounded, written oldest first, one flush at a time, failures reported."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.ops.hit_buffer import HitBuffer


class Database:
    """A write target that can be down, and slow (a busy database)."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.down = False
        self.delay = 0.0

    async def write(self, item: int) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.down:
            raise OSError("connection refused")
        self.rows.append(item)


async def test_a_hit_is_written_at_once_when_the_database_answers():
    db = Database()
    buffer = HitBuffer(db.write, 10)
    await buffer.add(1)
    assert db.rows == [1] and len(buffer) == 0


async def test_while_the_database_fails_hits_wait_bounded_and_the_oldest_are_dropped(caplog):
    db, failures = Database(), []
    buffer = HitBuffer(db.write, 2, failures.append)
    db.down = True
    with caplog.at_level(logging.ERROR, "bot.ops.hit_buffer"):
        for i in range(1, 5):
            await buffer.add(i)
    assert list(buffer.pending) == [3, 4] and buffer.dropped == 2
    assert len(failures) == 4 and all(isinstance(e, OSError) for e in failures)  # each try counted
    assert "dropped the oldest hit (2 dropped so far)" in caplog.text
    db.down = False
    assert await buffer.retry() == 2
    assert db.rows == [3, 4] and not buffer.pending


async def test_a_flush_stops_at_the_first_failure_and_keeps_the_order():
    db = Database()
    buffer = HitBuffer(db.write, 10)
    db.down = True
    await buffer.add(1)
    await buffer.add(2)
    assert await buffer.flush() == 0 and list(buffer.pending) == [1, 2]
    db.down = False
    await buffer.add(3)  # a new hit writes those before it first
    assert db.rows == [1, 2, 3]


async def test_concurrent_adds_and_flushes_write_each_hit_once_in_order():
    db = Database()
    db.delay = 0.01
    buffer = HitBuffer(db.write, 100)
    await asyncio.gather(*(buffer.add(i) for i in range(1, 6)), buffer.flush(), buffer.flush())
    await buffer.flush()
    assert db.rows == [1, 2, 3, 4, 5] and not buffer.pending


async def test_the_retry_and_the_last_flush_say_what_they_wrote_and_what_is_lost(caplog):
    db = Database()
    buffer = HitBuffer(db.write, 10)
    assert await buffer.retry() == 0  # nothing waits: nothing is tried
    db.down = True
    await buffer.add(1)
    with caplog.at_level(logging.ERROR, "bot.ops.hit_buffer"):
        assert await buffer.close() == 1
    assert "1 hit(s) not written" in caplog.text
    db.down = False
    assert await buffer.close() == 0 and db.rows == [1]


def test_a_buffer_holds_at_least_one_hit():
    with pytest.raises(ValueError, match="max_items >= 1"):
        HitBuffer(Database().write, 0)
