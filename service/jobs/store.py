"""The job store: the queue and, beside it in the same storage, job records and the memory.

By default everything lives in one SQLite file in PD_DATA_DIR (huey's SqliteStorage); with
PD_QUEUE_URL=redis://... it all lives in that Redis (huey's RedisStorage), so every API and
worker machine shares the queue, the jobs and the translation memory. Each namespace is a huey
key-value storage of its own name: `jobs` (records, results, unit claims and markers),
`index` (job id -> expiry) and the translation memory's generations (service.jobs.memory).
Job events (service.jobs.events) are a table of the same SQLite file, or lists in the same Redis.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from huey import RedisHuey, SqliteHuey
from huey.constants import EmptyData
from huey.storage import BaseStorage, RedisStorage, SqliteStorage
from redis.exceptions import RedisError

from service.config import Config
from service.errors import QueueUnavailable
from service.jobs.events import Event, EventLog, RedisEvents, SqliteEvents

QUEUE = "policy_digest"


class Store:
    """The huey queue of this deployment and its JSON key-value namespaces."""

    def __init__(self, config: Config) -> None:
        self.events: EventLog
        if config.queue_url:
            from redis import ConnectionPool, Redis

            pool = ConnectionPool.from_url(config.queue_url)
            self.huey: Any = RedisHuey(QUEUE, results=False, connection_pool=pool)
            self._open: Callable[[str], BaseStorage] = lambda name: RedisStorage(
                name, connection_pool=pool
            )
            self.events = RedisEvents(Redis(connection_pool=pool), QUEUE)
        else:
            config.data_dir.mkdir(parents=True, exist_ok=True)
            filename = str(config.data_dir / "jobs.sqlite3")
            self.huey = SqliteHuey(QUEUE, results=False, filename=filename)
            self._open = lambda name: SqliteStorage(name, filename=filename)
            self.events = SqliteEvents(filename)
        self._kv: dict[str, BaseStorage] = {}
        self.kind = "redis" if config.queue_url else "sqlite"

    def namespace(self, ns: str) -> BaseStorage:
        """The storage of namespace `ns` (opened on first use)."""
        if ns not in self._kv:
            self._kv[ns] = self._open(f"{QUEUE}_{ns}")
        return self._kv[ns]

    def get(self, ns: str, key: str) -> Any:
        """The JSON value at `key`, or None."""
        with self.reachable():
            raw = self.namespace(ns).peek_data(key)
        return None if raw is EmptyData else json.loads(bytes(raw))

    def many(self, ns: str, keys: list[str]) -> dict[str, Any]:
        """The JSON values of those `keys` that exist."""
        with self.reachable():
            found = self.namespace(ns).peek_many(keys) if keys else {}
        return {_text(k): json.loads(bytes(v)) for k, v in found.items()}

    def put(self, ns: str, key: str, value: Any) -> None:
        """Store a JSON value at `key` (replacing any)."""
        with self.reachable():
            self.namespace(ns).put_data(key, _encode(value))

    def add(self, ns: str, key: str, value: Any) -> bool:
        """Store `value` only if `key` is free (atomic); whether it was stored."""
        with self.reachable():
            return bool(self.namespace(ns).put_if_empty(key, _encode(value)))

    def incr(self, ns: str, key: str, amount: int) -> int:
        """Add `amount` to the counter `key` (atomic; a missing counter is 0); its new value."""
        with self.reachable():
            return int(self.namespace(ns).incr(key, amount))

    def delete(self, ns: str, *keys: str) -> None:
        """Remove keys (missing ones are ignored)."""
        with self.reachable():
            for key in keys:
                self.namespace(ns).delete_data(key)

    def flush(self, ns: str) -> None:
        """Remove every key of a namespace (one statement in SQLite, one DEL in Redis)."""
        with self.reachable():
            self.namespace(ns).flush_results()

    def items(self, ns: str) -> dict[str, Any]:
        """Every key and JSON value of a namespace (only for small ones: `index`, generations)."""
        with self.reachable():
            found = self.namespace(ns).result_items()
        return {_text(k): json.loads(bytes(v)) for k, v in found.items()}

    def size(self, ns: str) -> int:
        """How many keys a namespace holds (e.g. translated pieces in the memory)."""
        with self.reachable():
            return int(self.namespace(ns).result_store_size())

    def append_event(self, job_id: str, kind: str, data: Any, key: str | None = None) -> bool:
        """Add an event to a job's log (see service.jobs.events); whether it was added."""
        with self.reachable():
            return self.events.append(job_id, kind, _encode(data).decode(), key) is not None

    def events_since(self, job_id: str, after: int, limit: int = 100) -> list[Event]:
        """A job's events with ids above `after`, in order (at most `limit`)."""
        with self.reachable():
            return self.events.since(job_id, after, limit)

    def has_event(self, job_id: str, key: str) -> bool:
        """Whether the job's log has the event of this key (the gist, a section, the end)."""
        with self.reachable():
            return self.events.has(job_id, key)

    def drop_events(self, job_id: str) -> None:
        with self.reachable():
            self.events.drop(job_id)

    def pending(self) -> int:
        """Tasks waiting in the queue."""
        with self.reachable():
            return int(self.huey.pending_count())

    def ping(self) -> None:
        """Raise QueueUnavailable unless the storage answers."""
        self.pending()

    @contextmanager
    def reachable(self) -> Iterator[None]:
        """Turn the storage's connection errors into QueueUnavailable (503)."""
        try:
            yield
        except (sqlite3.Error, RedisError) as exc:
            raise QueueUnavailable(
                f"the job store ({self.kind}) is not reachable: {exc}", {"store": self.kind}
            ) from exc


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _text(key: str | bytes) -> str:
    return key.decode() if isinstance(key, bytes) else key
