"""The layer between documents and engines: guard, fallback, cache, cancellation, batching."""

from __future__ import annotations

from typing import Any

import pytest

from service.errors import DeadlineExceeded, InvalidInput
from service.translate.batching import token_budget_batches
from service.translate.cache import TranslationCache
from service.translate.fidelity import FLAG_EMPTY, FLAG_REPETITION
from service.translate.segments import translate_texts
from service.translate.splitting import clauses, split_to_fit


class ScriptedEngine:
    """Answers from a function of (text, options); records every call."""

    name, revision, family, max_input_tokens = "fake", "r1", "marian", 10

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.calls: list[tuple[list[str], dict[str, Any]]] = []

    def count_tokens(self, text: str) -> int:
        return len(text)

    def translate(self, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
        self.calls.append((list(texts), options))
        return [self.answer(t, options) for t in texts]


def test_looping_output_is_regenerated_with_stricter_settings() -> None:
    def answer(text: str, options: dict[str, Any]) -> str:
        return "clean output" if options.get("no_repeat_ngram_size") else "go go go go go"

    engine = ScriptedEngine(answer)
    [result] = translate_texts(engine, ["短句"], "zh", "en")
    assert result.translation == "clean output" and result.flags == ()
    assert engine.calls[1][1]["no_repeat_ngram_size"] == 3
    assert engine.calls[1][1]["repetition_penalty"] == pytest.approx(1.3)


def test_output_still_looping_after_retry_is_flagged() -> None:
    engine = ScriptedEngine(lambda text, options: "go go go go go")
    [result] = translate_texts(engine, ["短句"], "zh", "en")
    assert result.flags == (FLAG_REPETITION,)
    assert len(engine.calls) == 2


def test_empty_output_falls_back_to_the_source_and_is_flagged() -> None:
    engine = ScriptedEngine(lambda text, options: "  ")
    [result] = translate_texts(engine, ["短句"], "zh", "en")
    assert result.translation == "短句" and result.flags == (FLAG_EMPTY,)


def test_empty_input_gives_empty_output_without_a_model_call() -> None:
    engine = ScriptedEngine(lambda text, options: "x")
    assert translate_texts(engine, [""], "zh", "en")[0].translation == ""
    assert engine.calls == []


def test_pieces_are_translated_once_and_joined() -> None:
    engine = ScriptedEngine(lambda text, options: f"<{len(text)}>")
    text = "一二三四五，六七八九十，一二三四五，"
    [a, b] = translate_texts(engine, [text, text], "zh", "en")
    assert a.pieces == ("一二三四五，", "六七八九十，", "一二三四五，")
    assert a.translation == "<6> <6> <6>" == b.translation
    assert sum(len(texts) for texts, _ in engine.calls) == 2  # two distinct pieces


def test_cache_keys_include_options() -> None:
    engine = ScriptedEngine(lambda text, options: "ok")
    cache: TranslationCache[Any] = TranslationCache(10)
    translate_texts(engine, ["甲", "乙"], "zh", "en", cache=cache)
    translate_texts(engine, ["甲", "乙"], "zh", "en", cache=cache)
    assert (cache.hits, cache.misses) == (2, 2)
    translate_texts(engine, ["甲"], "zh", "en", options={"num_beams": 2}, cache=cache)
    assert (cache.hits, cache.misses) == (2, 3)
    assert len(engine.calls) == 2


def test_cache_is_lru_and_bounded() -> None:
    cache: TranslationCache[str] = TranslationCache(2)
    cache.put("a", "1")
    cache.put("b", "2")
    assert cache.get("a") == "1"
    cache.put("c", "3")
    assert cache.get("b") is None and cache.get("a") == "1" and len(cache) == 2
    assert cache.stats() == {"hits": 2, "misses": 1, "size": 2, "maxsize": 2}


def test_should_stop_is_checked_between_engine_calls() -> None:
    engine = ScriptedEngine(lambda text, options: "ok")
    with pytest.raises(DeadlineExceeded):
        translate_texts(engine, ["甲"], "zh", "en", should_stop=lambda: True)
    assert engine.calls == []


def test_bad_options_are_invalid_input() -> None:
    engine = ScriptedEngine(lambda text, options: "ok")
    with pytest.raises(InvalidInput, match="unknown generation option"):
        translate_texts(engine, ["甲"], "zh", "en", options={"temperature": 0.7})
    with pytest.raises(InvalidInput, match="out of range"):
        translate_texts(engine, ["甲"], "zh", "en", options={"num_beams": 0})
    with pytest.raises(InvalidInput, match="integer"):
        translate_texts(engine, ["甲"], "zh", "en", options={"num_beams": 1.5})


def test_split_to_fit_prefers_clause_ends_and_never_drops_text() -> None:
    def fits(piece: str) -> bool:
        return len(piece) <= 8

    text = "甲乙丙，丁戊己庚；辛壬癸子丑寅卯辰巳午未申。"
    pieces = split_to_fit(text, fits)
    assert "".join(pieces) == text
    assert all(fits(p) for p in pieces)
    assert pieces[:2] == ["甲乙丙，", "丁戊己庚；"]
    assert clauses("甲，乙、丙") == ["甲，", "乙、", "丙"]
    assert split_to_fit("短", fits) == ["短"]


def test_token_budget_batches_sort_by_length_and_respect_the_budget() -> None:
    lengths = [50, 5, 20, 5, 300, 20]
    batches = token_budget_batches(lengths, budget=60, max_padding=1.0)
    assert sorted(i for b in batches for i in b) == list(range(6))
    assert batches[0] == [1, 3, 2]  # shortest first: 3 × 20 = 60 fits
    for batch in batches:
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 60
    assert [4] in batches  # longer than the budget: alone


def test_token_budget_batches_limit_padding() -> None:
    lengths = [8, 17, 17, 18, 22, 29, 31, 38, 94]
    batches = token_budget_batches(lengths, budget=4096, max_padding=0.2)
    assert batches == [[0], [1, 2, 3, 4], [5, 6, 7], [8]]
    for batch in batches:
        padded = len(batch) * max(lengths[i] for i in batch)
        assert padded - sum(lengths[i] for i in batch) <= 0.2 * padded
