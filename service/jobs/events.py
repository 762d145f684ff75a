"""Job events: an append-only log per job in the job store, read by `/v1/jobs/{id}/events`.

Every process that changes a job appends here (a worker after a unit, the worker that assembles
the result, the API process that cancels), and any API process on any machine streams from it,
so the stream does not depend on which process translates. Each event has an integer id, 1, 2, 3
… per job, given by the append itself in one atomic operation (one SQLite transaction, one Lua
script in Redis), so ids never skip, never repeat, and a reader that resumes after id n misses
nothing and sees nothing twice.

An event may carry a `key`: an event with a key that is already in the log is not added again
(the gist and each section are announced once, however many workers race to do it). The final
event (`done`, `failed` or `cancelled`) has the key `final`; nothing is added after it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any, Protocol

FINAL = "final"  # the key of the last event of every job
FINAL_KINDS = ("done", "failed", "cancelled")


@dataclass(frozen=True)
class Event:
    """One event of a job: its id (1, 2, … per job), kind and JSON data."""

    id: int
    kind: str
    data: Any

    @property
    def final(self) -> bool:
        return self.kind in FINAL_KINDS


class EventLog(Protocol):
    """What the job store keeps of events (SQLite or Redis below)."""

    def append(self, job_id: str, kind: str, data: str, key: str | None) -> int | None:
        """Add an event (data: JSON text); its id, or None when it was not added (its key is
        already there, or the log has ended)."""
        ...

    def since(self, job_id: str, after: int, limit: int) -> list[Event]:
        """Up to `limit` events with an id above `after`, in order."""
        ...

    def has(self, job_id: str, key: str) -> bool:
        """Whether an event with this key was added."""
        ...

    def drop(self, job_id: str) -> None:
        """Remove the job's events (when the job expires)."""
        ...


TABLE = "policy_digest_events"


class SqliteEvents:
    """The event log in a table of the job store's SQLite file (WAL mode, shared by processes)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (a new one after a fork: connections never cross it)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None or getattr(self._local, "pid", None) != os.getpid():
            db = sqlite3.connect(self.filename, timeout=30, isolation_level=None)
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (job TEXT NOT NULL, seq INTEGER NOT NULL, "
                "kind TEXT NOT NULL, key TEXT, data TEXT NOT NULL, PRIMARY KEY (job, seq), "
                "UNIQUE (job, key))"
            )
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def append(self, job_id: str, kind: str, data: str, key: str | None) -> int | None:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")  # the writer's lock first: the next id is read under it
        try:
            row = db.execute(
                f"INSERT OR IGNORE INTO {TABLE} (job, seq, kind, key, data) "
                f"SELECT :job, (SELECT COALESCE(MAX(seq), 0) + 1 FROM {TABLE} WHERE job = :job), "
                ":kind, :key, :data "
                f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE job = :job AND key = :final) "
                "RETURNING seq",
                {"job": job_id, "kind": kind, "key": key, "data": data, "final": FINAL},
            ).fetchone()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return None if row is None else int(row[0])

    def since(self, job_id: str, after: int, limit: int) -> list[Event]:
        rows = self._db().execute(
            f"SELECT seq, kind, data FROM {TABLE} WHERE job = ? AND seq > ? ORDER BY seq LIMIT ?",
            (job_id, after, limit),
        )
        return [Event(int(seq), kind, json.loads(data)) for seq, kind, data in rows]

    def has(self, job_id: str, key: str) -> bool:
        found = (
            self._db()
            .execute(f"SELECT 1 FROM {TABLE} WHERE job = ? AND key = ?", (job_id, key))
            .fetchone()
        )
        return found is not None

    def drop(self, job_id: str) -> None:
        self._db().execute(f"DELETE FROM {TABLE} WHERE job = ?", (job_id,))


# KEYS: the job's list of events, the hash of its keys. ARGV: key ('' for none), the event.
# The id is the list's length after the push: 1, 2, 3 … with nothing in between.
APPEND_LUA = """
if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return 0 end
if ARGV[1] ~= '' and redis.call('HSETNX', KEYS[2], ARGV[1], 1) == 0 then return 0 end
return redis.call('RPUSH', KEYS[1], ARGV[2])
"""


class RedisEvents:
    """The event log in Redis: a list per job (its index + 1 is the id) and a hash of keys."""

    def __init__(self, client: Any, prefix: str) -> None:
        self.client, self.prefix = client, prefix
        self._append = client.register_script(APPEND_LUA)

    def _keys(self, job_id: str) -> list[str]:
        base = f"{self.prefix}.events.{job_id}"
        return [base, base + ".keys"]

    def append(self, job_id: str, kind: str, data: str, key: str | None) -> int | None:
        event = f'{{"kind":{json.dumps(kind)},"data":{data}}}'
        added = int(self._append(keys=self._keys(job_id), args=[key or "", event, FINAL]))
        return added or None

    def since(self, job_id: str, after: int, limit: int) -> list[Event]:
        raw = self.client.lrange(self._keys(job_id)[0], after, after + limit - 1)
        items = [json.loads(item) for item in raw]
        return [Event(after + 1 + i, e["kind"], e["data"]) for i, e in enumerate(items)]

    def has(self, job_id: str, key: str) -> bool:
        return bool(self.client.hexists(self._keys(job_id)[1], key))

    def drop(self, job_id: str) -> None:
        self.client.delete(*self._keys(job_id))
