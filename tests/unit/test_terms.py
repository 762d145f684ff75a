"""Glossary enforcement with any engine: matching, whole-term units, code-switching, checks,
and the cache key; an engine that records its calls shows what reaches the model."""

from __future__ import annotations

from typing import Any

from service.translate.cache import TranslationCache
from service.translate.glossary import Glossary
from service.translate.segments import translate_texts
from service.translate.terms import TermMatcher, missing

GLOSSARY = Glossary(
    (
        ("国务院", "State Council"),
        ("国务院办公厅", "General Office of the State Council"),
        ("中共中央", "CPC Central Committee"),
        ("中央统战部", "United Front Work Department of the CPC Central Committee"),
        ("教育部", "Ministry of Education"),
        ("乡村振兴", "rural revitalization"),
        ("总体要求", "General Requirements"),
    )
)


class RecordingEngine:
    """Copies Latin spans and turns every Han character into "x"; records its inputs."""

    name, revision, family, max_input_tokens = "fake", "r1", "marian", 200

    def __init__(self) -> None:
        self.inputs: list[str] = []

    def count_tokens(self, text: str) -> int:
        return len(text)

    def translate(self, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
        self.inputs.extend(texts)
        return ["".join("x" if "\u4e00" <= c <= "\u9fff" else c for c in t) for t in texts]


def found(text: str) -> list[str]:
    return [m.source for m in TermMatcher(GLOSSARY).find(text)]


def test_longest_match_first_and_overlaps_resolved() -> None:
    assert found("国务院办公厅印发通知") == ["国务院办公厅"]
    assert found("国务院和国务院办公厅") == ["国务院", "国务院办公厅"]
    assert found("中共中央统战部") == ["中央统战部"]  # the longer of two overlapping terms


def test_traditional_script_matches_simplified_terms() -> None:
    assert found("國務院辦公廳推進鄉村振興") == ["国务院办公厅", "乡村振兴"]


def test_a_term_inside_a_longer_word_is_not_matched() -> None:
    assert found("各级教育部门") == []
    assert found("教育部部长") == ["教育部"]  # 部 followed by 部: the term ends there


def test_a_unit_that_is_exactly_a_term() -> None:
    matcher = TermMatcher(GLOSSARY)
    for text in ("总体要求", " 总体要求。", "總體要求"):
        assert matcher.exact(text) == ("总体要求", "General Requirements")
    assert matcher.exact("总体要求和任务") is None


def test_code_switching_puts_targets_in_the_model_input() -> None:
    switching = TermMatcher(GLOSSARY.using("code-switching"))
    prepared = switching.prepare("国务院印发乡村振兴规划。")
    assert prepared.text == "State Council 印发 rural revitalization 规划。"
    assert [m.source for m in prepared.matches] == ["国务院", "乡村振兴"] and prepared.tag
    assert prepared.finish("The State Council") == "The State Council"
    traditional = switching.prepare("國務院印發通知")
    assert traditional.text == "State Council 印發通知"  # the rest keeps its script


def test_placeholders_go_in_and_targets_come_out() -> None:
    prepared = TermMatcher(GLOSSARY).prepare("国务院印发乡村振兴规划。")
    assert prepared.text == "Xb 印发 Xc 规划。"
    assert prepared.finish("The xb issued a XC plan.") == (
        "The State Council issued a rural revitalization plan."
    )
    assert (
        prepared.tag
        != TermMatcher(GLOSSARY.using("code-switching")).prepare("国务院印发乡村振兴规划。").tag
    )  # the technique is part of the translation-memory key
    taken = TermMatcher(GLOSSARY).prepare("Xb 与 Xc 和国务院")
    assert taken.text == "Xb 与 Xc 和 Xd"  # a placeholder the text already holds is skipped


def test_verification_folds_case_blanks_and_dashes() -> None:
    [match] = TermMatcher(GLOSSARY).find("乡村振兴")
    assert missing((match,), "Promote Rural  Revitalization.") == []
    assert missing((match,), "Promote rural development.") == [match]


def test_whole_term_units_skip_the_model_and_sentences_are_code_switched() -> None:
    engine = RecordingEngine()
    texts = ["总体要求", "国务院推进乡村振兴。"]
    results = translate_texts(engine, texts, "zh", "en", glossary=GLOSSARY)
    assert results[0].translation == "General Requirements" and results[0].missing == ()
    assert engine.inputs == ["Xb 推进 Xc。"]
    assert results[1].translation == "State Council xx rural revitalization。"
    assert results[1].missing == () and len(results[1].terms) == 2
    switched = translate_texts(engine, texts[1:], "zh", "en",
                               glossary=GLOSSARY.using("code-switching"))  # fmt: skip
    assert engine.inputs[-1] == "State Council 推进 rural revitalization。"
    assert switched[0].missing == ()


def test_a_missing_target_is_reported_never_dropped() -> None:
    class Paraphrasing(RecordingEngine):
        def translate(self, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
            return ["The cabinet promotes it." for _ in texts]

    texts = ["国务院推进乡村振兴。"]
    [result] = translate_texts(Paraphrasing(), texts, "zh", "en", glossary=GLOSSARY)
    assert [m.target for m in result.missing] == ["State Council", "rural revitalization"]


def test_cache_keys_carry_the_glossary_entries_applied() -> None:
    cache: TranslationCache[Any] = TranslationCache()
    engine = RecordingEngine()
    translate_texts(engine, ["国务院推进改革。"], "zh", "en", cache=cache)
    translate_texts(engine, ["国务院推进改革。"], "zh", "en", cache=cache, glossary=GLOSSARY)
    other = Glossary((("国务院", "the State Council of China"),))
    translate_texts(engine, ["国务院推进改革。"], "zh", "en", cache=cache, glossary=other)
    assert len(engine.inputs) == 3  # no glossary, and each glossary, translate afresh
    translate_texts(engine, ["国务院推进改革。"], "zh", "en", cache=cache, glossary=GLOSSARY)
    assert len(engine.inputs) == 3 and cache.hits == 1
    translate_texts(engine, ["推进改革。"], "zh", "en", cache=cache, glossary=GLOSSARY)
    translate_texts(engine, ["推进改革。"], "zh", "en", cache=cache)
    assert len(engine.inputs) == 4  # no term in the text: the glossary changes nothing


def test_a_term_partly_overlapping_the_applied_one_is_still_checked() -> None:
    glossary = Glossary((("数字乡村", "digital villages"), ("乡村治理", "rural governance")))
    prepared = TermMatcher(glossary).prepare("拓宽数字乡村治理渠道")
    assert prepared.text == "拓宽 Xb 治理渠道"
    assert [m.source for m in prepared.crossing] == ["乡村治理"]
    [result] = translate_texts(
        RecordingEngine(), ["拓宽数字乡村治理渠道"], "zh", "en", glossary=glossary
    )
    assert [m.target for m in result.missing] == ["rural governance"]
