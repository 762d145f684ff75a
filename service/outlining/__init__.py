"""Extractive outline: the article's own sections, each with its key sentences and enumerations.

(The package is `outlining`, not `outline`: a submodule named `service.outline` would replace the
public function `service.outline(document, ...)` as soon as it was imported.)

`build_outline(document, max_points=None, ratio=None) -> Outline`. Pure and deterministic: the
same Document always gives the same Outline. Ranking is in rank.py (centrality, position,
heading/title overlap), the budgeted choice of points in select.py, the output shape in model.py.
Never imports torch or transformers.
"""

from __future__ import annotations

import math

from service.document import Document, Section
from service.errors import InvalidInput
from service.outlining.model import Outline, OutlineNode, Point
from service.outlining.rank import Candidate, Weights, score_document
from service.outlining.select import Selection, select

__all__ = ["DEFAULT_MAX_POINTS", "Outline", "OutlineNode", "Point", "build_outline"]

# Enough for a six-question Q&A whose key answer is an eight-point list (the seed article needs
# one point per question plus the whole list: 6 + 8 = 14), still a ten-second read.
DEFAULT_MAX_POINTS = 16


def build_outline(
    document: Document,
    max_points: int | None = None,
    ratio: float | None = None,
    weights: Weights | None = None,
    knobs: Selection | None = None,
) -> Outline:
    """Outline a parsed Document.

    Args:
        document: the parsed article.
        max_points: most points in the whole outline (default DEFAULT_MAX_POINTS).
        ratio: share of the article's sentences to keep (0 < ratio <= 1), rounded up; with
            max_points as well, the smaller budget wins.
        weights, knobs: ranking and selection parameters (defaults are the tuned ones).

    Raises:
        InvalidInput: max_points < 1 or ratio outside (0, 1].
    """
    candidates = score_document(document, weights or Weights())
    budget = int(_budget(len(candidates), max_points, ratio))  # JSON may send 361.0
    chosen = select(candidates, budget, knobs or Selection())
    by_section: dict[str, list[Point]] = {}
    for c in chosen:
        by_section.setdefault(c.section.id, []).append(_point(c))
    if all(s.heading is None for s in document.walk()):
        return Outline([_flat_node(document, chosen)]) if document.sections else Outline([])
    nodes = [_node(s, by_section, top=True) for s in document.sections]
    return Outline([n for n in nodes if n is not None])


def _budget(n_sentences: int, max_points: int | None, ratio: float | None) -> int:
    if max_points is not None and (isinstance(max_points, bool) or max_points < 1):
        raise InvalidInput("max_points must be a positive integer", {"max_points": max_points})
    if ratio is not None and not 0 < ratio <= 1:
        raise InvalidInput("ratio must be in (0, 1]", {"ratio": ratio})
    budgets = [max_points] if max_points is not None else []
    if ratio is not None:
        budgets.append(max(1, math.ceil(ratio * n_sentences)))
    return min(budgets) if budgets else DEFAULT_MAX_POINTS


def _point(c: Candidate) -> Point:
    if c.lead is not None:
        return Point(c.sentence.id, c.sentence.text, "enumeration", c.score, c.lead)
    return Point(c.sentence.id, c.sentence.text, "key_sentence", c.score)


def _flat_node(document: Document, chosen: list[Candidate]) -> OutlineNode:
    """A document without headings: one node for its level-0 section, all points in it."""
    root = document.sections[0]
    return OutlineNode(root.id, root.level, root.label, None, [_point(c) for c in chosen])


def _node(section: Section, by_section: dict[str, list[Point]], top: bool) -> OutlineNode | None:
    """The section's node, or None when neither it nor its subtree has anything to show.

    Top-level heading sections are always shown (an editor sees the article's full table of
    contents); deeper ones only when they or their children hold points; the untitled preamble
    only with points.
    """
    children = [n for n in (_node(c, by_section, False) for c in section.sections) if n]
    points = by_section.get(section.id, [])
    shown = points or children or (top and section.heading is not None)
    if not shown:
        return None
    return OutlineNode(section.id, section.level, section.label, section.heading, points, children)
