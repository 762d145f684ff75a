"""A table of contents (目录) near the top moves to metadata.contents.

Laws and long documents print their outline after the title: `目录` (or `目 录`), then one line
per part, chapter and section (`第一编 总则`, `第一章 基本规定`, `序言`, `附则`), possibly with dot
leaders and page numbers. These lines would open every chapter twice, so they leave the body:
`metadata["contents"]` lists them (leaders and page numbers dropped). The table ends where its
first entry appears again as the body's heading; a table never closed that way is left alone.
"""

from __future__ import annotations

import re
from typing import Any

from service.parsing.ingest.blocks import Block

_HEADER = re.compile(r"^目\s*录$")
_LEADER = re.compile(r"[\s.·…．。\-—_]*\d*$")
_ENTRY = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇两\d]{1,10}[编章节]|第[一二三四五六七八九十]+分编"
    r"|序\s*言|前\s*言|总\s*则|附\s*则|附\s*录|附\s*件)"
)
SEARCH_BLOCKS = 40  # the header must be among the first blocks
MAX_ENTRY_CHARS = 60


def split_contents(blocks: list[Block], metadata: dict[str, Any]) -> list[Block]:
    """The blocks without the table of contents, which goes to `metadata["contents"]`."""
    start = next(
        (i for i, b in enumerate(blocks[:SEARCH_BLOCKS]) if _HEADER.match(b.text.strip())), None
    )
    if start is None:
        return blocks
    entries: list[str] = []
    for index in range(start + 1, len(blocks)):
        text = _entry(blocks[index].text)
        if text is None:
            return blocks
        if entries and _key(text) == _key(entries[0]):
            metadata["contents"] = entries
            return blocks[:start] + blocks[index:]
        entries.append(text)
    return blocks


def _entry(text: str) -> str | None:
    """The entry a table-of-contents line names, or None for a line that is no entry."""
    text = _LEADER.sub("", text.strip())
    if len(text) > MAX_ENTRY_CHARS or not _ENTRY.match(text):
        return None
    return text


def _key(text: str) -> str:
    return "".join(text.split())
