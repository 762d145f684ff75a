"""Choose which scored sentences become points, within a budget.

Three passes, each with one job:

1. Coverage: every top-level section with body text gets its best-scored sentence before any
   section gets a second point. The untitled preamble comes first (where policy articles and
   news state their gist), then the headed sections (the table of contents: 一、二、…, 第X章).
   When the budget cannot cover every headed section, the heaviest ones win, weight =
   characters of body text in the section and its subsections: a section that holds more of
   the article has more to lose by being left out. Ties go to the earlier section.
2. Enumerations: a section's enumerated points (一是…八是, 首先…其次…) form a run. Runs are taken
   whole, in document order, whenever the rest of the run fits in what is left: enumerations
   come ahead of plain sentences, and a list cut in the middle would mislead.
3. Key sentences: greedy MMR over the plain sentences,
   value = score * section_decay ** (points already in that section) - mmr_lambda * max cosine
   with the points already chosen, so points spread over sections and do not repeat each other.
4. Leftovers: if plain sentences run out before the budget does, the enumerations that did not
   fit as whole runs fill it, in document order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from service.outlining.rank import Candidate
from service.outlining.vectors import content_length, cosine

POOL_FACTOR = 4  # pass 3 looks at the best POOL_FACTOR * budget plain sentences (and >= 64)


@dataclass(frozen=True)
class Selection:
    """Knobs of pass 3 (see the module docstring)."""

    section_decay: float = 0.5
    mmr_lambda: float = 0.5


def select(candidates: list[Candidate], budget: int, knobs: Selection) -> list[Candidate]:
    """The chosen candidates, in document order."""
    chosen: dict[int, Candidate] = {}
    _cover_top_sections(candidates, budget, chosen)
    _complete_runs(candidates, budget, chosen)
    _add_key_sentences(candidates, budget, chosen, knobs)
    _fill_with_enumerations(candidates, budget, chosen)
    return sorted(chosen.values(), key=lambda c: c.order)


def _cover_top_sections(
    candidates: list[Candidate], budget: int, chosen: dict[int, Candidate]
) -> None:
    best: dict[int, Candidate] = {}
    weight: dict[int, int] = defaultdict(int)
    for c in candidates:
        weight[c.top] += content_length(c.sentence.norm)
        if c.top not in best or c.score > best[c.top].score:
            best[c.top] = c
    ranked = sorted(best.values(), key=lambda c: (c.headed, -weight[c.top], c.order))
    for c in ranked[:budget]:
        chosen[c.order] = c


def _complete_runs(candidates: list[Candidate], budget: int, chosen: dict[int, Candidate]) -> None:
    runs: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        if c.is_enumeration and c.order not in chosen:
            runs[c.section.id].append(c)
    for run in runs.values():  # dicts keep insertion order: document order of the runs
        if len(run) <= budget - len(chosen):
            chosen.update((c.order, c) for c in run)


def _add_key_sentences(
    candidates: list[Candidate], budget: int, chosen: dict[int, Candidate], knobs: Selection
) -> None:
    plain = sorted(
        (c for c in candidates if not c.is_enumeration and c.order not in chosen),
        key=lambda c: (-c.score, c.order),
    )
    pool = plain[: max(POOL_FACTOR * budget, 64)]
    per_section: dict[str, int] = defaultdict(int)
    for c in chosen.values():
        per_section[c.section.id] += 1
    redundancy = {
        c.order: max((cosine(c.vector, o.vector) for o in chosen.values()), default=0.0)
        for c in pool
    }
    while len(chosen) < budget and pool:
        pick = max(
            pool,
            key=lambda c: (
                c.score * knobs.section_decay ** per_section[c.section.id]
                - knobs.mmr_lambda * redundancy[c.order],
                -c.order,
            ),
        )
        pool.remove(pick)
        chosen[pick.order] = pick
        per_section[pick.section.id] += 1
        for c in pool:
            redundancy[c.order] = max(redundancy[c.order], cosine(c.vector, pick.vector))


def _fill_with_enumerations(
    candidates: list[Candidate], budget: int, chosen: dict[int, Candidate]
) -> None:
    for c in candidates:
        if len(chosen) >= budget:
            return
        if c.is_enumeration:
            chosen.setdefault(c.order, c)
