"""The in-sentence techniques measured on a model that can copy (scripts/train_copy_model.py,
trained once per test session): the share of glossary terms whose target a sentence's
translation holds, through the real engine path, for

- no enforcement (the term stays Chinese in the input),
- placeholders (the default: the term becomes `Xb`, put back as its target afterwards),
- code-switching (the term becomes its target, which the model copies).

Terms: the 60 policy terms of tests/fixtures/policy-terms.tsv and the built-in names of state
organs, each inside a sentence of Chinese characters the model knows. Run with `-s` to see the
figures (docs/glossaries.md quotes them).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from tiny_models import REPO

from scripts.train_copy_model import han_characters, train_copy_model
from service.config import GLOSSARY_TECHNIQUES, Config
from service.translate.builtin_glossary import builtin_glossary
from service.translate.glossary import Glossary, read_glossary
from service.translate.segments import translate_texts
from service.translate.terms import Match, missing

STEPS = 400


@pytest.fixture(scope="session")
def copy_engine(tmp_path_factory: pytest.TempPathFactory, tiny_config: Config) -> Any:
    from service.translate.registry import load_engine_from_dir

    directory = train_copy_model(tmp_path_factory.mktemp("copy-model"), STEPS)
    return load_engine_from_dir(directory, tiny_config)


def glossary() -> Glossary:
    text = (REPO / "tests/fixtures/policy-terms.tsv").read_text(encoding="utf-8")
    return read_glossary(text, "tsv").over(builtin_glossary())


def sentences(terms: Glossary) -> list[str]:
    """One sentence per term: a few known characters, the term, a few more."""
    rng = random.Random(7)
    known = han_characters()[:200]

    def context() -> str:
        return "".join(rng.choice(known) for _ in range(rng.randint(2, 6)))

    return [f"{context()}{source}{context()}" for source, _ in terms.entries]


def rendered(results: list[str], expected: list[tuple[str, str]]) -> float:
    hits = sum(
        not missing((Match(0, 0, s, t),), out)
        for out, (s, t) in zip(results, expected, strict=True)
    )
    return hits / len(expected)


def test_enforcement_renders_most_terms_and_flags_the_rest(copy_engine: Any) -> None:
    terms = glossary()
    texts, expected = sentences(terms), list(terms.entries)
    plain = [r.translation for r in translate_texts(copy_engine, texts, "zh", "en")]
    shares = {"terms": len(expected), "none": rendered(plain, expected)}
    for technique in GLOSSARY_TECHNIQUES:
        enforced = translate_texts(copy_engine, texts, "zh", "en", glossary=terms.using(technique))
        shares[technique] = rendered([r.translation for r in enforced], expected)
        for result, (source, target) in zip(enforced, expected, strict=True):
            present = not missing((Match(0, 0, source, target),), result.translation)
            assert present or [m.source for m in result.missing] == [source]  # else: flagged
    print("share of terms rendered:", {k: round(v, 3) for k, v in shares.items()})
    assert shares["terms"] >= 100
    assert shares["none"] == 0.0  # the model never writes a target it was not given
    assert shares["placeholders"] >= 0.8 and shares["code-switching"] >= 0.5


def test_the_copy_model_is_served_by_the_real_engine(copy_engine: Any) -> None:
    [result] = translate_texts(copy_engine, ["推进 State Council 规划"], "zh", "en")
    assert "State Council" in result.translation


def test_training_is_deterministic(tmp_path: Path) -> None:
    first = train_copy_model(tmp_path / "a", steps=3)
    second = train_copy_model(tmp_path / "b", steps=3)
    assert (first / "model.safetensors").read_bytes() == (second / "model.safetensors").read_bytes()
