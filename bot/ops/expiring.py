"""One expiring cache for the bot and the dashboard (RoboDanny's ``ExpiringCache``, in one place).

A small class rather than ``cachetools.TTLCache``: the bot's base install does not carry
cachetools (a dashboard extra), and the guilds' configuration cache needs two things TTLCache
lacks: a TTL changed at run time applies at once, and an entry can expire from when its load
*started* (what was read may be that old).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ExpiringCache(Generic[K, V]):
    """Values that expire ``ttl_s`` seconds after they were read; ``ttl_s`` <= 0 caches nothing.

    ``ttl_s`` is read at every lookup, so changing it takes effect at once. Expired entries are
    dropped as they are met and, oldest first, on every store: the cache holds only what is
    fresh (plus what nobody asked for since it expired, until the next store).
    """

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()  # oldest first

    @staticmethod
    def now() -> float:
        return time.monotonic()

    def get(self, key: K) -> V | None:
        """The value if it is still fresh, else ``None``."""
        item = self._items.get(key)
        if item is None:
            return None
        if self.now() - item[0] < self.ttl_s:
            return item[1]
        del self._items[key]
        return None

    def set(self, key: K, value: V, *, read_at: float | None = None) -> None:
        """Keep ``value``; ``read_at`` (``now()`` by default) is when it was read from its source."""
        now = self.now()
        while self._items:  # oldest first: stop at the first that is still fresh
            oldest, (at, _value) = next(iter(self._items.items()))
            if now - at < self.ttl_s:
                break
            del self._items[oldest]
        if self.ttl_s <= 0:
            return
        self._items[key] = (now if read_at is None else read_at, value)
        self._items.move_to_end(key)

    def pop(self, key: K) -> None:
        """Forget ``key`` (its source changed)."""
        self._items.pop(key, None)

    def __len__(self) -> int:
        return len(self._items)
