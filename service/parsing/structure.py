"""From blocks to the section tree: title, heading levels, paragraphs, sentences, enumerations.

Levels follow the order in which heading styles appear, as a reader infers nesting: a style not
yet open nests under the current one, a style already open closes everything below it. Known
hierarchies are respected even when a lower style appears first: 第X编 > 分编 > 章 > 节 > 条
(a bare 附则 part at the level of 编),
一、 > （一） > 1. > （1） > ①, h1 > h2 > … > h6, and a digest's bold category over its bold
story titles. The genre and the neighbours of a line (service.parsing.typography) are decided
once per document before the blocks are classified.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from service.document import Document, Paragraph, Section, Sentence, Span
from service.errors import EmptyDocument
from service.parsing.articles import RUN_IN_ARTICLE, run_in_articles
from service.parsing.enumerations import find_enumerations
from service.parsing.headings import (
    ARTICLE_STYLES,
    SUPPLEMENTARY,
    Context,
    Heading,
    classify,
    merge_bare_labels,
    run_in_article,
)
from service.parsing.ingest.blocks import Block, RawDocument
from service.parsing.labels import article_opening, find_label
from service.parsing.normalize import detect_script, to_norm
from service.parsing.segment import split_sentences
from service.parsing.typography import CATEGORY, CONTENT, is_regulation, neighbour_styles

_RANKS: dict[str, tuple[str, int]] = {
    "bian": ("law", 0), "fenbian": ("law", 1), "zhang": ("law", 2), "jie": ("law", 3),
    "article": ("law", 4), SUPPLEMENTARY: ("law", 0),
    "cn_num": ("list", 1), "cn_article": ("list", 1), "paren_num": ("list", 2),
    "arabic": ("list", 3), "paren_arabic": ("list", 4), "circled": ("list", 5),
    **{f"h{n}": ("markup", n) for n in range(1, 7)},
    CATEGORY: ("bold", 0), "bold": ("bold", 1),
}  # fmt: skip
TITLE_MAX_CHARS = 80
TITLE_REPEAT_WINDOW = 5
# An adoption note opening a pasted law: （2005年8月28日…通过）, 2012年10月26日…修正
_NOTE = re.compile(r"^(?:[（(]|\d{4}\s*年\s*\d{1,2}\s*月)")


@dataclass
class _Draft:
    """A section under construction: paragraphs are (text, offset) until ids are assigned."""

    level: int
    label: str | None
    heading: str | None
    style: str = ""
    paragraphs: list[tuple[str, int]] = field(default_factory=list)
    children: list[_Draft] = field(default_factory=list)


class _LevelStack:
    """Open heading styles, outermost first; position + 1 is the level."""

    def __init__(self) -> None:
        self.styles: list[str] = []

    def innermost(self) -> str | None:
        return self.styles[-1] if self.styles else None

    def level_of(self, style: str) -> int:
        if style in self.styles:
            del self.styles[self.styles.index(style) + 1 :]
            return len(self.styles)
        rank = _RANKS.get(style)
        if rank is not None:
            for k, open_style in enumerate(self.styles):
                other = _RANKS.get(open_style)
                if other is not None and other[0] == rank[0] and other[1] >= rank[1]:
                    del self.styles[k:]
                    break
        self.styles.append(style)
        return len(self.styles)


def build_document(raw: RawDocument) -> Document:
    """Turn ingested blocks into a Document with ids, spans and enumerations.

    Raises:
        EmptyDocument: no sentence and no heading was found.
    """
    title, blocks = _take_title(raw)
    plain_parts: list[str] = []
    pages = _PageMap()
    offset = 0
    root = _Draft(level=0, label=None, heading=None)
    path: list[_Draft] = [root]
    levels = _LevelStack()
    blocks = merge_bare_labels(blocks)
    regulation = is_regulation(title, blocks)
    overrides = neighbour_styles(blocks)
    overrides.update(dict.fromkeys(run_in_articles(blocks), RUN_IN_ARTICLE))
    for index, block in enumerate(blocks):
        context = Context(tuple((d.style, d.label or "") for d in path[1:]), regulation)
        heading = _classify(block, context, overrides.get(index))
        if heading is None:
            path[-1].paragraphs.append((block.text, offset))
        else:
            path = _open_section(path, heading, levels.level_of(heading.style))
            if heading.content_start is not None:
                path[-1].paragraphs.append(
                    (block.text[heading.content_start :], offset + heading.content_start)
                )
        plain_parts.append(block.text)
        pages.add(offset, block.pages)
        offset += len(block.text) + 1
    plain_text = "\n".join(plain_parts)
    sections = _finish(root, pages)
    if not sections:
        raise EmptyDocument(
            "the input holds no article text (only markup, symbols or boilerplate lines)"
        )
    script = detect_script((title or "") + plain_text)
    return Document(title, raw.metadata, script, plain_text, sections)


def _classify(block: Block, context: Context, override: str | None) -> Heading | None:
    if override == CONTENT:
        return None
    if override == RUN_IN_ARTICLE:
        return run_in_article(block.text)
    heading = classify(block, context)
    if heading is not None and override == CATEGORY and heading.style == "bold":
        return Heading(CATEGORY, heading.label, heading.text, heading.content_start)
    return heading


def _take_title(raw: RawDocument) -> tuple[str | None, list[Block]]:
    """The title (front matter, <title>, first h1, or a short first line) and the body blocks."""
    blocks = list(raw.blocks)
    title = raw.title
    plain = raw.metadata.get("format") == "text"
    if title is None and blocks and _can_be_title(blocks[0], len(blocks), plain):
        title = blocks.pop(0).text
    if title is not None:
        window = blocks[:TITLE_REPEAT_WINDOW]
        repeats = [b for b in window if _same_text(b.text, title)]
        blocks = [b for b in blocks if not any(b is r for r in repeats)]
    return title, blocks


def _can_be_title(block: Block, count: int, plain: bool) -> bool:
    """An h1 opening the body, or in plain text a short first line that is neither a sentence,
    a labelled heading nor an adoption note (a law pasted without its name has no title rather
    than `第一章 总则` or `2012年10月26日…修正` as one)."""
    if block.markup_level == 1:
        return True
    if not plain:
        return False
    text = block.text
    return (
        count > 1
        and len(text) <= TITLE_MAX_CHARS
        and not text.endswith(("。", "；", "，", "："))
        and find_label(text) is None
        and article_opening(text) is None
        and not _NOTE.match(text)
    )


def _same_text(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _open_section(path: list[_Draft], heading: Heading, level: int) -> list[_Draft]:
    """Attach a new section at `level` under the right parent; return the new path."""
    parents = path[: min(level, len(path))]
    draft = _Draft(level, heading.label or None, heading.text, heading.style)
    if heading.style in ARTICLE_STYLES:
        draft.label, draft.heading = heading.label, ""
    parents[-1].children.append(draft)
    # Levels skipped by the style stack still nest under the deepest open section.
    draft.level = len(parents)
    return [*parents, draft]


class _PageMap:
    """Where each source page begins in the plain text (paged readers only)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.pages: list[int] = []

    def add(self, offset: int, block_pages: tuple[tuple[int, int], ...]) -> None:
        for start, page in block_pages:
            self.starts.append(offset + start)
            self.pages.append(page)

    def page_at(self, offset: int) -> int | None:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.pages[index] if index >= 0 else None


def _finish(root: _Draft, pages: _PageMap) -> list[Section]:
    """Assign ids, segment sentences, give them their pages and find enumerations."""
    sections: list[Section] = []
    if root.paragraphs:
        preamble = _Draft(level=0, label=None, heading=None, paragraphs=root.paragraphs)
        sections.append(_to_section(preamble, "s0", pages))
    for index, child in enumerate(root.children, start=1):
        sections.append(_to_section(child, f"s{index}", pages))
    return sections


def _to_section(draft: _Draft, section_id: str, pages: _PageMap) -> Section:
    paragraphs: list[Paragraph] = []
    for text, offset in draft.paragraphs:
        paragraph_id = f"{section_id}.p{len(paragraphs) + 1}"
        sentences = _sentences(text, offset, paragraph_id, pages)
        if sentences:
            paragraphs.append(Paragraph(paragraph_id, sentences))
    find_enumerations(paragraphs)
    children = [
        _to_section(child, f"{section_id}.{index}", pages)
        for index, child in enumerate(draft.children, start=1)
    ]
    return Section(section_id, draft.level, draft.label, draft.heading, paragraphs, children)


def _sentences(text: str, offset: int, paragraph_id: str, pages: _PageMap) -> list[Sentence]:
    return [
        Sentence(
            id=f"{paragraph_id}.t{n}",
            text=text[start:end],
            norm=to_norm(text[start:end]),
            span=Span(offset + start, offset + end),
            page=pages.page_at(offset + start),
        )
        for n, (start, end) in enumerate(split_sentences(text), start=1)
    ]
