"""Model registry: installed manifests by name, engines loaded once per process, a shared cache.

Names are manifest names only (never paths or hub ids). Weights are read from
`<models_dir>/<name>/` with `local_files_only=True`; a missing or broken model raises
`ModelUnavailable` naming the fix (`policy-digest models download NAME`), never downloads.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from service.config import Config
from service.errors import InvalidManifest, ModelNotFound, ModelUnavailable
from service.translate.cache import TranslationCache
from service.translate.convert import CT2_SUBDIR
from service.translate.manifest import (
    ENGINES,
    FAMILIES,
    GENERATION_DEFAULTS,
    Manifest,
    load_manifest,
    load_manifests,
)
from service.translate.prompts import PromptTemplate, load_prompt
from service.translate.segments import PieceResult

if TYPE_CHECKING:
    from service.translate.engine import Engine

# A directory without manifest.toml: the family comes from config.json's model_type and the
# tokenizer class; these are the language codes each family's tokenizer expects.
MODEL_TYPES = {"marian": "marian", "t5": "t5", "mt5": "mt5", "m2m_100": "m2m100", "mbart": "mbart"}
FAMILY_LANG_CODES = {
    "m2m100": {"zh": "zh", "en": "en"},
    "nllb": {"zh": "zho_Hans", "en": "eng_Latn"},
    "mbart": {"zh": "zh_CN", "en": "en_XX"},
}
DIR_MANIFEST = "manifest.toml"


class ModelRegistry:
    """The installed models of one process (see module docstring)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.manifests: dict[str, Manifest] = load_manifests(config.models_dir)
        self.cache: TranslationCache[PieceResult] = TranslationCache(config.cache_size)
        self._engines: dict[str, Engine] = {}
        self._errors: dict[str, str] = {}
        self._lock = threading.Lock()

    def get_manifest(self, name: str) -> Manifest:
        """The manifest called `name`.

        Raises:
            ModelNotFound: `name` is not an installed manifest.
        """
        manifest = self.manifests.get(name)
        if manifest is None:
            known = ", ".join(sorted(self.manifests)) or "none"
            raise ModelNotFound(
                f"unknown model {name!r}; installed manifests: {known}", {"model": name}
            )
        return manifest

    def model_dir(self, name: str) -> Path:
        """Where the weights of `name` live (models_dir/NAME)."""
        return self.config.models_dir / self.get_manifest(name).name

    def load(self, name: str) -> Engine:
        """The engine of `name`, loaded on first use and kept for the process.

        Raises:
            ModelNotFound: unknown name.
            ModelUnavailable: weights missing or unreadable; the message names the fix.
        """
        manifest = self.get_manifest(name)
        with self._lock:
            if name not in self._engines:
                try:
                    self._engines[name] = load_engine(manifest, self.model_dir(name), self.config)
                except ModelUnavailable as exc:
                    self._errors[name] = exc.message
                    raise
                self._errors.pop(name, None)
            return self._engines[name]

    def status(self) -> dict[str, str | None]:
        """Model name → None when loaded, else why not (not loaded yet, not installed, error)."""
        report: dict[str, str | None] = {}
        for name in sorted(self.manifests):
            if name in self._engines:
                report[name] = None
            elif name in self._errors:
                report[name] = self._errors[name]
            elif not (self.model_dir(name) / "config.json").is_file():
                report[name] = f"not installed: run `policy-digest models download {name}`"
            elif self._unconverted(name):
                report[name] = (
                    f"not converted: run `policy-digest models convert {name} --quantization int8`"
                )
            else:
                report[name] = "installed, not loaded"
        return report

    def _unconverted(self, name: str) -> bool:
        """Whether `name` runs on CTranslate2 here and has no conversion yet."""
        backend = self.config.engine or self.manifests[name].engine
        return (
            backend == "ctranslate2"
            and not (self.model_dir(name) / CT2_SUBDIR / "model.bin").is_file()
        )

    def language_pairs(self) -> list[tuple[str, str]]:
        """Every (source, target) pair some manifest supports, sorted."""
        pairs = {
            (s, t)
            for m in self.manifests.values()
            for s in m.source_langs
            for t in m.target_langs
            if s != t
        }
        return sorted(pairs)


def load_engine(manifest: Manifest, model_dir: Path, config: Config) -> Engine:
    """Load the engine a manifest describes from `model_dir` (local files only).

    Raises:
        ModelUnavailable: the directory lacks the model or the files cannot be loaded.
    """
    fix = f"run `policy-digest models download {manifest.name}`"
    if not (model_dir / "config.json").is_file():
        raise ModelUnavailable(
            f"model {manifest.name} is not installed in {model_dir}; {fix}",
            {"model": manifest.name, "path": str(model_dir)},
        )
    prompt = load_prompt(config.prompts_dir, manifest.prompt)
    backend = engine_name(manifest, config)
    if backend == "ctranslate2":
        return _load_ct2(manifest, model_dir, prompt, config)
    try:
        from service.translate.hf_engine import TransformersEngine
    except ImportError as exc:  # the slim image has no torch
        raise ModelUnavailable(
            f"engine transformers cannot be imported ({exc}); use PD_ENGINE=ctranslate2"
            " (the slim image has no torch) or install torch==2.13.0",
            {"model": manifest.name, "path": str(model_dir)},
        ) from exc
    try:
        return TransformersEngine(manifest, model_dir, prompt, config)
    except Exception as exc:  # transformers fails in many ways on broken files; all mean this
        raise ModelUnavailable(
            f"model {manifest.name} in {model_dir} cannot be loaded ({exc}); {fix} again",
            {"model": manifest.name, "path": str(model_dir)},
        ) from exc


def engine_name(manifest: Manifest, config: Config) -> str:
    """The backend for a model: `PD_ENGINE` when set, else the manifest's `engine`.

    Raises:
        InvalidManifest: `PD_ENGINE` names no known engine.
    """
    backend = config.engine or manifest.engine
    if backend not in ENGINES:
        raise InvalidManifest(
            f"PD_ENGINE={backend!r} is not an engine; choose one of {', '.join(ENGINES)}",
            {"engine": backend},
        )
    return backend


def _load_ct2(
    manifest: Manifest, model_dir: Path, prompt: PromptTemplate, config: Config
) -> Engine:
    """The CTranslate2 engine of `model_dir/ctranslate2` (made by `models convert`)."""
    details = {"model": manifest.name, "path": str(model_dir)}
    try:
        from service.translate.ct2_engine import CTranslate2Engine
    except ImportError as exc:
        raise ModelUnavailable(
            f"engine ctranslate2 is not installed ({exc}); pip install 'policy-digest[ct2]'",
            details,
        ) from exc
    convert = f"run `policy-digest models convert {manifest.name} --quantization int8`"
    if not (model_dir / CT2_SUBDIR / "model.bin").is_file():
        raise ModelUnavailable(
            f"model {manifest.name} has no CTranslate2 conversion in {model_dir / CT2_SUBDIR};"
            f" {convert}",
            details,
        )
    try:
        return CTranslate2Engine(manifest, model_dir, prompt, config)
    except Exception as exc:  # bad files, unsupported compute type, ...: all mean this
        raise ModelUnavailable(
            f"model {manifest.name} in {model_dir / CT2_SUBDIR} cannot be loaded ({exc});"
            f" {convert} again",
            details,
        ) from exc


def load_engine_from_dir(path: Path, config: Config) -> Engine:
    """Load a model directory given on the command line (`--model-dir`).

    Uses `DIR/manifest.toml` when present; otherwise infers the family from `config.json` and
    uses the family's prompt template, language codes and the manifest generation defaults.

    Raises:
        ModelUnavailable: no model in the directory, or it cannot be loaded.
        InvalidManifest: a malformed `manifest.toml`.
    """
    manifest_file = path / DIR_MANIFEST
    if manifest_file.is_file():
        manifest = load_manifest(manifest_file, name_from_file=False)
    else:
        manifest = _infer_manifest(path)
    return load_engine(manifest, path, config)


def _infer_manifest(path: Path) -> Manifest:
    config_file = path / "config.json"
    try:
        model_type = json.loads(config_file.read_text(encoding="utf-8")).get("model_type")
        tokenizer_config = path / "tokenizer_config.json"
        tokenizer_class = (
            json.loads(tokenizer_config.read_text(encoding="utf-8")).get("tokenizer_class", "")
            if tokenizer_config.is_file()
            else ""
        )
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(
            f"{path} holds no readable model (config.json: {exc})", {"path": str(path)}
        ) from exc
    family = MODEL_TYPES.get(str(model_type))
    if family == "m2m100" and "Nllb" in str(tokenizer_class):
        family = "nllb"
    if family not in FAMILIES:
        raise InvalidManifest(
            f"{config_file}: model_type {model_type!r} is not a supported family;"
            f" add {path / DIR_MANIFEST}",
            {"file": str(config_file)},
        )
    return Manifest(
        name=path.name,
        repo_id=str(path),
        revision="local",
        family=family,
        source_langs=("zh",),
        target_langs=("en",),
        lang_codes=FAMILY_LANG_CODES.get(family, {"zh": "zh", "en": "en"}),
        input_script="norm",
        prompt=family,
        max_input_tokens=512,
        generation=dict(GENERATION_DEFAULTS),
        license="unknown",
        source=None,
    )
