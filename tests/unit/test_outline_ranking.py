"""Ranking and selection behaviour on small hand-built Documents (no parser involved).

`make_document` splits paragraphs on 。 into Sentences with exact spans into plain_text, and
marks sentences opening with 一是/二是… as enumerations (lead up to the first ，or 。).
"""

from __future__ import annotations

import re

import pytest

from service.document import Document, Enumeration, Paragraph, Section, Sentence, Span
from service.outlining import build_outline
from service.outlining.centrality import BLOCK, centrality
from service.outlining.rank import Weights, score_document
from service.outlining.vectors import cosine, idf_table, terms, tfidf
from service.parsing.normalize import to_norm

_ENUM = re.compile(r"^([一二三四五六七八九十]+是)([^，。]+)")

SectionSpec = tuple[str | None, str | None, list[str]]  # (label, heading, paragraphs)


def make_document(title: str | None, sections: list[SectionSpec]) -> Document:
    """A Document with one top-level section per spec (level 0 when the heading is None)."""
    plain: list[str] = []
    offset = 0
    built: list[Section] = []
    for s_no, (label, heading, paragraphs) in enumerate(sections, start=1):
        sid = f"s{s_no}"
        section = Section(sid, 0 if heading is None else 1, label, heading)
        for p_no, text in enumerate(paragraphs, start=1):
            pid = f"{sid}.p{p_no}"
            para = Paragraph(pid, [])
            for t_no, piece in enumerate(re.findall(r"[^。]+。?", text), start=1):
                sent = Sentence(
                    f"{pid}.t{t_no}", piece, to_norm(piece), Span(offset, offset + len(piece))
                )
                plain.append(piece)
                offset += len(piece)
                para.sentences.append(sent)
                match = _ENUM.match(piece)
                if match:
                    para.enumerations.append(Enumeration(match.group(1), match.group(2), sent.id))
            plain.append("\n")
            offset += 1
            section.paragraphs.append(para)
        built.append(section)
    return Document(title, {}, "Hans", "".join(plain), built)


def _texts(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in result.points()]


def test_terms_are_bigrams_within_runs() -> None:
    assert terms("数字乡村，建设。") == ["数字", "字乡", "乡村", "建设"]
    assert terms("乡、村") == ["乡", "村"]
    assert terms("5G网络 APP") == ["5g", "网络", "app"]


def test_tfidf_vectors_are_unit_length_and_cosine_is_symmetric() -> None:
    lists = [terms("数字乡村建设"), terms("乡村振兴战略"), terms("今天天气很好")]
    idf, unseen = idf_table(lists)
    a, b, c = (tfidf(t, idf, unseen) for t in lists)
    assert abs(cosine(a, a) - 1.0) < 1e-9
    assert cosine(a, b) == cosine(b, a) > 0.0
    assert cosine(a, c) == 0.0
    assert tfidf([], idf, unseen) == {}


def test_centrality_favours_the_sentence_sharing_most_with_others() -> None:
    texts = ["数字乡村建设", "数字乡村发展", "乡村建设发展", "今天天气很好"]
    idf, unseen = idf_table(terms(t) for t in texts)
    scores = centrality([tfidf(terms(t), idf, unseen) for t in texts])
    assert max(scores) == 1.0
    assert scores[3] < min(scores[:3])


def test_long_sections_are_ranked_in_independent_blocks() -> None:
    texts = [f"第{i}项任务是推进数字乡村建设和智慧农业发展" for i in range(BLOCK * 2 + 5)]
    idf, unseen = idf_table(terms(t) for t in texts)
    vectors = [tfidf(terms(t), idf, unseen) for t in texts]
    whole = centrality(vectors)
    assert whole == centrality(vectors[:BLOCK]) + centrality(vectors[BLOCK : 2 * BLOCK]) + (
        centrality(vectors[2 * BLOCK :])
    )


def test_redundant_sentences_are_not_both_chosen() -> None:
    doc = make_document(
        None,
        [
            (
                None,
                None,
                [
                    "数字乡村是乡村振兴的战略方向。数字乡村是乡村振兴的战略方向。"
                    "农村电商带动农民增收致富。乡村振兴需要数字乡村。"
                ],
            )
        ],
    )
    texts = _texts(build_outline(doc, max_points=2))
    assert len(texts) == 2 and len(set(texts)) == 2


def test_overlap_with_heading_breaks_ties_between_equal_sentences() -> None:
    doc = make_document(
        "数字乡村发展行动计划",
        [
            (
                "一、",
                "如何保障数据安全？",
                ["农业生产加快转型。加强数据安全保护。推进电商物流建设。"],
            )
        ],
    )
    no_position = Weights(centrality=0.5, position=0.0, context=0.5)
    assert _texts(build_outline(doc, max_points=1, weights=no_position)) == ["加强数据安全保护。"]


def test_fragments_score_below_full_sentences() -> None:
    doc = make_document(
        None, [(None, None, ["答：", "数字乡村是乡村振兴的战略方向，也是建设数字中国的重要内容。"])]
    )
    fragment, sentence = score_document(doc, Weights())
    assert fragment.score < sentence.score


def test_small_budget_covers_the_heaviest_sections_with_their_best_sentence() -> None:
    doc = make_document(
        "数字乡村",
        [
            ("一、", "背景", ["今天。数字乡村是乡村振兴的战略方向。"]),
            ("二、", "目标", ["数字乡村发展取得重要进展，乡村数字化治理体系日趋完善。"]),
            (
                "三、",
                "任务",
                [
                    "数字乡村建设全面推进，智慧农业建设取得初步成效。",
                    "农村电商带动农民增收致富，乡村网络文化繁荣发展。",
                ],
            ),
        ],
    )
    result = build_outline(doc, max_points=2)
    # 三 (two paragraphs) and 二 outweigh 一; each gets its best sentence, 一 none.
    assert [[p.sentence_id for p in n.points] for n in result.nodes] == [
        [],
        ["s2.p1.t1"],
        ["s3.p1.t1"],
    ]
    assert [n.label for n in result.nodes] == [
        "一、",
        "二、",
        "三、",
    ]  # the table of contents stays


def test_equal_sections_go_to_the_earlier_one() -> None:
    same = "数字乡村建设全面推进，智慧农业建设取得初步成效。"
    doc = make_document(None, [(label, "任务", [same]) for label in ("一、", "二、", "三、")])
    assert [len(n.points) for n in build_outline(doc, max_points=2).nodes] == [1, 1, 0]


PREAMBLE_DOC: list[SectionSpec] = [
    (None, None, ["近日，有关部门印发了行动计划。记者就此采访了有关负责同志。"]),
    ("一、", "背景", ["数字乡村是乡村振兴的战略方向。建设数字中国的重要内容。"]),
    ("二、", "目标", ["到2025年数字乡村发展取得重要进展。乡村数字化治理体系日趋完善。"]),
    (
        "三、",
        "任务",
        [
            "部署了三项重点任务。一是数字基础设施升级行动，推进网络覆盖。"
            "二是智慧农业创新发展行动，建设农业大数据。三是新业态发展行动，深化电商发展。"
        ],
    ),
]


def _per_section(result) -> dict[str | None, int]:  # type: ignore[no-untyped-def]
    return {n.label: len(n.points) for n in result.nodes}


@pytest.mark.parametrize("budget", [4, 5, 6])
def test_every_top_section_gets_one_point_before_any_gets_a_second(budget: int) -> None:
    result = build_outline(make_document("行动计划", PREAMBLE_DOC), max_points=budget)
    counts = _per_section(result)
    assert len(result.points()) == budget
    if budget == 4:  # exactly the preamble and the three level-1 sections: not a list item
        assert counts == {None: 1, "一、": 1, "二、": 1, "三、": 1}
    else:
        assert all(counts[label] >= 1 for label in (None, "一、", "二、", "三、"))


@pytest.mark.parametrize(("budget", "expected"), [(1, [1, 0, 0, 0]), (3, [1, 0, 1, 1])])
def test_a_small_budget_gives_the_gist_then_the_heaviest_sections(
    budget: int, expected: list[int]
) -> None:
    """The preamble (where the article states its gist) first, then sections by weight."""
    result = build_outline(make_document("行动计划", PREAMBLE_DOC), max_points=budget)
    assert [len(n.points) for n in result.nodes] == expected


def test_enumeration_runs_come_whole_before_plain_sentences() -> None:
    doc = make_document(
        None,
        [
            (
                "一、",
                "重点任务",
                [
                    "答：部署了三项重点任务。一是数字基础设施升级行动，推进网络覆盖。"
                    "二是智慧农业创新发展行动，建设农业大数据。三是新业态发展行动，深化电商发展。",
                    "此外还有其他安排。各地要抓好落实。",
                ],
            )
        ],
    )
    result = build_outline(doc, max_points=4)
    assert [p.kind for p in result.points()].count("enumeration") == 3
    leads = [p.lead for p in result.points() if p.lead]
    assert leads == ["数字基础设施升级行动", "智慧农业创新发展行动", "新业态发展行动"]
    assert [p.kind for p in build_outline(doc, max_points=2).points()].count("enumeration") <= 1


def test_a_run_too_long_for_the_budget_still_fills_it_when_nothing_else_is_left() -> None:
    items = "".join(f"{n}是第{n}项任务，推进数字乡村建设。" for n in "一二三四五六七八")
    doc = make_document(None, [("一、", "任务", ["答：部署了八项任务。" + items])])
    points = build_outline(doc, max_points=5).points()
    assert [p.kind for p in points] == ["key_sentence"] + ["enumeration"] * 4
    assert [p.lead for p in points[1:]] == ["第一项任务", "第二项任务", "第三项任务", "第四项任务"]


def test_document_without_sentences_has_headings_but_no_points() -> None:
    doc = make_document("标题", [("一、", "背景", []), ("二、", "目标", [])])
    assert build_outline(doc).to_dict() == {
        "outline": [
            {
                "section_id": "s1",
                "level": 1,
                "label": "一、",
                "heading": "背景",
                "points": [],
                "children": [],
            },
            {
                "section_id": "s2",
                "level": 1,
                "label": "二、",
                "heading": "目标",
                "points": [],
                "children": [],
            },
        ]
    }
