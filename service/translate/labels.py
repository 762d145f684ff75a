"""Deterministic English labels for Chinese heading and enumeration labels.

Labels never go through the model: 一、→ "1.", （一）→ "(1)", 第三章 → "Chapter 3",
第五条 → "Article 5", 第二节 → "Section 2", 一是 → "First,", 第一， → "First,", 第一是 → "First,",
首先 → "First,", 第一步是 → "Step 1:", 一方面 → "On the one hand,". An article an amendment
inserted, 第一百三十三条之一, is "Article 133-1", as the usual English renderings of PRC laws
write it.
"""

from __future__ import annotations

import re

from service.parsing.numerals import MAX_NUMERAL_CHARS, NUMERAL_CHARS, parse_chinese_number

NUM = rf"([0-9０-９]+|[{NUMERAL_CHARS}]+)"

ORDINAL_WORDS = (
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
    "Twentieth",
)

# 第X<unit>: the English word for each structural unit of laws and plans.
UNITS = {
    "编": "Part",
    "分编": "Sub-part",
    "部分": "Part",
    "章": "Chapter",
    "节": "Section",
    "条": "Article",
    "款": "Paragraph",
    "项": "Item",
    "目": "Subitem",
}

ORDINAL_ADVERBS = {
    "首先": "First,",
    "其次": "Second,",
    "再次": "Third,",
    "再者": "Furthermore,",
    "最后": "Finally,",
    "一方面": "On the one hand,",
    "另一方面": "On the other hand,",
    "此外": "In addition,",
    "另外": "In addition,",
}

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^第{NUM}({'|'.join(UNITS)})$"), "unit"),
    (re.compile(rf"^第{NUM}(条)之{NUM}$"), "inserted"),
    (re.compile(rf"^[（(]{NUM}[)）]$"), "paren"),
    (re.compile(rf"^其?{NUM}(?:是|要)[，,]?$"), "ordinal"),
    (re.compile(rf"^附件{NUM}?$"), "annex"),
    (re.compile(rf"^第{NUM}点?是?[，,、：:]?$"), "ordinal"),
    (re.compile(rf"^第{NUM}步是?[，,、：:]?$"), "step"),
    (re.compile(rf"^{NUM}[、.．]$"), "dot"),
    (re.compile(r"^([\u2460-\u2473])$"), "circled"),
)


def to_int(numeral: str) -> int | None:
    """An Arabic (half- or full-width), circled (①) or Chinese numeral as an integer."""
    if len(numeral) == 1 and 0x2460 <= ord(numeral) <= 0x2473:
        return ord(numeral) - 0x2460 + 1
    folded = numeral.translate({cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)})
    if folded.isdigit():
        return int(folded) if len(folded) <= MAX_NUMERAL_CHARS else None
    return parse_chinese_number(numeral)


def ordinal(n: int) -> str:
    """1 → "First", 21 → "21st"."""
    if 1 <= n <= len(ORDINAL_WORDS):
        return ORDINAL_WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def translate_label(label: str) -> str:
    """The English form of a heading or enumeration label.

    Args:
        label: the label as the parser found it, e.g. "一、", "（三）", "第五条", "二是", "1.".

    Returns:
        The mapped label ("1.", "(3)", "Article 5", "Second,", "1."). A label of an unknown shape
        keeps its text with its numerals converted to Arabic digits, so no Chinese label is lost.
    """
    stripped = label.strip()
    if stripped in ORDINAL_ADVERBS:
        return ORDINAL_ADVERBS[stripped]
    for pattern, kind in PATTERNS:
        match = pattern.match(stripped)
        if match is None:
            continue
        if kind == "annex":
            return "Annex" if match.group(1) is None else f"Annex {to_int(match.group(1))}"
        number = to_int(match.group(1))
        if number is None:
            continue
        if kind == "unit":
            return f"{UNITS[match.group(2)]} {number}"
        if kind == "inserted":
            return f"{UNITS[match.group(2)]} {number}-{to_int(match.group(3))}"
        if kind in ("paren", "circled"):
            return f"({number})"
        if kind == "ordinal":
            return f"{ordinal(number)},"
        if kind == "step":
            return f"Step {number}:"
        return f"{number}."
    return _convert_numerals(stripped)


def _convert_numerals(text: str) -> str:
    """Replace each run of Chinese numerals by Arabic digits; fold full-width punctuation."""
    converted = re.sub(
        f"[{NUMERAL_CHARS}]+",
        lambda m: str(parse_chinese_number(m.group(0)) or m.group(0)),
        text,
    )
    return converted.translate(str.maketrans("（）、．，：", "(),.,:"))
