"""Sentence centrality: continuous LexRank (PageRank over a cosine-similarity graph).

The graph is built per section, never over the whole document, and a long section is cut into
consecutive blocks of at most BLOCK sentences, so the cost stays linear in the document's length
(a dense n x n graph over a 200k-character law would be ~10^7 pairs). Within a block the graph is
dense and small, so numpy does it in microseconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from service.outlining.vectors import Vector

BLOCK = 48  # sentences per graph: about three screens of text, enough context for "central"
DAMPING = 0.85  # the usual PageRank damping (Erkan & Radev 2004 use 0.85 for LexRank too)
ITERATIONS = 50
TOLERANCE = 1e-6


def centrality(vectors: Sequence[Vector]) -> list[float]:
    """LexRank score per sentence, scaled so the most central sentence of its block has 1.0."""
    scores: list[float] = []
    for start in range(0, len(vectors), BLOCK):
        scores.extend(_block_scores(vectors[start : start + BLOCK]))
    return scores


def _block_scores(vectors: Sequence[Vector]) -> list[float]:
    n = len(vectors)
    if n <= 2:
        return [1.0] * n
    sim = _similarity(vectors)
    np.fill_diagonal(sim, 0.0)
    row_sums = sim.sum(axis=1, keepdims=True)
    # A sentence sharing nothing with its block links uniformly (a dangling node in PageRank).
    transition = np.where(row_sums > 0, sim / np.where(row_sums > 0, row_sums, 1.0), 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(ITERATIONS):
        new = (1.0 - DAMPING) / n + DAMPING * (transition.T @ rank)
        done = float(np.abs(new - rank).sum()) < TOLERANCE
        rank = new
        if done:
            break
    top = float(rank.max())
    return [float(r) / top for r in rank]


def _similarity(vectors: Sequence[Vector]) -> np.ndarray:
    """Dense cosine matrix of a block of L2-normalized sparse vectors."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, vec in enumerate(vectors):
        for term, weight in vec.items():
            rows.append(i)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(weight)
    matrix = np.zeros((len(vectors), max(len(vocab), 1)))
    matrix[rows, cols] = vals
    return matrix @ matrix.T
