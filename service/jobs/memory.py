"""The shared, durable translation memory of document jobs, in the job store.

Key: (model, revision, languages, piece, generation options) — the tuple the engine path builds
(service.translate.segments) — hashed to a fixed-length store key. Every worker on every machine
reads and writes the same memory, so a unit a killed worker had translated is not translated
again, and a revised document pays only for its changed sentences. A small in-process LRU sits in
front of the store so that a job's final assembly reads each piece once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable

from service.jobs.store import Store
from service.translate.cache import TranslationCache
from service.translate.segments import PieceResult

NAMESPACE = "memory"


class DurableMemory:
    """A PieceCache over the job store (see module docstring)."""

    def __init__(self, store: Store, front_size: int = 4096) -> None:
        self.store = store
        self.front: TranslationCache[PieceResult] = TranslationCache(front_size)
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> PieceResult | None:
        """The stored piece or None; counts a hit or a miss."""
        found = self.front.get(key)
        if found is None:
            value = self.store.get(NAMESPACE, store_key(key))
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
        self.store.put(NAMESPACE, store_key(key), {"text": value.text, "flags": list(value.flags)})


def store_key(key: Hashable) -> str:
    """A fixed-length key for a memory tuple (its JSON, hashed)."""
    text = json.dumps(key, ensure_ascii=False, default=str, sort_keys=True)
    return "tm:" + hashlib.sha256(text.encode()).hexdigest()
