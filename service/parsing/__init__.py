"""parse = ingest + structure: raw bytes to a Document (pure Python, no model)."""

from __future__ import annotations

from service.document import Document
from service.parsing.ingest import Limits, ingest
from service.parsing.structure import build_document


def parse_document(
    raw: bytes | str, format: str = "auto", limits: Limits | None = None
) -> Document:
    """Parse an article or a document file. See service.parsing.ingest.ingest for the errors."""
    return build_document(ingest(raw, format, limits))
