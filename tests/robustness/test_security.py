"""Nothing a request says reaches the filesystem or the hub; keys, CORS and debug are closed.

Model names are checked against a real ModelRegistry over a models directory that holds a
manifest (no weights: nothing is loaded) and, beside it, a model directory without manifest and
a file outside it, which no request may reach.
"""

from __future__ import annotations

import hmac
import logging
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service.api import http
from service.api.app import create_app
from service.api.jsonlog import JsonFormatter
from service.config import Config
from tests.integration.conftest import MANIFEST, MODEL
from tests.robustness.conftest import AppBuilder

ARTICLE = "一、总体要求\n推进数字乡村建设。"
HOSTILE_NAMES = [
    "../../etc/passwd",
    "..",
    "/etc/passwd",
    "facebook/nllb-200-distilled-600M",
    "Helsinki-NLP/opus-mt-zh-en",
    f"{MODEL}/../../secret",
    "C:\\Windows\\win.ini",
    "%2e%2e%2fsecret",
    "https://huggingface.co/facebook/m2m100_418M",
    f"{MODEL}\x00",
    "~root",
    "unlisted",  # a model directory with weights but no manifest
    "secret.txt",
]
KEYS = ("k1-7f3a9c2e5b", "k2-0d8e4f6a1c")


@pytest.fixture
def registry_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Flask, list[str]]:
    """An app over a real registry; returns it and the paths the code under test touched."""
    models = tmp_path / "models"
    models.mkdir()
    (models / f"{MODEL}.toml").write_text(MANIFEST, encoding="utf-8")
    (models / "unlisted").mkdir()
    (models / "unlisted" / "config.json").write_text("{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    app = create_app(Config(models_dir=models, default_model=MODEL))
    app.testing = True
    touched: list[str] = []
    for method in ("is_file", "is_dir", "exists", "open", "read_text", "read_bytes"):
        original = getattr(Path, method)

        def spy(self: Path, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            touched.append(str(self))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Path, method, spy)
    import huggingface_hub

    for name in ("snapshot_download", "hf_hub_download"):
        monkeypatch.setattr(huggingface_hub, name, _no_hub)
    return app, touched


def _no_hub(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("a request reached the model hub")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("where", ["json", "query"])
@pytest.mark.parametrize("route", ["/v1/translate", "/v1/digest"])
def test_model_names_are_manifest_names_only(
    registry_app: tuple[Flask, list[str]], name: str, where: str, route: str
) -> None:
    app, touched = registry_app
    client = app.test_client()
    if where == "json":
        response = client.post(route, json={"content": ARTICLE, "model": name})
    else:
        response = client.post(
            route, query_string={"model": name}, data=ARTICLE.encode(), content_type="text/plain"
        )
    assert response.status_code in (400, 404), response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] in ("invalid_input", "model_not_found")
    assert not any(("unlisted" in p or "secret" in p or "passwd" in p) for p in touched), touched


def test_the_registry_itself_refuses_paths(registry_app: tuple[Flask, list[str]]) -> None:
    app, touched = registry_app
    registry = app.extensions["policy_digest"].registry
    for name in HOSTILE_NAMES:
        with pytest.raises(Exception) as caught:
            registry.get_manifest(name)
        assert getattr(caught.value, "code", None) == "model_not_found"
    assert not touched


# API keys


@pytest.fixture
def keyed(make_robust_app: AppBuilder) -> Flask:
    return make_robust_app(api_keys=KEYS)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Bearer {KEYS[0][:-1]}"},  # a prefix of a key
        {"Authorization": f"Bearer {KEYS[0]}x"},  # a key plus one character
        {"Authorization": f"Basic {KEYS[0]}"},  # not the Bearer scheme
        {"X-API-Key": KEYS[0].upper()},
        {"X-API-Key": ""},
    ],
    ids=["missing", "wrong", "prefix", "longer", "basic-scheme", "case", "empty"],
)
def test_missing_or_wrong_key_is_401_with_the_error_shape(keyed: Flask, headers: dict) -> None:
    client = keyed.test_client()
    for route in ("/v1/outline", "/v1/translate", "/v1/digest"):
        response = client.post(
            route, data=ARTICLE.encode(), content_type="text/plain", headers=headers
        )
        assert response.status_code == 401
        error = response.get_json()["error"]
        assert error["code"] == "unauthorized"
        assert set(error) == {"code", "message", "details", "request_id"}
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    libre = client.post("/translate", data={"q": "推进。", "target": "en", "api_key": "nope"})
    assert (libre.status_code, libre.get_json()) == (403, {"error": "Invalid API key"})  # as LT


def test_every_way_of_giving_a_valid_key_works(keyed: Flask) -> None:
    client = keyed.test_client()
    for headers in ({"Authorization": f"Bearer {KEYS[1]}"}, {"X-API-Key": KEYS[0]}):
        response = client.post(
            "/v1/outline", data=ARTICLE.encode(), content_type="text/plain", headers=headers
        )
        assert response.status_code == 200
    body = {"q": "推进。", "source": "zh", "target": "en", "api_key": KEYS[1]}
    assert client.post("/translate", data=body).status_code == 200
    assert client.get("/healthz").status_code == 200  # operations stay open


@pytest.mark.parametrize("presented", [KEYS[0], KEYS[1], "wrong", ""])
def test_keys_are_compared_in_constant_time(
    monkeypatch: pytest.MonkeyPatch, presented: str
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    original = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return original(a, b)

    monkeypatch.setattr(http.hmac, "compare_digest", spy)
    try:
        http.authorize(KEYS, presented)
    except Exception as exc:
        assert getattr(exc, "code", None) == "unauthorized" and presented not in KEYS
    # every configured key, always, whether or not an earlier one matched
    assert [b for _, b in compared] == [k.encode() for k in KEYS]


class JsonLines(logging.Handler):
    """Collects records as the service writes them (JsonFormatter lines)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_keys_never_reach_logs_or_answers(keyed: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    collected = JsonLines()
    monkeypatch.setattr(logging.getLogger("service"), "handlers", [collected])
    client = keyed.test_client()
    answers = [
        client.post("/v1/outline", data=ARTICLE.encode(), content_type="text/plain",
                    headers={"Authorization": f"Bearer {KEYS[0]}"}),
        client.post("/v1/outline", data=ARTICLE.encode(), content_type="text/plain",
                    headers={"X-API-Key": KEYS[1] + "-wrong"}),
        client.post("/translate", data={"q": "推进。", "target": "en", "api_key": KEYS[1]}),
        client.post(f"/v1/outline?api_key={KEYS[0]}", data=b"x", content_type="text/plain"),
    ]  # fmt: skip

    def boom(*args: Any) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr("service.runtime.tasks.outline", boom)
    failed = client.post(
        "/v1/outline", data=ARTICLE.encode(), content_type="text/plain",
        headers={"Authorization": f"Bearer {KEYS[0]}"},
    )  # fmt: skip
    assert failed.status_code == 500
    logs = "\n".join(collected.lines)
    assert "service.access" in logs and "Traceback" in logs  # the log was captured
    for key in KEYS:
        assert key not in logs
        assert all(key not in a.get_data(as_text=True) for a in [*answers, failed])


# CORS and debug


ORIGIN = "https://evil.example"


def test_cors_is_closed_by_default(make_robust_app: AppBuilder) -> None:
    client = make_robust_app().test_client()
    simple = client.post(
        "/v1/outline", data=ARTICLE.encode(), content_type="text/plain", headers={"Origin": ORIGIN}
    )
    preflight = client.options(
        "/v1/translate",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    for response in (simple, preflight, client.get("/healthz", headers={"Origin": ORIGIN})):
        names = [name.lower() for name, _ in response.headers.items()]
        assert not any(name.startswith("access-control-") for name in names)


def test_cors_admits_only_configured_origins(make_robust_app: AppBuilder) -> None:
    client = make_robust_app(cors_origins=("https://news.example",)).test_client()
    allowed = client.get("/healthz", headers={"Origin": "https://news.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://news.example"
    refused = client.get("/healthz", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_debug_is_off_even_when_the_environment_asks(
    make_robust_app: AppBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = make_robust_app()
    assert app.debug is False and app.config["DEBUG"] is False

    def boom(*args: Any) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr("service.runtime.tasks.outline", boom)
    app.testing = False  # as served: errors are handled, not propagated
    response = app.test_client().post("/v1/outline", data=b"x", content_type="text/plain")
    assert response.status_code == 500 and response.mimetype == "application/json"
    assert "secret detail" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_served_modes_build_the_app_through_create_app_without_reload() -> None:
    from service.api import gunicorn_conf

    assert gunicorn_conf.wsgi_app == "service.api.app:create_app()"
    assert not getattr(gunicorn_conf, "reload", False)
    root = Path(__file__).resolve().parents[2]
    served = [root / "service" / "cli" / "serve.py", root / "Dockerfile", root / "gunicorn.conf.py"]
    for path in served:
        text = path.read_text(encoding="utf-8")
        assert ".run(" not in text.replace("subprocess.run(", "") and "--reload" not in text
