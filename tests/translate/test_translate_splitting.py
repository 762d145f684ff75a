"""Over-long sentences are split at clause boundaries, translated piece by piece, never cut."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tiny_models import TEST_OPTIONS

from service.document import Document
from service.translate.document import translate_document
from service.translate.segments import translate_texts

LIMIT = 24  # tokens: far below the seed's long sentences (about 60-110 tokens with Marian)


class LimitedEngine:
    """A real engine behind a smaller input limit, recording what reaches the model."""

    def __init__(self, engine: Any, limit: int) -> None:
        self.engine = engine
        self.name, self.revision, self.family = engine.name, engine.revision, engine.family
        self.max_input_tokens = limit
        self.seen: list[str] = []

    def count_tokens(self, text: str) -> int:
        return int(self.engine.count_tokens(text))

    def translate(self, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
        assert all(self.count_tokens(t) <= self.max_input_tokens for t in texts)
        self.seen.extend(texts)
        return list(self.engine.translate(texts, src, tgt, **options))


def test_long_sentence_is_split_at_clauses_and_fully_covered(
    tiny_engine: Callable[[str], Any], seed_document: Document
) -> None:
    engine = LimitedEngine(tiny_engine("marian"), LIMIT)
    sentence = next(s.text for s in seed_document.sentences() if s.id == "s3.p1.t3")
    assert engine.count_tokens(sentence) > 2 * LIMIT
    [result] = translate_texts(engine, [sentence], "zh", "en", options=TEST_OPTIONS)
    assert len(result.pieces) > 2
    assert "".join(result.pieces) == sentence
    assert all(engine.count_tokens(p) <= LIMIT for p in result.pieces)
    assert all(p.endswith(("、", "，", "。")) for p in result.pieces[:-1])
    assert set(engine.seen) == set(result.pieces)  # retries of looping pieces repeat some
    assert result.translation.strip()


def test_clause_without_punctuation_is_cut_not_truncated(tiny_engine: Callable[[str], Any]) -> None:
    engine = LimitedEngine(tiny_engine("marian"), LIMIT)
    sentence = "数字乡村建设" * 30 + "。"
    [result] = translate_texts(engine, [sentence], "zh", "en", options=TEST_OPTIONS)
    assert "".join(result.pieces) == sentence
    assert len(result.pieces) > 1
    assert all(engine.count_tokens(p) <= LIMIT for p in result.pieces)


def test_document_with_long_sentences_keeps_one_translation_per_sentence(
    tiny_engine: Callable[[str], Any], seed_document: Document
) -> None:
    engine = LimitedEngine(tiny_engine("m2m100"), LIMIT)
    translation = translate_document(seed_document, engine, options=TEST_OPTIONS)
    assert [s.id for s in translation.sentences()] == [s.id for s in seed_document.sentences()]
    assert all(s.translation.strip() for s in translation.sentences())
    # Every model input fit the limit (LimitedEngine asserts it) and long sentences became
    # several inputs: more distinct inputs than there are titles, headings and sentences.
    units = 1 + len(list(seed_document.walk())) + len(list(seed_document.sentences()))
    assert len(set(engine.seen)) > units
