"""Score every sentence of a Document: centrality, position and overlap with heading and title.

score = length_factor * (w_c * centrality + w_p * position + w_x * context) / (w_c + w_p + w_x)

- centrality: LexRank within the sentence's own section (see centrality.py), 1.0 = most central.
- position: 1 / (1 + i) for the i-th sentence of its section (topic sentences lead in Chinese
  policy and news prose; a bonus for paragraph-first sentences made no difference on the dev
  data, so there is none).
- context: cosine with the title and the headings above the sentence (what the author said the
  section is about).
- length_factor: min(1, chars / SHORT) damps fragments ("答：", captions) whose bigram vectors are
  too small to be trusted.

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


@dataclass(frozen=True)
class Weights:
    """The few knobs of the ranking; defaults tuned on the news dev split (see the README)."""

    centrality: float = 0.5
    position: float = 4.0
    context: float = 0.2
    short: int = 12


@dataclass(frozen=True)
class Candidate:
    """A scored sentence with what selection needs to know about where it sits."""

    sentence: Sentence
    order: int
    section: Section
    top: int
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
            position = 1.0 / (1 + i - start)
            score = _combine(weights, cent[i - start], position, vectors[i], context, sentence)
            candidates.append(Candidate(sentence, i, section, top, vectors[i], score, lead))
        start = end
    return candidates


def _combine(
    weights: Weights, cent: float, position: float, vec: Vector, context: Vector, s: Sentence
) -> float:
    overlap = sum(w * context.get(t, 0.0) for t, w in vec.items())
    total = weights.centrality + weights.position + weights.context
    mixed = weights.centrality * cent + weights.position * position + weights.context * overlap
    length_factor = min(1.0, content_length(s.norm) / weights.short) if weights.short else 1.0
    return length_factor * mixed / total


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
