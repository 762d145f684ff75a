"""Characters translated per API key (DeepL `/v2/usage` and the PD_CHARACTER_LIMIT quota).

Counted in the job store (service.jobs.store): the SQLite file in PD_DATA_DIR that every worker
of a machine shares, or, with PD_QUEUE_URL, the Redis that every API machine behind a gateway
shares, so a quota holds for the deployment, not per machine. Keys are stored as SHA-256
digests, never in clear; each update is one atomic increment (an upsert in SQLite, HINCRBY in
Redis), so concurrent requests never lose a count.
"""

from __future__ import annotations

import hashlib

from service.jobs.store import Store

NAMESPACE = "usage"


class UsageCounter:
    """Characters translated per API key, kept in the job store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def count(self, key: str) -> int:
        """Characters counted so far for `key`."""
        return self.store.incr(NAMESPACE, _digest(key), 0)

    def add(self, key: str, characters: int) -> None:
        """Count `characters` more for `key`."""
        self.store.incr(NAMESPACE, _digest(key), characters)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
