"""DeepL API v2 subset (fake engine): translate, languages, usage, auth, quota, error shape.

The official `deepl` client against a real gunicorn is in tests/integration.
"""

from __future__ import annotations

import io

import deepl
import pytest
from flask.testing import FlaskClient

from service.api.openapi import validator

ZH = "推进数字乡村建设。"
KEY = {"Authorization": "DeepL-Auth-Key k-1"}


@pytest.fixture
def keyed(make_app) -> FlaskClient:
    return make_app(api_keys=("k-1",)).test_client()


@pytest.mark.parametrize("placement", ["json", "form", "query"])
def test_translate_in_every_placement(keyed: FlaskClient, placement: str) -> None:
    values = {"text": [ZH, "发展智慧农业。"], "target_lang": "EN-US", "source_lang": "ZH"}
    if placement == "json":
        response = keyed.post("/v2/translate", json=values, headers=KEY)
    elif placement == "form":
        response = keyed.post("/v2/translate", data=values, headers=KEY)
    else:
        response = keyed.post("/v2/translate", query_string=values, headers=KEY)
    assert response.status_code == 200
    body = response.get_json()
    validator("DeepLTranslations").validate(body)
    assert body == {
        "translations": [
            {"detected_source_language": "ZH", "text": "EN text of 9 characters",
             "billed_characters": 9},
            {"detected_source_language": "ZH", "text": "EN text of 7 characters",
             "billed_characters": 7},
        ]
    }  # fmt: skip


@pytest.mark.parametrize("source", [None, "zh", "ZH-HANS", "ZH-HANT"])
@pytest.mark.parametrize("target", ["EN", "en-us", "EN-GB"])
def test_language_codes(keyed: FlaskClient, source: str | None, target: str) -> None:
    values = {"text": "推進數字鄉村建設。", "target_lang": target}
    if source:
        values["source_lang"] = source
    body = keyed.post("/v2/translate", json=values, headers=KEY).get_json()
    assert body["translations"][0]["detected_source_language"] == "ZH"


def test_tag_handling_keeps_markup(keyed: FlaskClient) -> None:
    values = {"text": '<p data-x="1">推进<em>数字</em>乡村。</p>', "target_lang": "EN-GB"}
    for tags in ("html", "xml"):
        body = keyed.post("/v2/translate", json={**values, "tag_handling": tags}, headers=KEY)
        assert body.get_json()["translations"][0]["text"] == (
            '<p data-x="1">EN text of 2 characters <em>EN text of 2 characters</em> '
            "EN text of 3 characters</p>"
        )


def test_ignored_options_are_accepted(keyed: FlaskClient) -> None:
    values = {
        "text": ZH,
        "target_lang": "EN-US",
        "split_sentences": "nonewlines",
        "preserve_formatting": True,
        "formality": "prefer_more",
        "show_billed_characters": True,
        "context": "政策",
        "model_type": "quality_optimized",
    }
    assert keyed.post("/v2/translate", json=values, headers=KEY).status_code == 200


@pytest.mark.parametrize(
    ("values", "status", "message"),
    [
        ({"target_lang": "EN-US"}, 400, "Parameter 'text' not specified."),
        ({"text": ZH}, 400, "Parameter 'target_lang' not specified."),
        ({"text": ZH, "target_lang": "DE"}, 400, "Value for 'target_lang' not supported."),
        ({"text": ZH, "target_lang": "EN", "source_lang": "JA"}, 400,
         "Value for 'source_lang' not supported."),
        ({"text": ZH, "target_lang": "EN", "tag_handling": "markdown"}, 400,
         "Value for 'tag_handling' not supported."),
        ({"text": ZH, "target_lang": "EN", "formality": "more"}, 400,
         "'formality' is not supported for given 'target_lang'."),
        ({"text": ZH, "target_lang": "EN", "glossary_id": "g"}, 400,
         "Parameter 'source_lang' is required when using a glossary."),
        ({"text": ZH, "target_lang": "EN", "source_lang": "ZH", "glossary_id": "g"}, 404,
         "Glossary not found."),
        ({"text": [1], "target_lang": "EN"}, 400,
         "Parameter 'text' must be a string or a list of strings."),
    ],
)  # fmt: skip
def test_errors_are_deepl_shaped(keyed: FlaskClient, values: dict, status: int, message: str):
    response = keyed.post("/v2/translate", json=values, headers=KEY)
    assert response.status_code == status
    assert response.get_json() == {"message": message}
    validator("DeepLError").validate(response.get_json())


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "DeepL-Auth-Key k-2"}, {"Authorization": "Bearer k-1"}],
)
def test_wrong_or_missing_key_is_403(keyed: FlaskClient, headers: dict) -> None:
    for path in ("/v2/translate", "/v2/languages", "/v2/usage"):
        response = keyed.post(path, json={"text": ZH, "target_lang": "EN"}, headers=headers)
        assert response.status_code == 403, path
        assert "DeepL-Auth-Key" in response.get_json()["message"]


def test_legacy_auth_key_parameter(keyed: FlaskClient) -> None:
    response = keyed.post(
        "/v2/translate", data={"text": ZH, "target_lang": "EN", "auth_key": "k-1"}
    )
    assert response.status_code == 200


def test_languages(keyed: FlaskClient) -> None:
    source = keyed.get("/v2/languages", headers=KEY).get_json()
    assert source == [{"language": "ZH", "name": "Chinese"}]
    for target in (
        keyed.get("/v2/languages?type=target", headers=KEY),
        keyed.post("/v2/languages", data={"type": "target"}, headers=KEY),
    ):
        validator("DeepLLanguages").validate(target.get_json())
        assert [t["language"] for t in target.get_json()] == ["EN-GB", "EN-US"]
    assert keyed.get("/v2/languages?type=both", headers=KEY).status_code == 400


def test_usage_counts_billed_characters_per_key(make_app) -> None:
    client = make_app(api_keys=("k-1", "k-2")).test_client()
    other = {"Authorization": "DeepL-Auth-Key k-2"}
    client.post("/v2/translate", json={"text": [ZH, "发展"], "target_lang": "EN"}, headers=KEY)
    assert client.get("/v2/usage", headers=KEY).get_json() == {
        "character_count": 11,
        "character_limit": 1_000_000_000_000,
    }
    assert client.get("/v2/usage", headers=other).get_json()["character_count"] == 0


def test_quota_is_456_and_nothing_is_counted_past_it(make_app) -> None:
    client = make_app(api_keys=("k-1",), character_limit=12).test_client()
    ok = client.post("/v2/translate", json={"text": ZH, "target_lang": "EN"}, headers=KEY)
    assert ok.status_code == 200
    over = client.post("/v2/translate", json={"text": ZH, "target_lang": "EN"}, headers=KEY)
    assert over.status_code == 456
    assert "Quota" in over.get_json()["message"]
    assert client.get("/v2/usage", headers=KEY).get_json() == {
        "character_count": 9,
        "character_limit": 12,
    }


def test_deepl_client_in_process(make_app, serve) -> None:
    url = serve(make_app(api_keys=("k-1",)))
    client = deepl.Translator("k-1", server_url=url)
    result = client.translate_text(ZH, target_lang="EN-US")
    assert (result.text, result.detected_source_lang, result.billed_characters) == (
        "EN text of 9 characters",
        "ZH",
        9,
    )
    with pytest.raises(deepl.AuthorizationException):
        deepl.Translator("k-2", server_url=url).translate_text(ZH, target_lang="EN-US")


# -- documents (on the document-jobs engine; `drain` runs the queued steps as a worker would)


def drain(app) -> None:
    huey = app.extensions["policy_digest_jobs"].huey
    while (task := huey.dequeue()) is not None:
        huey.execute(task)


def upload(client: FlaskClient, name: str, data: bytes, headers: dict = KEY, **fields: str):
    form = {"target_lang": "EN-US", **fields, "file": (io.BytesIO(data), name)}
    return client.post("/v2/document", data=form, headers=headers, content_type=MULTIPART)


MULTIPART = "multipart/form-data"
TXT = "标题\n一、总体要求\n推进数字乡村建设。"


@pytest.fixture
def keyed_app(make_app):
    return make_app(api_keys=("k-1", "k-2"))


@pytest.mark.parametrize(
    ("name", "source", "media", "expected"),
    [
        ("a.txt", TXT, "text/plain", "1. EN text of 4 characters\nEN text of 9 characters"),
        ("a.md", "# 标题\n\n## 一、总体要求\n\n推进数字乡村建设。\n", "text/markdown",
         "## 1. EN text of 4 characters\n\nEN text of 9 characters"),
        ("a.HTML", "<h2>一、总体要求</h2><p>推进数字乡村建设。</p>", "text/html",
         "<h2>1. EN text of 4 characters</h2>\n<p>EN text of 9 characters</p>"),
    ],
)  # fmt: skip
def test_document_upload_status_result(keyed_app, name, source, media, expected) -> None:
    client = keyed_app.test_client()
    document = upload(client, name, source.encode())
    assert document.status_code == 200, document.get_json()
    handle = document.get_json()
    validator("DeepLDocument").validate(handle)
    key = {"document_key": handle["document_key"]}
    status = client.post(f"/v2/document/{handle['document_id']}", json=key, headers=KEY)
    assert status.get_json() == {"document_id": handle["document_id"], "status": "queued"}
    early = client.post(f"/v2/document/{handle['document_id']}/result", json=key, headers=KEY)
    assert (early.status_code, early.get_json()) == (503, {"message": "Document not ready."})
    drain(keyed_app)
    done = client.post(f"/v2/document/{handle['document_id']}", data=key, headers=KEY).get_json()
    validator("DeepLDocumentStatus").validate(done)
    assert done["status"] == "done" and done["billed_characters"] > 0
    result = client.post(f"/v2/document/{handle['document_id']}/result", json=key, headers=KEY)
    assert result.status_code == 200 and result.mimetype == media
    assert expected in result.get_data(as_text=True)
    usage = client.get("/v2/usage", headers=KEY).get_json()["character_count"]
    assert usage == done["billed_characters"]


def test_document_keys_and_ids(keyed_app) -> None:
    client = keyed_app.test_client()
    handle = upload(client, "a.txt", TXT.encode()).get_json()
    url = f"/v2/document/{handle['document_id']}"
    right = handle["document_key"]
    for wrong in ("", "x", right[:-1] + ("0" if right[-1] != "0" else "1"), "h" + right[1:]):
        response = client.post(url, json={"document_key": wrong}, headers=KEY)
        assert response.status_code == 403, wrong
        assert response.get_json() == {"message": "Document key does not match."}
        assert (
            client.post(url + "/result", json={"document_key": wrong}, headers=KEY).status_code
            == 403
        )
    unknown = client.post("/v2/document/" + "0" * 32, json={"document_key": right}, headers=KEY)
    assert (unknown.status_code, unknown.get_json()) == (404, {"message": "Document not found."})
    other_deepl_key = {"Authorization": "DeepL-Auth-Key k-2"}
    assert (
        client.post(url, json={"document_key": right}, headers=other_deepl_key).status_code == 404
    )
    assert client.post(url, json={"document_key": right}).status_code == 403  # no DeepL key


@pytest.mark.parametrize(
    ("name", "data", "fields", "status", "message"),
    [
        ("a.pdf", b"%PDF-1.7", {}, 400, "the PDF is truncated"),
        ("a.rtf", b"{\\rtf1}", {}, 400, "file type '.rtf' is not supported"),
        ("a.txt", b"\x80\x81", {}, 400, "UTF-8"),
        ("a.txt", TXT.encode(), {"target_lang": "DE"}, 400, "'target_lang' not supported."),
        ("a.txt", TXT.encode(), {"output_format": "xlsx"}, 400, "'output_format'"),
        ("a.txt", ("推" * 11).encode(), {}, 413, "over the limit"),
    ],
)  # fmt: skip
def test_document_upload_errors(make_app, name, data, fields, status, message) -> None:
    client = make_app(api_keys=("k-1",), max_chars=10).test_client()
    response = upload(client, name, data, **fields)
    assert response.status_code == status
    assert message in response.get_json()["message"]


def test_document_without_file(keyed: FlaskClient) -> None:
    response = keyed.post("/v2/document", data={"target_lang": "EN-US"}, headers=KEY)
    assert response.get_json() == {"message": "Parameter 'file' not specified."}


def test_busy_worker_is_a_429(make_app) -> None:
    client = make_app(max_inflight=0, retry_after_s=7).test_client()
    response = client.post("/v2/translate", json={"text": ZH, "target_lang": "EN-US"})
    assert response.status_code == 429 and response.headers["Retry-After"] == "7"
    assert set(response.get_json()) == {"message"}
