"""Hard-wrapped plain text joined back into paragraphs.

Text copied out of a PDF (or saved from a fixed-width view) breaks lines where the column ended,
mid-sentence (`……保护公` / `民、法人和其他组织……`). Such a document has a wrap width: many of
its lines fill the column to within a character or two, and no line is much wider. Where a
document has one (`wrap_width`), a line continues the paragraph of the line before when that line
filled the column and did not end the paragraph:

- a line that ends in 。；：！？ (closing quotes and brackets may follow) ends its paragraph, and
  so does a line that falls short of the column (the last line of a paragraph, a heading);
- a blank line, an indented line (where the document indents its first lines), and a line that
  opens with a section or article label (第X条 not followed by words that cite it, 第X章,
  一、 （一） 1. …) start a new paragraph.

A page number on a line of its own (`— 3 —`, `- 3 -`, `第 3 页`) inside a paragraph does not end
it: the paragraph is joined across it and the page number follows as a line of its own, where the
boilerplate rules find it. Text with no wrap width (one paragraph per line, as Chinese prose is
usually written) is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from service.parsing.ingest.boilerplate import PAGE_NUMBER
from service.parsing.labels import article_opening, find_label

# Widths are counted in columns: a CJK character or full-width mark is 2, anything else 1.
WIDTH_TOLERANCE = 4  # a column may end up to two CJK characters short (punctuation rules)
MIN_WRAP_WIDTH = 20
MIN_FULL_LINES = 3
MIN_FULL_SHARE = 0.2
MAX_OVERFULL_SHARE = 0.05
_PARAGRAPH_END = re.compile(r"[。；;：:！!？?…][”’」』）)】]*$")
_INDENT = re.compile(r"^(?:\u3000|[ \t]{2,})")
_LATIN_END = re.compile(r"[A-Za-z0-9]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")


def width(text: str) -> int:
    """Display width in columns (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_width(lines: list[str]) -> int | None:
    """The column width the text was hard-wrapped at, or None when it was not wrapped."""
    widths = [width(line.strip()) for line in lines if line.strip()]
    counts = Counter(w for w in widths if w >= MIN_WRAP_WIDTH)
    if not counts:
        return None
    column = max(
        counts, key=lambda w: sum(n for v, n in counts.items() if w - WIDTH_TOLERANCE <= v <= w)
    )
    full = sum(1 for w in widths if column - WIDTH_TOLERANCE <= w <= column)
    overfull = sum(1 for w in widths if w > column + WIDTH_TOLERANCE)
    if full < max(MIN_FULL_LINES, MIN_FULL_SHARE * len(widths)):
        return None
    return column if overfull <= MAX_OVERFULL_SHARE * len(widths) else None


def join_wrapped(lines: list[str]) -> list[str]:
    """The text's lines with hard-wrapped paragraphs joined (see the module docstring).

    Blank lines are kept, so callers see the document's own paragraph breaks.
    """
    column = wrap_width(lines)
    if column is None:
        return list(lines)
    indented = any(_INDENT.match(line) for line in lines if line.strip())
    return list(_joined(lines, column, indented))


def _joined(lines: list[str], column: int, indented: bool) -> Iterator[str]:
    paragraph: list[str] = []
    page_numbers: list[str] = []
    for line in lines:
        text = line.strip()
        if paragraph and PAGE_NUMBER.match(text):
            page_numbers.append(line)
            continue
        if paragraph and continues(paragraph[-1], line, column, indented):
            paragraph.append(text)
            continue
        if paragraph:
            yield _join(paragraph)
        yield from page_numbers
        paragraph, page_numbers = ([line] if text else []), []
        if not text:
            yield line
    if paragraph:
        yield _join(paragraph)
    yield from page_numbers


def continues(previous: str, line: str, column: int, indented: bool = False) -> bool:
    """Whether `line` continues the paragraph whose last line so far is `previous`."""
    text = line.strip()
    if not text or (indented and _INDENT.match(line)) or starts_paragraph(text):
        return False
    before = previous.strip()
    return width(before) >= column - WIDTH_TOLERANCE and not _PARAGRAPH_END.search(before)


def starts_paragraph(text: str) -> bool:
    """A line that opens with a section label, or with an article label that is not a citation."""
    opening = article_opening(text)
    if opening is not None:
        return not opening.reference
    return find_label(text) is not None


def _join(parts: list[str]) -> str:
    text = parts[0].rstrip()
    for part in parts[1:]:
        space = " " if _LATIN_END.search(text) and _LATIN_START.match(part) else ""
        text += space + part
    return text
