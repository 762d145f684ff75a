"""The data model every stage shares: Document > Section > Paragraph > Sentence.

Ids are hierarchical and stable (`s3.p2.t1`). A sentence's `span` is a half-open range into
`Document.plain_text`, so `plain_text[span.start:span.end] == sentence.text` always holds.
Outline and translation refer to sentences by id; text is never copied twice.

The tree helpers here serve the three trees of the service (Document, Translation, Outline):
`walk_tree` walks any of them in document order, `JsonNode` gives a node its JSON, and
`SectionNode` / `SectionTree` give Document and Translation sections their `walk()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Generic, Self, TypeVar

Node = TypeVar("Node")


def walk_tree(roots: Iterable[Node], children: Callable[[Node], Iterable[Node]]) -> Iterator[Node]:
    """Every node of the trees under `roots`, depth first, each before its children.

    That is document order for the three trees of the service: Document and Translation
    sections, and Outline nodes. Iterative, so no tree is deep enough to exhaust the stack.
    """
    stack = list(roots)[::-1]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(list(children(node))[::-1])


class JsonNode:
    """A dataclass whose JSON is its fields in declaration order, less those in `JSON_SKIP`.

    Lists are mapped item by item and nested nodes give their own `to_dict()`, so a tree
    serializes top-down; mappings are copied.
    """

    JSON_SKIP: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            f.name: _json(getattr(self, f.name))
            for f in fields(self)  # type: ignore[arg-type]
            if f.name not in self.JSON_SKIP
        }


def _json(value: Any) -> Any:
    if isinstance(value, list):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return dict(value)
    return value.to_dict() if hasattr(value, "to_dict") else value


class SectionNode(JsonNode):
    """A section of a Document or a Translation: its subsections are in `sections`."""

    sections: list[Self]

    def walk(self) -> Iterator[Self]:
        """This section and all its descendants, in document order."""
        return walk_tree([self], _subsections)


SectionT = TypeVar("SectionT", bound=SectionNode)


def _subsections(section: SectionT) -> list[SectionT]:
    return section.sections


class SectionTree(JsonNode, Generic[SectionT]):
    """A Document or a Translation: a title, metadata and the top-level `sections`."""

    sections: list[SectionT]

    def walk(self) -> Iterator[SectionT]:
        """All sections, depth first, in document order."""
        return walk_tree(self.sections, _subsections)


@dataclass(frozen=True)
class Span:
    """Half-open character range [start, end) into Document.plain_text."""

    start: int
    end: int

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass
class Sentence:
    """One sentence: original text, normalized text (simplified, width-folded) and its span.

    `page` is the page (from 1) of a PDF or OFD where the sentence begins; None for text input,
    and then left out of the JSON, so text documents serialize as they always did.
    """

    id: str
    text: str
    norm: str
    span: Span
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        value: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "norm": self.norm,
            "span": self.span.to_list(),
        }
        if self.page is not None:
            value["page"] = self.page
        return value


@dataclass
class Enumeration(JsonNode):
    """An in-paragraph enumerated point (一是…, 第一，…, 首先…) and its lead phrase."""

    label: str
    lead: str
    sentence_id: str


@dataclass
class Paragraph(JsonNode):
    """A block of running text split into sentences, with the enumerations found in it."""

    id: str
    sentences: list[Sentence]
    enumerations: list[Enumeration] = field(default_factory=list)


@dataclass
class Section(SectionNode):
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


@dataclass
class Document(SectionTree[Section]):
    """A parsed article: title, metadata (front matter, boilerplate), script and section tree."""

    title: str | None
    metadata: dict[str, Any]
    script: str
    plain_text: str
    sections: list[Section]

    def sentences(self) -> Iterator[Sentence]:
        """All sentences in document order."""
        for section in self.walk():
            for paragraph in section.paragraphs:
                yield from paragraph.sentences
