"""`POST /v1/compare` with fake engines: JSON and multipart bodies, JSON, Markdown and HTML
answers, English only for what changed (engine calls counted), errors, and compare jobs
(`/v1/jobs` with `"task": "compare"`, `Prefer: respond-async`) equal to the synchronous route,
and a compare job's `callback_url` from its JSON body, its multipart form or the query string.

The two versions are real: the Civil Procedure Law as amended in 2021 and in 2023.
"""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.api.openapi import validator
from service.parsing import parse_document
from service.translate.document import model_inputs
from tests.api.test_api_jobs import drain, engine_texts
from tests.callback_receiver import Receiver
from tests.compare.law_texts import law_text

OLD = law_text("civil-procedure-2021.md")
NEW = law_text("civil-procedure-2023.md")
BODY = {"old": {"content": OLD}, "new": {"content": NEW}}


@pytest.fixture
def app(make_app) -> Flask:  # type: ignore[no-untyped-def]
    return make_app(job_unit_chars=2000)


def changes(body: dict) -> list[dict]:  # type: ignore[type-arg]
    return [p for p in body["pairs"] if p["status"] != "unchanged"]


def test_compare_answers_pairs_summary_and_english_of_the_changes(
    app: Flask, client: FlaskClient
) -> None:
    seen = engine_texts(app)
    # no glossary, so the texts the engine sees are the units' own (names of state organs
    # would go in masked; tests/api/test_api_glossaries.py checks a comparison's glossary)
    plain = {**BODY, "builtin_glossary": False}
    response = client.post("/v1/compare", json=plain)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    validator("Comparison").validate(body)
    assert body["summary"] == {
        "unchanged": 326,
        "changed": 19,
        "added": 17,
        "removed": 0,
        "renumbered": 102,
        "moved": 0,
    }
    for pair in body["pairs"]:
        english = pair["english"]
        if pair["status"] == "unchanged":
            assert english == {"old": None, "new": None}
        else:
            assert english["new" if pair["new"] else "old"]
    fortieth = next(p for p in body["pairs"] if p["new"] and p["new"]["label"] == "第四十条")
    assert fortieth["english"]["new"].startswith("Article 40 ")
    assert [op for op, _ in fortieth["diff"]].count("+") == 3

    # The engine saw text of changed, added and removed units only, each piece once.
    wanted = "".join(
        side["text"] + (side["heading"] or "")
        for pair in changes(body)
        for side in (pair["old"], pair["new"])
        if side
    )
    unchanged_only = {p["new"]["text"] for p in body["pairs"] if p["status"] == "unchanged"} - set(
        wanted
    )
    assert seen and all(text in wanted for text in seen)
    assert not any(text in unchanged_only for text in seen)
    assert len(seen) == len(set(seen))
    pieces_sent = len(seen)

    seen.clear()  # the same comparison again: everything comes from the translation memory
    again = client.post("/v1/compare", json=plain).get_json()
    assert seen == [] and again == body
    whole_law = model_inputs(parse_document(NEW))  # what translating the new law would send
    assert 0 < pieces_sent < len(whole_law) // 4


def test_translate_false_and_all(app: Flask, client: FlaskClient) -> None:
    seen = engine_texts(app)
    body = client.post("/v1/compare?translate=false", json=BODY).get_json()
    assert seen == [] and all(p["english"] == {"old": None, "new": None} for p in body["pairs"])
    small = {"old": {"content": OLD[:3000]}, "new": {"content": NEW[:3000]}, "translate": "all"}
    every = client.post("/v1/compare", json=small).get_json()
    assert all(p["english"]["new"] for p in every["pairs"] if p["new"])


def test_multipart_files_and_text_fields(client: FlaskClient) -> None:
    form = {
        "old": (io.BytesIO(OLD.encode()), "old.md"),
        "new": NEW,
        "translate": "false",
    }
    response = client.post("/v1/compare", data=form, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["summary"]["changed"] == 19


@pytest.mark.parametrize(
    ("headers", "query", "mimetype", "marker"),
    [
        ({"Accept": "text/markdown"}, "", "text/markdown", "| 旧 Old | 新 New | English |"),
        ({}, "?output=markdown", "text/markdown", "~~执行陪审职务时~~"),
        ({"Accept": "text/html"}, "", "text/html", "<ins>人民</ins>"),
        ({}, "?output=html", "text/html", "<del>执行陪审职务时</del>"),
    ],
)
def test_markdown_table_and_html_redline(
    client: FlaskClient, headers: dict[str, str], query: str, mimetype: str, marker: str
) -> None:
    response = client.post(f"/v1/compare{query}", json=BODY, headers=headers)
    assert response.mimetype == mimetype
    text = response.get_data(as_text=True)
    assert marker in text
    assert "changed, renumbered (第二百七十三条 → 第二百七十九条)" in text


def test_markup_in_a_version_is_escaped(client: FlaskClient) -> None:
    old = "第一条　本法适用于全国。\n\n第二条　其他。"
    new = "第一条　本法适用于全国<script>alert(1)</script>。\n\n第二条　其他。"
    body = {"old": {"content": old, "format": "text"}, "new": {"content": new, "format": "text"}}
    html = client.post("/v1/compare?output=html&translate=false", json=body)
    text = html.get_data(as_text=True)
    assert "<script>" not in text and "&lt;script&gt;" in text


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"old": {"content": OLD}}}, 400, "invalid_input"),
        ({"json": {**BODY, "translate": "some"}}, 400, "invalid_input"),
        ({"json": [1, 2]}, 400, "invalid_input"),
        ({"json": {"old": {"content": " "}, "new": {"content": NEW}}}, 422, "empty_document"),
        ({"data": OLD.encode(), "content_type": "text/plain"}, 415, "unsupported_media_type"),
        ({"data": {"old": OLD}, "content_type": "multipart/form-data"}, 400, "invalid_input"),
        (
            {"data": {"new": NEW, "translate": "some"}, "content_type": "multipart/form-data"},
            400,
            "invalid_input",
        ),
    ],
)
def test_bad_requests_get_the_one_error_shape(
    client: FlaskClient,
    kwargs: dict,
    status: int,
    code: str,  # type: ignore[type-arg]
) -> None:
    response = client.post("/v1/compare", **kwargs)
    assert response.status_code == status, response.get_json()
    validator("Error").validate(response.get_json())
    assert response.get_json()["error"]["code"] == code


def test_each_version_is_held_to_the_character_limit(make_app) -> None:  # type: ignore[no-untyped-def]
    client = make_app(max_chars=len(OLD) - 1).test_client()
    response = client.post("/v1/compare", json=BODY)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


def test_compare_job_equals_the_synchronous_comparison(app: Flask, client: FlaskClient) -> None:
    response = client.post("/v1/jobs", json={"task": "compare", **BODY})
    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    validator("Job").validate(job)
    assert job["task"] == "compare"
    seen = engine_texts(app)
    assert drain(app) >= 3  # plan, units, assemble
    done = client.get(f"/v1/jobs/{job['id']}").get_json()
    assert done["status"] == "done" and done["progress"]["units_total"] >= 2
    # The units translated every piece ahead into the memory: the assembly found them all there.
    assert seen and len(seen) == len(set(seen))
    synchronous = client.post("/v1/compare", json=BODY).get_json()
    assert client.get(f"/v1/jobs/{job['id']}/result").get_json() == synchronous
    html = client.get(f"/v1/jobs/{job['id']}/result?output=html").get_data(as_text=True)
    assert "<del>执行陪审职务时</del>" in html


def test_prefer_respond_async_and_multipart_jobs(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/v1/compare?translate=false", json=BODY, headers={"Prefer": "respond-async"}
    )
    assert response.status_code == 202 and response.headers["Preference-Applied"]
    form = {"old": (io.BytesIO(OLD.encode()), "old.md"), "new": NEW, "translate": "false"}
    upload = client.post("/v1/jobs", data=form, content_type="multipart/form-data")
    assert upload.status_code == 202, upload.get_json()
    drain(app)
    for job in (response.get_json(), upload.get_json()):
        result = client.get(f"/v1/jobs/{job['id']}/result").get_json()
        assert result["summary"]["changed"] == 19


def test_a_compare_job_takes_a_callback_url_in_the_form_the_body_or_the_query(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(job_unit_chars=2000, callback_hosts=("127.0.0.1",))
    client = app.test_client()
    versions = {"old": OLD, "new": NEW, "translate": "false"}
    with Receiver() as receiver:
        answers = [
            client.post(
                "/v1/jobs",
                data={**versions, "callback_url": receiver.url("/form")},
                content_type="multipart/form-data",
            ),
            client.post(
                f"/v1/jobs?callback_url={quote(receiver.url('/query'))}",
                data=versions,
                content_type="multipart/form-data",
            ),
            client.post(
                f"/v1/jobs?callback_url={quote(receiver.url('/json-query'))}",
                json={"task": "compare", **BODY, "translate": False},
            ),
        ]
        assert [a.status_code for a in answers] == [202] * 3, answers[-1].get_json()
        drain(app)
        paths = sorted(call.path for call in receiver.calls())
    assert paths == ["/form", "/json-query", "/query"]
    wrong = client.post("/v1/jobs", json={"task": "compare", **BODY, "callback_url": 5})
    assert (
        wrong.status_code == 400 and wrong.get_json()["error"]["details"]["field"] == "callback_url"
    )


def test_a_compare_job_needs_both_versions(client: FlaskClient) -> None:
    response = client.post("/v1/jobs", json={"task": "compare", "content": OLD})
    assert response.status_code == 400
    raw = client.post("/v1/jobs?task=compare", data=OLD.encode(), content_type="text/plain")
    assert raw.status_code == 400
    assert "compare" in raw.get_json()["error"]["message"]


def test_without_a_model_the_error_names_translate_false(make_app) -> None:  # type: ignore[no-untyped-def]
    client = make_app(broken=("opus-mt-zh-en",)).test_client()
    refused = client.post("/v1/compare", json=BODY)
    assert refused.status_code == 503
    assert '"translate": false' in refused.get_json()["error"]["message"]
    assert client.post("/v1/compare?translate=false", json=BODY).status_code == 200
