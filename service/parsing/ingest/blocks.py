"""The ingestion result: a flat list of text blocks with the markup facts structure needs."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class RawDocument:
    """What ingestion hands to structure: blocks in order, metadata, a title if markup gave one."""

    blocks: list[Block]
    metadata: dict[str, Any] = field(default_factory=dict)
    title: str | None = None
