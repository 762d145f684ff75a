"""Word numbering rendered as Word shows it: formats, lvlText, restarts and start overrides."""

from __future__ import annotations

import pytest
from defusedxml.ElementTree import fromstring

from service.parsing.ingest.numbering import FORMATS, Numbering, chinese_counting

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"),
     (100, "一百"), (101, "一百零一"), (110, "一百一十"), (1005, "一千零五"),
     (10001, "一万零一")],
)  # fmt: skip
def test_chinese_counting(n: int, text: str) -> None:
    assert chinese_counting(n) == text


def test_other_formats() -> None:
    assert FORMATS["ideographTraditional"](3) == "丙"
    assert FORMATS["decimalEnclosedCircle"](2) == "②"
    assert FORMATS["upperRoman"](14) == "XIV"
    assert FORMATS["lowerLetter"](28) == "bb"
    assert FORMATS["chineseLegalSimplified"](12) == "拾贰"
    assert FORMATS["decimalFullWidth"](7) == "７"


def numbering(levels: str, nums: str) -> Numbering:
    xml = f'<w:numbering {NS}><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>{nums}</w:numbering>'  # noqa: E501
    return Numbering.from_xml(fromstring(xml))


def level(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/>{extra}</w:lvl>'
    )


ONE = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'


def test_levels_restart_below_a_counted_level() -> None:
    found = numbering(
        level(0, "chineseCounting", "%1、") + level(1, "chineseCounting", "（%2）"), ONE
    )
    got = [found.label("1", lvl) for lvl in (0, 1, 1, 0, 1)]
    assert got == ["一、", "（一）", "（二）", "二、", "（一）"]


def test_lvl_restart_zero_never_restarts() -> None:
    never = '<w:lvlRestart w:val="0"/>'
    found = numbering(
        level(0, "chineseCounting", "%1、") + level(1, "chineseCounting", "（%2）", never), ONE
    )
    assert [found.label("1", lvl) for lvl in (0, 1, 0, 1)] == ["一、", "（一）", "二、", "（二）"]


def test_article_labels_and_multilevel_text() -> None:
    found = numbering(level(0, "chineseCounting", "第%1条") + level(1, "decimal", "%1.%2"), ONE)
    assert [found.label("1", lvl) for lvl in (0, 0, 1)] == ["第一条", "第二条", "二.1"]


def test_nums_share_their_list_unless_a_start_is_overridden() -> None:
    nums = ONE + (
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    found = numbering(level(0, "decimalEnclosedCircle", "%1"), nums)
    got = [found.label(n, 0) for n in ("1", "1", "2", "3", "3")]
    assert got == ["①", "②", "③", "①", "②"]


def test_unknown_num_has_no_label() -> None:
    assert numbering(level(0, "decimal", "%1."), ONE).label("9", 0) == ""
