"""Fidelity checks on hand-made source/translation pairs, including misses."""

from __future__ import annotations

from decimal import Decimal

from service.translate.fidelity import (
    FLAG_HAN,
    FLAG_NUMBERS,
    FLAG_REPETITION,
    check_sentence,
    find_repetition,
    missing_numbers,
    source_numbers,
    untranslated_han,
)


def test_all_numbers_present() -> None:
    source = "《行动计划》从8个方面部署了26项重点任务，到2025年覆盖率达到50%。"
    english = "The plan sets out 26 key tasks in 8 areas; coverage will reach 50% by 2025."
    assert missing_numbers(source, english) == []


def test_missing_and_altered_numbers_are_reported() -> None:
    source = "到2025年，农村互联网普及率达到60%，建设26项工程。"
    english = "By 2024, rural internet penetration will reach 60% with 62 projects."
    assert missing_numbers(source, english) == ["2025", "26"]


def test_ranges_need_both_ends() -> None:
    source = "数字乡村发展行动计划（2022-2025年）"
    assert missing_numbers(source, "Digital Village Action Plan (2022-2025)") == []
    assert missing_numbers(source, "Digital Village Action Plan (2022)") == ["2025"]


def test_wan_and_yi_are_converted() -> None:
    source = "培训5万人，投资1.2亿元，覆盖三千万农户。"
    assert missing_numbers(source, "50,000 people, 120 million yuan, 30 million households") == []
    assert missing_numbers(source, "50 thousand people, 0.12 billion yuan, 30000000 homes") == []
    assert missing_numbers(source, "5 people, 1.2 yuan, 3 households") == ["5万", "1.2亿", "三千万"]


def test_chinese_numerals_percentages_and_words() -> None:
    source = "设立二十六个项目，百分之三十的村庄，十大优先行动。"
    assert missing_numbers(source, "twenty-six projects, 30% of villages, ten priorities") == []
    assert missing_numbers(source, "many projects, most villages, ten priorities") == [
        "二十六",
        "百分之三十",
    ]


def test_words_that_are_not_quantities_are_ignored() -> None:
    values = source_numbers("第一书记推动一体化，“十四五”时期，两个阶段。")
    assert values == {}


def test_months_may_be_named() -> None:
    assert missing_numbers("2019年4月印发", "issued in April 2019") == []
    assert missing_numbers("2019年4月印发", "issued in 2019") == ["4月"]


def test_decimal_values_compare_by_value() -> None:
    assert Decimal("50000") in set(source_numbers("5万人"))


def test_untranslated_han() -> None:
    assert untranslated_han("The 乡村 plan") == "乡村"
    assert untranslated_han("The rural plan") == ""


def test_repetition_detection() -> None:
    assert find_repetition("the development of the development of the development of it") == (
        "the development of"
    )
    assert find_repetition("very very very very good") == "very"
    assert find_repetition("并并并并") == "并"
    assert find_repetition("It grew, grew again... and then stopped.") is None
    assert find_repetition("rural rural rural") is None  # 3 times is a stutter, 4 a loop


def test_check_sentence_collects_flags() -> None:
    flags = check_sentence("2023年数字乡村取得进展", "In 2023 数字 village village village village")
    assert set(flags) == {FLAG_HAN, FLAG_REPETITION}
    assert FLAG_NUMBERS in check_sentence("2023年", "This year")
    assert check_sentence("2023年数字乡村取得进展", "Digital villages progressed in 2023.") == {}


def test_han_is_expected_in_chinese_targets() -> None:
    assert check_sentence("The plan covers 2025.", "该计划涵盖2025年。", "zh") == {}
    assert FLAG_HAN in check_sentence("The plan", "该计划", "en")
