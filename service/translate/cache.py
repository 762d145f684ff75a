"""Translation caches: the interface the engine path consults, and an in-process LRU (thread-safe).

`translate_texts` takes any PieceCache: the LRU below (synchronous routes), or the durable
translation memory of document jobs (service/jobs/memory.py), which keeps pieces in the job store.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, Protocol, TypeVar

V = TypeVar("V")


class PieceCache(Protocol[V]):
    """What the engine path needs of a cache: lookups, stores and hit/miss counters."""

    hits: int
    misses: int

    def get(self, key: Hashable) -> V | None:
        """The stored value or None; counts a hit or a miss."""
        ...

    def put(self, key: Hashable, value: V) -> None:
        """Store a value."""
        ...


class TranslationCache(Generic[V]):
    """A bounded LRU map; keys are (model, revision, input, options) tuples built by the caller.

    `maxsize` 0 disables caching (every lookup is a miss and nothing is stored).
    """

    def __init__(self, maxsize: int = 4096) -> None:
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The cached value (refreshing its recency) or None; counts a hit or a miss."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
            self.misses += 1
            return None

    def put(self, key: Hashable, value: V) -> None:
        """Store a value, evicting the least recently used entry beyond `maxsize`."""
        if self.maxsize <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    def stats(self) -> dict[str, int]:
        """Counters for /metrics and logs."""
        return {
            "hits": self.hits,
            "misses": self.misses,
            "size": len(self._data),
            "maxsize": self.maxsize,
        }
