"""Messages waiting for the classifier: order kept, bounded, every drop counted."""

from __future__ import annotations

import asyncio

from bot.backlog import Backlog


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
