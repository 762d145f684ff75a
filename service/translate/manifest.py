"""Model manifests: one TOML file per model in models/, validated on load.

A manifest is data: hub repo id and pinned revision, family, languages and the model's language
codes, preferred input script, prompt template name, input limit, generation defaults, license
and the file patterns `models download` fetches. Every field is documented in models/README.md.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from service.errors import InvalidManifest

FAMILIES = ("marian", "t5", "mt5", "m2m100", "nllb", "mbart")
# Families whose tokenizer takes a source language code and whose decoder is forced to start
# with the target language token.
MULTILINGUAL_FAMILIES = ("m2m100", "nllb", "mbart")
INPUT_SCRIPTS = ("norm", "original")
ENGINES = ("transformers", "ctranslate2")

# Generation settings a manifest may set, their types and defaults. Requests may override the
# keys in REQUEST_OPTIONS only.
GENERATION_DEFAULTS: dict[str, int | float] = {
    "num_beams": 4,
    "max_length_ratio": 2.5,  # output cap: ratio × input tokens + max_new_tokens_floor
    "max_new_tokens_floor": 16,
    "min_new_tokens": 0,
    "no_repeat_ngram_size": 0,
    "repetition_penalty": 1.0,
    "length_penalty": 1.0,
    "retry_no_repeat_ngram_size": 3,  # the repetition guard's stricter second attempt
    "retry_repetition_penalty": 1.3,
}
REQUEST_OPTIONS = (
    "num_beams",
    "max_length_ratio",
    "min_new_tokens",
    "no_repeat_ngram_size",
    "repetition_penalty",
    "length_penalty",
)
DEFAULT_FILES = (
    "config.json",
    "generation_config.json",
    "*.safetensors",
    "*.spm",
    "*.model",
    "vocab.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)


@dataclass(frozen=True)
class Manifest:
    """One model: where it comes from, what it translates and how to drive it."""

    name: str
    repo_id: str
    revision: str
    family: str
    source_langs: tuple[str, ...]
    target_langs: tuple[str, ...]
    lang_codes: dict[str, str]
    input_script: str
    prompt: str
    max_input_tokens: int
    generation: dict[str, int | float]
    license: str
    engine: str = "transformers"
    files: tuple[str, ...] = DEFAULT_FILES
    description: str = ""
    source: Path | None = field(default=None, compare=False)

    @property
    def multilingual(self) -> bool:
        """Whether language codes / a forced BOS token steer the model."""
        return self.family in MULTILINGUAL_FAMILIES

    def supports(self, src: str, tgt: str) -> bool:
        """Whether this model translates `src` into `tgt`."""
        return src in self.source_langs and tgt in self.target_langs and src != tgt


def load_manifest(path: Path, *, name_from_file: bool = True) -> Manifest:
    """Read and validate one manifest file (in models/ its name must equal the file name).

    Raises:
        InvalidManifest: the file is not TOML or a field is missing or of the wrong type/value;
            the message names the file and the field.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidManifest(f"{path}: cannot read manifest: {exc}", {"file": str(path)}) from exc
    return manifest_from_dict(data, path, name_from_file=name_from_file)


def manifest_from_dict(
    data: dict[str, Any], path: Path | None = None, *, name_from_file: bool = False
) -> Manifest:
    """Validate a parsed manifest (see `load_manifest`)."""
    check = _Checker(data, path)
    family = check.choice("family", FAMILIES)
    source_langs = check.str_list("source_langs")
    target_langs = check.str_list("target_langs")
    lang_codes = check.str_map("lang_codes")
    if family in MULTILINGUAL_FAMILIES:
        missing = [lang for lang in (*source_langs, *target_langs) if lang not in lang_codes]
        if missing:
            check.fail("lang_codes", f"needs a code for {', '.join(missing)}")
    manifest = Manifest(
        name=check.string("name"),
        repo_id=check.string("repo_id"),
        revision=check.string("revision"),
        family=family,
        source_langs=source_langs,
        target_langs=target_langs,
        lang_codes=lang_codes,
        input_script=check.choice("input_script", INPUT_SCRIPTS, default="norm"),
        prompt=check.string("prompt"),
        max_input_tokens=check.positive_int("max_input_tokens"),
        generation=check.generation(),
        license=check.string("license"),
        engine=check.choice("engine", ENGINES, default="transformers"),
        files=check.str_list("files", default=DEFAULT_FILES),
        description=str(data.get("description", "")),
        source=path,
    )
    if name_from_file and path is not None and path.stem != manifest.name:
        check.fail("name", f"must equal the file name {path.stem!r}")
    return manifest


def load_manifests(models_dir: Path) -> dict[str, Manifest]:
    """All manifests (`*.toml`) in `models_dir` by name; an absent directory gives none."""
    if not models_dir.is_dir():
        return {}
    manifests = [load_manifest(path) for path in sorted(models_dir.glob("*.toml"))]
    return {m.name: m for m in manifests}


def check_generation_options(options: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Validate generation overrides: known keys only, numbers of the default's type, in range.

    Raises:
        ValueError: naming the offending key.
    """
    checked: dict[str, Any] = {}
    for key, value in options.items():
        if key not in allowed:
            raise ValueError(f"unknown generation option {key!r}; allowed: {', '.join(allowed)}")
        default = GENERATION_DEFAULTS[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"generation option {key!r} must be a number")
        if isinstance(default, int) and not isinstance(value, int):
            # JSON Schema (and so the API contract) counts 2.0 as an integer.
            if not (math.isfinite(value) and value.is_integer()):
                raise ValueError(f"generation option {key!r} must be an integer")
            value = int(value)
        minimum = 1 if key == "num_beams" else 0
        if value < minimum or (key.endswith(("ratio", "penalty")) and value <= 0):
            raise ValueError(f"generation option {key!r} is out of range: {value}")
        checked[key] = value
    return checked


class _Checker:
    """Field accessors that raise InvalidManifest naming the file and the field."""

    def __init__(self, data: dict[str, Any], path: Path | None) -> None:
        self.data = data
        self.where = str(path) if path else "manifest"

    def fail(self, key: str, problem: str) -> NoReturn:
        raise InvalidManifest(
            f"{self.where}: field {key!r} {problem}", {"file": self.where, "field": key}
        )

    def _get(self, key: str, default: Any = None) -> Any:
        if key not in self.data:
            if default is not None:
                return default
            self.fail(key, "is missing")
        return self.data[key]

    def string(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be a non-empty string")
        return str(value)

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self._get(key, default)
        if value not in choices:
            self.fail(key, f"must be one of {', '.join(choices)} (got {value!r})")
        return str(value)

    def positive_int(self, key: str) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.fail(key, "must be a positive integer")
        return int(value)

    def str_list(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = self._get(key, default)
        if isinstance(value, tuple):
            return value
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.fail(key, "must be a non-empty list of strings")
        return tuple(value)

    def str_map(self, key: str) -> dict[str, str]:
        value = self._get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            self.fail(key, "must be a table of strings")
        return dict(value)

    def generation(self) -> dict[str, int | float]:
        value = self._get("generation", {})
        if not isinstance(value, dict):
            self.fail("generation", "must be a table")
        try:
            overrides = check_generation_options(value, tuple(GENERATION_DEFAULTS))
        except ValueError as exc:
            self.fail("generation", str(exc))
        return {**GENERATION_DEFAULTS, **overrides}
