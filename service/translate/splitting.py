"""Split a sentence that exceeds the model's input limit into pieces that fit; never truncate.

Pieces end at clause boundaries (；：，、 and sentence punctuation) where possible; a single clause
that still does not fit is cut at the longest prefix that fits. Joining the pieces gives back the
input exactly, which the tests check.
"""

from __future__ import annotations

import re
from collections.abc import Callable

CLAUSE_END = re.compile(r"(?<=[；;：:，,、。！？!?])")


def clauses(text: str) -> list[str]:
    """The text cut after each clause punctuation mark (the mark stays with its clause)."""
    return [part for part in CLAUSE_END.split(text) if part]


def split_to_fit(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut `text` into consecutive pieces for which `fits(piece)` holds, largest first.

    Args:
        text: the sentence.
        fits: whether a piece is within the model's input limit (e.g. token count ≤ max).

    Returns:
        Pieces whose concatenation is `text`; `[text]` when it fits already.
    """
    if fits(text):
        return [text]
    pieces: list[str] = []
    current = ""
    for clause in clauses(text):
        if current and fits(current + clause):
            current += clause
            continue
        if current:
            pieces.append(current)
        current = ""
        if fits(clause):
            current = clause
        else:
            hard = _hard_split(clause, fits)
            pieces.extend(hard[:-1])
            current = hard[-1]
    if current:
        pieces.append(current)
    return pieces


def _hard_split(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut a clause without punctuation at the longest prefixes that fit (binary search)."""
    pieces: list[str] = []
    rest = text
    while rest and not fits(rest):
        low, high = 1, len(rest)  # invariant: rest[:low] is kept even if it does not fit
        while low < high:
            mid = (low + high + 1) // 2
            if fits(rest[:mid]):
                low = mid
            else:
                high = mid - 1
        pieces.append(rest[:low])
        rest = rest[low:]
    if rest:
        pieces.append(rest)
    return pieces
