"""Script detection and normalization on real text."""

from opencc import OpenCC

from service import parse
from service.parsing.normalize import detect_script, fold_width, to_norm


def test_detects_each_script() -> None:
    assert detect_script("中华人民共和国数字乡村发展行动计划") == "Hans"
    assert detect_script("中華人民共和國數字鄉村發展行動計劃") == "Hant"
    assert detect_script("中华人民共和国数字乡村 中華人民共和國數字鄉村") == "mixed"
    assert detect_script("Digital village action plan 2022") == "none"


def test_norm_is_simplified_and_width_folded_but_keeps_chinese_punctuation() -> None:
    assert to_norm("臺灣２０２２年ＡＩ發展，「好」。") == "台湾2022年AI发展，「好」。"
    assert fold_width("　ｘ") == " x"


def test_phrase_level_conversion_is_not_skipped() -> None:
    # 瞭 is left alone by the character table; only the phrase 一目瞭然 converts it.
    assert to_norm("一目瞭然") == "一目了然"


def test_traditional_seed_has_same_structure_and_norm(seed_article: bytes) -> None:
    simplified = parse(seed_article)
    traditional = parse(OpenCC("s2tw").convert(seed_article.decode("utf-8")))
    assert simplified.script == "Hans"
    assert traditional.script == "Hant"
    assert [s.id for s in traditional.sentences()] == [s.id for s in simplified.sentences()]
    assert [s.norm for s in traditional.sentences()] == [s.norm for s in simplified.sentences()]
    assert [(s.level, s.label) for s in traditional.walk()] == [
        (s.level, s.label) for s in simplified.walk()
    ]
