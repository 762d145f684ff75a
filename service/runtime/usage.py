"""Characters translated per API key, counted across all workers (DeepL `/v2/usage`, quota).

A small SQLite file under the data directory; keys are stored as SHA-256 digests, never in
clear. Each update is one atomic statement, so concurrent workers never lose a count.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

SCHEMA = "CREATE TABLE IF NOT EXISTS usage (key TEXT PRIMARY KEY, characters INTEGER NOT NULL)"
ADD = (
    "INSERT INTO usage (key, characters) VALUES (?, ?) "
    "ON CONFLICT(key) DO UPDATE SET characters = characters + excluded.characters"
)


class UsageCounter:
    """Characters translated per API key, kept in `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.execute(SCHEMA)
        return connection

    def count(self, key: str) -> int:
        """Characters counted so far for `key`."""
        with closing(self._connect()) as db:
            row = db.execute("SELECT characters FROM usage WHERE key = ?", (_digest(key),))
            found = row.fetchone()
        return int(found[0]) if found else 0

    def add(self, key: str, characters: int) -> None:
        """Count `characters` more for `key`."""
        with closing(self._connect()) as db:
            db.execute(ADD, (_digest(key), characters))


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
