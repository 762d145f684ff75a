"""Plain text to blocks: every non-empty line is a block (Chinese prose puts one paragraph
on a line), after hard-wrapped lines are joined back into paragraphs (ingest.wrapping)."""

from __future__ import annotations

from service.parsing.ingest.blocks import Block
from service.parsing.ingest.html import clean_inline
from service.parsing.ingest.wrapping import join_wrapped


def text_to_blocks(text: str) -> list[Block]:
    """One block per paragraph line, whitespace collapsed."""
    blocks = []
    for line in join_wrapped(text.splitlines()):
        cleaned = clean_inline(line).strip()
        if cleaned:
            blocks.append(Block(text=cleaned))
    return blocks
