"""`/v1/translate`: structure kept, Markdown output, model choice, limits and deadlines."""

from __future__ import annotations

import math

import pytest
from flask.testing import FlaskClient

from service.api.openapi import validator

HEADING_LABELS = ["1.", "2.", "3.", "4.", "5.", "6."]


def test_translate_json_body_keeps_six_sections(client: FlaskClient, seed_html: str) -> None:
    response = client.post("/v1/translate", json={"content": seed_html, "format": "html"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    validator("Translation").validate(body)
    assert [s["label_en"] for s in body["sections"]] == HEADING_LABELS
    sentences = [t for s in body["sections"] for p in s["paragraphs"] for t in p["sentences"]]
    assert sentences and all("EN text of" in t["translation"] for t in sentences)
    assert body["model"] == {"name": "opus-mt-zh-en", "revision": "fake-rev", "family": "marian"}


def test_translate_raw_html_with_markdown_output(client: FlaskClient, seed_html: str) -> None:
    response = client.post(
        "/v1/translate?output=markdown", data=seed_html.encode(), content_type="text/html"
    )
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    headings = [line for line in response.get_data(as_text=True).splitlines() if line[:3] == "## "]
    assert [h.split()[1] for h in headings] == HEADING_LABELS


def test_query_options_reach_the_engine(client: FlaskClient, seed_html: str) -> None:
    ok = client.post(
        "/v1/translate?num_beams=2&model=opus-mt-zh-en", data=seed_html, content_type="text/html"
    )
    assert ok.status_code == 200


def test_model_must_be_an_installed_served_manifest(make_app, seed_html: str) -> None:
    client = make_app(names=("opus-mt-zh-en", "nllb-200-distilled-600M")).test_client()
    unknown = client.post("/v1/translate", json={"content": seed_html, "model": "gpt-9"})
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "model_not_found"
    unserved = client.post(
        "/v1/translate", json={"content": seed_html, "model": "nllb-200-distilled-600M"}
    )
    assert unserved.status_code == 404
    assert "PD_SERVE_MODELS" in unserved.get_json()["error"]["message"]


def test_unsupported_language_pair_is_422(client: FlaskClient, seed_html: str) -> None:
    response = client.post("/v1/translate", json={"content": seed_html, "target_lang": "fr"})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "unsupported_language" and error["details"]["pairs"] == [["zh", "en"]]


def test_auto_source_and_language_aliases(client: FlaskClient, seed_html: str) -> None:
    for source in ("auto", "zh-Hans", "zh-Hant", "zt"):
        body = {"content": seed_html, "source_lang": source, "target_lang": "en-US"}
        assert client.post("/v1/translate", json=body).status_code == 200, source


def test_all_slots_busy_is_503_with_retry_after(make_app, seed_html: str) -> None:
    app = make_app(max_inflight=1, retry_after_s=7)
    state = app.extensions["policy_digest"]
    assert state.slots.acquire(blocking=False)  # another request holds the only slot
    try:
        response = app.test_client().post("/v1/translate", json={"content": seed_html})
    finally:
        state.slots.release()
    assert response.status_code == 503 and response.headers["Retry-After"] == "7"
    assert response.get_json()["error"]["code"] == "overloaded"
    assert app.test_client().post("/v1/translate", json={"content": seed_html}).status_code == 200


def test_deadline_is_504(make_app, seed_html: str) -> None:
    # an infinite speed estimate lets the request start, so the deadline is what stops it
    client = make_app(request_deadline_s=0.0, estimated_chars_per_s=math.inf).test_client()
    response = client.post("/v1/translate", json={"content": seed_html})
    assert response.status_code == 504
    assert response.get_json()["error"]["code"] == "deadline_exceeded"


@pytest.mark.parametrize("route", ["/v1/translate", "/v1/digest"])
def test_translation_routes_answer_503_naming_the_fix_without_model(
    make_app, route: str, seed_html: str
) -> None:
    client = make_app(broken=("opus-mt-zh-en",), retry_after_s=30).test_client()
    response = client.post(route, json={"content": seed_html})
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    error = response.get_json()["error"]
    assert error["code"] == "not_ready"
    assert "policy-digest models download opus-mt-zh-en" in error["message"]


def test_libretranslate_without_model_is_its_500_naming_the_fix(make_app) -> None:
    client = make_app(broken=("opus-mt-zh-en",)).test_client()
    response = client.post("/translate", json={"q": "你好", "source": "zh", "target": "en"})
    assert response.status_code == 500
    assert "policy-digest models download opus-mt-zh-en" in response.get_json()["error"]


def test_digest_points_carry_translations(client: FlaskClient, seed_html: str) -> None:
    response = client.post("/v1/digest", json={"content": seed_html})
    assert response.status_code == 200
    body = response.get_json()
    validator("Digest").validate(body)
    assert [n["label_en"] for n in body["outline"]] == HEADING_LABELS
    points = [p for n in body["outline"] for p in n["points"]]
    assert points and all("EN text of" in p["translation"] for p in points)
    assert [s["label_en"] for s in body["translation"]["sections"]] == HEADING_LABELS


def test_digest_markdown(client: FlaskClient, seed_html: str) -> None:
    response = client.post(
        "/v1/digest", data=seed_html, content_type="text/html", headers={"Accept": "text/markdown"}
    )
    assert response.mimetype == "text/markdown"
    assert response.get_data(as_text=True).count("\n## ") == 6


def test_several_served_models_default_first(make_app) -> None:
    client = make_app(names=("a", "b"), serve_models=("a", "b"), default_model="b").test_client()
    body = {"content": "一、总体要求\n推进数字乡村建设。", "format": "text"}
    assert client.post("/v1/translate", json=body).get_json()["model"]["name"] == "b"
    chosen = client.post("/v1/translate", json={**body, "model": "a"}).get_json()
    assert chosen["model"]["name"] == "a"
    assert client.get("/readyz").get_json()["models"] == {"a": None, "b": None}
