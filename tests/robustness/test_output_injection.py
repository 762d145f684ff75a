"""Rendered output never carries active content, whatever the article and the model say.

The article puts each payload in every field that is rendered (title, headings, sentences,
enumeration items) and the engine echoes its input, the worst a model can do. HTML output is
checked as HTML; Markdown output is rendered the way a client would (CommonMark with raw HTML
allowed, markdown-it-py) and checked the same way: only inert tags, no event handlers, no
`javascript:` URLs, and the payload still readable as text (so the test sees it arrive).
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from flask import Flask
from markdown_it import MarkdownIt

from tests.robustness.conftest import ZH_EN, AppBuilder, EchoEngine

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
    "[x](javascript:alert(1))",
]
INERT_TAGS = {"article", "h1", "h2", "h3", "h4", "h5", "h6", "p", "span", "ul", "ol", "li"}
INERT_TAGS |= {"strong", "em", "code", "pre", "br", "hr", "blockquote"}
INERT_ATTRIBUTES = {"id", "data-id", "lang"}
MARKDOWN_ROUTES = ["/v1/translate", "/v1/outline", "/v1/digest"]


def article(payload: str) -> str:
    """An HTML article whose title, headings, sentences and items all carry `payload` as text."""
    p = html.escape(payload)
    return (
        f"<html><head><title>数字乡村{p}</title></head><body>"
        f"<h2>一、总体要求{p}</h2><p>推进数字乡村建设{p}。一是完善网络{p}；二是加强应用{p}。</p>"
        f"<h3>（一）发展智慧农业{p}</h3><p>发展智慧农业{p}。</p></body></html>"
    )


class Elements(HTMLParser):
    """The start tags and attributes of an HTML text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(markup: str, payload: str) -> None:
    """Only inert elements and attributes, and the payload present as plain text."""
    elements = Elements()
    elements.feed(markup)
    elements.close()
    assert set(elements.tags) <= INERT_TAGS, markup
    assert {name for name, _ in elements.attributes} <= INERT_ATTRIBUTES, markup
    assert payload in "".join(elements.text), "the payload did not reach the output"


@pytest.fixture
def echo_app(make_robust_app: AppBuilder) -> Flask:
    return make_robust_app(engines={ZH_EN: EchoEngine(ZH_EN)})


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_output_escapes_every_rendered_field(echo_app: Flask, payload: str) -> None:
    """`format=html` keeps the input's markup (as LibreTranslate does): the output has exactly
    the input's elements and attributes, and the model's words are only ever text."""
    source = article(payload)
    body = {"q": source, "source": "zh", "target": "en", "format": "html"}
    response = echo_app.test_client().post("/translate", json=body)
    assert response.status_code == 200
    rendered = response.get_json()["translatedText"]
    given, out = Elements(), Elements()
    for parser, markup in ((given, source), (out, rendered)):
        parser.feed(markup)
        parser.close()
    assert (out.tags, out.attributes) == (given.tags, given.attributes), rendered
    assert payload in "".join(out.text), "the payload did not reach the output"
    assert rendered.count(html.escape(payload, quote=False)) >= 6  # title, headings, sentences


@pytest.mark.parametrize("route", MARKDOWN_ROUTES)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_output_renders_inert(echo_app: Flask, route: str, payload: str) -> None:
    response = echo_app.test_client().post(
        f"{route}?output=markdown", data=article(payload).encode(), content_type="text/html"
    )
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    assert_inert(MarkdownIt("commonmark").render(response.get_data(as_text=True)), payload)


@pytest.mark.parametrize("route", MARKDOWN_ROUTES)
def test_json_answers_cannot_be_sniffed_as_html(echo_app: Flask, route: str) -> None:
    response = echo_app.test_client().post(
        route, data=article(PAYLOADS[0]).encode(), content_type="text/html"
    )
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
