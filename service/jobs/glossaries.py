"""The glossary store: glossaries live in the job store, so every API machine and worker sees them.

SQLite by default, the shared Redis with PD_QUEUE_URL (service.jobs.store). Two namespaces:
`glossaries` (id → the information DeepL's API returns, plus the owner) and `glossary_entries`
(id → the entries). Entries are written before the information and removed after it, so a
glossary that can be listed always has its entries. A glossary belongs to the API key that made
it (its hash; None when the service has no keys) and is invisible to every other key, as a job is.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from service.errors import GlossaryNotFound, InvalidGlossary
from service.jobs.store import Store
from service.translate.glossary import Glossary

INFO = "glossaries"
ENTRIES = "glossary_entries"
MAX_PER_OWNER = 1000  # DeepL's limit of glossaries per account
MAX_NAME_BYTES = 1024
ID_LENGTH = 36  # a UUID in its canonical form, as DeepL's glossary ids


class GlossaryStore:
    """Create, list, read and delete glossaries of one owner (see module docstring)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create(
        self,
        owner: str | None,
        name: str,
        languages: tuple[str, str],
        glossary: Glossary,
    ) -> dict[str, Any]:
        """Store a glossary; its public information (raises InvalidGlossary for a bad name or
        an owner with DeepL's maximum of glossaries already)."""
        if not name.strip() or len(name.encode()) > MAX_NAME_BYTES:
            message = f"the name must have 1 to {MAX_NAME_BYTES} bytes"
            raise InvalidGlossary(message, {"field": "name"})
        if len(self.list(owner)) >= MAX_PER_OWNER:
            raise InvalidGlossary(
                f"this key already has {MAX_PER_OWNER} glossaries (the limit); delete one first",
                {"max_glossaries": MAX_PER_OWNER},
            )
        glossary_id = str(uuid.uuid4())
        info = {
            "glossary_id": glossary_id,
            "name": name,
            "ready": True,
            "source_lang": languages[0],
            "target_lang": languages[1],
            "creation_time": _now(),
            "entry_count": len(glossary),
        }
        self.store.put(ENTRIES, glossary_id, [list(entry) for entry in glossary.entries])
        self.store.put(INFO, glossary_id, {**info, "owner": owner})
        return info

    def list(self, owner: str | None) -> list[dict[str, Any]]:
        """The owner's glossaries, oldest first."""
        found = [_public(i) for i in self.store.items(INFO).values() if i["owner"] == owner]
        return sorted(found, key=lambda info: info["creation_time"])

    def info(self, owner: str | None, glossary_id: str) -> dict[str, Any]:
        """A glossary's public information (GlossaryNotFound when unknown or another key's)."""
        found = self.store.get(INFO, glossary_id) if len(glossary_id) == ID_LENGTH else None
        if found is None or found["owner"] != owner:
            raise GlossaryNotFound(f"no glossary {glossary_id!r} (unknown, deleted, or not yours)")
        return _public(found)

    def glossary(self, owner: str | None, glossary_id: str) -> tuple[dict[str, Any], Glossary]:
        """A glossary's information and entries."""
        info = self.info(owner, glossary_id)
        entries = self.store.get(ENTRIES, glossary_id) or []
        return info, Glossary(tuple((source, target) for source, target in entries))

    def delete(self, owner: str | None, glossary_id: str) -> None:
        """Delete a glossary (GlossaryNotFound when unknown or another key's)."""
        self.info(owner, glossary_id)
        self.store.delete(INFO, glossary_id)
        self.store.delete(ENTRIES, glossary_id)


def _public(info: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in info.items() if k != "owner"}


def _now() -> str:
    """UTC now as DeepL writes creation_time ("2021-08-03T14:16:18.329Z", milliseconds)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
