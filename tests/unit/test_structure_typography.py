"""Heading typography, genre and enumerations as real documents write them (issue 11 classes),
on short hand-made inputs in the shapes the held-out gold showed."""

from __future__ import annotations

from service import parse
from service.document import Document


def tree(doc: Document) -> list[tuple[int, str | None, str | None]]:
    return [(s.level, s.label, s.heading) for s in doc.walk() if s.level]


def enumerations(doc: Document) -> list[tuple[str, str]]:
    return [(e.label, e.lead) for s in doc.walk() for p in s.paragraphs for e in p.enumerations]


REGULATION_BODY = (
    "为规范管理，现提出如下意见。\n\n"
    "一、认证工作坚持统一管理、共同实施的原则。各部门按照职责分工负责。\n\n"
    "二、认证机构应当符合下列条件：\n\n"
    "（一）依法设立；\n\n"
    "（二）具备相应能力。\n\n"
    "三、本意见自发布之日起施行。\n"
)


def test_regulation_articles_numbered_like_lists_are_sections() -> None:
    doc = parse(f"# 关于开展认证工作的实施意见\n\n{REGULATION_BODY}".encode(), "markdown")
    assert tree(doc) == [(1, "一、", ""), (1, "二、", ""), (1, "三、", "")]
    first = doc.sections[1]
    assert first.paragraphs[0].sentences[0].text == "认证工作坚持统一管理、共同实施的原则。"
    # the （一） items are content of article 二、
    assert [p.sentences[0].text for p in doc.sections[2].paragraphs][1:] == [
        "（一）依法设立；",
        "（二）具备相应能力。",
    ]


def test_the_same_sentences_in_a_q_and_a_or_a_commentary_stay_content() -> None:
    for title in ("有关负责同志就实施意见答记者问", "一场认证工作的观察"):
        doc = parse(f"# {title}\n\n{REGULATION_BODY}".encode(), "markdown")
        assert tree(doc) == [], title


def test_a_document_number_shows_the_genre_and_is_content() -> None:
    md = "# 认证工作\n\n**国市监认证规〔2023〕3号**\n\n" + REGULATION_BODY
    doc = parse(md.encode(), "markdown")
    assert tree(doc) == [(1, "一、", ""), (1, "二、", ""), (1, "三、", "")]
    assert doc.sections[0].paragraphs[0].sentences[0].text == "国市监认证规〔2023〕3号"


def test_bold_one_sentence_lines_with_a_label_or_question_tag_are_headings() -> None:
    md = (
        "# 典型案例\n\n导语。\n\n**1. 浙江公安机关侦破非法控制计算机信息系统案。**\n\n案情。\n\n"
        "**问：请简要介绍一下出台的背景。**\n\n**答：**背景如下。\n\n"
        "**这是一个强调的句子。**\n\n正文。\n"
    )
    doc = parse(md.encode(), "markdown")
    assert tree(doc) == [
        (1, "1.", "浙江公安机关侦破非法控制计算机信息系统案。"),
        (2, None, "问：请简要介绍一下出台的背景。"),
    ]


def test_plain_question_turns_are_headings_like_the_bold_ones() -> None:
    md = "# 答记者问\n\n**问：第一个问题？**\n\n答：回答。\n\n问：第二个问题？\n\n答：回答。\n"
    assert tree(parse(md.encode(), "markdown")) == [
        (1, None, "问：第一个问题？"),
        (1, None, "问：第二个问题？"),
    ]


def test_run_in_bold_articles_without_a_space_and_spaced_traditional_articles() -> None:
    md = "# 规定\n\n**第一条**为了规范管理，制定本规定。\n\n**第二条** 本规定自公布之日起施行。\n"
    doc = parse(md.encode(), "markdown")
    assert tree(doc) == [(1, "第一条", ""), (1, "第二条", "")]
    assert doc.sections[0].paragraphs[0].sentences[0].text == "为了规范管理，制定本规定。"
    trad = (
        "# 增修條文\n\n第 1 條\n\n國民大會代表之產生。\n\n一、自由地區選出者。\n\n"
        "第 2 條\n\n總統副總統之選舉。\n"
    )
    doc = parse(trad.encode(), "markdown")
    assert tree(doc) == [(1, "第 1 條", ""), (1, "第 2 條", "")]
    assert len(doc.sections[0].paragraphs) == 2  # 一、 inside an article is content


def test_a_part_heading_written_as_a_plain_line_closes_the_article() -> None:
    md = (
        "# 解释\n\n## 三、其他纠纷\n\n第十九条 当事人可以申请调解。\n\n"
        "四、土地征收补偿费用分配纠纷的处理\n\n第二十条 承包地被依法征收的，按照规定处理。\n"
    )
    assert tree(parse(md.encode(), "markdown")) == [
        (1, "三、", "其他纠纷"),
        (2, "第十九条", ""),
        (1, "四、", "土地征收补偿费用分配纠纷的处理"),
        (2, "第二十条", ""),
    ]


def test_numbered_parts_over_bold_subheadings_nest() -> None:
    md = (
        "# 解读\n\n**01**\n\n**意义重大**\n\n**（一）重要举措**\n\n正文。\n\n"
        "**（二）必然要求**\n\n正文。\n\n**02**\n\n**实现路径**\n\n**（一）事前治理**\n\n正文。\n"
    )
    assert tree(parse(md.encode(), "markdown")) == [
        (1, "01", "意义重大"),
        (2, "（一）", "重要举措"),
        (2, "（二）", "必然要求"),
        (1, "02", "实现路径"),
        (2, "（一）", "事前治理"),
    ]


def test_digest_categories_sit_over_their_story_titles() -> None:
    md = (
        "# 牛览\n\n**特别关注**\n\n**个人信息保护合规审计管理办法发布**\n\n正文。\n\n"
        "**网络攻击**\n\n**黑客利用漏洞发起针对性攻击活动**\n\n正文。\n\n"
        "**勒索软件成为最活跃的威胁之一**\n\n正文。\n"
    )
    assert [(lv, text) for lv, _, text in tree(parse(md.encode(), "markdown"))] == [
        (1, "特别关注"),
        (2, "个人信息保护合规审计管理办法发布"),
        (1, "网络攻击"),
        (2, "黑客利用漏洞发起针对性攻击活动"),
        (2, "勒索软件成为最活跃的威胁之一"),
    ]


def test_video_captions_and_issuing_body_lines_are_not_headings() -> None:
    md = (
        '# 訪問\n\n**《Neon》樂團第一張大碟**\n\n{{< video src="https://example.org/v" >}}\n\n'
        "正文。\n\n**工业和信息化部**\n\n**关于印发《举报处理规定》的通知**\n\n正文。\n"
    )
    assert tree(parse(md.encode(), "markdown")) == [(1, None, "关于印发《举报处理规定》的通知")]


def test_a_plain_line_naming_a_part_of_the_article_is_a_heading() -> None:
    doc = parse("標題\n正文。\n後記 ：\n樂團成立至今。".encode(), "text")
    assert tree(doc) == [(1, None, "後記 ：")]


def test_bold_line_above_an_html_video_is_a_caption() -> None:
    html = (
        "<h1>訪問</h1><p><strong>《Neon》樂團第一張大碟</strong></p>"
        '<iframe src="https://www.youtube.com/embed/x"></iframe><p>正文。</p>'
        "<p><strong>新計劃</strong></p><p>正文二。</p>"
    )
    assert tree(parse(html.encode(), "html")) == [(1, None, "新計劃")]


def test_enumeration_paragraphs_marked_as_markdown_headings_are_content() -> None:
    md = (
        "# 思路\n\n**推动产业发展的思路**\n\n"
        "## **一是加快发展基地，培育主体。**今年5月，公布名单。\n\n"
        "## **二是鼓励技术研发，提升水平。**通过专项，加大投入。\n"
    )
    doc = parse(md.encode(), "markdown")
    assert tree(doc) == [(1, None, "推动产业发展的思路")]
    assert enumerations(doc) == [("一是", "加快发展基地"), ("二是", "鼓励技术研发")]


def test_zero_width_space_does_not_turn_the_title_into_a_heading() -> None:
    md = (
        "---\ntitle: \u200b权威解答\n---\n\n# \u200b权威解答\n\n"
        "**一、总体考虑是什么？**\n\n答：如下。\n"
    )
    doc = parse(md.encode(), "markdown")
    assert doc.title == "权威解答"
    assert tree(doc) == [(1, "一、", "总体考虑是什么？")]


def test_enumeration_shapes() -> None:
    cases = {
        "会议指出：\n一是加强组织领导，落实责任。\n二是完善制度，提升效率。": [
            ("一是", "加强组织领导"),
            ("二是", "完善制度"),
        ],
        "做好工作要把握三点。\n第一，坚持问题导向。\n第二，强化协同配合。": [
            ("第一", "坚持问题导向"),
            ("第二", "强化协同配合"),
        ],
        "主要措施包括（1）建立数据目录；（2）完善分类分级。": [
            ("（1）", "建立数据目录"),
            ("（2）", "完善分类分级"),
        ],
        "首先要提高认识。其次要完善制度。": [("首先", "要提高认识"), ("其次", "要完善制度")],
        "《条例》一是明确目录要求，二是规定评估制度。": [
            ("一是", "明确目录要求"),
            ("二是", "规定评估制度"),
        ],
        "最后，我们讨论。\n最后，再讨论。": [],
        "（1）单独一行的项目。\n（2）另一行的项目。": [],
    }
    for text, expected in cases.items():
        assert enumerations(parse(f"标题\n{text}".encode(), "text")) == expected, text


def test_split_bold_leads_leave_no_markup_in_the_lead() -> None:
    md = "# 举措\n\n**一是****实施准入管理，**把控状况。\n\n**二是****加强事中监管，**验证情况。\n"
    assert enumerations(parse(md.encode(), "markdown")) == [
        ("一是", "实施准入管理"),
        ("二是", "加强事中监管"),
    ]
