"""Section and article labels a line can open with: 第X编/分编/章/节, 一、 （一） 1. （1） ①, 附件,
案例N, and law articles 第X条 (with 第X条之一, an article an amendment inserted).

`find_label` names the style of a leading section label; `article_opening` reads a leading
article label and says whether it stands apart from the text (a space, colon or the line end
after it) or runs into it, and whether run-in text reads as a citation of the article
(第三条规定的…) rather than as its first words. Lower than headings and ingest, which both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.parsing.numerals import NUMERAL_CHARS, parse_chinese_number

# A label's numeral is short (第二百九十九条); a longer run is text, not a label.
CN = "[一二三四五六七八九十百千零〇两]{1,10}"
NUM = rf"(?:{CN}|\d{{1,6}})"
_SP = r"[ \u3000]?"  # "第 1 條": a space on each side of an Arabic numeral, as some sources write
_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("bian", re.compile(rf"^(第{_SP}{NUM}{_SP}[编編])[\s\u3000]*")),
    # 第二分编 所有权: a part of a 编 (the Civil Code's), above its chapters
    ("fenbian", re.compile(rf"^(第{_SP}{NUM}{_SP}分[编編])[\s\u3000]*")),
    ("zhang", re.compile(rf"^(第{_SP}{NUM}{_SP}章)[\s\u3000]*")),
    ("jie", re.compile(rf"^(第{_SP}{NUM}{_SP}[节節])[\s\u3000]*")),
    ("cn_num", re.compile(rf"^({CN}[、．.])[\s\u3000]*")),
    ("paren_num", re.compile(rf"^([（(]{CN}[)）])[\s\u3000]*")),
    ("arabic", re.compile(r"^(\d{1,2}(?:[、．]|\.(?!\d)))[\s\u3000]*")),
    ("paren_arabic", re.compile(r"^([（(]\d{1,2}[)）])[\s\u3000]*")),
    ("circled", re.compile(r"^([①-⑳])[\s\u3000]*")),
    ("annex", re.compile(r"^(附件\s*\d{0,2})(?:[：:\s\u3000]+|$)")),
    ("case", re.compile(rf"^(案例\s*{NUM}\s*[：:]?)[\s\u3000]*")),
    # 第一，网络安全的主体责任未压实: an ordinal opening a heading line is its label
    ("ordinal", re.compile(rf"^(第{CN}[，,、])[\s\u3000]*")),
]
# 第十条之一: an article inserted by an amendment after 第十条, a unit of its own.
ARTICLE_LABEL = rf"第{_SP}{NUM}{_SP}[条條](?:之{CN})?"
ARTICLE = re.compile(rf"^({ARTICLE_LABEL})(?:[\s\u3000：:]+|$)")
RUN_IN_ARTICLE_LABEL = re.compile(rf"^({ARTICLE_LABEL})(?=[^\s\u3000：:])")
# 规定 followed by what a citation goes on with (依照第三十条规定处理; an article's own first
# words are 规定 + its subject: 第八十六条规定本行政区域…).
_CITED_AS = (
    "处理|执行|办理|处罚|予以|确定|适用|认定|情形|条件|程序|期限|标准|权限|事项|范围|内容"
    "|要求|行为|案件|人员|机关|期间"
)
# What follows an article number that a sentence cites rather than opens: 第三条规定的…,
# 第三条所称…, 第三条第二款…, 第三条、第四条…, 第三条至第五条…, 第三条的… (an article's own
# first words may be 规定…, 中华人民共和国…, 与…: only these longer forms are citations).
_REFERENCE = re.compile(
    rf"^(?:的|之规定|所(?:称|列|述|指|规定)|中(?:的|规定|所)|[、，,]|等规定|以外|之外"
    rf"|规定(?:的|之|[，,。；;]|{_CITED_AS})|第[（(]?{CN}[)）]?[款项目]"
    rf"|(?:至|到|和|与|及|以及|或|或者)第)"
)
_LABEL_NUMERAL = re.compile(rf"\d+|[{NUMERAL_CHARS}]+")


def find_label(text: str) -> tuple[str, str] | None:
    """(style, label) of a leading section label, or None."""
    for style, pattern in _LABELS:
        match = pattern.match(text)
        if match:
            return style, match.group(1)
    return None


def label_number(label: str) -> int | None:
    """The number a label's numeral denotes (（十一） → 11, 第一百二十条 → 120), or None."""
    match = _LABEL_NUMERAL.search(label)
    if match is None:
        return None
    numeral = match.group(0)
    return int(numeral) if numeral.isdigit() else parse_chinese_number(numeral)


@dataclass(frozen=True)
class ArticleOpening:
    """A 第X条 label at the start of a paragraph: its number (之N as `sub`, else 0), whether
    a space, colon or the line end separates it from the text, and whether run-in text after
    it reads as a citation of that article (第三条规定的…) rather than as its first words."""

    label: str
    number: int
    sub: int
    separated: bool
    reference: bool


def article_opening(text: str) -> ArticleOpening | None:
    """The article label opening `text`, separated (第一条　为了…) or run in (第一条为了…)."""
    match = ARTICLE.match(text) or RUN_IN_ARTICLE_LABEL.match(text)
    if match is None:
        return None
    label = match.group(1)
    number = label_number(re.split("[条條]", label)[0])
    if number is None:
        return None
    sub = label.partition("之")[2]
    separated = match.re is ARTICLE
    reference = not separated and bool(_REFERENCE.match(text[match.end() :]))
    return ArticleOpening(
        label, number, (label_number(sub) or 0) if sub else 0, separated, reference
    )
