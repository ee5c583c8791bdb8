"""Messages waiting to be checked again: order kept, bounded, every end counted once."""

from __future__ import annotations

import asyncio

import pytest

from bot.ops.backlog import SCORED, WAITING, Backlog


def backlog(max_items: int = 10, max_bytes: int = 10_000, now: list[float] | None = None) -> Backlog[str]:
    clock = (lambda: now[0]) if now is not None else (lambda: 0.0)
    b: Backlog[str] = Backlog(max_items, 10, max_bytes, len, clock)
    b.ends = []  # type: ignore[attr-defined]
    b.on_settle = lambda key, outcome: b.ends.append((key, outcome))  # type: ignore[attr-defined]
    return b


async def test_the_backlog_keeps_order_bounds_and_counts_drops():
    now = [0.0]
    b = backlog(max_items=3, now=now)
    down = True
    done: list[str] = []

    async def retry(text: str) -> str:
        if down:
            return WAITING
        done.append(text)
        return SCORED

    for key in (1, 2, 3, 4):
        b.add(key, f"m{key}", b.next_version())
    assert len(b) == 3 and b.dropped["full"] == 1  # the oldest went
    b.add(3, "m3 edited", b.next_version())  # an edit while waiting: still one entry, its first age
    assert len(b) == 3 and b.attempts(3) == 2
    assert b.discard(2, "deleted") and b.dropped["deleted"] == 1
    assert await b.drain(retry) == 0 and len(b) == 2  # still down: nothing lost
    assert b.attempts(3) == 3 and b.attempts(4) == 2  # what did not settle keeps its count
    down = False
    # the drain loop and a shutdown's last try at once: each message is retried once, not twice
    assert sorted(await asyncio.gather(b.drain(retry), b.drain(retry))) == [0, 2]
    assert done == ["m3 edited", "m4"] and not b and b.drained == 2 and b.bytes == 0
    b.add(5, "m5", b.next_version())
    now[0] = 11.0
    assert b.expire() == 1 and b.dropped["expired"] == 1 and not b
    assert b.ends == [(1, "full"), (2, "deleted"), (3, SCORED), (4, SCORED), (5, "expired")]


async def test_the_backlog_is_bounded_in_bytes_as_well_as_in_number():
    b = backlog(max_items=100, max_bytes=10)
    b.add(1, "aaaa", b.next_version())
    b.add(2, "bbbb", b.next_version())
    assert b.bytes == 8 and not b.dropped
    b.add(3, "cccc", b.next_version())  # 12 bytes: the oldest goes
    assert 2 in b and 3 in b and 1 not in b and b.bytes == 8 and b.dropped["full"] == 1
    b.add(2, "bbbbbbbb", b.next_version())  # a longer edit counts its own size, keeps its age
    assert 2 not in b and 3 in b and b.bytes == 4 and b.dropped["full"] == 2
    assert b.drop_all("shutdown") == 1 and b.bytes == 0 and b.dropped["shutdown"] == 1


async def test_a_retry_settles_only_the_version_it_checked():
    b = backlog()
    b.add(1, "original", b.next_version())
    scoring, release = asyncio.Event(), asyncio.Event()

    async def retry(text: str) -> str:
        if text == "original":
            scoring.set()
            await release.wait()
        return SCORED

    drain = asyncio.create_task(b.drain(retry))
    await scoring.wait()
    b.add(1, "edit", b.next_version())  # arrives while the original is being checked
    assert len(b) == 2
    release.set()
    assert await drain >= 1
    await b.drain(retry)
    assert not b and b.ends == [(1, SCORED), (1, SCORED)]  # each version checked, none lost

    # a live check of a newer version settles the older one; an older one settles nothing newer
    old, new = b.next_version(), b.next_version()
    b.add(2, "newer", new)
    assert not b.discard(2, upto=old) and 2 in b
    assert b.discard(2, upto=new) and 2 not in b and b.ends[-1] == (1, SCORED)  # no drop counted


@pytest.mark.parametrize("outcome", [WAITING, "classifier_error"])
async def test_a_message_deleted_while_retried_ends_once(outcome):
    b = backlog()
    b.add(1, "text", b.next_version())

    async def retry(text: str) -> str:
        assert b.discard(1, "deleted")  # the author deletes it meanwhile
        return outcome

    await b.drain(retry)
    assert not b and b.bytes == 0
    assert b.ends == [(1, "deleted" if outcome == WAITING else "classifier_error")]


async def test_a_cancelled_drain_puts_what_it_held_back_in_front_in_order():
    b = backlog()
    for key in (1, 2, 3):
        b.add(key, f"m{key}", b.next_version())
    started = asyncio.Event()

    async def hang(text: str) -> str:
        started.set()
        await asyncio.sleep(60)
        return SCORED

    drain = asyncio.create_task(b.drain(hang, batch=2))
    await started.wait()
    b.add(4, "m4", b.next_version())
    drain.cancel()
    with pytest.raises(asyncio.CancelledError):
        await drain
    seen: list[str] = []

    async def record(text: str) -> str:
        seen.append(text)
        return SCORED

    await b.drain(record, batch=1)
    assert seen == ["m1", "m2", "m3", "m4"] and b.ends == [(k, SCORED) for k in (1, 2, 3, 4)]
