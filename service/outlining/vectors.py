"""Sparse TF-IDF vectors over character bigrams of normalized text, and their cosine.

Chinese has no spaces, and a word segmenter would add a dependency and its own errors; character
bigrams are the standard cheap stand-in (they capture most two-character words). Bigrams never
span punctuation or whitespace. A run of a single character contributes its unigram so that
short runs ("乡" in "乡、村") still count, and a run of ASCII letters/digits ("5G", "APP") is one
term. IDF is computed over the sentences of one document, so cost is linear in its length.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

Vector = dict[str, float]

# Runs of Han characters, or of ASCII letters/digits (folded by normalization), count as text.
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")


def terms(norm: str) -> list[str]:
    """Character bigrams (and lone characters) of a normalized text, in order."""
    out: list[str] = []
    for run in _RUN.findall(norm.lower()):
        if len(run) == 1 or run.isascii():
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def content_length(norm: str) -> int:
    """Number of Han/ASCII-alphanumeric characters (punctuation and spaces not counted)."""
    return sum(len(run) for run in _RUN.findall(norm))


def idf_table(documents: Iterable[Sequence[str]]) -> tuple[dict[str, float], float]:
    """Smoothed IDF per term over term lists, and the IDF an unseen term would get."""
    df: Counter[str] = Counter()
    n = 0
    for doc_terms in documents:
        n += 1
        df.update(set(doc_terms))
    idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}
    return idf, math.log(1 + n) + 1.0


def tfidf(doc_terms: Sequence[str], idf: dict[str, float], unseen: float) -> Vector:
    """L2-normalized TF-IDF vector (sublinear TF) of one term list; {} when it is empty."""
    counts = Counter(doc_terms)
    vec = {t: (1.0 + math.log(c)) * idf.get(t, unseen) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two L2-normalized sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def add(vectors: Iterable[Vector]) -> Vector:
    """Sum of sparse vectors, L2-normalized again ({} when all are empty)."""
    total: dict[str, float] = {}
    for vec in vectors:
        for t, w in vec.items():
            total[t] = total.get(t, 0.0) + w
    norm = math.sqrt(sum(w * w for w in total.values()))
    return {t: w / norm for t, w in total.items()} if norm else {}
