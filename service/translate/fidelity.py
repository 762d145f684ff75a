"""Fidelity checks on one source sentence and its translation: pure functions, no model.

- numbers: every number of the source (Arabic digits, decimals, percentages, years, both ends of
  ranges like 2022-2025, Chinese numerals with units such as 二十六, 5万, 1.2亿) must appear in the
  translation as digits (commas allowed), as digits with a scale word (50 thousand, 1.2 billion),
  as English number words (ten, twenty-six) or, for months, as the month name;
- Han characters left in an English translation;
- a looping n-gram (hallucinated repetition).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from service.parsing.numerals import BIG_UNITS, NUMERAL_CHARS, SMALL_UNITS, parse_chinese_number

FLAG_NUMBERS = "numbers_missing"
FLAG_HAN = "untranslated_han"
FLAG_REPETITION = "repetition"
FLAG_EMPTY = "empty_output"

HAN_LANGUAGES = ("zh", "ja")  # targets written (partly) in Han characters
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

_ARABIC = r"\d+(?:[.,]\d+)*"
_SOURCE_ARABIC = re.compile(rf"({_ARABIC})\s*([万亿]*)(月)?")
_SOURCE_HAN = re.compile(rf"(第|百分之)?([{NUMERAL_CHARS}]+)(月)?")
_TARGET_DIGITS = re.compile(rf"({_ARABIC})(?:\s*(thousand|million|billion|trillion))?", re.I)
_WORD = re.compile(r"[a-z]+", re.I)

SCALE_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _numbered(words: str, start: int, step: int) -> dict[str, int]:
    """{"one": 1, "two": 2, ...} from a space-separated word list."""
    return {word: start + i * step for i, word in enumerate(words.split())}


UNIT_WORDS = _numbered(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen",
    0,
    1,
)
TENS_WORDS = _numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)
MONTHS = _numbered(
    "january february march april may june july august september october november december", 1, 1
)


def _decimal(digits: str) -> Decimal | None:
    try:
        return Decimal(digits.replace(",", "")).normalize()
    except InvalidOperation:
        return None


def source_numbers(text: str) -> dict[Decimal, str]:
    """The numbers a source sentence states: value → surface form (first occurrence).

    Ordinals (第二), single-character Chinese numerals (一体化, 三个) and digit runs without units
    are left out: they are words more often than quantities and a translation may rightly
    render them as words.
    """
    found: dict[Decimal, str] = {}
    for match in _SOURCE_ARABIC.finditer(text):
        value = _decimal(match.group(1))
        if value is None:
            continue
        for unit in match.group(2):
            value *= BIG_UNITS[unit]
        found.setdefault(value.normalize(), match.group(0).strip())
    for match in _SOURCE_HAN.finditer(text):
        prefix, numeral = match.group(1), match.group(2)
        if prefix == "第" or not any(c in SMALL_UNITS or c in BIG_UNITS for c in numeral):
            continue
        number = parse_chinese_number(numeral)
        if number is not None:
            found.setdefault(Decimal(number), match.group(0))
    return found


def target_numbers(text: str) -> set[Decimal]:
    """Every value a translation expresses in digits, scaled digits, number words or months."""
    values: set[Decimal] = set()
    for match in _TARGET_DIGITS.finditer(text):
        value = _decimal(match.group(1))
        if value is None:
            continue
        values.add(value)
        if match.group(2):
            values.add((value * SCALE_WORDS[match.group(2).lower()]).normalize())
    values.update(Decimal(v) for v in _word_numbers(text))
    return values


def _word_numbers(text: str) -> set[int]:
    """Values of English number words: "twenty-six" → 26, "ten thousand" → 10000, "May" → 5."""
    values: set[int] = set()
    current: int | None = None
    for word in (w.lower() for w in _WORD.findall(text)):
        if word in MONTHS:
            values.add(MONTHS[word])
        if word in UNIT_WORDS or word in TENS_WORDS:
            current = (current or 0) + UNIT_WORDS.get(word, 0) + TENS_WORDS.get(word, 0)
        elif word == "hundred" and current is not None:
            current *= 100
        elif word in SCALE_WORDS and current is not None:
            values.add(current)
            current *= SCALE_WORDS[word]
        elif current is not None:
            values.add(current)
            current = None
        if current is not None:
            values.add(current)
    return values


def missing_numbers(source: str, translation: str) -> list[str]:
    """Surface forms of the source's numbers that the translation does not express."""
    present = target_numbers(translation)
    return [surface for value, surface in source_numbers(source).items() if value not in present]


def untranslated_han(translation: str) -> str:
    """The Han characters left in a translation (empty when there are none)."""
    return "".join(HAN.findall(translation))


_UNITS = re.compile(r"[\u3400-\u9fff]|[^\W_]+|[^\w\s]")


def find_repetition(text: str, max_n: int = 6) -> str | None:
    """The first n-gram (n ≤ max_n) that repeats back to back, or None.

    A word or character must occur 4 times in a row, a longer n-gram 3 times in a row; n-grams of
    punctuation only are ignored ("..." is not a loop).
    """
    units = [u.lower() for u in _UNITS.findall(text)]
    for n in range(1, max_n + 1):
        needed = 4 if n == 1 else 3
        for start in range(len(units) - n * needed + 1):
            gram = units[start : start + n]
            if not any(ch.isalnum() for unit in gram for ch in unit):
                continue
            if all(units[start + k * n : start + (k + 1) * n] == gram for k in range(needed)):
                return " ".join(gram)
    return None


def check_sentence(source: str, translation: str, tgt: str = "en") -> dict[str, str]:
    """All fidelity flags of one sentence: flag name → a short detail for the warning.

    Han characters count as untranslated only when the target language is not written in them.
    """
    flags: dict[str, str] = {}
    missing = missing_numbers(source, translation)
    if missing:
        flags[FLAG_NUMBERS] = "numbers not found in the translation: " + ", ".join(missing)
    han = untranslated_han(translation) if tgt.split("-")[0] not in HAN_LANGUAGES else ""
    if han:
        flags[FLAG_HAN] = f"{len(han)} Han characters left untranslated"
    loop = find_repetition(translation)
    if loop is not None:
        flags[FLAG_REPETITION] = f"repeated n-gram: {loop!r}"
    return flags
