"""The shared, durable translation memory of document jobs, in the job store.

Key: (model, revision, languages, piece, generation options) — the tuple the engine path builds
(service.translate.segments) — hashed to a fixed-length store key. Every worker on every machine
reads and writes the same memory, so a unit a killed worker had translated is not translated
again, and a revised document pays only for its changed sentences. A small in-process LRU sits in
front of the store so that a job's final assembly reads each piece once.

Expiry (PD_MEMORY_TTL_S) by generations: pieces are written to the namespace of the current
generation (`memory_<time // ttl>`); a piece found only in the previous generation is copied
forward. The maintenance pass drops whole generations older than the previous one (one DEL in
Redis, one DELETE in SQLite), so a piece unused for `ttl` seconds is gone after at most
`2 × ttl`, and one in use is never dropped. With `ttl` 0 there is one generation, kept forever.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Hashable
from typing import Any

from service.jobs.store import Store
from service.translate.cache import TranslationCache
from service.translate.segments import PieceResult

GENERATIONS = "memory_generations"  # namespace: generation number -> time first written


class DurableMemory:
    """A PieceCache over the job store (see module docstring)."""

    def __init__(
        self,
        store: Store,
        ttl_s: int,
        front_size: int = 4096,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store, self.ttl_s, self.clock = store, ttl_s, clock
        self.front: TranslationCache[PieceResult] = TranslationCache(front_size)
        self.hits = 0
        self.misses = 0
        self._registered: int | None = None  # the generation this process last registered

    def get(self, key: Hashable) -> PieceResult | None:
        """The stored piece or None; counts a hit or a miss."""
        found = self.front.get(key)
        if found is None:
            value = self._lookup(store_key(key))
            if value is not None:
                found = PieceResult(value["text"], tuple(value["flags"]))
                self.front.put(key, found)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: Hashable, value: PieceResult) -> None:
        """Store a translated piece for every worker."""
        self.front.put(key, value)
        self._write(store_key(key), {"text": value.text, "flags": list(value.flags)})

    def expire(self) -> int:
        """Drop the generations older than the previous one; returns how many."""
        current = self.generation()
        old = [g for g in self.store.items(GENERATIONS) if int(g) < current - 1]
        for generation in old:
            self.store.flush(namespace(int(generation)))
            self.store.delete(GENERATIONS, generation)
        return len(old)

    def generation(self) -> int:
        """The current generation (always 0 when pieces never expire)."""
        return int(self.clock() // self.ttl_s) if self.ttl_s > 0 else 0

    def _lookup(self, key: str) -> dict[str, Any] | None:
        current = self.generation()
        value = self.store.get(namespace(current), key)
        if value is None and self.ttl_s > 0:
            value = self.store.get(namespace(current - 1), key)
            if value is not None:  # in use again: keep it another generation
                self._write(key, value)
        return value

    def _write(self, key: str, value: dict[str, Any]) -> None:
        current = self.generation()
        if current != self._registered:  # generations only grow: register each one once
            self.store.add(GENERATIONS, str(current), self.clock())
            self._registered = current
        self.store.put(namespace(current), key, value)


def namespace(generation: int) -> str:
    """The store namespace holding one generation of pieces."""
    return f"memory_{generation}"


def store_key(key: Hashable) -> str:
    """A fixed-length key for a memory tuple (its JSON, hashed)."""
    text = json.dumps(key, ensure_ascii=False, default=str, sort_keys=True)
    return "tm:" + hashlib.sha256(text.encode()).hexdigest()
