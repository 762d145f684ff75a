"""Operations routes, request ids, access logs, API keys and CORS."""

from __future__ import annotations

import json
import logging
import re

import pytest
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from service.api.openapi import OPTIONS
from service.runtime.tasks import NOT_FOR_ENGINE
from service.translate.manifest import REQUEST_OPTIONS


def test_healthz_and_readyz(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {
        "status": "ready",
        "models": {"opus-mt-zh-en": None},
        "queue": "sqlite",
    }


def test_readyz_names_the_fix_when_the_model_is_missing(make_app) -> None:
    client = make_app(broken=("opus-mt-zh-en",)).test_client()
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503 and "Retry-After" in response.headers
    error = response.get_json()["error"]
    assert error["code"] == "not_ready"
    assert "policy-digest models download opus-mt-zh-en" in error["message"]
    assert client.get("/languages").get_json() == []


def test_outline_only_is_ready_and_says_why_it_does_not_translate(make_app) -> None:
    """PD_SERVE_MODELS=none (the image built with MODELS=""): ready at once, outlines only."""
    client = make_app(serve_models=("none",)).test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["status"] == "ready" and ready.get_json()["models"] == {}
    outline = client.post("/v1/outline", json={"content": "一、总则\n加快建设。"})
    assert outline.status_code == 200
    translate = client.post("/v1/translate", json={"content": "一、总则\n加快建设。"})
    assert translate.status_code == 503
    assert "PD_SERVE_MODELS=none" in translate.get_json()["error"]["message"]
    assert client.get("/languages").get_json() == []


def test_not_ready_until_every_served_model_is_loaded(make_app) -> None:
    """Readiness is every model the service was configured with; liveness is the process."""
    client = make_app(names=("a", "b"), broken=("b",), serve_models=("a", "b")).test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    error = ready.get_json()["error"]
    assert error["message"].startswith("1 of 2 served models not loaded")
    assert error["details"]["models"]["a"] is None and error["details"]["models"]["b"]
    body = {"content": "一、总体要求\n推进数字乡村建设。", "format": "text", "model": "a"}
    assert client.post("/v1/translate", json=body).status_code == 200  # the loaded one serves


def test_the_healthcheck_probe_takes_liveness_or_readiness(make_app, serve, monkeypatch) -> None:
    from service.api import healthcheck

    url = serve(make_app(broken=("opus-mt-zh-en",)))
    monkeypatch.setenv("PD_PORT", url.rstrip("/").rsplit(":", 1)[1])
    assert healthcheck.main(["/healthz"]) == 0
    assert healthcheck.main(["/readyz"]) == 1 and healthcheck.main([]) == 1
    assert healthcheck.main(["/metrics"]) == 2


def test_metrics_count_requests_characters_cache_and_load(client: FlaskClient) -> None:
    body = {"content": "一、总体要求\n推进数字乡村建设。", "format": "text"}
    for _ in range(2):  # the second run is served from the translation cache
        assert client.post("/v1/translate", json=body).status_code == 200
    client.post("/v1/translate", data=b"{", content_type="application/json")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'pd_http_requests_total{method="POST",route="/v1/translate",status="200"} 2.0' in text
    assert 'pd_http_requests_total{method="POST",route="/v1/translate",status="400"} 1.0' in text
    assert 'pd_http_request_duration_seconds_count{route="/v1/translate"} 3.0' in text
    assert 'pd_translated_characters_total{model="opus-mt-zh-en"} ' in text
    hits = next(line for line in text.splitlines() if line.startswith("pd_translation_cache_hits"))
    assert float(hits.split()[-1]) > 0
    assert 'pd_model_load_seconds{model="opus-mt-zh-en"}' in text


def test_openapi_document_is_valid_and_complete(app, client: FlaskClient) -> None:
    spec = client.get("/openapi.json").get_json()
    validate(spec)
    assert spec["openapi"] == "3.1.0"
    rules = (r.rule for r in app.url_map.iter_rules() if r.endpoint.rpartition(".")[2] != "static")
    served = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule) for rule in rules}  # Flask -> OpenAPI
    assert served == set(spec["paths"])


def test_translation_options_match_the_engine(client: FlaskClient) -> None:
    not_for_engine = {"max_points", "ratio", "scope"}  # the outline's options, digest scope
    assert set(NOT_FOR_ENGINE) == not_for_engine
    assert set(OPTIONS["properties"]) - not_for_engine == set(REQUEST_OPTIONS)


def test_docs_page_lists_every_route(client: FlaskClient) -> None:
    page = client.get("/docs").get_data(as_text=True)
    for path in client.get("/openapi.json").get_json()["paths"]:
        assert f" {path}</code>" in page


def test_request_id_is_echoed_or_generated(client: FlaskClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc-1"}).headers["X-Request-ID"] == (
        "abc-1"
    )
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id;x"}).headers["X-Request-ID"]
    assert len(generated) == 32 and generated != client.get("/healthz").headers["X-Request-ID"]


def test_access_log_is_json_without_article_text(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    logger = logging.getLogger("service")
    logger.addHandler(caplog.handler)
    try:
        client.post("/v1/translate", json={"content": "机密内容。"}, headers={"X-Request-ID": "r1"})
    finally:
        logger.removeHandler(caplog.handler)
    from service.api.jsonlog import JsonFormatter

    lines = [JsonFormatter().format(r) for r in caplog.records if r.name == "service.access"]
    entry = json.loads(lines[-1])
    assert {k: entry[k] for k in ("request_id", "route", "status", "characters")} == {
        "request_id": "r1",
        "route": "/v1/translate",
        "status": 200,
        "characters": 5,
    }
    assert "duration_ms" in entry and "cache_hits" in entry
    assert not any("机密" in line for line in lines)


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": "Bearer s3cret"}, {"X-API-Key": "s3cret"}, {"X-API-Key": "other"}],
)
def test_api_keys(make_app, headers: dict[str, str]) -> None:
    client = make_app(api_keys=("other", "s3cret")).test_client()
    assert (
        client.post("/v1/outline", json={"content": "一、总则"}, headers=headers).status_code == 200
    )


def test_missing_or_wrong_key_is_401_but_ops_stay_open(make_app) -> None:
    client = make_app(api_keys=("s3cret",)).test_client()
    for headers in ({}, {"X-API-Key": "s3cre"}, {"Authorization": "Bearer s3cret0"}):
        response = client.post("/v1/outline", json={"content": "一、总则"}, headers=headers)
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
    lt = client.post("/translate", data={"q": "你好", "target": "en", "api_key": "nope"})
    assert (lt.status_code, lt.get_json()) == (403, {"error": "Invalid API key"})  # as LT
    assert client.post("/detect", data={"q": "你好", "api_key": "s3cret"}).status_code == 200
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/languages"):
        assert client.get(path).status_code == 200


def test_cors_closed_by_default(client: FlaskClient) -> None:
    response = client.get("/healthz", headers={"Origin": "https://news.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_allows_configured_origins_only(make_app) -> None:
    client = make_app(cors_origins=("https://news.example",), api_keys=("k",)).test_client()
    preflight = client.options(
        "/v1/outline",
        headers={
            "Origin": "https://news.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type, X-API-Key",
        },
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://news.example"
    assert "x-api-key" in preflight.headers["Access-Control-Allow-Headers"].lower()
    other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
