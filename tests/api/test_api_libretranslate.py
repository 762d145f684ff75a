"""LibreTranslate-compatible routes, as LibreTranslate's own app.py behaves (fake engine).

Parameters from JSON, else form, else query string; errors `{"error": msg}` with its statuses
and messages; files through /translate_file and /download_file. Real clients against a real
gunicorn are in tests/integration/test_compat_clients.py.
"""

from __future__ import annotations

import io
from urllib.error import HTTPError

import pytest
from flask.testing import FlaskClient
from libretranslatepy import LibreTranslateAPI

from service.api.openapi import validator

ZH = "推进数字乡村建设。"
PARAMS = {"q": ZH, "source": "zh", "target": "en", "format": "text"}


def post(client: FlaskClient, placement: str, values: dict, path: str = "/translate"):
    """Send `values` as JSON, a form, a query string (no body), or split over form + query."""
    if placement == "json":
        return client.post(path, json=values)
    if placement == "form":
        return client.post(path, data=values)
    if placement == "multipart":
        return client.post(path, data=values, content_type="multipart/form-data")
    if placement == "query":
        return client.post(path, query_string=values)
    first, *rest = values.items()
    return client.post(path, query_string=dict([first]), data=dict(rest))


PLACEMENTS = ["json", "form", "multipart", "query", "form+query"]


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_every_parameter_placement_gets_the_same_answer(client: FlaskClient, placement) -> None:
    expected = client.post("/translate", json=PARAMS).get_json()
    assert expected == {"translatedText": "EN text of 9 characters"}
    response = post(client, placement, PARAMS)
    assert response.status_code == 200
    assert response.get_json() == expected


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_every_placement_gets_the_same_error(client: FlaskClient, placement) -> None:
    response = post(client, placement, {"q": ZH, "source": "zh", "target": "fr"})
    assert response.status_code == 400
    assert response.get_json() == {"error": "fr is not supported"}


def test_query_string_with_unrelated_content_type(client: FlaskClient) -> None:
    response = client.post("/translate", query_string=PARAMS, data=b"x", content_type="text/xml")
    assert response.get_json() == {"translatedText": "EN text of 9 characters"}


def test_json_list_with_auto_source(client: FlaskClient) -> None:
    body = {"q": [ZH, "   ", "发展智慧农业。"], "source": "auto", "target": "en"}
    result = client.post("/translate", json=body).get_json()
    validator("LibreTranslateResponse").validate(result)
    assert result["translatedText"] == ["EN text of 9 characters", "", "EN text of 7 characters"]
    assert [d["language"] for d in result["detectedLanguage"]] == ["zh", "en", "zh"]
    assert result["detectedLanguage"][0]["confidence"] == 100.0
    assert "alternatives" not in result


def test_detected_language_only_for_auto(client: FlaskClient) -> None:
    assert "detectedLanguage" not in client.post("/translate", json=PARAMS).get_json()
    auto = client.post("/translate", json={**PARAMS, "source": "auto"}).get_json()
    assert auto["detectedLanguage"] == {"confidence": 100.0, "language": "zh"}


def test_html_keeps_every_tag_and_attribute(client: FlaskClient) -> None:
    html = '<h2 id="a">一、总体要求</h2><p class="x">推进<b>数字</b>乡村 &amp; 建设。<br/>GDP</p>'
    result = client.post("/translate", json={**PARAMS, "q": html, "format": "html"}).get_json()
    assert result["translatedText"] == (
        '<h2 id="a">1. EN text of 4 characters</h2><p class="x">EN text of 2 characters '
        "<b>EN text of 2 characters</b> EN text of 8 characters<br/>GDP</p>"
    )


def test_alternatives_are_empty_lists(client: FlaskClient) -> None:
    single = client.post("/translate", json={**PARAMS, "alternatives": 3}).get_json()
    assert single["alternatives"] == []
    batch = client.post("/translate", data={**PARAMS, "alternatives": "2"}).get_json()
    assert batch["alternatives"] == []  # a form q is one text, as in LibreTranslate
    listed = client.post("/translate", json={**PARAMS, "q": [ZH, ZH], "alternatives": 1})
    assert listed.get_json()["alternatives"] == [[], []]


def test_untranslatable_text_comes_back_unchanged(client: FlaskClient) -> None:
    result = client.post("/translate", json={**PARAMS, "q": "😀🎉", "source": "auto"}).get_json()
    assert result == {
        "translatedText": "😀🎉",
        "detectedLanguage": {"confidence": 0.0, "language": "en"},
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"source": "zh", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": "", "source": "zh", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": ZH, "target": "en"}, "Invalid request: missing source parameter"),
        ({"q": ZH, "source": "zh"}, "Invalid request: missing target parameter"),
        (
            {**PARAMS, "alternatives": "x"},
            "Invalid request: alternatives parameter is not a number",
        ),
        ({**PARAMS, "target": "xx"}, "xx is not supported"),
        ({**PARAMS, "format": "docx"}, "docx format is not supported"),
        (
            {"q": "hello", "source": "en", "target": "zh"},
            "Chinese (zh) is not available as a target language from English (en)",
        ),
    ],
)
def test_errors_are_libretranslates(client: FlaskClient, values: dict, message: str) -> None:
    for placement in ("json", "form", "query"):
        response = post(client, placement, values)
        assert response.status_code == 400, placement
        assert response.get_json() == {"error": message}, placement
        validator("LibreError").validate(response.get_json())


def test_text_over_the_limit_is_a_400(make_app) -> None:
    client = make_app(max_chars=5).test_client()
    response = client.post("/translate", json=PARAMS)
    assert response.status_code == 400
    assert response.get_json() == {"error": "Invalid request: request (9) exceeds text limit (5)"}


@pytest.mark.parametrize(
    ("body", "message"),
    [(b'{"q": "x",', "malformed JSON"), (b'["x"]', "Invalid JSON format")],
)
def test_bad_json_is_a_400(client: FlaskClient, body: bytes, message: str) -> None:
    response = client.post("/translate", data=body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_api_key_semantics(make_app) -> None:
    client = make_app(api_keys=("k-1",)).test_client()
    missing = client.post("/translate", json=PARAMS)
    assert (missing.status_code, missing.get_json()) == (
        400,
        {"error": "Please contact the server operator to get an API key"},
    )
    for placement in ("json", "form", "query"):
        wrong = post(client, placement, {**PARAMS, "api_key": "k-2"})
        assert (wrong.status_code, wrong.get_json()) == (403, {"error": "Invalid API key"})
        assert post(client, placement, {**PARAMS, "api_key": "k-1"}).status_code == 200
    bearer = client.post("/translate", json=PARAMS, headers={"Authorization": "Bearer k-1"})
    assert bearer.status_code == 200
    assert client.post("/detect", data={"q": ZH, "api_key": "k-2"}).status_code == 403
    assert client.get("/languages").status_code == 200  # no key needed, as in LibreTranslate
    assert client.get("/frontend/settings").get_json()["keyRequired"] is True


def test_languages_lists_loaded_pairs(client: FlaskClient) -> None:
    languages = client.get("/languages").get_json()
    validator("LibreLanguages").validate(languages)
    assert languages == [
        {"code": "zh", "name": "Chinese", "targets": ["en"]},
        {"code": "en", "name": "English", "targets": []},
    ]


def test_detect(client: FlaskClient) -> None:
    zh = client.post("/detect", data={"q": "数字乡村发展行动计划"}).get_json()
    assert zh == [{"confidence": 100.0, "language": "zh"}]
    assert client.post("/detect", query_string={"q": "数字乡村"}).get_json() == zh[:1]
    mixed = client.post("/detect", json={"q": "5G 网络 in rural areas"}).get_json()
    validator("LibreDetection").validate(mixed)
    assert {d["language"] for d in mixed} == {"zh", "en"}
    assert client.post("/detect", json={"q": "123 !!"}).get_json()[0]["confidence"] == 0.0
    assert client.post("/detect", json={}).get_json() == {
        "error": "Invalid request: missing q parameter"
    }


def test_frontend_settings_and_suggest(client: FlaskClient) -> None:
    settings = client.get("/frontend/settings").get_json()
    validator("LibreFrontendSettings").validate(settings)
    assert settings["suggestions"] is False and settings["keyRequired"] is False
    assert settings["supportedFilesFormat"] == [
        ".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".ofd", ".doc", ".wps"
    ]  # fmt: skip
    suggest = client.post("/suggest", json={"q": ZH, "s": "x", "source": "zh", "target": "en"})
    assert suggest.status_code == 403
    assert suggest.get_json() == {"error": "Suggestions are disabled on this server."}


def upload(client: FlaskClient, name: str, data: bytes, **fields: str):
    form = {"source": "zh", "target": "en", **fields, "file": (io.BytesIO(data), name)}
    return client.post("/translate_file", data=form, content_type="multipart/form-data")


@pytest.mark.parametrize(
    ("name", "source", "expected", "media"),
    [
        (
            "通知.txt",
            "标题\n一、总体要求\n推进数字乡村建设。",
            "1. EN text of 4 characters",
            "text/plain",
        ),
        ("a.md", "# 标题\n\n## 一、总体要求\n\n推进数字乡村建设。\n", "## 1. EN text", "markdown"),
        ("a.html", '<p class="k">推进数字乡村建设。</p>', '<p class="k">EN text of 9', "text/html"),
    ],
)
def test_translate_file_then_download(client, name, source, expected, media) -> None:
    response = upload(client, name, source.encode())
    assert response.status_code == 200, response.get_json()
    url = response.get_json()["translatedFileUrl"]
    assert url.startswith("http://localhost/download_file/")
    download = client.get(url.removeprefix("http://localhost"))
    assert download.status_code == 200 and media in download.content_type
    assert expected in download.get_data(as_text=True)
    assert "attachment" in download.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "data", "fields", "message"),
    [
        ("a.rtf", b"{\\rtf1}", {}, "Invalid request: file format not supported"),
        ("a.pdf", b"%PDF", {}, "the PDF is truncated"),
        ("", b"x", {}, "Invalid request: empty file"),
        ("a.txt", ZH.encode(), {"source": ""}, "Invalid request: missing source parameter"),
        ("a.txt", ZH.encode(), {"target": "de"}, "de is not supported"),
        ("a.txt", b"\x80abc", {}, "UTF-8"),
    ],
)
def test_translate_file_errors(client, name, data, fields, message) -> None:
    response = upload(client, name, data, **fields)
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_translate_file_without_file(client: FlaskClient) -> None:
    response = client.post("/translate_file", data={"source": "zh", "target": "en"})
    assert response.get_json() == {"error": "Invalid request: missing file parameter"}


def test_downloads_expire_and_unknown_names_are_404(make_app) -> None:
    client = make_app(files_ttl_s=0).test_client()
    url = upload(client, "a.txt", ZH.encode()).get_json()["translatedFileUrl"]
    expired = client.get(url.removeprefix("http://localhost"))
    assert expired.status_code == 404 and "expired" in expired.get_json()["error"]
    for name in ("nope", "0" * 32 + ".a.txt", "..%2Fconfig.py"):
        assert client.get(f"/download_file/{name}").status_code == 404


def test_libretranslatepy_client(app, serve) -> None:
    api = LibreTranslateAPI(serve(app))
    assert "EN text of" in api.translate(ZH, "zh", "en")
    assert "EN text of" in api.translate("推進數字鄉村建設。", "auto", "en")
    assert api.detect("数字乡村")[0]["language"] == "zh"
    assert {lang["code"] for lang in api.languages()} == {"zh", "en"}


def test_libretranslatepy_client_with_api_key(make_app, serve) -> None:
    url = serve(make_app(api_keys=("k-123",)))
    assert "EN text of" in LibreTranslateAPI(url, api_key="k-123").translate("你好", "zh", "en")
    with pytest.raises(HTTPError) as refused:
        LibreTranslateAPI(url, api_key="wrong").translate("你好", "zh", "en")
    assert refused.value.code == 403
    assert LibreTranslateAPI(url).languages()  # listing languages needs no key


def test_busy_worker_is_libretranslates_429(make_app) -> None:
    client = make_app(max_inflight=0, retry_after_s=7).test_client()
    response = client.post("/translate", json=PARAMS)
    assert response.status_code == 429 and response.headers["Retry-After"] == "7"
    assert response.get_json()["error"].startswith("Slowdown: ")
