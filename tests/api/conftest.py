"""API test fixtures: apps built with a model registry whose engines are deterministic fakes.

The fake engine keeps the views, limits and the real `translate_document` under test without
loading weights; the integration tests run a real (tiny) model behind real gunicorn.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import BaseWSGIServer, make_server

from service.api.app import create_app
from service.config import Config
from service.errors import ModelNotFound, ModelUnavailable
from service.translate.cache import TranslationCache
from service.translate.manifest import manifest_from_dict

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


class FakeEngine:
    """Translates each text to `EN<n>:` + its length, so outputs are distinct and checkable."""

    family = "marian"
    revision = "fake-rev"
    max_input_tokens = 512

    def __init__(self, name: str) -> None:
        self.name = name
        self.calls = 0

    def translate(self, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
        self.calls += 1
        return [f"{tgt.upper()} text of {len(t)} characters" for t in texts]

    def count_tokens(self, text: str) -> int:
        return len(text)


def manifest(name: str, source: str = "zh", target: str = "en") -> Any:
    """A valid manifest for a fake model."""
    return manifest_from_dict(
        {
            "name": name,
            "repo_id": f"fake/{name}",
            "revision": "fake-rev",
            "family": "marian",
            "source_langs": [source],
            "target_langs": [target],
            "lang_codes": {source: source, target: target},
            "prompt": "marian",
            "max_input_tokens": 512,
            "license": "none",
            "generation": {},
        }
    )


class FakeRegistry:
    """The ModelRegistry interface over fake engines; `broken` names fail to load."""

    def __init__(self, names: tuple[str, ...] = ("opus-mt-zh-en",), broken: tuple[str, ...] = ()):
        self.manifests = {name: manifest(name) for name in names}
        self.broken = broken
        self.engines: dict[str, FakeEngine] = {}
        self.cache: TranslationCache[Any] = TranslationCache(256)

    def get_manifest(self, name: str) -> Any:
        if name not in self.manifests:
            raise ModelNotFound(f"no installed model is named {name!r}")
        return self.manifests[name]

    def load(self, name: str) -> FakeEngine:
        self.get_manifest(name)
        if name in self.broken:
            raise ModelUnavailable(
                f"model {name!r} is not downloaded; run: policy-digest models download {name}"
            )
        return self.engines.setdefault(name, FakeEngine(name))

    def status(self) -> dict[str, str | None]:
        return {name: None if name in self.engines else "not loaded" for name in self.manifests}

    def language_pairs(self) -> list[tuple[str, str]]:
        return [
            (s, t) for m in self.manifests.values() for s in m.source_langs for t in m.target_langs
        ]


AppFactory = Callable[..., Flask]


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    """Build an app from Config overrides over fake models `names`, of which `broken` fail."""

    def build(
        names: tuple[str, ...] = ("opus-mt-zh-en",), broken: tuple[str, ...] = (), **overrides: Any
    ) -> Flask:
        # Fake engines are instant: the cost prior of real models would refuse long articles.
        overrides.setdefault("estimated_chars_per_s", 1e9)
        config = Config(models_dir=tmp_path, data_dir=tmp_path / "data", **overrides)
        app = create_app(config, registry=FakeRegistry(names, broken))
        app.testing = True
        return app

    return build


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def seed_html() -> str:
    """The seed article as an HTML page: its front matter title as <title>, its HTML body."""
    text = (FIXTURES / "finews-001.md").read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    title = yaml.safe_load(front)["title"]
    paragraphs = body[body.index("<p>") : body.rindex("</p>") + 4]
    return f"<html><head><title>{title}</title></head><body>{paragraphs}</body></html>"


@pytest.fixture
def serve() -> Iterator[Callable[[Flask], str]]:
    """Serve apps with Werkzeug on 127.0.0.1 in threads (for real HTTP clients); returns URLs."""
    running: list[tuple[BaseWSGIServer, threading.Thread]] = []

    def start(app: Flask) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        running.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server, thread in running:
        server.shutdown()
        thread.join(timeout=5)
