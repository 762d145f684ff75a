"""LibreTranslate-compatible routes, by hand and through the real `libretranslatepy` client."""

from __future__ import annotations

from urllib.error import HTTPError

import pytest
from flask.testing import FlaskClient
from libretranslatepy import LibreTranslateAPI

from service.api.openapi import validator


def test_translate_form_single_text(client: FlaskClient) -> None:
    response = client.post("/translate", data={"q": "一、总体要求", "source": "zh", "target": "en"})
    assert response.status_code == 200
    body = response.get_json()
    validator("LibreTranslateResponse").validate(body)
    assert set(body) == {"translatedText"}
    assert body["translatedText"].startswith("1.")


def test_translate_json_list_with_auto_source(client: FlaskClient) -> None:
    body = {"q": ["推进数字乡村建设。", "   ", "发展智慧农业。"], "source": "auto", "target": "en"}
    response = client.post("/translate", json=body)
    result = response.get_json()
    validator("LibreTranslateResponse").validate(result)
    texts = result["translatedText"]
    assert isinstance(texts, list) and len(texts) == 3 and texts[1] == ""
    assert "EN text of" in texts[0] and "EN text of" in texts[2]
    assert [d["language"] for d in result["detectedLanguage"]] == ["zh", "en", "zh"]
    assert result["detectedLanguage"][0]["confidence"] == 100.0


def test_translate_html_format_returns_html(client: FlaskClient) -> None:
    body = {
        "q": "<h2>一、总体要求</h2><p>推进数字乡村建设。</p>",
        "source": "zh",
        "target": "en",
        "format": "html",
        "alternatives": 2,
    }
    result = client.post("/translate", json=body).get_json()
    assert "<" in result["translatedText"] and "EN text of" in result["translatedText"]
    assert result["alternatives"] == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"source": "zh", "target": "en"}, 400),
        ({"q": "你好", "source": "zh", "target": "fr"}, 422),
        ({"q": "hello", "source": "en", "target": "zh"}, 422),
    ],
)
def test_translate_errors(client: FlaskClient, body: dict, status: int) -> None:
    response = client.post("/translate", json=body)
    assert response.status_code == status
    validator("Error").validate(response.get_json())


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
    mixed = client.post("/detect", json={"q": "5G 网络 in rural areas"}).get_json()
    validator("LibreDetection").validate(mixed)
    assert {d["language"] for d in mixed} == {"zh", "en"}
    assert client.post("/detect", json={"q": "123 !!"}).get_json()[0]["confidence"] == 0.0


def test_libretranslatepy_client(app, serve) -> None:
    api = LibreTranslateAPI(serve(app))
    assert "EN text of" in api.translate("推进数字乡村建设。", "zh", "en")
    assert "EN text of" in api.translate("推進數字鄉村建設。", "auto", "en")
    assert api.detect("数字乡村")[0]["language"] == "zh"
    assert {lang["code"] for lang in api.languages()} == {"zh", "en"}


def test_libretranslatepy_client_with_api_key(make_app, serve) -> None:
    url = serve(make_app(api_keys=("k-123",)))
    assert "EN text of" in LibreTranslateAPI(url, api_key="k-123").translate("你好", "zh", "en")
    with pytest.raises(HTTPError) as refused:
        LibreTranslateAPI(url, api_key="wrong").translate("你好", "zh", "en")
    assert refused.value.code == 401
    assert LibreTranslateAPI(url).languages()  # listing languages needs no key
