"""Headings, levels, enumerations, ids and spans on real and hand-made articles."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service import parse
from service.document import Document
from service.errors import EmptyDocument

LAW = """# 示例管理条例

## 第一章 总则

第一条 为了规范管理，制定本条例。

第二条 本条例适用于下列活动：

（一）登记；

（二）查询。

## 第二章 附则

第三条 本条例自2022年5月1日起施行。
"""


def assert_spans_round_trip(doc: Document) -> None:
    for sentence in doc.sentences():
        assert sentence.text.strip()
        assert doc.plain_text[sentence.span.start : sentence.span.end] == sentence.text


def test_seed_article_has_six_question_sections(seed_article: bytes) -> None:
    doc = parse(seed_article)
    assert doc.title.startswith("中央网信办有关负责同志就")
    assert [(s.level, s.label) for s in doc.sections] == [
        (1, label) for label in ("一、", "二、", "三、", "四、", "五、", "六、")
    ]
    assert doc.sections[0].heading == "请介绍一下出台《行动计划》的背景？"
    assert all(s.heading and s.heading.endswith("？") for s in doc.sections)
    assert_spans_round_trip(doc)


def test_seed_article_enumerations_in_section_three(seed_article: bytes) -> None:
    doc = parse(seed_article)
    enums = [e for p in doc.sections[2].paragraphs for e in p.enumerations]
    assert [e.label for e in enums] == [
        "一是",
        "二是",
        "三是",
        "四是",
        "五是",
        "六是",
        "七是",
        "八是",
    ]
    assert enums[0].lead == "数字基础设施升级行动"
    assert enums[7].lead == "网络帮扶拓展深化行动"
    ids = {s.id: s.text for s in doc.sentences()}
    assert ids[enums[0].sentence_id].startswith("一是数字基础设施升级行动")


def test_seed_article_source_and_links_are_not_body(seed_article: bytes) -> None:
    doc = parse(seed_article)
    assert "文章来源" not in doc.plain_text
    assert doc.metadata["source"] == "网信中国"


def test_law_chapters_and_articles() -> None:
    doc = parse(LAW.encode())
    assert doc.title == "示例管理条例"
    chapter = doc.sections[0]
    assert (chapter.level, chapter.label, chapter.heading) == (1, "第一章", "总则")
    articles = chapter.sections
    assert [(a.level, a.label, a.heading) for a in articles] == [
        (2, "第一条", ""),
        (2, "第二条", ""),
    ]
    assert articles[0].paragraphs[0].sentences[0].text == "为了规范管理，制定本条例。"
    # （一）登记； ends like a clause: content of 第二条, not a heading.
    assert [p.sentences[0].text for p in articles[1].paragraphs][1:] == [
        "（一）登记；",
        "（二）查询。",
    ]
    assert doc.sections[1].sections[0].label == "第三条"
    assert_spans_round_trip(doc)


def test_levels_follow_the_order_styles_appear() -> None:
    text = "标题\n一、总体要求\n正文。\n（一）基本原则\n正文。\n1.坚持创新\n正文。\n二、主要任务\n正文。"  # noqa: E501
    doc = parse(text.encode(), "text")
    tree = [(s.level, s.label, s.heading) for s in doc.walk()]
    assert tree == [
        (1, "一、", "总体要求"),
        (2, "（一）", "基本原则"),
        (3, "1.", "坚持创新"),
        (1, "二、", "主要任务"),
    ]


def test_lower_style_first_still_nests_by_convention() -> None:
    doc = parse("标题\n（一）先出现\n正文。\n二、后出现\n正文。".encode(), "text")
    assert [(s.level, s.label) for s in doc.walk()] == [(1, "（一）"), (1, "二、")]


def test_bold_run_in_heading_splits_heading_from_content() -> None:
    html = (
        "<p><strong>一、总体要求</strong></p>"
        "<p><strong>（一）完善机制。</strong>企业依法享有权益。</p>"
    )
    doc = parse(html.encode(), "html")
    sub = doc.sections[0].sections[0]
    assert (sub.label, sub.heading) == ("（一）", "完善机制")
    assert sub.paragraphs[0].sentences[0].text == "企业依法享有权益。"
    assert_spans_round_trip(doc)


def test_numbered_content_sentence_is_not_a_heading() -> None:
    doc = parse("标题\n1.我们要坚持创新，推动发展。\n2.加强保障；".encode(), "text")
    assert [s.level for s in doc.walk()] == [0]


def test_text_before_first_heading_is_level_zero_section() -> None:
    doc = parse("标题\n导语一句。\n一、第一部分\n正文。".encode(), "text")
    assert (doc.sections[0].id, doc.sections[0].level, doc.sections[0].heading) == ("s0", 0, None)
    assert doc.sections[1].id == "s1"


def test_ids_are_hierarchical(seed_article: bytes) -> None:
    doc = parse(seed_article)
    first = doc.sections[0].paragraphs[0].sentences[0]
    assert first.id == "s1.p1.t1"


def test_order_words_need_a_sequence() -> None:
    one = parse("标题\n最后，我们讨论了问题。".encode(), "text")
    assert not [e for s in one.walk() for p in s.paragraphs for e in p.enumerations]
    two = parse("标题\n首先，完善制度。其次，加强监管。".encode(), "text")
    labels = [e.label for s in two.walk() for p in s.paragraphs for e in p.enumerations]
    assert labels == ["首先", "其次"]


def test_document_json_contract(seed_article: bytes) -> None:
    data = json.loads(json.dumps(parse(seed_article).to_dict(), ensure_ascii=False))
    assert set(data) == {"title", "metadata", "script", "plain_text", "sections"}
    section = data["sections"][2]
    assert set(section) == {"id", "level", "label", "heading", "paragraphs", "sections"}
    paragraph = section["paragraphs"][0]
    assert set(paragraph) == {"id", "sentences", "enumerations"}
    assert set(paragraph["sentences"][0]) == {"id", "text", "norm", "span"}
    assert set(paragraph["enumerations"][0]) == {"label", "lead", "sentence_id"}


def test_markup_only_input_is_empty() -> None:
    with pytest.raises(EmptyDocument):
        parse(b"<div><script>x()</script></div>", "html")


@pytest.mark.parametrize(
    "unit",
    ["一、", "第一条 ", "（内容", "一、标题\n", "：一、", "一方面，", "为此，首先做，其次做"],
)
def test_pathological_repetitions_finish_and_keep_spans(unit: str) -> None:
    doc = parse((unit * 100_000).encode(), "text")
    assert_spans_round_trip(doc)


@pytest.mark.parametrize("unit", ["（", "。"])
def test_punctuation_only_input_is_empty(unit: str) -> None:
    with pytest.raises(EmptyDocument):
        parse((unit * 100_000).encode(), "text")


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("一二、（）(1).。；，是第条章\n #*<p>b/中文政策\u200b\u202e"),
        max_size=300,
    ),
    st.sampled_from(["auto", "html", "markdown", "text"]),
)
def test_any_text_parses_or_is_empty_and_spans_round_trip(text: str, fmt: str) -> None:
    try:
        doc = parse(text, fmt)
    except EmptyDocument:
        return
    assert_spans_round_trip(doc)


def test_numbered_items_inside_a_law_article_are_content() -> None:
    law = "## 第二章 预防\n\n第二十一条 按照下列要求处理：\n\n(一)被鼠疫病原体污染\n\n1．必须消毒；"
    article = parse(law.encode(), "markdown").sections[0].sections[0]
    assert article.label == "第二十一条" and not article.sections
    assert [p.sentences[0].text for p in article.paragraphs][1] == "(一)被鼠疫病原体污染"


def test_bare_numeral_line_labels_the_heading_below_and_captions_are_content() -> None:
    md = (
        "**一**\n\n**测试对象**\n\n本次测试选取了9款App。\n\n**表1  9款App基本情况**\n\n"
        "**二**\n\n**测试方法**\n\n正文。"
    )
    doc = parse(md.encode(), "markdown")
    assert [(s.level, s.label, s.heading) for s in doc.walk()] == [
        (1, "一", "测试对象"),
        (1, "二", "测试方法"),
    ]
    texts = [p.sentences[0].text for p in doc.sections[0].paragraphs]
    assert texts == ["本次测试选取了9款App。", "表1 9款App基本情况"]


def test_an_ordinal_opening_a_bold_heading_is_its_label() -> None:
    text = (
        "# 标题\n\n**第一，网络安全的主体责任未压实**\n\n一是责任不清，二是考核缺位。"
        "\n\n**第二，能力体系亟待完善**\n\n正文。"
    )
    doc = parse(text, "markdown")
    headings = [(s.label, s.heading) for s in doc.walk() if s.level]
    assert headings == [("第一，", "网络安全的主体责任未压实"), ("第二，", "能力体系亟待完善")]
    assert [e.label for e in doc.sections[0].paragraphs[0].enumerations] == ["一是", "二是"]
