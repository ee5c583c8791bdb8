"""The one expiring cache of the bot and the dashboard (bot/ops/expiring.py)."""

from __future__ import annotations

import pytest

from bot.ops.expiring import ExpiringCache


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [100.0]
    monkeypatch.setattr(ExpiringCache, "now", staticmethod(lambda: now[0]))
    return now


def test_a_value_is_fresh_for_its_ttl_then_gone(clock):
    cache: ExpiringCache[str, int] = ExpiringCache(10)
    cache.set("a", 1)
    clock[0] += 9.9
    assert cache.get("a") == 1
    clock[0] += 0.1
    assert cache.get("a") is None and len(cache) == 0


def test_a_value_expires_from_when_it_was_read_not_when_it_was_kept(clock):
    cache: ExpiringCache[str, int] = ExpiringCache(10)
    cache.set("a", 1, read_at=clock[0] - 8)  # a load that took 8 s
    clock[0] += 2
    assert cache.get("a") is None


def test_a_changed_ttl_applies_at_once_and_zero_caches_nothing(clock):
    cache: ExpiringCache[str, int] = ExpiringCache(10)
    cache.set("a", 1)
    cache.ttl_s = 0
    assert cache.get("a") is None
    cache.set("b", 2)
    assert len(cache) == 0


def test_storing_drops_what_expired_and_pop_forgets(clock):
    cache: ExpiringCache[str, int] = ExpiringCache(10)
    cache.set("old", 1)
    clock[0] += 5
    cache.set("mid", 2)
    clock[0] += 6
    cache.set("new", 3)  # "old" expired unasked: dropped now, "mid" kept
    assert len(cache) == 2 and cache.get("mid") == 2
    cache.pop("mid")
    cache.pop("never")
    assert cache.get("mid") is None and len(cache) == 1
