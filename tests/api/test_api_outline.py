"""`/v1/outline`: every accepted content type, options from the body or the query, Markdown."""

from __future__ import annotations

from flask.testing import FlaskClient

SEED_LABELS = ["一、", "二、", "三、", "四、", "五、", "六、"]


def test_outline_from_json_body(client: FlaskClient, seed_article: bytes) -> None:
    body = {"content": seed_article.decode(), "format": "markdown"}
    response = client.post("/v1/outline", json=body)
    assert response.status_code == 200
    nodes = response.get_json()["outline"]
    assert [n["label"] for n in nodes] == SEED_LABELS
    assert all(n["points"] for n in nodes)


def test_outline_from_raw_html(client: FlaskClient, seed_html: str) -> None:
    response = client.post("/v1/outline", data=seed_html.encode(), content_type="text/html")
    assert response.status_code == 200
    assert [n["label"] for n in response.get_json()["outline"]] == SEED_LABELS


def test_outline_from_raw_markdown_and_text(client: FlaskClient, seed_article: bytes) -> None:
    markdown = client.post("/v1/outline", data=seed_article, content_type="text/markdown")
    assert markdown.status_code == 200
    text = "一、总体要求\n加快推进数字乡村建设。提升农村网络质量。\n二、重点任务\n发展智慧农业。"
    plain = client.post("/v1/outline", data=text.encode(), content_type="text/plain; charset=utf-8")
    assert plain.status_code == 200
    assert plain.get_json()["outline"]


def test_max_points_from_body_and_query(client: FlaskClient, seed_html: str) -> None:
    def count(nodes: list[dict]) -> int:
        return sum(len(n["points"]) + count(n["children"]) for n in nodes)

    wide = client.post("/v1/outline", json={"content": seed_html, "options": {"max_points": 40}})
    narrow = client.post(
        "/v1/outline?max_points=6", data=seed_html.encode(), content_type="text/html"
    )
    assert count(narrow.get_json()["outline"]) <= 6 < count(wide.get_json()["outline"])


def test_an_integral_float_budget_is_an_integer(client: FlaskClient, seed_html: str) -> None:
    """JSON Schema takes 3.0 as an integer; the outline must too (it was a 500)."""
    for route in ("/v1/outline", "/v1/digest"):
        body = {"content": seed_html, "options": {"max_points": 3.0}}
        response = client.post(route, json=body)
        assert response.status_code in (200, 503), response.get_json()
        if route == "/v1/outline":
            outline = response.get_json()["outline"]
            assert sum(len(n["points"]) for n in outline) == 3


def test_markdown_by_accept_header_and_query(client: FlaskClient, seed_html: str) -> None:
    by_accept = client.post(
        "/v1/outline", json={"content": seed_html}, headers={"Accept": "text/markdown"}
    )
    by_query = client.post("/v1/outline?output=markdown", json={"content": seed_html})
    assert by_accept.mimetype == by_query.mimetype == "text/markdown"
    text = by_accept.get_data(as_text=True)
    assert text == by_query.get_data(as_text=True)
    assert text.count("\n## ") == 6 and "## 三、" in text


def test_json_is_the_default_for_any_accept(client: FlaskClient, seed_html: str) -> None:
    response = client.post("/v1/outline", json={"content": seed_html}, headers={"Accept": "*/*"})
    assert response.mimetype == "application/json"


def test_outline_needs_no_model(make_app, seed_html: str) -> None:
    app = make_app(broken=("opus-mt-zh-en",))
    response = app.test_client().post("/v1/outline", json={"content": seed_html})
    assert response.status_code == 200
