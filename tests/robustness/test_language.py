"""service.parsing.language: the language of a text from its scripts, and when it overrides."""

from __future__ import annotations

import pytest

from service.parsing.language import contradicts, detect_language
from service.parsing.normalize import detect_script

JAPANESE_KANJI_HEAVY = "農業農村部は、デジタル農村の建設を推進する。"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("推进数字乡村建设，发展智慧农业。", "zh"),
        ("推進數字鄉村建設，發展智慧農業。", "zh"),
        ("推进5G网络、AI和IoT建设。", "zh"),  # Latin acronyms in Chinese
        (JAPANESE_KANJI_HEAVY, "ja"),
        ("宫崎骏的电影《千と千尋の神隠し》在中国上映，观众众多，票房很高，好评如潮。", "zh"),
        ("정부는 농촌 디지털화를 추진한다.", "ko"),
        ("The State Council issued a plan.", "en"),
        ("123 !!! 😀", "und"),
        ("", "und"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_japanese_is_not_taken_for_traditional_chinese() -> None:
    # The script detector sees Han characters only; the language detector counts the kana.
    assert detect_script(JAPANESE_KANJI_HEAVY) == "Hant"
    assert detect_language(JAPANESE_KANJI_HEAVY) == "ja"


@pytest.mark.parametrize(
    ("text", "requested", "expected"),
    [
        ("The State Council issued a plan to promote villages.", "zh", "en"),
        (JAPANESE_KANJI_HEAVY, "zh", "ja"),
        ("정부는 농촌 디지털화를 추진한다.", "zh", "ko"),
        ("推进数字乡村建设。", "zh", None),
        ("GDP", "zh", None),  # too little evidence to overrule the client
        ("推进数字乡村建设，加快 broadband and cloud computing 的部署。", "zh", None),
        ("Le Conseil d'État a publié un plan.", "fr", None),  # Latin: cannot tell fr from en
        ("推进数字乡村建设，发展智慧农业。", "en", "zh"),
    ],
)
def test_contradicts(text: str, requested: str, expected: str | None) -> None:
    assert contradicts(text, requested) == expected
