"""Real articles of ../shared/corpus through the tiny model: laws, traditional news, lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tiny_models import TEST_OPTIONS

from service import parse
from service.render.translation import render_markdown
from service.translate.document import translate_document

pytestmark = pytest.mark.corpus
SAMPLE = ("lawrefbook-003.md", "hkcnews-005.md", "picker-009.md")


@pytest.mark.parametrize("name", SAMPLE)
def test_corpus_article_structure_survives(
    name: str, corpus_dir: Path, tiny_engine: Callable[[str], Any]
) -> None:
    document = parse((corpus_dir / name).read_bytes())
    translation = translate_document(document, tiny_engine("m2m100"), options=TEST_OPTIONS)
    assert [s.id for s in translation.sentences()] == [s.id for s in document.sentences()]
    assert all(s.translation.strip() for s in translation.sentences())
    for section in translation.walk():
        if not section.label:
            continue
        english = section.label_en or ""
        assert english and not any("\u4e00" <= c <= "\u9fff" for c in english)
        if section.label.endswith("条"):
            assert english.startswith("Article ")
        if section.label.endswith("章"):
            assert english.startswith("Chapter ")


def test_law_markdown_has_chapters_and_articles(
    corpus_dir: Path, tiny_engine: Callable[[str], Any]
) -> None:
    document = parse((corpus_dir / "lawrefbook-003.md").read_bytes())
    markdown = render_markdown(
        translate_document(document, tiny_engine("m2m100"), options=TEST_OPTIONS)
    )
    assert "\n## Chapter 1" in markdown and "\n### Article 1" in markdown
