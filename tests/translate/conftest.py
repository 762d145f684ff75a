"""Tiny-model fixtures for the translation tests (tests/translate/).

`tiny_model_dir(family)` builds a random seq2seq model of a family (marian, t5, m2m100) once per
test session in a session temp dir (see tiny_models.py); `tiny_engine(family)` loads it once
(float32, one torch thread, so results never depend on other processes' load).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tiny_models import build_tiny_model

from service import parse
from service.config import Config
from service.document import Document


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """family → directory of a tiny model of that family, built on first request."""
    built: dict[str, Path] = {}

    def get(family: str) -> Path:
        if family not in built:
            built[family] = build_tiny_model(family, tmp_path_factory.mktemp(f"tiny-{family}"))
        return built[family]

    return get


@pytest.fixture(scope="session")
def tiny_config() -> Config:
    """Float32 on CPU, one torch thread, a small batch budget (several batches per call)."""
    return Config(torch_threads=1, dtype="float32", device="cpu", batch_tokens=512)


@pytest.fixture(scope="session")
def tiny_engine(tiny_model_dir: Callable[[str], Path], tiny_config: Config) -> Callable[[str], Any]:
    """family → the engine of the tiny model, loaded once per session."""
    from service.translate.registry import load_engine_from_dir

    loaded: dict[str, Any] = {}

    def get(family: str) -> Any:
        if family not in loaded:
            loaded[family] = load_engine_from_dir(tiny_model_dir(family), tiny_config)
        return loaded[family]

    return get


@pytest.fixture(scope="session")
def seed_document(seed_article: bytes) -> Document:
    """The parsed seed article."""
    return parse(seed_article)
