"""Outline of real articles through `service.parse`: the seed, its traditional version, budgets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from service import outline, parse
from service.document import Document
from service.errors import InvalidInput
from service.outlining import DEFAULT_MAX_POINTS, Outline, build_outline

SEED_LABELS = ["一、", "二、", "三、", "四、", "五、", "六、"]
SEED_TASK_LEADS = [
    "数字基础设施升级行动",
    "智慧农业创新发展行动",
    "新业态新模式发展行动",
    "数字治理能力提升行动",
    "乡村网络文化振兴行动",
    "智慧绿色乡村打造行动",
    "公共服务效能提升行动",
    "网络帮扶拓展深化行动",
]


@pytest.fixture(scope="module")
def seed_doc(seed_article: bytes) -> Document:
    return parse(seed_article)


@pytest.fixture(scope="module")
def seed_hant(seed_article: bytes) -> Document:
    return parse(opencc.OpenCC("s2tw").convert(seed_article.decode("utf-8")))


def _points(result: Outline) -> list[dict]:
    return [p for node in result.nodes for n in node.walk() for p in n.to_dict()["points"]]


def test_seed_has_six_sections_each_with_a_point(seed_doc: Document) -> None:
    nodes = outline(seed_doc).to_dict()["outline"]
    assert [n["label"] for n in nodes] == SEED_LABELS
    assert all(n["level"] == 1 and n["heading"] and n["points"] for n in nodes)


def test_seed_section_three_lists_the_eight_tasks_with_leads(seed_doc: Document) -> None:
    node = outline(seed_doc).to_dict()["outline"][2]
    enums = [p for p in node["points"] if p["kind"] == "enumeration"]
    assert [p["lead"] for p in enums] == SEED_TASK_LEADS
    assert [p["text"][:2] for p in enums] == [
        "一是",
        "二是",
        "三是",
        "四是",
        "五是",
        "六是",
        "七是",
        "八是",
    ]


def test_points_are_the_documents_own_sentences_in_order(seed_doc: Document) -> None:
    sentences = {s.id: s for s in seed_doc.sentences()}
    order = {sid: i for i, sid in enumerate(sentences)}
    for node in outline(seed_doc).nodes:
        for n in node.walk():
            ids = [p.sentence_id for p in n.points]
            assert ids == sorted(ids, key=order.__getitem__)
            for p in n.points:
                s = sentences[p.sentence_id]
                assert p.text == s.text == seed_doc.plain_text[s.span.start : s.span.end]
                assert p.sentence_id.startswith(n.section_id + ".p")
                assert (p.lead is not None) == (p.kind == "enumeration")


def test_traditional_article_ranks_like_simplified(seed_doc: Document, seed_hant: Document) -> None:
    simp, trad = outline(seed_doc), outline(seed_hant)
    assert seed_hant.script == "Hant"

    def shape(o: Outline) -> list:
        return [(p["sentence_id"], p["kind"], p["score"]) for p in _points(o)]

    assert shape(trad) == shape(simp)
    trad_texts = [p["text"] for p in _points(trad)]
    assert trad_texts != [p["text"] for p in _points(simp)]
    assert "一是數字基礎設施升級行動" in "".join(trad_texts)


def test_deterministic(seed_doc: Document) -> None:
    assert outline(seed_doc).to_dict() == outline(seed_doc).to_dict()


@pytest.mark.parametrize("max_points", [1, 3, 6, 9, 13, 16, 25])
def test_budget_coverage_and_whole_runs(seed_doc: Document, max_points: int) -> None:
    result = outline(seed_doc, max_points=max_points)
    points = _points(result)
    assert len(points) == max_points
    with_points = [n for n in result.nodes if n.points]
    assert len(with_points) == min(max_points, 6)
    for node in result.nodes:
        kinds = [p.kind for p in node.points]
        # A list is either whole or, at most, the one point that covers its section.
        if kinds.count("enumeration") > 1:
            section = _section(seed_doc, node.section_id)
            run = {e.sentence_id for p in section.paragraphs for e in p.enumerations}
            assert kinds.count("enumeration") == len(run)


def test_seed_budget_of_four_goes_to_the_four_heaviest_sections(seed_doc: Document) -> None:
    # Six level-1 sections, four points: 二 (299 characters of text) and 四 (394) are the lightest
    # and go without; 三 (620), 一 (541), 六 (505) and 五 (438) get their best sentence each.
    result = outline(seed_doc, max_points=4)
    assert [len(n.points) for n in result.nodes] == [1, 0, 1, 0, 1, 1]
    weight = {
        n.section_id: sum(
            len(s.norm) for p in _section(seed_doc, n.section_id).paragraphs for s in p.sentences
        )
        for n in result.nodes
    }
    covered = [weight[n.section_id] for n in result.nodes if n.points]
    assert min(covered) > max(weight[n.section_id] for n in result.nodes if not n.points)


@pytest.mark.parametrize("max_points", [6, 7, 14])
def test_seed_budget_covers_each_section_once_before_a_second_point(
    seed_doc: Document, max_points: int
) -> None:
    counts = [len(n.points) for n in outline(seed_doc, max_points=max_points).nodes]
    assert min(counts) >= 1
    if max_points == 6:
        assert counts == [1] * 6


def _section(doc: Document, section_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in doc.walk() if s.id == section_id)


def test_default_budget_and_large_budget(seed_doc: Document) -> None:
    assert len(_points(outline(seed_doc))) == DEFAULT_MAX_POINTS
    everything = _points(outline(seed_doc, max_points=1000))
    assert len(everything) == sum(1 for _ in seed_doc.sentences())
    assert sum(p["kind"] == "enumeration" for p in everything) == 20


def test_ratio_and_the_smaller_budget_wins(seed_doc: Document) -> None:
    n = sum(1 for _ in seed_doc.sentences())
    assert len(_points(outline(seed_doc, ratio=0.25))) == -(-n // 4)
    assert len(_points(outline(seed_doc, max_points=5, ratio=0.5))) == 5
    assert len(_points(outline(seed_doc, max_points=50, ratio=0.1))) == -(-n // 10)


@pytest.mark.parametrize(("max_points", "ratio"), [(0, None), (-3, None), (None, 0.0), (None, 1.5)])
def test_bad_budget_is_invalid_input(seed_doc: Document, max_points, ratio) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput):
        outline(seed_doc, max_points=max_points, ratio=ratio)


def test_text_without_headings_gives_one_flat_node(seed_doc: Document) -> None:
    paragraphs = [
        "".join(s.text for s in p.sentences) for s in seed_doc.walk() for p in s.paragraphs
    ]
    flat = parse("\n\n".join(paragraphs[:5]), "text")
    nodes = outline(flat, max_points=4).to_dict()["outline"]
    assert len(nodes) == 1
    assert nodes[0]["heading"] is None and nodes[0]["level"] == 0
    assert nodes[0]["section_id"] == flat.sections[0].id
    assert len(nodes[0]["points"]) == 4 and nodes[0]["children"] == []
    # The 8-point list does not fit in 4, so the flat outline is not a truncated list.
    assert sum(p["kind"] == "enumeration" for p in nodes[0]["points"]) <= 1


def test_outline_never_imports_torch_or_transformers() -> None:
    code = (
        "import sys; from service import outline, parse;"
        "outline(parse(open('tests/fixtures/finews-001.md', 'rb').read()));"
        "bad = [m for m in ('torch', 'transformers') if m in sys.modules];"
        "sys.exit(str(bad) if bad else 0)"
    )
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=repo, check=False)
    assert result.returncode == 0


def test_service_outline_stays_callable_after_the_package_is_imported(seed_doc: Document) -> None:
    import service
    import service.outlining

    assert (
        service.outline(seed_doc, max_points=3).to_dict()
        == build_outline(seed_doc, max_points=3).to_dict()
    )
