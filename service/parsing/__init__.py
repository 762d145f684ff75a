"""parse = ingest + structure: raw bytes to a Document (pure Python, no model)."""

from __future__ import annotations

from service.document import Document
from service.parsing.ingest import ingest
from service.parsing.structure import build_document


def parse_document(raw: bytes | str, format: str = "auto") -> Document:
    """Parse an article. See service.parsing.ingest.ingest for the errors raised."""
    return build_document(ingest(raw, format))
