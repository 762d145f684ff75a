"""A table of contents kept out of the structure and in `metadata["contents"]`.

Laws and long plans as people paste them often open (after the title and the adoption note)
with `目录` (or `目　　录`, `目次`) and the list of their parts, chapters and sections. Read as
body text, that list would be a first copy of every chapter heading, and `目录` the title. The
contents block starts at such a marker line near the top and ends where its first entry comes
again (the same text, or the same label: `第一章`), or where a line that no contents entry can
be (a sentence, an article, a long line) follows at least MIN_ENTRIES entries. Its lines, the
marker first, go to `metadata["contents"]` as they were written (dot leaders and page numbers
included), so nothing is lost. A marker whose entries never end is no contents block and is
left in the text.
"""

from __future__ import annotations

import re
from typing import Any

from service.parsing.ingest.blocks import Block
from service.parsing.labels import article_opening, find_label
from service.parsing.normalize import to_norm

MAX_MARKER_INDEX = 40
MAX_ENTRY_CHARS = 60
MIN_ENTRIES = 2
_MARKER = re.compile(r"^(?:目录|目次)[：:]?$")
_SPACE = re.compile(r"[\s\u3000]+")
_LEADER_AND_PAGE = re.compile(r"[.．·•…_\-—]*\d*$")
_SENTENCE = re.compile(r"[。；;！？!?]")


def split_contents(blocks: list[Block], metadata: dict[str, Any]) -> list[Block]:
    """The blocks without the contents block, which goes to metadata["contents"]."""
    for start, block in enumerate(blocks[:MAX_MARKER_INDEX]):
        if _MARKER.match(_compact(block.text)):
            end = _contents_end(blocks, start + 1)
            if end is not None:
                metadata["contents"] = [b.text for b in blocks[start:end]]
                return blocks[:start] + blocks[end:]
    return blocks


def _contents_end(blocks: list[Block], first: int) -> int | None:
    """Index of the first block after the entries that start at `first`, or None."""
    if first >= len(blocks) or not _entry(blocks[first].text):
        return None
    key, label = _key(blocks[first].text), _label(blocks[first].text)
    for index in range(first + 1, len(blocks)):
        text = blocks[index].text
        repeats = _key(text) == key or (label is not None and _label(text) == label)
        if repeats:
            return index
        if not _entry(text):
            return index if index - first >= MIN_ENTRIES else None
    return None


def _entry(text: str) -> bool:
    """A line a contents block can hold: short, no article, no sentence (a labelled heading
    may end in a stray 。: `第五节 生活、卫生。`)."""
    if len(text) > MAX_ENTRY_CHARS or article_opening(text) is not None:
        return False
    body = text[:-1] if find_label(text) is not None else text
    return not _SENTENCE.search(body)


def _label(text: str) -> str | None:
    found = find_label(text)
    return None if found is None else _compact(found[1])


def _key(text: str) -> str:
    return _LEADER_AND_PAGE.sub("", _compact(to_norm(text)))


def _compact(text: str) -> str:
    return _SPACE.sub("", text)
