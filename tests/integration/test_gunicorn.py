"""End to end: real gunicorn, a real (tiny) model, real HTTP clients, a clean stop."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import pytest
import yaml
from libretranslatepy import LibreTranslateAPI

pytestmark = pytest.mark.integration

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "finews-001.md"
LABELS = ["1.", "2.", "3.", "4.", "5.", "6."]


def call(
    url: str,
    body: bytes | None = None,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> tuple[int, Any, bytes]:
    """(status, headers, body) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=body, headers=dict(headers or {}))
    if body is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


def seed_page() -> str:
    """The seed article as an HTML page (front matter title as <title>)."""
    _, front, body = SEED.read_text(encoding="utf-8").split("---", 2)
    paragraphs = body[body.index("<p>") : body.rindex("</p>") + 4]
    title = yaml.safe_load(front)["title"]
    return f"<html><head><title>{title}</title></head><body>{paragraphs}</body></html>"


def test_seed_article_as_html_and_as_json(server) -> None:
    for body, content_type in (
        (seed_page().encode(), "text/html; charset=utf-8"),
        (json.dumps({"content": SEED.read_text(encoding="utf-8")}).encode(), "application/json"),
    ):
        status, headers, raw = call(f"{server.url}/v1/translate", body, content_type)
        assert status == 200, raw[:500]
        translation = json.loads(raw)
        top = [s for s in translation["sections"] if s["level"] == 1]
        assert [s["label_en"] for s in top] == LABELS
        assert all(s["heading_en"] for s in top)
        assert translation["model"]["name"] == "tiny-marian"
        assert headers["X-Request-ID"]


def test_garbage_gets_the_json_error_shape(server) -> None:
    status, headers, raw = call(f"{server.url}/v1/digest", b"\x00{not json", "application/json")
    assert status == 400
    error = json.loads(raw)["error"]
    assert set(error) == {"code", "message", "details", "request_id"}
    assert error["request_id"] == headers["X-Request-ID"]
    status, _, raw = call(f"{server.url}/v1/outline", b"<x/>", "application/xml")
    assert status == 415 and json.loads(raw)["error"]["code"] == "unsupported_media_type"


def test_libretranslatepy_against_gunicorn(server) -> None:
    api = LibreTranslateAPI(server.url)
    assert api.translate("一、总体要求", "zh", "en").startswith("1.")
    assert api.translate("推进数字乡村建设。", "auto", "en")
    assert api.detect("数字乡村")[0]["language"] == "zh"
    assert api.languages() == [
        {"code": "zh", "name": "Chinese", "targets": ["en"]},
        {"code": "en", "name": "English", "targets": []},
    ]


def test_metrics_add_up_all_workers(server) -> None:
    for _ in range(4):  # two workers: requests land on either, /metrics must count them all
        assert call(f"{server.url}/healthz")[0] == 200
    status, headers, raw = call(f"{server.url}/metrics")
    text = raw.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    healthz = [
        line
        for line in text.splitlines()
        if line.startswith('pd_http_requests_total{method="GET",route="/healthz"')
    ]
    assert healthz and float(healthz[0].split()[-1]) >= 4
    assert 'pd_model_load_seconds{model="tiny-marian"}' in text
    assert "pd_translated_characters_total" in text


def test_container_healthcheck_probe(server, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.api import healthcheck

    monkeypatch.setenv("PD_PORT", server.url.rsplit(":", 1)[1])
    assert healthcheck.main() == 0


def test_stops_cleanly_with_json_logs(server) -> None:
    assert server.stop() == 0
    text = server.log.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]  # every line JSON
    assert any(entry["message"] == "Shutting down: Master" for entry in lines)
    access = [entry for entry in lines if entry.get("logger") == "service.access"]
    assert access and {"request_id", "route", "status", "duration_ms"} <= set(access[0])
    assert "数字乡村" not in text  # no article text in the logs
