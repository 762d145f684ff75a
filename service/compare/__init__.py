"""Compare two versions of a document unit by unit: pairs, statuses and character diffs.

Pure and model-free: two parsed Documents in, a Comparison out. Units are articles where the
documents have them (units.py); they are aligned so that renumbering and moves do not mislead
(align.py), splits and merges are found (splits.py) and each changed pair gets a character diff
over its original text (diff.py), ignoring differences of form only (forms.py).
"""

from __future__ import annotations

from service.compare.align import Match, align
from service.compare.diff import char_diff
from service.compare.model import Comparison, Pair
from service.compare.splits import join_parts
from service.compare.units import Unit, document_units
from service.document import Document

__all__ = ["Comparison", "Pair", "Unit", "compare_documents", "compare_units"]


def compare_documents(old: Document, new: Document) -> Comparison:
    """Align the units of two versions of a document and diff each changed pair."""
    return compare_units(document_units(old), document_units(new))


def compare_units(old: list[Unit], new: list[Unit]) -> Comparison:
    """`compare_documents` over units already cut out of the two versions."""
    matches = align(old, new)
    join_parts(matches, old, new)
    paired_old = {m.old for m in matches}
    paired_new = {m.new for m in matches}
    matches += [Match(i, None, 0.0) for i in range(len(old)) if i not in paired_old]
    matches += [Match(None, j, 0.0) for j in range(len(new)) if j not in paired_new]
    return Comparison([_pair(m, old, new) for m in _reading_order(matches)])


def _reading_order(matches: list[Match]) -> list[Match]:
    """The new version's order; a removed unit right after the pair of the old unit before it."""
    new_of_old: dict[int, int] = {}
    for match in matches:
        if match.old is not None and match.new is not None and not match.moved:
            new_of_old.setdefault(match.old, match.new)
    placed = sorted(new_of_old.items())

    def place(match: Match) -> tuple[int, int, int]:
        if match.new is not None:
            return (match.new, 0, match.old if match.old is not None else -1)
        assert match.old is not None
        before = [n for o, n in placed if o < match.old]
        return (before[-1] if before else -1, 1, match.old)

    return sorted(matches, key=place)


def _pair(match: Match, old: list[Unit], new: list[Unit]) -> Pair:
    before = old[match.old] if match.old is not None else None
    after = new[match.new] if match.new is not None else None
    if before is None or after is None:
        return Pair("removed" if after is None else "added", before, after)
    same = before.key == after.key and not (match.split or match.merged)
    return Pair(
        "unchanged" if same else "changed",
        before,
        after,
        renumbered=before.label_key != after.label_key,
        moved=match.moved,
        split=match.split,
        merged=match.merged,
        diff=[] if same else char_diff(before.folded, after.folded),
    )
