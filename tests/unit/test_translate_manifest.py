"""Manifests are validated data; the registry resolves names only and never downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.config import REPO_ROOT, Config
from service.errors import InvalidManifest, ModelNotFound, ModelUnavailable
from service.translate.manifest import (
    GENERATION_DEFAULTS,
    REQUEST_OPTIONS,
    check_generation_options,
    load_manifest,
    load_manifests,
)
from service.translate.prompts import load_prompt
from service.translate.registry import ModelRegistry

MODELS = REPO_ROOT / "models"
PROMPTS = REPO_ROOT / "prompts"

GOOD = """
name = "demo"
repo_id = "org/demo"
revision = "0123456789abcdef0123456789abcdef01234567"
family = "nllb"
source_langs = ["zh"]
target_langs = ["en"]
prompt = "nllb"
max_input_tokens = 256
license = "MIT"
[lang_codes]
zh = "zho_Hans"
en = "eng_Latn"
[generation]
num_beams = 2
"""


def write(tmp_path: Path, text: str, name: str = "demo") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_manifests_are_valid() -> None:
    manifests = load_manifests(MODELS)
    assert {"opus-mt-zh-en", "nllb-200-distilled-600M", "m2m100_418M"} <= set(manifests)
    opus = manifests["opus-mt-zh-en"]
    assert (opus.repo_id, opus.family, opus.input_script) == (
        "Helsinki-NLP/opus-mt-zh-en",
        "marian",
        "norm",
    )
    assert manifests["nllb-200-distilled-600M"].lang_codes["zh"] == "zho_Hans"
    for manifest in manifests.values():
        assert manifest.supports("zh", "en")
        assert load_prompt(PROMPTS, manifest.prompt).render("文本", "zh", "en").endswith("文本")


def test_good_manifest_gets_generation_defaults(tmp_path: Path) -> None:
    manifest = load_manifest(write(tmp_path, GOOD))
    assert manifest.generation == {**GENERATION_DEFAULTS, "num_beams": 2}
    assert manifest.multilingual and manifest.engine == "transformers"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('family = "nllb"', 'family = "gpt"', "family"),
        ("max_input_tokens = 256", "max_input_tokens = -1", "max_input_tokens"),
        ('repo_id = "org/demo"\n', "", "repo_id"),
        ('zh = "zho_Hans"\n', "", "lang_codes"),
        ("num_beams = 2", "num_beams = 0", "generation"),
        ("num_beams = 2", "temperature = 0.5", "generation"),
        ('name = "demo"', 'name = "other"', "name"),
        ('source_langs = ["zh"]', "source_langs = []", "source_langs"),
    ],
)
def test_bad_manifest_names_file_and_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(InvalidManifest) as info:
        load_manifest(path)
    assert str(path) in info.value.message and repr(field) in info.value.message
    assert info.value.details == {"file": str(path), "field": field}


def test_unreadable_toml_is_invalid_manifest(tmp_path: Path) -> None:
    with pytest.raises(InvalidManifest, match="cannot read manifest"):
        load_manifest(write(tmp_path, "name = "))


def test_prompt_templates_are_validated(tmp_path: Path) -> None:
    assert load_prompt(PROMPTS, "t5").render("文本", "zh", "en") == (
        "translate Chinese to English: 文本"
    )
    (tmp_path / "bad.txt").write_text("translate {language}: {text}\n", encoding="utf-8")
    with pytest.raises(InvalidManifest, match="language"):
        load_prompt(tmp_path, "bad")
    with pytest.raises(InvalidManifest, match="not found"):
        load_prompt(tmp_path, "missing")


def test_registry_resolves_manifest_names_only(tmp_path: Path) -> None:
    registry = ModelRegistry(Config(models_dir=MODELS))
    with pytest.raises(ModelNotFound):
        registry.get_manifest("Helsinki-NLP/opus-mt-zh-en")
    with pytest.raises(ModelNotFound):
        registry.load("../models/opus-mt-zh-en")
    assert ("zh", "en") in registry.language_pairs() and ("en", "zh") in registry.language_pairs()
    assert registry.cache.hits == 0 and registry.cache.misses == 0


def test_missing_weights_name_the_fix(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    registry = ModelRegistry(Config(models_dir=tmp_path))
    assert registry.status() == {"demo": "not installed: run `policy-digest models download demo`"}
    with pytest.raises(ModelUnavailable, match="policy-digest models download demo"):
        registry.load("demo")
    assert "policy-digest models download demo" in (registry.status()["demo"] or "")


def test_broken_weights_are_unavailable_not_a_crash(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "config.json").write_text('{"model_type": "m2m_100"}', encoding="utf-8")
    registry = ModelRegistry(Config(models_dir=tmp_path, prompts_dir=PROMPTS))
    with pytest.raises(ModelUnavailable, match="cannot be loaded"):
        registry.load("demo")


def test_integral_floats_count_as_integers_like_json_schema() -> None:
    assert check_generation_options({"num_beams": 2.0}, REQUEST_OPTIONS) == {"num_beams": 2}
    with pytest.raises(ValueError, match="must be an integer"):
        check_generation_options({"num_beams": 2.5}, REQUEST_OPTIONS)
