"""Property-based tests (hypothesis) on the pure stages, over any Unicode text or bytes.

tests/unit covers the same properties over small alphabets of the characters that matter to
the structure; here the alphabet is everything (controls, format characters, astral planes),
mixed with those structural characters so that headings and enumerations still occur.
"""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from service import parse
from service.document import Document
from service.errors import ServiceError
from service.parsing.language import detect_language
from service.parsing.segment import split_sentences
from service.translate.labels import translate_label

STRUCTURE = "一二三十百第条章节（）()、.。；！？…“”《》#-*<>/\n \u3000\u200b\u202e\u2066"
ANY_TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(STRUCTURE), st.characters(codec="utf-8")), max_size=400
)
FORMATS = st.sampled_from(["auto", "html", "markdown", "text"])
DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 in Chinese numerals (十, 十二, 二十, 九十九)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def assert_spans_round_trip(doc: Document) -> None:
    """Every sentence is its span of plain_text; spans are in order and never overlap."""
    last = 0
    for sentence in doc.sentences():
        start, end = sentence.span.start, sentence.span.end
        assert doc.plain_text[start:end] == sentence.text
        assert last <= start < end
        last = end


def visible(text: str) -> bool:
    """Whether `text` has a character that is not a separator, control or format character."""
    return any(unicodedata.category(ch)[0] not in "ZC" for ch in text)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, FORMATS)
def test_parse_spans_round_trip_for_any_text(text: str, fmt: str) -> None:
    try:
        doc = parse(text, fmt)
    except ServiceError as exc:  # nothing to parse is a clear error, never a crash
        assert exc.status < 500
        return
    assert_spans_round_trip(doc)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400), FORMATS)
def test_any_bytes_parse_or_give_a_client_error(raw: bytes, fmt: str) -> None:
    try:
        doc = parse(raw, fmt)
    except ServiceError as exc:
        assert exc.status < 500
        return
    assert_spans_round_trip(doc)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, FORMATS)
@example("推进数字乡村建设。\u202c\u2066\u2069", "text")  # bidi isolates after the last sentence
def test_every_sentence_has_visible_text(text: str, fmt: str) -> None:
    try:
        doc = parse(text, fmt)
    except ServiceError:
        return
    assert all(visible(s.text) for s in doc.sentences())


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_segmentation_covers_the_text_without_overlap(text: str) -> None:
    last = 0
    for start, end in split_sentences(text):
        assert last <= start < end <= len(text)
        assert not visible(text[last:start])  # only invisible text falls between sentences
        assert text[start:end].strip() == text[start:end]
        assert visible(text[start:end])
        last = end
    assert not visible(text[last:])


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, st.text(alphabet=st.sampled_from("第九一十条章（）、0123456789"))))
def test_label_mapping_is_total(label: str) -> None:
    mapped = translate_label(label)
    assert isinstance(mapped, str)
    assert bool(mapped) == bool(label.strip())


@given(st.integers(min_value=1, max_value=99))
def test_label_mapping_numbers_labels(n: int) -> None:
    numeral = chinese_numeral(n)
    assert translate_label(f"{numeral}、") == f"{n}."
    assert translate_label(f"（{numeral}）") == f"({n})"
    assert translate_label(f"第{numeral}条") == f"Article {n}"
    assert translate_label(f"第{numeral}章") == f"Chapter {n}"


def test_label_mapping_survives_numbers_too_long_for_int() -> None:
    # Python refuses int() of more than 4300 digits; a label is never a number that long.
    assert translate_label("第" + "九" * 5000 + "条")  # kept as written: not a real number
    assert isinstance(translate_label("9" * 5000 + "、"), str)


@settings(max_examples=200)
@given(ANY_TEXT)
def test_language_detection_is_total(text: str) -> None:
    assert detect_language(text) in {"zh", "ja", "ko", "en", "und"}
