"""The editors' page at `/`: served with its own CSP, its files all present, and the `script`
field it reads to tag the source column zh-Hans or zh-Hant."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from opencc import OpenCC

from service.api.openapi import validator


def test_page_and_every_file_it_loads_are_served(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    page = response.get_data(as_text=True)
    for url in re.findall(r'(?:src|href)="([^"]*)"', page):  # nothing from another origin
        assert url.startswith(("/static/", "/docs", "#", "data:")), url
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
    assert {a.rsplit(".", 1)[1] for a in assets} == {"css", "js"}
    modules = set(assets)
    for asset in assets:  # the scripts are ES modules: follow their imports too
        body = client.get(asset).get_data(as_text=True)
        modules |= {"/static/" + m for m in re.findall(r'from "\./([\w.]+)"', body)}
    for path in modules:
        served = client.get(path)
        assert served.status_code == 200, path
        assert "http://" not in served.get_data(as_text=True)  # nothing fetched from elsewhere


def test_api_routes_keep_the_strict_policy(client: FlaskClient) -> None:
    policy = client.get("/healthz").headers["Content-Security-Policy"]
    assert policy == "default-src 'none'; frame-ancestors 'none'"


def test_every_control_has_a_label(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    controls = re.findall(r'<(?:input|select|textarea|progress)[^>]*\bid="([^"]+)"', page)
    labels = set(re.findall(r'<label for="([^"]+)"', page))
    assert controls and set(controls) <= labels


@pytest.mark.parametrize(
    ("route", "schema"),
    [("/v1/outline", "Outline"), ("/v1/translate", "Translation"), ("/v1/digest", "Digest")],
)
def test_responses_name_the_script_of_the_source(
    client: FlaskClient, seed_html: str, route: str, schema: str
) -> None:
    for text, script in ((seed_html, "Hans"), (OpenCC("s2tw").convert(seed_html), "Hant")):
        body = client.post(route, json={"content": text, "format": "html"}).get_json()
        validator(schema).validate(body)
        assert body["script"] == script
