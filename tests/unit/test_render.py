"""Markdown and HTML views of a hand-made Translation (no model)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from service.render.translation import render_html, render_markdown, translation_json
from service.translate.document import (
    TranslatedParagraph,
    TranslatedSection,
    TranslatedSentence,
    TranslatedText,
    Translation,
)


def sample() -> Translation:
    def para(pid: str, *texts: str) -> TranslatedParagraph:
        return TranslatedParagraph(
            pid,
            [TranslatedSentence(f"{pid}.t{i}", "原文", text) for i, text in enumerate(texts, 1)],
        )

    preamble = TranslatedSection("s0", 0, None, None, None, None, [para("s0.p1", "Intro.")])
    child = TranslatedSection(
        "s1.s1",
        2,
        "（一）",
        "(1)",
        "目标",
        "Goals",
        [para("s1.s1.p1", "First, build <roads> & *nets*.")],
    )
    top = TranslatedSection(
        "s1", 1, "一、", "1.", "背景", "Background", [para("s1.p1", "One.", "Two.")], [child]
    )
    law = TranslatedSection("s2", 1, "第五条", "Article 5", "", None, [para("s2.p1", "Text.")])
    return Translation(
        TranslatedText("标题", "Title # 1"),
        [preamble, top, law],
        [],
        {"name": "m", "revision": "r", "family": "marian"},
    )


def test_markdown_structure() -> None:
    markdown = render_markdown(sample())
    assert markdown.splitlines() == [
        "# Title \\# 1", "",
        "Intro.", "",
        "## 1. Background", "",
        "One. Two.", "",
        "### (1) Goals", "",
        "First, build \\<roads\\> & \\*nets\\*.", "",
        "## Article 5", "",
        "Text.",
    ]  # fmt: skip


def test_html_is_escaped_and_well_formed() -> None:
    page = render_html(sample())
    root = ET.fromstring(page)
    assert root.tag == "article"
    assert [h.text for h in root.iter("h2")] == ["1. Background", "Article 5"]
    assert [h.text for h in root.iter("h3")] == ["(1) Goals"]
    spans = {s.get("data-id"): s.text for s in root.iter("span")}
    assert spans["s1.s1.p1.t1"] == "First, build <roads> & *nets*."
    assert "&lt;roads&gt; &amp;" in page
    assert root.find("h1") is not None and root.find("h1").text == "Title # 1"  # type: ignore[union-attr]


def test_translation_json_embeds_markdown() -> None:
    data = translation_json(sample())
    assert data["markdown"] == render_markdown(sample())
    assert data["title"] == {"text": "标题", "translation": "Title # 1", "flags": []}
    assert data["sections"][1]["sections"][0]["label_en"] == "(1)"
