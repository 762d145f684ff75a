"""The whole shared corpus parses; the gold structure matches (skipped without ../shared)."""

from pathlib import Path

import pytest

from scripts.eval_structure import Score, score_file
from service import parse


@pytest.mark.corpus
def test_every_corpus_article_parses_with_exact_spans(corpus_dir: Path) -> None:
    articles = sorted(corpus_dir.glob("*.md"))
    assert articles
    for path in articles:
        doc = parse(path.read_bytes())
        assert list(doc.sentences()), path.name
        for sentence in doc.sentences():
            assert sentence.text.strip(), (path.name, sentence.id)
            assert doc.plain_text[sentence.span.start : sentence.span.end] == sentence.text


@pytest.mark.corpus
def test_gold_structure_heading_f1_and_enumeration_recall(corpus_dir: Path) -> None:
    total = Score()
    for gold in sorted((corpus_dir / "gold").glob("*.json")):
        total.add(score_file(gold, corpus_dir))
    assert total.gold > 100
    assert total.f1() >= 0.9
    assert total.enum_hits / total.enum_gold >= 0.85
