"""Heading and enumeration labels map to English deterministically, without the model."""

from __future__ import annotations

import pytest

from service.parsing.numerals import parse_chinese_number
from service.translate.labels import ordinal, translate_label


@pytest.mark.parametrize(
    ("label", "english"),
    [
        ("一、", "1."), ("六、", "6."), ("十一、", "11."), ("1.", "1."), ("2、", "2."),
        ("（一）", "(1)"), ("(三)", "(3)"), ("（12）", "(12)"),
        ("第三章", "Chapter 3"), ("第五条", "Article 5"), ("第二节", "Section 2"),
        ("第一百零五条", "Article 105"), ("第一编", "Part 1"), ("第二款", "Paragraph 2"),
        ("一是", "First,"), ("八是", "Eighth,"), ("二十一是", "21st,"), ("第一，", "First,"),
        ("第二", "Second,"), ("首先", "First,"), ("最后", "Finally,"), ("其二是", "Second,"),
        ("附件", "Annex"), ("附件2", "Annex 2"), ("③", "(3)"),
        ("第一是", "First,"), ("第三点", "Third,"), ("第二步是", "Step 2:"),
        ("第一步，", "Step 1:"), ("再者", "Furthermore,"), ("一方面", "On the one hand,"),
        ("另一方面", "On the other hand,"),
    ],
)  # fmt: skip
def test_known_labels(label: str, english: str) -> None:
    assert translate_label(label) == english


def test_unknown_shape_keeps_text_with_arabic_numerals() -> None:
    assert translate_label("图表三") == "图表3"
    assert translate_label("A.") == "A."


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十四", 14), ("二十六", 26), ("一百零五", 105), ("两千", 2000),
     ("二〇二五", 2025), ("三亿五千万", 350_000_000), ("一万亿", 10**12), ("十四五", None),
     ("abc", None), ("", None)],
)  # fmt: skip
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert parse_chinese_number(numeral) == value


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 20, 21, 22, 23, 111)] == [
        "First",
        "Second",
        "Third",
        "Twentieth",
        "21st",
        "22nd",
        "23rd",
        "111th",
    ]
