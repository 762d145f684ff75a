"""translate_document on the seed article with tiny Marian, T5, M2M100 and NLLB models.

Random weights produce garbage, so these tests check structure, alignment, labels, coverage and
determinism, never quality.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from tiny_models import FAMILIES, TEST_OPTIONS

from service import parse
from service.document import Document
from service.parsing.normalize import to_norm
from service.render.translation import render_markdown, translation_json
from service.translate.cache import TranslationCache
from service.translate.document import translate_document
from service.translate.engine import Engine
from service.translate.fidelity import FLAG_EMPTY

ORDINALS = ["First,", "Second,", "Third,", "Fourth,", "Fifth,", "Sixth,", "Seventh,", "Eighth,"]


@pytest.fixture(scope="module", params=FAMILIES)
def translated(
    request: pytest.FixtureRequest, tiny_engine: Callable[[str], Any], seed_document: Document
) -> Any:
    return translate_document(seed_document, tiny_engine(request.param), options=TEST_OPTIONS)


@pytest.mark.parametrize("family", FAMILIES)
def test_engines_implement_the_protocol(family: str, tiny_engine: Callable[[str], Any]) -> None:
    engine = tiny_engine(family)
    assert isinstance(engine, Engine)
    assert (engine.family, engine.revision, engine.max_input_tokens) == (family, "local", 512)
    assert engine.count_tokens("数字乡村") > 1


def test_every_sentence_and_heading_is_translated(translated: Any) -> None:
    assert translated.title is not None and translated.title.translation.strip()
    for section in translated.walk():
        if section.heading:
            assert section.heading_en and section.heading_en.strip()
    sentences = list(translated.sentences())
    assert sentences and all(s.translation.strip() for s in sentences)
    # min_new_tokens makes the model itself produce text: no empty-output fallback was needed.
    assert not [w for w in translated.warnings if w["flag"] == FLAG_EMPTY]


def test_sentence_ids_align_one_to_one(translated: Any, seed_document: Document) -> None:
    assert [s.id for s in translated.sentences()] == [s.id for s in seed_document.sentences()]
    assert [s.text for s in translated.sentences()] == [s.text for s in seed_document.sentences()]
    assert [s.id for s in translated.walk()] == [s.id for s in seed_document.walk()]


def test_markdown_keeps_title_and_six_numbered_headings(translated: Any) -> None:
    markdown = render_markdown(translated)
    lines = markdown.splitlines()
    assert lines[0].startswith("# ") and len(lines[0]) > 2
    headings = [line for line in lines if line.startswith("## ")]
    assert len(headings) == 6
    assert [h.split()[1] for h in headings] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert not [line for line in lines if line.startswith("###")]


def test_enumerations_keep_english_ordinals(translated: Any) -> None:
    section3 = translated.sections[2]
    assert section3.label == "三、" and section3.label_en == "3."
    points = section3.paragraphs[0].sentences[1:9]
    assert [p.id for p in points] == [f"s3.p1.t{i}" for i in range(2, 10)]
    for ordinal, point in zip(ORDINALS, points, strict=True):
        assert point.translation.startswith(ordinal + " ")
        assert len(point.translation) > len(ordinal) + 1
    markdown = render_markdown(translated)
    positions = [markdown.index(o) for o in ORDINALS]
    assert positions == sorted(positions)


def test_translation_json_shape(translated: Any) -> None:
    data = translation_json(translated)
    assert set(data) == {"title", "sections", "markdown", "warnings", "model"}
    assert set(data["title"]) == {"text", "translation", "flags"}
    assert set(data["model"]) == {"name", "revision", "family"}
    section = data["sections"][0]
    assert set(section) == {
        "id",
        "level",
        "label",
        "label_en",
        "heading",
        "heading_en",
        "paragraphs",
        "sections",
        "heading_flags",
    }
    sentence = section["paragraphs"][0]["sentences"][0]
    assert set(sentence) == {"id", "text", "translation", "flags"}
    for warning in data["warnings"]:
        assert set(warning) == {"id", "flag", "message"}


@pytest.mark.parametrize("family", FAMILIES)
def test_batched_and_one_by_one_greedy_results_are_identical(
    family: str, tiny_engine: Callable[[str], Any], seed_document: Document
) -> None:
    engine = tiny_engine(family)
    texts = [s.text for s in seed_document.sentences()][:12]
    options = {**TEST_OPTIONS, "max_length_ratio": 0.3}
    batched = engine.translate(texts, "zh", "en", **options)
    alone = [engine.translate([text], "zh", "en", **options)[0] for text in texts]
    assert batched == alone
    assert len(set(map(len, texts))) > 5  # the batch really mixed lengths (padding was used)


def test_second_run_hits_the_cache(
    tiny_engine: Callable[[str], Any], seed_document: Document
) -> None:
    cache: TranslationCache[Any] = TranslationCache(4096)
    engine = tiny_engine("m2m100")
    first = translate_document(seed_document, engine, options=TEST_OPTIONS, cache=cache)
    misses = cache.misses
    assert cache.hits == 0 and misses > 0
    second = translate_document(seed_document, engine, options=TEST_OPTIONS, cache=cache)
    assert cache.misses == misses and cache.hits == misses
    assert second.to_dict() == first.to_dict()
    other = translate_document(
        seed_document, engine, options={**TEST_OPTIONS, "num_beams": 2}, cache=cache
    )
    assert cache.misses == 2 * misses  # other options are other keys
    assert [s.id for s in other.sentences()] == [s.id for s in first.sentences()]


TRADITIONAL = """---
title: 數字鄉村發展行動計劃
---
一、發展目標

到2025年，數字鄉村發展取得重要進展。鄉村網絡文化繁榮發展。

二、重點任務

一是數字基礎設施升級行動。二是智慧農業創新發展行動。
"""


@pytest.mark.parametrize("family", ["marian", "m2m100"])
def test_traditional_article_takes_the_same_path_as_simplified(
    family: str, tiny_engine: Callable[[str], Any]
) -> None:
    engine = tiny_engine(family)
    traditional = parse(TRADITIONAL)
    simplified = parse(to_norm(TRADITIONAL))
    assert traditional.script == "Hant" and simplified.script == "Hans"
    a = translate_document(traditional, engine, options=TEST_OPTIONS)
    b = translate_document(simplified, engine, options=TEST_OPTIONS)
    # zh models see the normalized (simplified) text, so both scripts give the same English.
    assert [s.translation for s in a.sentences()] == [s.translation for s in b.sentences()]
    assert [s.text for s in a.sentences()] != [s.text for s in b.sentences()]
    assert re.findall(r"^## \S+", render_markdown(a), re.M) == ["## 1.", "## 2."]


def test_concurrent_callers_get_the_same_results(
    tiny_engine: Callable[[str], Any], seed_document: Document
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    engine = tiny_engine("m2m100")
    texts = [s.text for s in seed_document.sentences()][:8]
    expected = engine.translate(texts, "zh", "en", **TEST_OPTIONS)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda _: engine.translate(texts, "zh", "en", **TEST_OPTIONS), range(4))
        )
    assert all(result == expected for result in results)


def test_only_some_inputs_then_what_the_cache_holds(
    tiny_engine: Callable[[str], Any], seed_document: Document
) -> None:
    """`only` translates those inputs (the gist); `stored_translation` reads the same keys back
    from the cache without the engine, and equals the full translation once all are there."""
    from service.translate.document import stored_translation

    engine = tiny_engine("marian")
    cache: TranslationCache[Any] = TranslationCache(4096)
    first_ids = [s.id for s in seed_document.sentences()][:3]
    gist = {"title", *first_ids}
    partial = translate_document(
        seed_document, engine, options=TEST_OPTIONS, cache=cache, only=gist
    )
    done = {s.id for s in partial.sentences() if s.translation is not None}
    assert done == set(first_ids) and partial.title and partial.title.translation
    assert all(s.heading_en is None for s in partial.walk() if s.heading)
    stored = stored_translation(seed_document, engine, cache, options=TEST_OPTIONS)
    assert stored.to_dict() == partial.to_dict()
    assert render_markdown(stored)  # untranslated sentences are left out, not rendered as None
    full = translate_document(seed_document, engine, options=TEST_OPTIONS, cache=cache)
    stored = stored_translation(seed_document, engine, cache, options=TEST_OPTIONS)
    assert stored.to_dict() == full.to_dict()
