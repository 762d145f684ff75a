"""Fold away differences of form only, so that units align on their wording.

Two versions of a law rarely differ only in wording: a draft copied out of a PDF has hard line
breaks, half-width punctuation and spaces between its lines; a Hong Kong copy is in traditional
script; one printing writes 〇 where another writes 零. `fold` maps all of these to one form.
(The page numbers between a PDF copy's lines never reach a unit: the parser sets them aside,
metadata.boilerplate, rule page_number.) It is used only to match and to diff: what a reader
sees is always the original text, which `Folded.starts` maps back to (folded character i came
from `original[starts[i]:starts[i + 1]]`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from service.parsing.normalize import fold_width, to_simplified

# Full- and half-width forms of one punctuation mark fold to one character; quotes of every
# kind fold to one; whitespace of every kind (line breaks, ideographic space) is dropped.
_PUNCTUATION = {
    "，": ",",
    "。": ".",
    "．": ".",
    "；": ";",
    "：": ":",
    "！": "!",
    "？": "?",
    "（": "(",
    "）": ")",
    "［": "[",
    "］": "]",
    "【": "[",
    "】": "]",
    "〔": "[",
    "〕": "]",
    "〈": "《",
    "〉": "》",
    "<": "《",
    ">": "》",
    "“": '"',
    "”": '"',
    "‘": '"',
    "’": '"',
    "'": '"',
    "「": '"',
    "」": '"',
    "『": '"',
    "』": '"',
    "—": "-",
    "–": "-",
    "－": "-",
    "〇": "零",
    "○": "零",
}
# Every character Unicode counts as a space (en and em spaces, 监\u2002\u2002护 in a heading,
# included: str.isspace), and the zero-width ones.
_WHITESPACE = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + "\u200b\ufeff"


@cache
def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(k): v for k, v in _PUNCTUATION.items()}
    table.update({ord(ch): None for ch in _WHITESPACE})
    return table


def fold(text: str) -> str:
    """The text with differences of form folded away (see the module docstring)."""
    return to_simplified(fold_width(text)).translate(_table())


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each folded character, where it starts in the original."""

    original: str
    text: str
    starts: tuple[int, ...]

    def span(self, start: int, end: int) -> str:
        """The original text behind folded characters [start, end), dropped spaces included.

        The first span starts at the original's start and the last ends at its end, so the spans
        of consecutive ranges add up to the whole original.
        """
        begin = 0 if start == 0 else self.starts[start]
        finish = len(self.original) if end >= len(self.text) else self.starts[end]
        return self.original[begin:finish]


def folded(original: str) -> Folded:
    """`fold` with the map back to the original (one folded character per kept character)."""
    kept = [i for i, ch in enumerate(original) if ch not in _WHITESPACE]
    chars = "".join(original[i] for i in kept)
    text = fold(chars)
    if len(text) != len(chars):  # a script conversion that changed the length: go by character
        text = "".join(fold(ch)[:1] or ch for ch in chars)
    return Folded(original, text, tuple(kept))
