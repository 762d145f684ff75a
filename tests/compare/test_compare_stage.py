"""The compare stage on real law versions: units, folding, alignment, splits, merges, diffs."""

from __future__ import annotations

import pytest

from service.compare import Unit, compare_documents, compare_units
from service.compare.forms import fold, folded
from service.parsing import parse_document
from tests.compare.law_texts import law_text


def articles(units: list[Unit]) -> list[Unit]:
    return [u for u in units if u.kind == "article"]


def copy(unit: Unit, label: str | None = None, text: str | None = None) -> Unit:
    return Unit(unit.id, unit.kind, label or unit.label, unit.heading, text or unit.text)


def by_label(units: list[Unit], label: str) -> int:
    return next(i for i, u in enumerate(units) if u.label == label)


def test_units_of_a_law_are_its_articles_headings_and_preamble(civil_2021: list[Unit]) -> None:
    kinds = {u.kind for u in civil_2021}
    assert kinds == {"article", "heading", "paragraph"}
    assert len(articles(civil_2021)) == 291
    fifth = civil_2021[by_label(civil_2021, "第五条")]
    assert fifth.text.startswith("外国人、无国籍人") and "\n" in fifth.text  # two paragraphs
    chapter = civil_2021[by_label(civil_2021, "第一章")]
    assert chapter.kind == "heading" and chapter.heading == "任务、适用范围和基本原则"


def test_a_document_without_articles_is_compared_by_sections() -> None:
    plan = "# 方案\n\n## 一、总体要求\n\n推进数字乡村建设。\n\n## 二、重点任务\n\n发展智慧农业。\n"
    units = compare_documents(parse_document(plan), parse_document(plan)).pairs
    assert [p.old.kind for p in units if p.old] == ["section", "section"]
    assert all(p.status == "unchanged" for p in units)


def test_fold_ignores_form_only() -> None:
    assert fold("第一条　为了保护当事人，\n制定本法。") == fold("第一条为了保护当事人,制定本法.")
    assert fold("二〇二三年") == fold("二零二三年")
    assert fold("當事人之間惡意串通") == fold("当事人之间恶意串通")
    assert fold("（一）") == fold("(一)")
    assert fold("制定\n本法") == fold("制定本法")  # a hard line break
    assert fold("监\u2002\u2002护") == fold("监 护") == fold("监护")  # en spaces, as typeset
    assert fold("第3条") != fold("条")  # a number in running text stays
    assert fold("人民法院") != fold("法院")


def test_a_page_number_between_an_articles_lines_is_no_change() -> None:
    """The parser sets page numbers aside (metadata.boilerplate), so compare needs no rule."""
    clean = "第一条　为了保护当事人，制定本法。\n\n第二条　本法适用于全国。"
    for page in ("- 3 -", "— 3 —", "第 3 页 共 9 页"):
        paged = f"第一条为了保护当事人,\n{page}\n制定本法。\n第二条本法适用于全国。"
        old, new = parse_document(paged, "text"), parse_document(clean, "text")
        assert compare_documents(old, new).summary()["unchanged"] == 2, page


def test_folded_maps_back_to_the_original() -> None:
    original = "人民法院 审理，\n案件（一）。"
    text = folded(original)
    assert "".join(text.span(i, i + 1) for i in range(len(text.text))) == original
    assert text.span(0, len(text.text)) == original


def test_an_amendment_with_a_new_section_pairs_every_article(
    civil_2021: list[Unit], civil_2023: list[Unit]
) -> None:
    comparison = compare_units(civil_2021, civil_2023)
    pairs = [p for p in comparison.pairs if (p.old or p.new).kind == "article"]  # type: ignore[union-attr]
    unchanged = [p for p in pairs if p.status == "unchanged"]
    assert len(unchanged) == 273
    assert sum(p.renumbered for p in unchanged) == 86  # shifted by the new section and articles
    added = [p.new.label for p in pairs if p.status == "added" and p.new]
    assert added[:4] == ["第一百九十四条", "第一百九十五条", "第一百九十六条", "第一百九十七条"]
    section = [p for p in comparison.pairs if p.new and p.new.heading == "指定遗产管理人案件"]
    assert section[0].status == "added"
    shifted = [p for p in comparison.pairs if p.new and p.new.heading == "认定财产无主案件"]
    assert (shifted[0].old.label, shifted[0].new.label) == ("第五节", "第六节")  # type: ignore[union-attr]
    assert shifted[0].status == "unchanged" and shifted[0].renumbered


def test_pairs_are_in_new_order_with_removed_units_at_their_old_place(
    civil_2021: list[Unit],
) -> None:
    old = articles(civil_2021)[:30]
    new = [copy(u) for u in old]
    del new[by_label(new, "第十条")]
    comparison = compare_units(old, new)
    labels = [(p.old.label if p.old else None, p.status) for p in comparison.pairs]
    at = labels.index(("第十条", "removed"))
    assert labels[at - 1][0] == "第九条" and labels[at + 1][0] == "第十一条"


def test_moves_splits_and_merges_are_found(civil_2021: list[Unit]) -> None:
    old = articles(civil_2021)
    new = [copy(u) for u in old]
    fifth = by_label(new, "第五条")
    first, second = new[fifth].text.split("\n", 1)
    new[fifth : fifth + 1] = [copy(new[fifth], text=first), copy(new[fifth], "第五条之一", second)]
    tenth = by_label(new, "第十条")
    new[tenth : tenth + 2] = [copy(new[tenth], text=new[tenth].text + new[tenth + 1].text)]
    moved = new.pop(by_label(new, "第二十条"))
    new.insert(by_label(new, "第四十条") + 1, moved)
    edited = new.pop(by_label(new, "第三十条"))
    rewritten = edited.text.replace("人民法院", "法院", 1) + "另有规定的除外。"
    new.append(copy(edited, "第三百条", rewritten))

    pairs = compare_units(old, new).pairs
    flagged = {
        (p.old.label, p.new.label): (p.status, p.moved, p.split, p.merged)
        for p in pairs
        if p.old and p.new and (p.status != "unchanged" or p.moved)
    }
    assert flagged == {
        ("第五条", "第五条"): ("changed", False, True, False),
        ("第五条", "第五条之一"): ("changed", False, True, False),
        ("第十条", "第十条"): ("changed", False, False, True),
        ("第十一条", "第十条"): ("changed", False, False, True),
        ("第二十条", "第二十条"): ("unchanged", True, False, False),
        ("第三十条", "第三百条"): ("changed", True, False, False),
    }
    assert not [p for p in pairs if p.status in ("added", "removed")]


def test_the_diff_is_over_the_original_texts(civil_2021: list[Unit]) -> None:
    old = articles(civil_2021)[:5]
    new = [copy(u) for u in old]
    new[2] = copy(old[2], text=old[2].text.replace("民事诉讼", "民事、行政诉讼", 1))
    pair = compare_units(old, new).pairs[2]
    assert pair.status == "changed"
    assert "".join(t for op, t in pair.diff if op != "-") == new[2].text
    assert "".join(t for op, t in pair.diff if op != "+") == old[2].text
    assert [e for e in pair.diff if e[0] != "="] == [("+", "、行政")]


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("，", ","),  # half-width punctuation
        lambda t: t[:20] + "\n" + t[20:],  # a hard line break
        lambda t: t.replace("民", "民 "),  # stray spaces
    ],
)
def test_differences_of_form_are_no_change(civil_2021: list[Unit], change) -> None:  # type: ignore[no-untyped-def]
    old = articles(civil_2021)[:40]
    new = [copy(u, text=change(u.text)) for u in old]
    assert compare_units(old, new).summary()["unchanged"] == 40


def test_traditional_script_against_simplified_is_no_change() -> None:
    from opencc import OpenCC

    from service.parsing.normalize import _converter  # noqa: F401  (OpenCC is loaded anyway)

    simplified = law_text("civil-procedure-2021.md")[:6000]
    traditional = OpenCC("s2tw").convert(simplified)
    comparison = compare_documents(parse_document(simplified), parse_document(traditional))
    assert comparison.summary()["changed"] == 0


def test_two_unrelated_documents_of_thousands_of_units_stay_bounded(
    civil_2021: list[Unit],
) -> None:
    """No exact anchor in 6,000 units a side: the alignment is cut into pieces and moves are
    not looked for, so memory stays far below the m x n tables (288 MB of float64 here)."""
    import tracemalloc

    sentences = [s for u in civil_2021 for s in u.text.replace("\n", "。").split("。") if s]
    old = [
        Unit(f"o{i}", "paragraph", None, None, sentences[i % len(sentences)] + f"（{i}）")
        for i in range(6000)
    ]
    new = [
        Unit(
            f"n{i}", "paragraph", None, None, f"{i}号：" + sentences[-1 - i % len(sentences)][::-1]
        )
        for i in range(6000)
    ]
    tracemalloc.start()
    try:
        summary = compare_units(old, new).summary()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert summary["unchanged"] == 0 and summary["added"] + summary["changed"] == 6000
    assert peak < 150 * 2**20
