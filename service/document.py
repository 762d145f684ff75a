"""The data model every stage shares: Document > Section > Paragraph > Sentence.

Ids are hierarchical and stable (`s3.p2.t1`). A sentence's `span` is a half-open range into
`Document.plain_text`, so `plain_text[span.start:span.end] == sentence.text` always holds.
Outline and translation refer to sentences by id; text is never copied twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """Half-open character range [start, end) into Document.plain_text."""

    start: int
    end: int

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass
class Sentence:
    """One sentence: original text, normalized text (simplified, width-folded) and its span."""

    id: str
    text: str
    norm: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "norm": self.norm, "span": self.span.to_list()}


@dataclass
class Enumeration:
    """An in-paragraph enumerated point (一是…, 第一，…, 首先…) and its lead phrase."""

    label: str
    lead: str
    sentence_id: str

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "lead": self.lead, "sentence_id": self.sentence_id}


@dataclass
class Paragraph:
    """A block of running text split into sentences, with the enumerations found in it."""

    id: str
    sentences: list[Sentence]
    enumerations: list[Enumeration] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sentences": [s.to_dict() for s in self.sentences],
            "enumerations": [e.to_dict() for e in self.enumerations],
        }


@dataclass
class Section:
    """A heading (label + text, original script) and the content under it.

    `level` 0 is the untitled preamble before the first heading (heading None). A law article
    (第X条) is a section whose label is the article number and whose heading is "".
    """

    id: str
    level: int
    label: str | None
    heading: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        """This section and all its descendants, in document order."""
        yield self
        for child in self.sections:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "label": self.label,
            "heading": self.heading,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "sections": [s.to_dict() for s in self.sections],
        }


@dataclass
class Document:
    """A parsed article: title, metadata (front matter, boilerplate), script and section tree."""

    title: str | None
    metadata: dict[str, Any]
    script: str
    plain_text: str
    sections: list[Section]

    def walk(self) -> Iterator[Section]:
        """All sections, depth first, in document order."""
        for section in self.sections:
            yield from section.walk()

    def sentences(self) -> Iterator[Sentence]:
        """All sentences in document order."""
        for section in self.walk():
            for paragraph in section.paragraphs:
                yield from paragraph.sentences

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "metadata": self.metadata,
            "script": self.script,
            "plain_text": self.plain_text,
            "sections": [s.to_dict() for s in self.sections],
        }
