"""Score every sentence of a Document: a position prior, gated by how much it is on topic.

score = length_factor * position_prior * topicality ** w_c

- position_prior: (1 + i) ** -w_p for the i-th sentence of its section. The lead is the best
  single guess at the gist in news and in a policy section alike (topic sentences lead in
  Chinese prose); a section of a structured document is its own "lead", so the prior restarts
  at every section.
- topicality: (1 - w_x) * centrality + w_x * context, in [0, 1].
  - centrality: LexRank within the sentence's own section (see centrality.py), 1.0 = most
    central.
  - context: cosine with the title and the headings above the sentence (what the author said
    the section is about).
- length_factor: min(1, chars / SHORT) damps fragments ("答：", captions) whose bigram vectors are
  too small to be trusted.

The product, not a sum, is the point: a sum with a strong position weight lets the first
sentence win whatever it says (a promotion line, a hook, a dateline fragment), so the top point
was LEAD-1 with a fragment filter. In the product a lead that shares almost nothing with the
rest of its section is discounted by its topicality, and a later sentence has to be clearly more
central to overtake it (the prior of the second sentence is 2 ** -w_p of the first's).

Similarity always uses `Sentence.norm` (simplified, width-folded), so a traditional article ranks
exactly like its simplified version.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from service.document import Document, Enumeration, Section, Sentence
from service.outlining.centrality import centrality
from service.outlining.vectors import Vector, add, content_length, idf_table, terms, tfidf
from service.parsing.normalize import to_norm

# Topicality never reaches 0, so sentences that share nothing with anything still rank by position.
FLOOR = 1e-3


@dataclass(frozen=True)
class Weights:
    """The few knobs of the ranking; defaults tuned on the dev splits (docs/outline-evaluation.md).

    position: exponent of the position prior; centrality: exponent of the topicality; context:
    share of the title/heading overlap in the topicality; short: characters below which a
    sentence counts as a fragment (0: no damping).
    """

    position: float = 1.25
    centrality: float = 0.75
    context: float = 0.2
    short: int = 12


@dataclass(frozen=True)
class Candidate:
    """A scored sentence with what selection needs to know about where it sits."""

    sentence: Sentence
    order: int
    section: Section
    top: int  # index of its top-level section in Document.sections
    headed: bool  # whether that top-level section has a heading (False: the untitled preamble)
    vector: Vector
    score: float
    lead: str | None  # None: a plain sentence; else the lead(s) of the enumeration(s) it opens

    @property
    def is_enumeration(self) -> bool:
        return self.lead is not None


def score_document(document: Document, weights: Weights) -> list[Candidate]:
    """Every sentence of the document as a scored Candidate, in document order."""
    placed = list(_placed_sentences(document))
    term_lists = [terms(sentence.norm) for sentence, *_ in placed]
    idf, unseen = idf_table(term_lists)
    vectors = [tfidf(t, idf, unseen) for t in term_lists]
    title = tfidf(terms(to_norm(document.title)), idf, unseen) if document.title else {}
    candidates: list[Candidate] = []
    start = 0
    while start < len(placed):
        section = placed[start][1]
        end = start
        while end < len(placed) and placed[end][1] is section:
            end += 1
        cent = centrality(vectors[start:end])
        context = _context(placed[start][3], title, idf, unseen)
        for i in range(start, end):
            sentence, _, top, _, lead = placed[i]
            position = (1.0 + i - start) ** -weights.position
            score = _combine(weights, cent[i - start], position, vectors[i], context, sentence)
            headed = document.sections[top].heading is not None
            candidates.append(Candidate(sentence, i, section, top, headed, vectors[i], score, lead))
        start = end
    return candidates


def _combine(
    weights: Weights, cent: float, position: float, vec: Vector, context: Vector, s: Sentence
) -> float:
    overlap = sum(w * context.get(t, 0.0) for t, w in vec.items())
    topicality = (1.0 - weights.context) * cent + weights.context * overlap
    length_factor = min(1.0, content_length(s.norm) / weights.short) if weights.short else 1.0
    return length_factor * position * max(topicality, FLOOR) ** weights.centrality


def _context(headings: list[str], title: Vector, idf: dict[str, float], unseen: float) -> Vector:
    heading_vecs = [tfidf(terms(to_norm(h)), idf, unseen) for h in headings]
    return add([title, *heading_vecs])


PlacedSentence = tuple[Sentence, Section, int, list[str], str | None]
LEAD_SEPARATOR = "；"


def _placed_sentences(document: Document) -> Iterator[PlacedSentence]:
    """(sentence, section, top-level index, heading path, enumeration lead or None).

    A sentence holding several enumerated points (其一是…，其二是…) gets their leads joined
    with LEAD_SEPARATOR, so the one point that stands for it still shows every item.
    """
    for top, root in enumerate(document.sections):
        for section, path in _sections_with_paths(root, []):
            for paragraph in section.paragraphs:
                leads = _leads_by_sentence(paragraph.enumerations)
                for sentence in paragraph.sentences:
                    yield sentence, section, top, path, leads.get(sentence.id)


def _leads_by_sentence(enumerations: list[Enumeration]) -> dict[str, str]:
    grouped: dict[str, list[str]] = {}
    for enum in enumerations:
        grouped.setdefault(enum.sentence_id, []).append(enum.lead)
    return {sid: LEAD_SEPARATOR.join(leads) for sid, leads in grouped.items()}


def _sections_with_paths(section: Section, above: list[str]) -> Iterator[tuple[Section, list[str]]]:
    path = [*above, section.heading] if section.heading else above
    yield section, path
    for child in section.sections:
        yield from _sections_with_paths(child, path)
