"""Laws as people paste them: run-in labels, hard-wrapped lines, a table of contents.

Each real law in tests/articles/laws (see SOURCES.md there) is written as clean plain text and
in the forms users paste (scripts/eval_pasted_laws.py: run-in labels, hard-wrapped with page
numbers, with a table of contents, all at once); every form must give the clean text's articles
(第X条之一 included), chapters, sections, article bodies and title.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.eval_pasted_laws import FORMS, articles, clean_text, parts, pasted, run_in
from service import parse
from service.parsing.ingest import detect_format
from service.translate.labels import translate_label

LAWS = sorted(
    p
    for p in (Path(__file__).resolve().parents[1] / "articles" / "laws").glob("*.md")
    if p.name != "SOURCES.md"
)


def _clean(path: Path) -> str:
    return clean_text(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("path", LAWS, ids=lambda p: p.stem)
def test_each_pasted_form_gives_the_clean_structure(path: Path, form: str) -> None:
    text = _clean(path)
    clean, pasted_doc = parse(text, "text"), parse(FORMS[form](text), "text")
    assert articles(pasted_doc) == articles(clean)
    assert parts(pasted_doc) == parts(clean)
    assert pasted_doc.title == clean.title


def test_the_clean_laws_have_their_articles_and_inserted_articles() -> None:
    public_security = parse(_clean(LAWS[1]), "text")
    assert len(articles(public_security)) == 119
    assert parts(public_security)[:2] == ["第一章总则", "第二章处罚的种类和适用"]
    criminal = articles(parse(_clean(LAWS[0]), "text"))
    inserted = [label for label in criminal if "之" in label]
    assert inserted[:2] == ["第一百二十条之一", "第一百二十条之二"]
    assert len(inserted) == 11


def test_an_inserted_article_is_a_unit_of_its_own_with_its_label() -> None:
    doc = parse("第十条 甲。\n第十条之一 乙。\n第十一条 丙。", "text")
    assert [(s.label, s.paragraphs[0].sentences[0].text) for s in doc.walk()] == [
        ("第十条", "甲。"),
        ("第十条之一", "乙。"),
        ("第十一条", "丙。"),
    ]
    assert translate_label("第十条之一") == "Article 10-1"


def test_run_in_labels_are_told_from_paragraphs_that_cite_an_article() -> None:
    text = (
        "第一条为了规范管理，制定本办法。\n"
        "第二条本办法适用于全国。\n"
        "第一条规定的管理，由主管部门负责。\n"
        "第三条所称的单位，包括企业。\n"
        "第三条主管部门应当加强监督。\n"
        "第四条本办法自公布之日起施行。"
    )
    doc = parse(text, "text")
    sections = [s for s in doc.walk() if s.label]
    assert [s.label for s in sections] == ["第一条", "第二条", "第三条", "第四条"]
    second = [p.sentences[0].text for p in sections[1].paragraphs]
    assert second == [
        "本办法适用于全国。",
        "第一条规定的管理，由主管部门负责。",
        "第三条所称的单位，包括企业。",
    ]


def test_run_in_chapter_and_section_lines_are_headings() -> None:
    doc = parse("第一章总则\n第一节调查\n第一条为了规范调查，制定本法。", "text")
    assert [(s.level, s.label, s.heading) for s in doc.walk()] == [
        (1, "第一章", "总则"),
        (2, "第一节", "调查"),
        (3, "第一条", ""),
    ]


def test_hard_wrapped_lines_are_joined_and_page_numbers_kept_aside() -> None:
    text = _clean(LAWS[1])
    doc = parse(pasted(text), "text")
    first = next(s for s in doc.walk() if s.label == "第一条")
    assert first.paragraphs[0].sentences[0].text.startswith("为维护社会治安秩序，保障公共安全")
    assert len(first.paragraphs) == 1
    rules = dict(zip(doc.metadata["boilerplate"], doc.metadata["boilerplate_rules"], strict=True))
    assert rules["— 1 —"] == "page_number"


def test_one_paragraph_per_line_is_never_joined() -> None:
    lines = []
    for n in range(6):
        lines.append("加强组织领导" + "和协调" * (n % 3))
        lines.append("各地区各部门要提高认识，" + "切实加强" * (n + 2) + "对这项工作的领导")
    doc = parse("标题\n" + "\n".join(lines), "text")
    assert ["".join(t.text for t in p.sentences) for s in doc.walk() for p in s.paragraphs] == lines


def test_wrapped_latin_words_keep_their_space() -> None:
    lines = [
        "\u3000\u3000" + "依照国家标准执行相关要求并且按照规定程序进行认证工作的单位应当采用ISO"
    ]
    lines += ["9001质量管理体系的要求开展工作并接受监督检查同时按照规定报送有关材料。"] * 3
    doc = parse("\n".join(lines), "text")
    assert "ISO 9001" in doc.plain_text


def test_a_table_of_contents_goes_to_metadata_and_not_to_the_title() -> None:
    text = _clean(LAWS[1])
    body = text.split("\n", 1)[1]  # without the title line: the text does not name the law
    contents = FORMS["contents"](text).split("\n", 1)[1]
    doc = parse(contents, "text")
    assert doc.title is None
    assert doc.metadata["contents"][0] == "目\u3000\u3000录"
    assert doc.metadata["contents"][1:3] == ["第一章 总则", "第二章 处罚的种类和适用"]
    assert parts(doc) == parts(parse(body, "text"))


def test_a_contents_marker_without_entries_stays_text() -> None:
    doc = parse("通知\n目录\n各单位要认真学习领会文件精神，抓好贯彻落实。", "text")
    assert "contents" not in doc.metadata
    assert "目录" in doc.plain_text


def test_run_in_form_changes_nothing_for_clean_text() -> None:
    text = _clean(LAWS[0])
    assert run_in(run_in(text)) == run_in(text)


def test_sub_parts_and_a_bare_supplementary_line_take_their_level() -> None:
    """The Civil Code as plain text: 第X分编 sits between 编 and 章, and the bare line 附则 (no
    第X章 label) is a part beside the 编, not the last line of the article before it."""
    civil_code = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "laws"
    doc = parse(clean_text((civil_code / "civil-code.md").read_text(encoding="utf-8")), "text")
    assert len(articles(doc)) == 1260
    assert [(s.label, s.heading) for s in doc.sections][-2:] == [
        ("第七编", "侵权责任"),
        (None, "附则"),
    ]
    contract = doc.sections[2]
    assert [s.label for s in contract.sections] == ["第一分编", "第二分编", "第三分编"]
    assert [s.label for s in contract.sections[0].sections][:2] == ["第一章", "第二章"]
    assert translate_label("第二分编") == "Sub-part 2"  # as 第二编 is Part 2


def test_page_number_lines_of_a_pdf_copy_are_not_markdown() -> None:
    copy = "第一条 为了保障数据安全，制定本法。\n- 1 -\n第二条 在境内开展数据处理活动。"
    assert detect_format(copy) == "text"
    assert detect_format("- 第一项\n- 1 -") == "markdown"  # a real list item still is
