"""Script detection and normalization (OpenCC via opencc-python-reimplemented).

`norm` is what models and ranking see: simplified script, full-width ASCII letters, digits
and the ideographic space folded to half width. Chinese punctuation (，。：；) is kept as it is:
blanket NFKC would turn it into ASCII and break segmentation and rendering. The conversion is
OpenCC's tw2s (Taiwan variants reversed, then t2s): unlike plain t2s it turns s2tw's 著 back
into 着 where the phrase says so (看著 → 看着, 著名 stays), so s2tw text normalizes to exactly
its simplified original; on standard and Hong Kong traditional text it equals t2s.

OpenCC's pure-Python converter is slow (about 5 µs a character), so both functions first consult
the character sets of OpenCC's own dictionaries: text with no character that t2s could change is
returned as is, and script detection counts characters instead of converting.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import opencc
from opencc import OpenCC

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DICTIONARIES = Path(opencc.__file__).resolve().parent / "dictionary"

# Full-width ASCII letters and digits (Ａ-Ｚ ａ-ｚ ０-９) and the ideographic space.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_WIDTH_TABLE.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_WIDTH_TABLE.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
_WIDTH_TABLE[0x3000] = 0x20

# A minority script counts as "mixed" only above this share of the script-specific characters.
MIXED_SHARE = 0.2


@cache
def _converter() -> OpenCC:
    """The tw2s converter, built once per process (loading dictionaries is the slow part)."""
    return OpenCC("tw2s")


@cache
def _mapping(name: str) -> dict[str, str]:
    """An OpenCC dictionary file as {key: first candidate}."""
    entries = {}
    text = (_DICTIONARIES / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        key, _, values = line.partition("\t")
        if values:
            entries[key] = values.split(" ")[0]
    return entries


@cache
def _changed_chars(chars_file: str, phrases_file: str) -> frozenset[str]:
    """Characters whose presence is needed for the conversion to change anything."""
    chars = {k for k, v in _mapping(chars_file).items() if v != k}
    for key, value in _mapping(phrases_file).items():
        if len(key) != len(value):
            chars.update(key)
        else:
            chars.update(a for a, b in zip(key, value, strict=True) if a != b)
    return frozenset(chars)


def fold_width(text: str) -> str:
    """Fold full-width ASCII letters/digits and the ideographic space to half width."""
    return text.translate(_WIDTH_TABLE)


@cache
def _tw2s_triggers() -> frozenset[str]:
    """Characters without which neither stage of tw2s changes a text."""
    variants = _changed_chars("TWVariantsRev.txt", "TWVariantsRevPhrases.txt")
    return variants | _changed_chars("TSCharacters.txt", "TSPhrases.txt")


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese (OpenCC tw2s); other characters unchanged."""
    triggers = _tw2s_triggers()
    if not any(ch in triggers for ch in text):
        return text
    return str(_converter().convert(text))


def to_norm(text: str) -> str:
    """Simplified script with folded width: the form models and ranking see."""
    return fold_width(to_simplified(text))


def detect_script(text: str) -> str:
    """Return "Hans", "Hant", "mixed" or "none" (no Han characters).

    A character counts as traditional when t2s changes it and as simplified when s2t changes
    it; text whose characters are common to both scripts is "Hans".
    """
    han = HAN.findall(text)
    if not han:
        return "none"
    traditional = _changed_chars("TSCharacters.txt", "TSPhrases.txt")
    simplified = _changed_chars("STCharacters.txt", "STPhrases.txt")
    trad = sum(1 for ch in han if ch in traditional and ch not in simplified)
    simp = sum(1 for ch in han if ch in simplified and ch not in traditional)
    if trad and simp and min(trad, simp) >= MIXED_SHARE * max(trad, simp):
        return "mixed"
    return "Hant" if trad > simp else "Hans"
