"""Dispatch a binary file to its reader, inside the sandbox child (see sandbox.py).

Each reader gives blocks in reading order and metadata; here they become the JSON form of a
RawDocument: `format` and `pages` in metadata, page furniture recorded as boilerplate lines
with their rules (`metadata.boilerplate`, `metadata.boilerplate_rules`).
"""

from __future__ import annotations

from typing import Any

from service.parsing.ingest.blocks import document_to_dict
from service.parsing.ingest.layout import paged_document


def read_in_process(fmt: str, data: bytes, max_pages: int) -> dict[str, Any]:
    """The RawDocument (as JSON values) of a `pdf`, `docx` or `ofd` file, read here."""
    if fmt == "pdf":
        from service.parsing.ingest.gongwen import apply_gongwen
        from service.parsing.ingest.pdf import read_pdf

        return document_to_dict(apply_gongwen(paged_document(read_pdf(data, max_pages), "pdf")))
    if fmt == "ofd":
        from service.parsing.ingest.ofd import read_ofd

        document = read_ofd(data, max_pages)
    else:
        from service.parsing.ingest.docx import read_docx

        document = read_docx(data)
    return document_to_dict(document)
