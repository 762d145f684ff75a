"""Which run-in 第X条 openings are article labels: article numbers run on through a law.

Pasted laws often lose the space after the label (`第一条为维护社会治安秩序，…`), and a
paragraph may also open by citing an article (`第三条规定的…`, `第三条所称…`). A label with a
space, colon or line end after it is always an article (headings.classify); a run-in one is an
article when it lies on the document's numbering chain: the longest run of openings in which
each number follows the one before (n+1; a gap of up to MAX_GAP for a label lost elsewhere;
第十条之一 after 第十条, 之二 after 之一; 第一条 again where a second law begins). Separated
labels anchor the chain; a run-in opening followed by citation words counts against it, so it
is taken only when the numbering needs it. A numbering may also start again at another number
(an amendment quoting the articles it inserts, 第一百二十三条…第一百二十七条), at a cost that
three consecutive run-in labels repay and a stray citation does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from service.parsing.ingest.blocks import Block
from service.parsing.labels import ArticleOpening, article_opening

Key = TypeVar("Key")
RUN_IN_ARTICLE = "run_in_article"  # the override structure gives the blocks found here
MAX_GAP = 3
RESTART_COST = 2.5  # a new numbering (a quoted law's articles) needs three run-in labels in a row
SEPARATED_WEIGHT = 2.0
RUN_IN_WEIGHT = 1.0
REFERENCE_WEIGHT = -1.0


@dataclass(frozen=True)
class _Link:
    score: float
    index: int  # block index of this opening
    separated: bool
    previous: _Link | None


def run_in_articles(blocks: Sequence[Block]) -> set[int]:
    """Indexes of the blocks whose run-in 第X条 opening is an article label."""
    chains = _Chains()
    for index, block in enumerate(blocks):
        opening = article_opening(block.text)
        if opening is not None:
            chains.add(index, opening)
    accepted = set()
    link = chains.top
    while link is not None:
        if not link.separated:
            accepted.add(link.index)
        link = link.previous
    return accepted


class _Chains:
    """The best-scoring numbering chain ending at each article number seen so far."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[int, int], _Link] = {}  # (number, sub) -> best chain
        self.by_number: dict[int, _Link] = {}  # number -> best chain over its subs
        self.top: _Link | None = None

    def add(self, index: int, opening: ArticleOpening) -> None:
        score, before = max(self._predecessors(opening), key=lambda pair: pair[0])
        link = _Link(score + _weight(opening), index, opening.separated, before)
        key = (opening.number, opening.sub)
        if key not in self.by_key or link.score > self.by_key[key].score:
            self.by_key[key] = link
        if (
            opening.number not in self.by_number
            or link.score > self.by_number[opening.number].score
        ):
            self.by_number[opening.number] = link
        if self.top is None or link.score > self.top.score:
            self.top = link

    def _predecessors(self, opening: ArticleOpening) -> list[tuple[float, _Link | None]]:
        """(score before this opening, the chain it continues) for each way to reach it."""
        restart = 0.0 if opening.number == 1 and not opening.sub else RESTART_COST
        ways: list[tuple[float, _Link | None]] = [(-restart, None)]
        if self.top is not None:
            ways.append((self.top.score - restart, self.top))
        if opening.sub:
            previous = self.by_key.get((opening.number, opening.sub - 1))
            if previous is not None:
                ways.append((previous.score, previous))
            return ways
        for number in range(opening.number - MAX_GAP, opening.number):
            if number in self.by_number:
                ways.append((self.by_number[number].score, self.by_number[number]))
        return ways


def _keep_best(table: dict[Key, _Link], key: Key, link: _Link) -> None:
    """Keep the better chain for key; on a tie the later one (a paragraph citing the next
    article, 依照第二十六条…, comes before that article, rarely after it)."""
    if key not in table or link.score >= table[key].score:
        table[key] = link


def _weight(opening: ArticleOpening) -> float:
    if opening.separated:
        return SEPARATED_WEIGHT
    return REFERENCE_WEIGHT if opening.reference else RUN_IN_WEIGHT
