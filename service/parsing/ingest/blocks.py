"""The ingestion result: a flat list of text blocks with the markup facts structure needs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class Block:
    """One block of text as a reader sees it (a paragraph, heading, list item or table cell).

    `markup_level` is 1-6 for h1-h6 / Markdown `#`; `bold` says every visible character is
    bold; `bold_lead` is the text of the leading bold run (run-in headings, enumeration leads).
    """

    text: str
    markup_level: int | None = None
    bold: bool = False
    bold_lead: str = ""
    label: str = ""  # a section label that stood alone on the line before ("一" above "测试对象")
    before_video: bool = False  # an embedded video (iframe, video, embed) follows it directly
    # Paged sources (PDF, OFD): (offset in `text`, page number from 1) where each page that the
    # block's text comes from begins; the first entry is (0, the block's first page).
    pages: tuple[tuple[int, int], ...] = ()


@dataclass
class RawDocument:
    """What ingestion hands to structure: blocks in order, metadata, a title if markup gave one."""

    blocks: list[Block]
    metadata: dict[str, Any] = field(default_factory=dict)
    title: str | None = None


def document_to_dict(document: RawDocument) -> dict[str, Any]:
    """A RawDocument as JSON-ready values (the form file readers hand over and jobs store)."""
    return {
        "title": document.title,
        "metadata": document.metadata,
        "blocks": [
            {k: v for k, v in asdict(block).items() if v != _DEFAULTS[k]}
            for block in document.blocks
        ],
    }


def document_from_dict(value: dict[str, Any]) -> RawDocument:
    """The RawDocument of `document_to_dict`'s values."""
    blocks = []
    for item in value["blocks"]:
        pages = tuple((int(offset), int(page)) for offset, page in item.get("pages", ()))
        blocks.append(Block(**{**item, "pages": pages}))
    return RawDocument(blocks, dict(value.get("metadata") or {}), value.get("title"))


_DEFAULTS = {f.name: f.default for f in fields(Block)}
