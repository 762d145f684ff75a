"""The Outline a caller gets back: a tree of section nodes, each holding extractive points.

A point never copies more than the sentence it refers to: `sentence_id` is the link into the
Document, `text` the sentence in its original script, `lead` the lead phrase of an enumerated
point (一是 *数字基础设施升级行动*，…).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from service.document import JsonNode, walk_tree

PointKind = Literal["enumeration", "key_sentence"]


@dataclass(frozen=True)
class Point:
    """One selected sentence: an enumerated point or a ranked key sentence."""

    sentence_id: str
    text: str
    kind: PointKind
    score: float
    lead: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "sentence_id": self.sentence_id,
            "text": self.text,
            "kind": self.kind,
            "score": round(self.score, 4),
        }
        if self.lead is not None:
            data["lead"] = self.lead
        return data


@dataclass
class OutlineNode(JsonNode):
    """A section of the article with its points (document order) and its child nodes."""

    section_id: str
    level: int
    label: str | None
    heading: str | None
    points: list[Point] = field(default_factory=list)
    children: list[OutlineNode] = field(default_factory=list)

    def walk(self) -> list[OutlineNode]:
        """This node and its descendants, in document order."""
        return list(walk_tree([self], _children))


def _children(node: OutlineNode) -> list[OutlineNode]:
    return node.children


@dataclass
class Outline:
    """The whole outline: top-level nodes in document order."""

    nodes: list[OutlineNode]

    def points(self) -> list[Point]:
        """Every point of the outline, in document order."""
        return [p for node in walk_tree(self.nodes, _children) for p in node.points]

    def to_dict(self) -> dict[str, Any]:
        return {"outline": [n.to_dict() for n in self.nodes]}
