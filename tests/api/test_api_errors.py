"""One JSON error shape for every failure, with the right status for each kind of failure."""

from __future__ import annotations

import logging

import pytest
from flask.testing import FlaskClient

from service.api.openapi import validator

ERROR_KEYS = {"code", "message", "details", "request_id"}


def assert_error(response, status: int, code: str) -> dict:
    """The pinned error shape: {"error": {"code", "message", "details", "request_id"}}."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert body["error"]["request_id"] == response.headers["X-Request-ID"]
    validator("Error").validate(body)
    return body["error"]


def test_malformed_json_is_400(client: FlaskClient) -> None:
    response = client.post("/v1/outline", data=b'{"content": ', content_type="application/json")
    error = assert_error(response, 400, "invalid_input")
    assert "malformed JSON" in error["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "(body)"),
        ({"content": 3}, "content"),
        ({"content": "x", "format": "rtf"}, "format"),
        ({"content": "x", "format": "pdf"}, "(body)"),  # a document format needs content_base64
        ({"content": "x", "options": {"max_points": 0}}, "options/max_points"),
        ({"content": "x", "options": {"temperature": 2}}, "options"),
        ({"content": "x", "model": "../../etc/passwd"}, "model"),
        ({"content": "x", "model": "Helsinki-NLP/opus-mt-zh-en"}, "model"),
    ],
)
def test_schema_violations_are_400_naming_the_field(
    client: FlaskClient, body: dict, field: str
) -> None:
    error = assert_error(client.post("/v1/translate", json=body), 400, "invalid_input")
    assert error["details"]["field"] == field


def test_bad_query_option_is_400(client: FlaskClient) -> None:
    for query in ("max_points=many", "ratio=nan", "ratio=2", "output=pdf"):
        response = client.post(f"/v1/outline?{query}", data="一、总则", content_type="text/plain")
        assert_error(response, 400, "invalid_input")


def test_invalid_utf8_is_400(client: FlaskClient) -> None:
    response = client.post("/v1/outline", data=b"\xff\xfe\x00", content_type="text/plain")
    assert_error(response, 400, "invalid_encoding")
    latin = client.post("/v1/outline", data=b"x", content_type="text/plain; charset=latin-1")
    assert_error(latin, 400, "invalid_encoding")


def test_body_over_limit_is_413_before_parsing(make_app) -> None:
    client = make_app(max_body_bytes=100).test_client()
    response = client.post("/v1/outline", data=b"{" * 101, content_type="application/json")
    error = assert_error(response, 413, "payload_too_large")
    assert error["details"] == {"bytes": 101, "max_body_bytes": 100}


def test_text_over_char_limit_is_413(make_app) -> None:
    client = make_app(max_chars=10).test_client()
    response = client.post("/v1/outline", json={"content": "一" * 11})
    assert_error(response, 413, "payload_too_large")


def test_unsupported_media_type_is_415(client: FlaskClient) -> None:
    response = client.post("/v1/outline", data=b"<x/>", content_type="application/xml")
    error = assert_error(response, 415, "unsupported_media_type")
    assert "text/html" in error["details"]["accepted"]
    assert_error(client.post("/v1/outline", data=b"x"), 415, "unsupported_media_type")


@pytest.mark.parametrize("content", ["   \n ", "<p></p><script>x()</script>"])
def test_no_text_is_422(client: FlaskClient, content: str) -> None:
    response = client.post("/v1/outline", json={"content": content})
    assert_error(response, 422, "empty_document")


def test_empty_content_is_refused_by_the_schema(client: FlaskClient) -> None:
    """`content` has minLength 1 in the published schema, so "" is a 400 like any off-schema
    field (a text with nothing in it is the 422 above)."""
    response = client.post("/v1/outline", json={"content": ""})
    assert_error(response, 400, "invalid_input")
    assert response.get_json()["error"]["details"]["field"] == "content"


def test_unknown_route_and_method(client: FlaskClient) -> None:
    assert_error(client.get("/v2/nothing"), 404, "not_found")
    assert_error(client.get("/v1/outline"), 405, "method_not_allowed")


def test_unexpected_error_is_generic_500_with_traceback_logged(
    make_app, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app()

    def boom() -> str:
        raise RuntimeError("secret internals")

    app.add_url_rule("/boom", "boom", boom)
    logger = logging.getLogger("service")
    logger.addHandler(caplog.handler)
    try:
        response = app.test_client().get("/boom", headers={"X-Request-ID": "req-500"})
    finally:
        logger.removeHandler(caplog.handler)
    error = assert_error(response, 500, "internal_error")
    assert "secret" not in error["message"] and "req-500" in error["message"]
    failure = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert failure.exc_info and failure.request_id == "req-500"
