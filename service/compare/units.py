"""The units two versions are compared by: articles where a document has them, else sections.

A law is compared article by article (第X条, 第X条之一): each article is one unit, and the
headings of its parts (第X编/章/节 with their titles) are units of their own, so that a new
section or a renamed chapter shows. A document without articles is compared by its headed
sections. In both, paragraphs outside any article or headed section (the preamble, the lines
under a chapter heading before its first article) are units one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from service.compare.forms import Folded, fold, folded
from service.document import Document, Paragraph, Section

_NUMBER = "[0-9零〇一二三四五六七八九十百千两]+"
ARTICLE = re.compile(rf"^第\s?{_NUMBER}\s?[条條](?:之[一二三四五六七八九十]+)?$")
KINDS = ("article", "heading", "section", "paragraph")


@dataclass
class Unit:
    """One comparable piece of a document: its id, kind, label, heading and original text."""

    id: str
    kind: str
    label: str | None
    heading: str | None
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list, repr=False)  # for translation
    key: str = field(init=False)  # the folded content units align on (label excluded)
    _folded: Folded | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.key = fold(self.content)

    @property
    def content(self) -> str:
        """What is compared and diffed: the heading (if any) and the text, one a line."""
        return "\n".join(filter(None, [self.heading, self.text]))

    @property
    def folded(self) -> Folded:
        """The folded content with its map back to the original (made on first use)."""
        if self._folded is None:
            self._folded = folded(self.content)
        return self._folded

    @property
    def label_key(self) -> str:
        """The label in folded form: two labels are the same number when these are equal."""
        return fold(self.label or "")

    def to_dict(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "heading": self.heading,
            "text": self.text,
        }


def document_units(document: Document) -> list[Unit]:
    """The units of a document in reading order (see the module docstring)."""
    sections = list(document.walk())
    by_articles = any(_is_article(s) for s in sections)
    return list(_units(document, sections, by_articles))


def _units(document: Document, sections: list[Section], by_articles: bool) -> Iterator[Unit]:
    inside: set[str] = set()  # ids of sections whose text belongs to an enclosing unit
    for section in sections:
        if section.id in inside:
            continue
        if by_articles and _is_article(section):
            inside.update(s.id for s in section.walk())
            paragraphs = [p for part in section.walk() for p in part.paragraphs]
            text = _text(document, section)
            yield Unit(section.id, "article", section.label, None, text, paragraphs)
            continue
        if section.heading or (section.label and not by_articles):
            kind = "heading" if by_articles else "section"
            own = [] if by_articles else section.paragraphs
            text = "\n".join(_paragraph_text(document, p) for p in own)
            yield Unit(section.id, kind, section.label, section.heading, text, own)
            if not by_articles:
                continue
        for paragraph in section.paragraphs:
            text = _paragraph_text(document, paragraph)
            yield Unit(paragraph.id, "paragraph", None, None, text, [paragraph])


def _is_article(section: Section) -> bool:
    return bool(section.label and ARTICLE.match(section.label))


def _text(document: Document, section: Section) -> str:
    """An article's text: its paragraphs and those of any sections under it, one a line."""
    lines = []
    for part in section.walk():
        if part is not section and part.heading:
            lines.append(" ".join(filter(None, [part.label, part.heading])))
        lines.extend(_paragraph_text(document, p) for p in part.paragraphs)
    return "\n".join(lines)


def _paragraph_text(document: Document, paragraph: Paragraph) -> str:
    """The paragraph as the document wrote it (sentences with the spacing between them)."""
    if not paragraph.sentences:
        return ""
    start, end = paragraph.sentences[0].span.start, paragraph.sentences[-1].span.end
    return document.plain_text[start:end]
