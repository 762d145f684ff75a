"""Plain text to blocks: every non-empty line is a block (Chinese prose puts one paragraph
on a line)."""

from __future__ import annotations

from service.parsing.ingest.blocks import Block
from service.parsing.ingest.html import clean_inline


def text_to_blocks(text: str) -> list[Block]:
    """One block per non-blank line, whitespace collapsed."""
    blocks = []
    for line in text.splitlines():
        cleaned = clean_inline(line).strip()
        if cleaned:
            blocks.append(Block(text=cleaned))
    return blocks
