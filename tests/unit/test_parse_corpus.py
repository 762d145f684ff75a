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
    assert total.parent_accuracy() >= 0.95


def test_held_out_gold_on_the_repo_articles() -> None:
    """The 9 gold files of tests/gold whose articles live in tests/articles (no corpus needed)."""
    root = Path(__file__).resolve().parents[1]
    total = Score()
    for gold in sorted((root / "gold").glob("*.json")):
        if (root / "articles" / f"{gold.stem}.md").is_file():
            total.add(score_file(gold, root / "articles"))
    assert total.gold >= 100 and total.failures == 0
    assert total.f1() >= 0.95
    assert total.parent_accuracy() >= 0.95
    assert total.enum_recall() >= 0.9


@pytest.mark.corpus
def test_held_out_gold_with_the_corpus(corpus_dir: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    total = Score()
    golds = sorted((root / "gold").glob("*.json")) + sorted((root / "gold/fresh").glob("*.json"))
    for gold in golds:
        total.add(score_file(gold, [root / "articles", corpus_dir]))
    assert total.gold > 400 and total.failures == 0
    assert total.f1() >= 0.95
    assert total.parent_accuracy() >= 0.95
    assert total.enum_recall() >= 0.9


@pytest.mark.corpus
def test_issue_24_gold_enumerations(corpus_dir: Path) -> None:
    """tests/gold/heldout-24, annotated before the issue-24 enumeration rules: recall was 0.611
    (44/72) then; headings are not these rules' business (F1 0.829 before and after)."""
    total = Score()
    for gold in sorted((Path(__file__).resolve().parents[1] / "gold/heldout-24").glob("*.json")):
        total.add(score_file(gold, corpus_dir))
    assert total.enum_gold == 72 and total.failures == 0
    assert total.enum_recall() >= 0.9
    assert total.f1() >= 0.82
