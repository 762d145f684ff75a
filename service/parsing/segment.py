"""Sentence segmentation for Chinese (and Latin-script runs inside it).

A sentence ends after 。！？；… (and runs of them) plus any closing quotes or brackets that
follow (。” 。」 ！）). Never inside 《》 titles, numbers (3.5, 2022-2025) or URLs: ASCII
terminators end a sentence only before whitespace or the end of the text. One linear scan.
A fragment with no visible character (only controls, format or private-use characters) is
not a sentence.
"""

from __future__ import annotations

import unicodedata

TERMINATORS = frozenset("。！？；…!?;")
FULL_WIDTH_TERMINATORS = frozenset("。！？；…")
CLOSERS = frozenset("”’」』）)】〕》\"'")
# An unmatched 《 stops protecting the text after this many characters (malformed input).
MAX_TITLE_CHARS = 100


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Half-open (start, end) spans of the sentences of `text`, whitespace trimmed, none empty."""
    spans: list[tuple[int, int]] = []
    start = 0
    title_open = -1
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "《":
            title_open = i
        elif ch == "》":
            title_open = -1
        if title_open >= 0 and i - title_open > MAX_TITLE_CHARS:
            title_open = -1
        if title_open < 0 and _ends_sentence(text, i):
            end = _sentence_end(text, i + 1)
            _append(spans, text, start, end)
            start = i = end
            continue
        if ch == "." and _latin_period(text, i):
            _append(spans, text, start, i + 1)
            start = i + 1
        i += 1
    _append(spans, text, start, n)
    return spans


def _ends_sentence(text: str, i: int) -> bool:
    ch = text[i]
    if ch in FULL_WIDTH_TERMINATORS:
        return True
    if ch in TERMINATORS:  # ASCII ! ? ; only before whitespace or at the end
        return i + 1 == len(text) or text[i + 1].isspace()
    return False


def _latin_period(text: str, i: int) -> bool:
    """A '.' after a Latin letter, followed by whitespace and an upper-case letter."""
    return (
        i > 0
        and text[i - 1].isascii()
        and text[i - 1].isalpha()
        and i + 2 < len(text)
        and text[i + 1] == " "
        and text[i + 2].isupper()
    )


def _sentence_end(text: str, j: int) -> int:
    """Extend past further terminators and closing quotes/brackets."""
    n = len(text)
    while j < n and (text[j] in FULL_WIDTH_TERMINATORS or text[j] in CLOSERS):
        j += 1
    return j


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and _visible(text, start, end):
        spans.append((start, end))


def _visible(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has a character outside the separator and "other" categories."""
    return any(unicodedata.category(ch)[0] not in "ZC" for ch in text[start:end])
