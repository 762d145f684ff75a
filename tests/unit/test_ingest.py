"""Ingestion: decoding, format detection, front matter, HTML/Markdown readers, boilerplate."""

import pytest

from service.errors import EmptyDocument, InvalidEncoding, InvalidInput, UnreadableFile
from service.parsing.ingest import detect_format, ingest


def test_front_matter_goes_to_metadata_and_title(seed_article: bytes) -> None:
    raw = ingest(seed_article)
    assert raw.title == "中央网信办有关负责同志就《数字乡村发展行动计划（2022-2025年）》答记者问"
    assert raw.metadata["date"] == "2022-01-26 18:56:08 +0800"
    assert raw.metadata["categories"] == "wangxinzhongguo"
    assert raw.metadata["tags"] == "网信中国新闻"


def test_source_line_and_links_are_metadata_not_body(seed_article: bytes) -> None:
    raw = ingest(seed_article)
    assert raw.metadata["source"] == "网信中国"
    assert raw.metadata["source_url"].startswith("http://finews.zning.xyz/")
    assert "返回网信中国新闻｜返回首页" in raw.metadata["boilerplate"]
    body = "\n".join(b.text for b in raw.blocks)
    assert "文章来源" not in body and "http://" not in body and "返回首页" not in body


def test_html_drops_scripts_styles_navigation_and_comments() -> None:
    html = (
        "<html><head><title>标题</title><style>p{}</style></head><body><nav>首页 | 新闻</nav>"
        "<p>第一段&amp;内容。<!-- 注释 --><script>alert(1)</script></p><p>第二段<br>第三段</p>"
        "</body></html>"
    )
    raw = ingest(html.encode(), "html")
    assert raw.title == "标题"
    assert [b.text for b in raw.blocks] == ["第一段&内容。", "第二段", "第三段"]


def test_bold_runs_are_remembered() -> None:
    raw = ingest("<p><strong>一是数字基础设施</strong><strong>，</strong>包括推进。</p>", "html")
    assert raw.blocks[0].bold_lead == "一是数字基础设施，"
    assert not raw.blocks[0].bold


def test_markdown_bold_run_in_next_to_chinese_punctuation_closes() -> None:
    raw = ingest("**（一）完善机制。**企业依法享有权益。".encode(), "markdown")
    assert raw.blocks[0].bold_lead == "（一）完善机制。"


def test_line_breaks_between_chinese_characters_are_not_spaces() -> None:
    raw = ingest("<p>数字\n乡村 Digital\nVillage</p>", "html")
    assert raw.blocks[0].text == "数字乡村 Digital Village"


def test_deeply_nested_html_keeps_all_text() -> None:
    html = "<div>" * 100_000 + "深处的文字。" + "</div>" * 100_000 + "<p>后面。</p>"
    raw = ingest(html, "html")
    assert [b.text for b in raw.blocks] == ["深处的文字。", "后面。"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: x\n---\n正文", "markdown"),
        ("## 标题\n\n正文。", "markdown"),
        ("<p>正文</p>", "html"),
        ("第一行\n第二行。", "text"),
    ],
)
def test_format_detection(text: str, expected: str) -> None:
    assert detect_format(text) == expected


def test_byte_order_marks_choose_the_encoding() -> None:
    for encoding in ("utf-8-sig", "utf-16", "utf-32"):
        raw = ingest("正文内容。".encode(encoding), "text")
        assert [b.text for b in raw.blocks] == ["正文内容。"]


def test_bad_inputs_are_clear_errors() -> None:
    with pytest.raises(InvalidEncoding, match="UTF-8"):
        ingest(b"\xc3\x28 abc")
    with pytest.raises(EmptyDocument):
        ingest(b"  \n\t ")
    with pytest.raises(InvalidInput, match="unknown format"):
        ingest(b"text", "rtf")
    with pytest.raises(UnreadableFile, match="truncated"):
        ingest(b"text", "pdf")  # a document format reads the bytes as that document


def test_invalid_front_matter_is_reported_not_turned_into_text() -> None:
    raw = ingest("---\ntitle: [broken\n---\n正文内容。".encode())
    assert "front_matter_error" in raw.metadata
    assert [b.text for b in raw.blocks] == ["正文内容。"]


def test_boilerplate_rules_apply_to_traditional_script() -> None:
    text = (
        "正文內容。\n\n請加入成為眾新聞的月費訂戶，長期支持我們的工作。\n\n（文章來源：網信中國）"
    )
    raw = ingest(text.encode(), "markdown")
    assert [b.text for b in raw.blocks] == ["正文內容。"]
    assert raw.metadata["source"] == "網信中國"
