"""Robustness fixtures: apps over fake models (see tests/api/conftest.py) with special engines.

`EchoEngine` returns its input unchanged, the worst a model can do with hostile text (every
payload reaches every rendered field). `SlowEngine` takes a fixed time per batch and counts its
batches, so tests can see where work stopped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service.api.app import create_app
from service.config import Config
from tests.api.conftest import FakeEngine, FakeRegistry, manifest

ZH_EN = "opus-mt-zh-en"
JA_EN = "opus-mt-ja-en"


class EchoEngine(FakeEngine):
    """Returns every text unchanged (a model that copies its input)."""

    def translate(self, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
        self.calls += 1
        return list(texts)


class SlowEngine(FakeEngine):
    """Sleeps `seconds` per batch; `finished` is set when a translate() call returns."""

    def __init__(self, name: str, seconds: float) -> None:
        super().__init__(name)
        self.seconds = seconds
        self.finished = threading.Event()

    def translate(self, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
        time.sleep(self.seconds)
        outputs = super().translate(texts, src, tgt, **options)  # counts the call
        self.finished.set()
        return outputs


def build_app(
    tmp_path: Path,
    engines: dict[str, FakeEngine] | None = None,
    pairs: dict[str, tuple[str, str]] | None = None,
    **overrides: Any,
) -> Flask:
    """An app serving fake models: `engines` by name, `pairs` their (source, target)."""
    pairs = pairs or {ZH_EN: ("zh", "en")}
    registry = FakeRegistry(tuple(pairs))
    registry.manifests = {name: manifest(name, *pair) for name, pair in pairs.items()}
    registry.engines.update(engines or {})
    overrides.setdefault("serve_models", tuple(pairs))
    overrides.setdefault("default_model", next(iter(pairs)))
    # Fake engines are instant: the cost prior of real models would refuse long articles.
    overrides.setdefault("estimated_chars_per_s", 1e9)
    overrides.setdefault("data_dir", tmp_path / "data")
    app = create_app(Config(models_dir=tmp_path, **overrides), registry=registry)  # type: ignore[arg-type]
    app.testing = True
    return app


AppBuilder = Callable[..., Flask]


@pytest.fixture
def make_robust_app(tmp_path: Path) -> AppBuilder:
    """`build_app` bound to a temporary models directory."""

    def build(**kwargs: Any) -> Flask:
        return build_app(tmp_path, **kwargs)

    return build
