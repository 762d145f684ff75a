"""Positioned lines (PDF, OFD) to blocks: running heads, page numbers, paragraphs, headings.

Paged readers give each page's text lines with their geometry and font; this module turns them
into the blocks the text readers give:

- **page furniture**: a page number (`— 1 —`, `- 2 -`, `第3页`, `4/27`, a bare number) as the
  first or last line of a page, and a running header or footer (the same first or last line,
  digits aside, on at least a third of the pages) leave the text and are recorded with their rule
  (`page_number`, `running_header`) as metadata.boilerplate is;
- **paragraphs**: a hard-wrapped line continues the paragraph above it when that line filled
  the column (ended within two characters of the right edge) and this one is not indented, not
  in another font size, not a centred line and not far below; across a page break too. A line
  that opens with a section or article label starts a paragraph, by the rule pasted text uses
  (ingest.wrapping.starts_paragraph: 第X条 not followed by words that cite it, 一、 （一） …). A
  bracket still open (an adoption note in （…）, a title in 《…》) keeps the paragraph going;
- **headings from the font**: a block set wholly in a heading face (黑体 and bold faces; 楷体
  where the line opens with a section label, as 公文 set their level-2 headings at the body's
  size) is `bold`, and a leading run in such a face before body text is its `bold_lead`, so
  the structure stage reads them as it reads bold HTML; the first page's lines set larger than
  the body before its first body line are display lines (`markup_level` 1): the title, and in
  a 公文 the issuer's header above the document number (see gongwen.py).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from service.parsing.ingest.blocks import Block, RawDocument
from service.parsing.ingest.wrapping import starts_paragraph

_PAGE_NUMBER = re.compile(
    r"^[—–\-－~〜·•\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[—–\-－~〜·•\s]*$"
)
_DIGITS = re.compile(r"\d+")
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:)]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(]")
_OPENING = "（(《"
_CLOSING = "）)》"
_HEI = re.compile(r"hei|黑|bold|black|heavy|FZHT|FZDHT|HTJ|XBS|小标宋|biaosong", re.I)
_KAI = re.compile(r"kai|楷|FZKT|KTJ", re.I)
FURNITURE_SHARE = 1 / 3
MIN_FURNITURE_PAGES = 3
FULL_LINE_CHARS = 2.0  # a line ending this many characters short of the right edge is not full
INDENT_CHARS = 1.2
GAP_LINES = 1.9  # a vertical gap this many line pitches wide starts a new paragraph
TITLE_SIZE = 1.15  # first-page lines this much larger than the body are the title
BODY_LINE_CHARS = 15


@dataclass
class Line:
    """One text line of a page: top-down coordinates in points, glyph size, fonts.

    `switch` is the offset where the first character's font ends (len(text) when one font
    holds the whole line); `tail_font` is the font after it.
    """

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    font: str
    tail_font: str = ""
    switch: int = -1
    bold: bool = False

    def __post_init__(self) -> None:
        if self.switch < 0:
            self.switch = len(self.text)
        if not self.tail_font:
            self.tail_font = self.font


@dataclass
class Paged:
    """What layout recovers: blocks, page furniture (text, rule) and the page count."""

    blocks: list[Block]
    furniture: list[tuple[str, str]] = field(default_factory=list)
    pages: int = 0


@dataclass
class _Metrics:
    left: float
    right: float
    char: float
    pitch: float
    body_size: float
    body_font: str


def lines_to_blocks(pages: list[list[Line]]) -> Paged:
    """Blocks in reading order from each page's lines (already in reading order)."""
    furniture, kept = _split_furniture(pages)
    lines = [line for page in kept for line in page if line.text.strip()]
    if not lines:
        return Paged([], furniture, len(pages))
    metrics = _metrics(lines)
    display = _display_lines(lines, metrics)
    return Paged(list(_paragraphs(lines, metrics, display)), furniture, len(pages))


def paged_document(paged: Paged, fmt: str) -> RawDocument:
    """A paged reader's result as a RawDocument: furniture becomes boilerplate lines."""
    metadata: dict[str, Any] = {"format": fmt, "pages": paged.pages}
    if paged.furniture:
        lines = dict(paged.furniture)
        metadata["boilerplate"] = list(lines)
        metadata["boilerplate_rules"] = list(lines.values())
    return RawDocument(paged.blocks, metadata)


# -- page furniture
def _split_furniture(pages: list[list[Line]]) -> tuple[list[tuple[str, str]], list[list[Line]]]:
    edges = Counter(
        _DIGITS.sub("#", line.text.strip()) for page in pages for line in _edge_lines(page)
    )
    threshold = max(MIN_FURNITURE_PAGES, FURNITURE_SHARE * len(pages))
    found: list[tuple[str, str]] = []
    kept: list[list[Line]] = []
    for page in pages:
        edge_ids = {id(line) for line in _edge_lines(page)}
        rest = []
        for line in page:
            rule = _furniture_rule(line, id(line) in edge_ids, edges, threshold)
            if rule is None:
                rest.append(line)
            else:
                found.append((line.text.strip(), rule))
        kept.append(rest)
    return found, kept


def _edge_lines(page: list[Line]) -> list[Line]:
    """The first and last two lines of a page by position (heads and feet)."""
    visible = sorted((line for line in page if line.text.strip()), key=lambda x: x.top)
    return visible[:2] + visible[-2:] if len(visible) > 4 else visible


def _furniture_rule(line: Line, edge: bool, edges: Counter[str], threshold: float) -> str | None:
    if not edge:
        return None
    text = line.text.strip()
    if _PAGE_NUMBER.match(text):
        return "page_number"
    if edges[_DIGITS.sub("#", text)] >= threshold and len(text) <= 60:
        return "running_header"
    return None


# -- metrics of the body text
def _metrics(lines: list[Line]) -> _Metrics:
    weights: Counter[str] = Counter()
    sizes: Counter[float] = Counter()
    for line in lines:
        weights[line.font] += len(line.text)
        sizes[round(line.size, 1)] += len(line.text)
    body_size = sizes.most_common(1)[0][0]
    body = [ln for ln in lines if abs(ln.size - body_size) < 0.1 * body_size] or lines
    lefts = Counter(round(ln.x0) for ln in body)
    left = float(lefts.most_common(1)[0][0])
    long_rights = sorted(ln.x1 for ln in body if len(ln.text) >= 10) or [ln.x1 for ln in body]
    right = long_rights[int(0.9 * (len(long_rights) - 1))]
    pitches = [
        b.top - a.top
        for a, b in itertools.pairwise(body)
        if a.page == b.page and 0 < b.top - a.top < 4 * body_size
    ]
    pitch = statistics.median(pitches) if pitches else 1.5 * body_size
    return _Metrics(left, right, body_size, pitch, body_size, weights.most_common(1)[0][0])


# -- title
def _display_lines(lines: list[Line], m: _Metrics) -> set[int]:
    """Ids of the first page's lines set larger than the body before its first body line (a
    body-size line that is not centred): the title, and in a 公文 the issuer's header too."""
    found = set()
    for line in lines:
        if line.page != lines[0].page:
            break
        if line.size > TITLE_SIZE * m.body_size:
            found.add(id(line))
        elif len(line.text) >= BODY_LINE_CHARS and not _centred(line, m):
            break
    return found


# -- paragraphs
def _paragraphs(lines: list[Line], m: _Metrics, display: set[int]) -> Iterable[Block]:
    group: list[Line] = []
    depth = 0  # brackets opened and not yet closed in the paragraph so far
    for line in lines:
        open_bracket = depth > 0 and not _size_change(group[-1], line, m)
        if group and not open_bracket and _starts_paragraph(group[-1], line, m):
            yield _block(group, m, display)
            group, depth = [], 0
        group.append(line)
        depth += sum(line.text.count(c) for c in _OPENING) - sum(
            line.text.count(c) for c in _CLOSING
        )
    if group:
        yield _block(group, m, display)


def _size_change(prev: Line, line: Line, m: _Metrics) -> bool:
    return abs(line.size - prev.size) > 0.15 * m.body_size


def _starts_paragraph(prev: Line, line: Line, m: _Metrics) -> bool:
    """Whether `line` opens a new paragraph after `prev` (see the module docstring)."""
    if _size_change(prev, line, m) or starts_paragraph(line.text.strip()):
        return True
    if _centred(prev, m) or _centred(line, m):
        return not (_centred(prev, m) and _centred(line, m) and line.font == prev.font)
    if line.page == prev.page and line.top - prev.top > GAP_LINES * m.pitch:
        return True
    full = prev.x1 >= m.right - FULL_LINE_CHARS * m.char
    indented = line.x0 > m.left + INDENT_CHARS * m.char
    return not full or indented


def _centred(line: Line, m: _Metrics) -> bool:
    """A line with about as much space on its left as on its right (titles, 第一章)."""
    left, right = line.x0 - m.left, m.right - line.x1
    return min(left, right) > 2 * m.char and abs(left - right) < 1.5 * m.char


def _block(lines: list[Line], m: _Metrics, display: set[int]) -> Block:
    pages: list[tuple[int, int]] = []
    parts: list[str] = []
    length = 0
    for line in lines:
        text = line.text.strip()
        if parts and _needs_space(parts[-1], text):
            text = " " + text
        if not pages or pages[-1][1] != line.page:
            pages.append((length, line.page))
        parts.append(text)
        length += len(text)
    text = "".join(parts)
    heading = _heading_font(lines[0], m)
    whole = heading and all(_heading_font(x, m) and x.switch == len(x.text) for x in lines)
    lead = "" if whole or not heading else _lead(lines, m)
    if all(id(line) in display for line in lines):
        return Block(text=text, markup_level=1, pages=tuple(pages))
    return Block(text=text, bold=whole, bold_lead=lead, pages=tuple(pages))


def _heading_font(line: Line, m: _Metrics) -> bool:
    """Set in a heading face other than the body's (黑体 or bold; 楷体 before a label)."""
    if line.font == m.body_font and not line.bold:
        return False
    if line.bold or _HEI.search(line.font):
        return True
    return bool(_KAI.search(line.font)) and starts_paragraph(line.text.strip())


def _lead(lines: list[Line], m: _Metrics) -> str:
    """The leading run in the heading face before the body text starts."""
    parts = []
    for line in lines:
        if not _heading_font(line, m):
            break
        parts.append(line.text[: line.switch].strip())
        if line.switch < len(line.text):
            break
    return _join(parts)


def _join(parts: Iterable[str]) -> str:
    text = ""
    for part in parts:
        part = part.strip()
        text += (" " + part) if text and _needs_space(text, part) else part
    return text


def _needs_space(before: str, after: str) -> bool:
    return bool(_LATIN_END.search(before) and _LATIN_START.match(after))
