"""Align the units of two versions: exact text first, then order, then similarity, then moves.

1. **Exact**: units whose folded content is equal pair up (the k-th copy with the k-th copy).
   The longest run of those pairs that keeps the order of both versions is the skeleton
   (anchors); the others are units that moved unchanged.
2. **Order-aware alignment** between consecutive anchors: a dynamic programme over the units
   left on both sides picks, among the pairs similar enough, the set that keeps the order and
   has the greatest total similarity. Renumbering cannot mislead it (labels are not compared)
   and no pair is taken first-come: every pair competes with every other of its gap.
3. **Moves**: of the units still unpaired, an old and a new unit that are each other's most
   similar, and similar enough, are a unit that moved (and may have changed).

Similarity is rapidfuzz's normalized Indel similarity over character bigrams of the folded
content: bigrams keep two unrelated articles of one law (which share most of their characters,
人民法院, 应当 …) far apart, while an article with a clause added stays close. Only units of
one kind are compared (an article with an article, a heading with a heading).
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from service.compare.units import KINDS, Unit

PAIR_CUTOFF = 0.45  # below this similarity two units are not versions of one another
GAP_REWARD = 0.3  # what leaving a unit unpaired is worth, so that a weak pair must earn its place
CONTAINED_MIN = 16  # bigrams the shorter text needs before containment counts
CONTAINED_WEIGHT = 0.8  # containment counts for less than likeness: it ignores what was added
MOVE_CUTOFF = 0.6  # a move crosses the order, so it needs stronger evidence than a pair in place
FULL_CELLS = 250_000  # gaps up to this many unit pairs are scored in full; larger ones in a band
BAND = 64  # extra width of the band, beyond the difference of the two runs' lengths
BLOCK = 64  # rows scored per call in a band
CHUNK = 1500  # a gap longer than this on both sides is aligned in pieces of this many units
MOVE_CELLS = 4_000_000  # moves are looked for among at most this many unpaired unit pairs


@dataclass
class Match:
    """Indexes of an old and a new unit that are versions of one another, or of a lone unit."""

    old: int | None
    new: int | None
    score: float
    moved: bool = False
    split: bool = False
    merged: bool = False


def bigrams(key: str) -> list[str]:
    """The character bigrams of a folded text (the text itself when shorter than two)."""
    return [key[i : i + 2] for i in range(len(key) - 1)] or [key]


def similarity(a: Sequence[Sequence[str]], b: Sequence[Sequence[str]]) -> np.ndarray:
    """Similarities in [0, 1] of every bigram list of `a` with every one of `b`.

    The Indel similarity, or, where the shorter text is long enough, how much of it the longer
    one holds (times CONTAINED_WEIGHT) when that is more: an article that gained a clause or
    a whole paragraph keeps its old text, though its length no longer matches.
    """
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    ratios = np.asarray(process.cdist(a, b, scorer=fuzz.ratio), dtype=np.float32) / 100
    len_a = np.array([len(x) for x in a], dtype=np.float32)[:, None]
    len_b = np.array([len(x) for x in b], dtype=np.float32)[None, :]
    shorter = np.minimum(len_a, len_b)
    held = ratios * (len_a + len_b) / (2 * shorter)  # common bigrams / the shorter's bigrams
    held = np.where(shorter >= CONTAINED_MIN, held * CONTAINED_WEIGHT, 0)
    return np.maximum(ratios, held)


@dataclass
class _Versions:
    """The units of both versions and their bigrams, which every stage scores."""

    old: list[Unit]
    new: list[Unit]
    grams_old: list[list[str]] = field(init=False)
    grams_new: list[list[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.grams_old = [bigrams(u.key) for u in self.old]
        self.grams_new = [bigrams(u.key) for u in self.new]

    def scores(self, olds: list[int], news: list[int], band: bool = True) -> np.ndarray:
        """Similarity of old units `olds` with new units `news`; zero across kinds. A long
        gap is scored in a band around its diagonal (`band`; moves cross the order: not them)."""
        rows = [self.grams_old[i] for i in olds]
        columns = [self.grams_new[j] for j in news]
        if band and len(olds) * len(news) > FULL_CELLS:
            found = _banded(rows, columns)
        else:
            found = similarity(rows, columns)
        kinds_old = np.array([KINDS.index(self.old[i].kind) for i in olds])
        kinds_new = np.array([KINDS.index(self.new[j].kind) for j in news])
        found[kinds_old[:, None] != kinds_new[None, :]] = 0
        return found


def align(old: list[Unit], new: list[Unit]) -> list[Match]:
    """The matched pairs (each with its similarity) of two versions' units."""
    versions = _Versions(old, new)
    exact = _exact(old, new)
    anchors = _longest_ordered(exact)
    on_anchor = {i for i, _ in anchors}
    matches = [Match(i, j, 1.0, moved=i not in on_anchor) for i, j in exact]
    taken_old = {i for i, _ in exact}
    taken_new = {j for _, j in exact}
    bounds = [(-1, -1), *anchors, (len(old), len(new))]
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        olds = [i for i in range(i0 + 1, i1) if i not in taken_old]
        news = [j for j in range(j0 + 1, j1) if j not in taken_new]
        for part_old, part_new in _pieces(olds, news):
            matches += _in_order(versions, part_old, part_new)
    paired_old = {m.old for m in matches}
    paired_new = {m.new for m in matches}
    left_old = [i for i in range(len(old)) if i not in paired_old]
    left_new = [j for j in range(len(new)) if j not in paired_new]
    matches += _moves(versions, left_old, left_new)
    return matches


def _exact(old: list[Unit], new: list[Unit]) -> list[tuple[int, int]]:
    """Pairs of units with equal kind and folded content, in old order."""
    positions: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, unit in enumerate(new):
        positions[(unit.kind, unit.key)].append(j)
    used: dict[tuple[str, str], int] = defaultdict(int)
    pairs = []
    for i, unit in enumerate(old):
        key = (unit.kind, unit.key)
        found = positions.get(key, [])
        if used[key] < len(found):
            pairs.append((i, found[used[key]]))
            used[key] += 1
    return pairs


def _longest_ordered(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `pairs` (sorted by old index) whose new indexes increase."""
    tails: list[int] = []  # tails[k]: smallest new index ending an increasing run of length k+1
    ends: list[int] = []  # ends[k]: position in `pairs` of that run's last pair
    before: list[int] = []
    for position, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            ends.append(position)
        else:
            tails[k], ends[k] = j, position
        before.append(ends[k - 1] if k else -1)
    run = []
    position = ends[-1] if ends else -1
    while position >= 0:
        run.append(pairs[position])
        position = before[position]
    return run[::-1]


def _pieces(olds: list[int], news: list[int]) -> list[tuple[list[int], list[int]]]:
    """A gap cut into pieces of at most about CHUNK units a side, in step on both sides.

    Only a gap with no exact anchor in thousands of units (hostile input, or two unrelated
    documents) is cut: it bounds the dynamic programme's table, which is m x n.
    """
    count = max(1, -(-min(len(olds), len(news)) // CHUNK))
    if count == 1:
        return [(olds, news)]
    step_old, step_new = len(olds) / count, len(news) / count
    return [
        (
            olds[round(k * step_old) : round((k + 1) * step_old)],
            news[round(k * step_new) : round((k + 1) * step_new)],
        )
        for k in range(count)
    ]


def _in_order(versions: _Versions, olds: list[int], news: list[int]) -> list[Match]:
    """The order-keeping pairs of greatest total (similarity - GAP_REWARD) between two runs."""
    if not olds or not news:
        return []
    scores = versions.scores(olds, news)
    weights = np.where(scores >= PAIR_CUTOFF, scores - GAP_REWARD, -np.inf)
    table = np.zeros((len(olds) + 1, len(news) + 1), dtype=np.float64)
    for r in range(1, len(olds) + 1):
        best = np.maximum(table[r - 1, :-1] + weights[r - 1], table[r - 1, 1:])
        table[r, 1:] = np.maximum.accumulate(best)
    matches = []
    r, c = len(olds), len(news)
    while r > 0 and c > 0:
        if table[r, c] == table[r, c - 1]:
            c -= 1
        elif table[r, c] == table[r - 1, c]:
            r -= 1
        else:
            matches.append(Match(olds[r - 1], news[c - 1], float(scores[r - 1, c - 1])))
            r, c = r - 1, c - 1
    return matches[::-1]


def _banded(rows: list[list[str]], columns: list[list[str]]) -> np.ndarray:
    """`similarity` near the diagonal of a long gap only (zero elsewhere).

    A run of thousands of units on both sides (a draft and a final text that share no exact
    article) keeps its order, so old unit r's partner lies near column r * n / m: within the
    difference of the two lengths plus BAND. Scoring only that band turns the m x n
    comparisons into about m x (2 * |m - n| + 2 * BAND).
    """
    m, n = len(rows), len(columns)
    scores = np.zeros((m, n), dtype=np.float32)
    reach = abs(m - n) + BAND
    for top in range(0, m, BLOCK):
        bottom = min(top + BLOCK, m)
        left = max(0, top * n // m - reach)
        right = min(n, bottom * n // m + reach)
        scores[top:bottom, left:right] = similarity(rows[top:bottom], columns[left:right])
    return scores


def _moves(versions: _Versions, olds: list[int], news: list[int]) -> list[Match]:
    """Unpaired old and new units that are each other's best match above MOVE_CUTOFF.

    Not looked for beyond MOVE_CELLS pairs (thousands of unpaired units on both sides: two
    documents that share almost nothing), where every pair would have to be scored.
    """
    if not olds or not news or len(olds) * len(news) > MOVE_CELLS:
        return []
    scores = versions.scores(olds, news, band=False)
    best_new = scores.argmax(axis=1)
    best_old = scores.argmax(axis=0)
    return [
        Match(olds[r], news[c], float(scores[r, c]), moved=True)
        for r, c in enumerate(best_new)
        if best_old[c] == r and scores[r, c] >= MOVE_CUTOFF
    ]
