"""Chinese numerals to integers (一 → 1, 二十六 → 26, 三千五百万 → 35000000, 两 → 2)."""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
NUMERAL_RUN = re.compile(f"[{NUMERAL_CHARS}]+")
# Longer numeral runs are not numbers a document states (and int() refuses >4300 digits).
MAX_NUMERAL_CHARS = 18


def parse_chinese_number(text: str) -> int | None:
    """The integer a run of Chinese numerals denotes, or None if `text` is not one.

    Handles positional digit strings (二〇二五 → 2025) and unit forms (十四 → 14, 一百零五 → 105,
    三亿五千万 → 350000000).
    """
    if not text or len(text) > MAX_NUMERAL_CHARS or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    if not any(ch in SMALL_UNITS or ch in BIG_UNITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            if digit not in (None, 0) and DIGITS[ch] != 0:
                return None  # two digits in a row in unit form: 十四五 is 14 + 5, not a number
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (
                (total + section) * BIG_UNITS[ch] if ch == "亿" else total + section * BIG_UNITS[ch]
            )
            section, digit = 0, None
    return total + section + (digit or 0)
