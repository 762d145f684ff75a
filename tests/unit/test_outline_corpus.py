"""Outlines of the shared corpus against the hand-made gold structure (skipped without it)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import opencc
import pytest

from service import outline, parse
from service.document import Document
from service.outlining import Outline, OutlineNode
from service.parsing.normalize import to_norm

pytestmark = pytest.mark.corpus


def _squash(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text)


def _gold(corpus_dir: Path) -> list[tuple[dict, Document]]:
    golds = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus_dir.glob("gold/*.json"))
    ]
    return [(g, parse((corpus_dir / g["file"]).read_bytes())) for g in golds]


@pytest.fixture(scope="module")
def gold_docs(corpus_dir: Path) -> list[tuple[dict, Document]]:
    return _gold(corpus_dir)


def _nodes(result: Outline) -> list[OutlineNode]:
    return [n for top in result.nodes for n in top.walk()]


def _has_text(doc: Document, section_id: str) -> bool:
    section = next(s for s in doc.walk() if s.id == section_id)
    return any(p.sentences for s in section.walk() for p in s.paragraphs)


@pytest.mark.parametrize("max_points", [None, 1000])
def test_every_gold_level1_section_with_text_is_represented(gold_docs, max_points) -> None:  # type: ignore[no-untyped-def]
    for gold, doc in gold_docs:
        level1 = [h for h in gold["headings"] if h["level"] == 1]
        if max_points is None and len(level1) > 16:
            continue  # the default budget cannot hold a point per section (lawrefbook-010: 27)
        nodes = {
            _squash((n.label or "") + (n.heading or "")): n
            for n in _nodes(outline(doc, max_points))
        }
        for heading in level1:
            node = nodes.get(_squash(heading["label"] + heading["text"]))
            assert node is not None, (gold["file"], heading)
            if _has_text(doc, node.section_id):
                assert any(n.points for n in node.walk()), (gold["file"], heading)


def test_gold_enumerations_come_out_as_enumeration_points(gold_docs) -> None:  # type: ignore[no-untyped-def]
    found = total = 0
    for gold, doc in gold_docs:
        leads = {
            _squash(lead)
            for n in _nodes(outline(doc, max_points=1000))
            for p in n.points
            if p.kind == "enumeration"
            for lead in (p.lead or "").split("；")
        }
        total += len(gold["enumerations"])
        found += sum(_squash(e["lead"]) in leads for e in gold["enumerations"])
    assert total >= 30
    assert found / total >= 0.9


@pytest.mark.parametrize("name", ["picker-001.md", "picker-030.md", "xinwenlianbo-001.md"])
def test_traditional_rendering_ranks_like_the_simplified_article(corpus_dir: Path, name) -> None:  # type: ignore[no-untyped-def]
    # Converted after parsing, so both sides have the same sentences (the parser's boilerplate
    # rules are not script-neutral yet); only the script of every text differs.
    simp = parse((corpus_dir / name).read_bytes())
    trad = _to_traditional(simp)

    def shape(doc: Document) -> list[tuple[str, str, float]]:
        return [(p.sentence_id, p.kind, p.score) for p in outline(doc).points()]

    assert shape(trad) == shape(simp)
    assert [p.text for p in outline(trad).points()] != [p.text for p in outline(simp).points()]


def _to_traditional(doc: Document) -> Document:
    s2tw = opencc.OpenCC("s2tw").convert
    trad = copy.deepcopy(doc)
    trad.title = s2tw(doc.title) if doc.title else None
    for section in trad.walk():
        section.heading = s2tw(section.heading) if section.heading else section.heading
        for paragraph in section.paragraphs:
            for sentence in paragraph.sentences:
                sentence.text = s2tw(sentence.text)
                sentence.norm = to_norm(sentence.text)
    return trad


def test_traditional_news_without_headings_is_one_flat_node(corpus_dir: Path) -> None:
    doc = parse((corpus_dir / "hkcnews-003.md").read_bytes())
    nodes = outline(doc, max_points=5).to_dict()["outline"]
    assert doc.script == "Hant"
    assert len(nodes) == 1 and nodes[0]["heading"] is None and nodes[0]["children"] == []
    assert len(nodes[0]["points"]) == 5
    # The lead sentence of a news report is its gist; it stays in its original script.
    assert nodes[0]["points"][0]["sentence_id"] == next(doc.sentences()).id
    assert "網站" in nodes[0]["points"][0]["text"]


def test_every_corpus_article_outlines_within_budget(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("*.md")):
        doc = parse(path.read_bytes())
        result = outline(doc, max_points=8)
        points = result.points()
        assert 0 < len(points) <= 8, path.name
        sentences = {s.id: s.text for s in doc.sentences()}
        assert all(sentences[p.sentence_id] == p.text for p in points), path.name
