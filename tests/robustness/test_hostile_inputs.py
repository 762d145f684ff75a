"""Hostile and odd inputs through the API: each case has its expected status and error code.

Every case must answer within CASE_TIMEOUT_S (a bound against hangs, not a timing assertion),
never with a 5xx, and leave the app serving: after each case `/healthz` and a normal article
answer 200 and every translation slot is free again.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from service import parse
from tests.robustness.conftest import JA_EN, ZH_EN, build_app

CASE_TIMEOUT_S = 30
ARTICLE = "一、总体要求\n推进数字乡村建设。发展智慧农业。\n二、重点任务\n（一）完善网络设施。"
SMALL_BODY = 50_000  # the "small" app's PD_MAX_BODY_BYTES ...
SMALL_CHARS = 10_000  # ... PD_MAX_CHARS ...
SMALL_SENTENCES = 2_000  # ... and PD_MAX_SENTENCES
JSON = "application/json"
TEXT = "text/plain; charset=utf-8"
HTML = "text/html"


@dataclass(frozen=True)
class Case:
    """One request and the answer it must get."""

    id: str
    route: str
    body: Callable[[], bytes]
    content_type: str | None
    status: int
    code: str | None = None  # the error code of a non-2xx answer
    app: str = "default"
    query: str = ""
    chunked: bool = False  # sent without Content-Length (Transfer-Encoding: chunked)
    check: Callable[[TestResponse], None] | None = field(default=None, compare=False)
    # Error shape: "v1" ({"error": {"code", ...}}), "libre" ({"error": message}) or "deepl"
    # ({"message": message}); for the last two `code` is a part of the message.
    shape: str = "v1"
    method: str = "POST"
    headers: tuple[tuple[str, str], ...] = ()


def raw(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def text(value: str | Callable[[], str]) -> Callable[[], bytes]:
    return lambda: (value() if callable(value) else value).encode("utf-8")


def js(value: Any) -> Callable[[], bytes]:
    return lambda: json.dumps(value, ensure_ascii=False).encode("utf-8")


def padded_json(size: int) -> Callable[[], bytes]:
    """A valid JSON article request padded with trailing whitespace to exactly `size` bytes."""

    def build() -> bytes:
        body = json.dumps({"content": ARTICLE}, ensure_ascii=False).encode()
        return body + b" " * (size - len(body))

    return build


BOUNDARY = "hostile-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
DEEPL_KEY = (("Authorization", "DeepL-Auth-Key any"),)


def multipart(filename: str, data: Callable[[], bytes], **fields: str) -> Callable[[], bytes]:
    """A multipart/form-data body with `fields` and one file part named `file`."""

    def build() -> bytes:
        parts = [
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
            "\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        return b"".join(parts) + head.encode() + data() + f"\r\n--{BOUNDARY}--\r\n".encode()

    return build


def form_text(name: str, value: str) -> Callable[[], bytes]:
    """A multipart/form-data body with one plain field (a part with no file name)."""
    head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
    return raw(head.encode() + value.encode() + f"\r\n--{BOUNDARY}--\r\n".encode())


def repeated(unit: str, count: int, tail: str = "") -> Callable[[], bytes]:
    return lambda: (unit * count + tail).encode("utf-8")


def chars(count: int) -> Callable[[], bytes]:
    """Plain Chinese text of exactly `count` characters."""
    sentence = "推进数字乡村建设。"
    return lambda: (sentence * (count // len(sentence) + 1))[:count].encode()


def no_active_content(response: TestResponse) -> None:
    body = response.get_data(as_text=True)
    for needle in ("alert", "onerror", "onclick", "javascript:", "<script"):
        assert needle not in body, needle


def no_nul(response: TestResponse) -> None:
    assert "\\u0000" not in response.get_data(as_text=True)


def detected(language: str) -> Callable[[TestResponse], None]:
    def check(response: TestResponse) -> None:
        error = response.get_json()["error"]
        assert error["details"]["detected"] == language
        assert "Chinese (zh) -> English (en)" in error["message"]  # names the supported pairs

    return check


def names_pairs(response: TestResponse) -> None:
    error = response.get_json()["error"]
    assert error["details"]["pairs"] == [["zh", "en"]]
    assert "Chinese (zh) -> English (en)" in error["message"]


def translated_by(model: str) -> Callable[[TestResponse], None]:
    def check(response: TestResponse) -> None:
        assert response.get_json()["model"]["name"] == model

    return check


ENGLISH = "The State Council issued a plan to promote the digital transformation of villages."
JAPANESE = "政府は農村のデジタル化を推進する計画を発表した。スマート農業を発展させる。"
KOREAN = "정부는 농촌 디지털화를 추진하는 계획을 발표했다. 스마트 농업을 발전시킨다."
DEEP = 100_000

CASES = [
    # Encodings
    Case("invalid-utf8", "/v1/outline", raw(b"\x80\x81" + ARTICLE.encode()), TEXT, 400,
         "invalid_encoding"),
    Case("invalid-utf8-in-json", "/v1/outline", raw(b'{"content": "\x80abc"}'), JSON, 400,
         "invalid_encoding"),
    Case("truncated-utf8", "/v1/outline", raw(ARTICLE.encode()[:-1]), TEXT, 400,
         "invalid_encoding"),
    Case("utf8-encoded-surrogate", "/v1/outline", raw(b"\xed\xa0\x80" + ARTICLE.encode()), TEXT,
         400, "invalid_encoding"),
    Case("charset-latin1", "/v1/outline", text(ARTICLE), "text/plain; charset=latin-1", 400,
         "invalid_encoding"),
    Case("json-lone-surrogate", "/v1/outline", raw(json.dumps({"content": "\ud800" + ARTICLE})
         .encode()), JSON, 400, "invalid_encoding"),
    Case("utf16le-bom", "/v1/outline", raw(ARTICLE.encode("utf-16")), TEXT, 200),
    Case("utf16be-bom", "/v1/outline", raw(b"\xfe\xff" + ARTICLE.encode("utf-16-be")), TEXT,
         200),
    Case("utf32-bom", "/v1/outline", raw(ARTICLE.encode("utf-32")), TEXT, 200),
    Case("utf8-bom", "/v1/outline", raw(b"\xef\xbb\xbf" + ARTICLE.encode()), TEXT, 200),
    Case("json-in-utf16", "/v1/outline", raw(json.dumps({"content": ARTICLE}).encode("utf-16")),
         JSON, 200),
    Case("nul-bytes", "/v1/translate", text(ARTICLE.replace("推进", "推\x00进")), TEXT, 200,
         check=no_nul),
    Case("nul-only", "/v1/outline", raw(b"\x00" * 100), TEXT, 422, "empty_document"),
    # Nothing to work on
    Case("empty-body", "/v1/outline", raw(b""), TEXT, 422, "empty_document"),
    Case("empty-json-content", "/v1/outline", js({"content": ""}), JSON, 400, "invalid_input"),
    Case("short-content-base64", "/v1/outline", js({"content_base64": ""}), JSON, 400,
         "invalid_input"),
    Case("whitespace-only", "/v1/outline", text(" \t\n\u3000\xa0\r\n "), TEXT, 422,
         "empty_document"),
    Case("punctuation-only", "/v1/outline", text("。，、；！？…—《》「」"), TEXT, 422,
         "empty_document"),
    Case("emoji-only", "/v1/translate", text("😀🎉🚀👍🏽👨‍👩‍👧"), TEXT, 422, "empty_document"),
    Case("zero-width-only", "/v1/outline", text("\u200b\u200c\u200d\u2060\ufeff"), TEXT, 422,
         "empty_document"),
    Case("markup-only-html", "/v1/outline", text("<div><br><hr><img src=x></div>"), HTML, 422,
         "empty_document"),
    Case("bidi-controls", "/v1/outline", text("\u202e" + ARTICLE + "\u202c\u2066\u2069"), TEXT,
         200),
    # Other languages: translated when a model reads them, else 422 naming the pairs
    Case("english", "/v1/translate", text(ENGLISH), TEXT, 422, "unsupported_language",
         check=detected("en")),
    Case("japanese", "/v1/translate", text(JAPANESE), TEXT, 422, "unsupported_language",
         check=detected("ja")),
    Case("korean", "/v1/digest", text(KOREAN), TEXT, 422, "unsupported_language",
         check=detected("ko")),
    Case("japanese-with-a-ja-model", "/v1/translate", text(JAPANESE), TEXT, 200, app="ja",
         check=translated_by(JA_EN)),
    Case("english-as-auto", "/v1/translate", js({"content": ENGLISH, "source_lang": "auto"}),
         JSON, 422, "unsupported_language", check=names_pairs),
    Case("english-libretranslate", "/translate", js({"q": ENGLISH, "source": "zh",
         "target": "en"}), JSON, 400, "the text is in English (en)", shape="libre"),
    Case("english-outline", "/v1/outline", text(ENGLISH), TEXT, 200),
    Case("mixed-simplified-traditional", "/v1/translate",
         text("一、總體要求\n推進數字鄉村建設。推进数字乡村建设。"), TEXT, 200),
    # Pathological structure
    Case("html-100k-deep", "/v1/outline", repeated("<div>", DEEP, ARTICLE + "</div>" * DEEP),
         HTML, 200),
    Case("html-100k-unclosed", "/v1/outline", repeated("<i>", DEEP, ARTICLE), HTML, 200),
    Case("yi-100k", "/v1/translate", repeated("一、", DEEP), TEXT, 200),
    Case("paren-100k", "/v1/outline", repeated("（", DEEP), TEXT, 422, "empty_document"),
    Case("paren-100k-then-text", "/v1/outline", repeated("（", DEEP, ARTICLE), TEXT, 200),
    Case("sentence-200k", "/v1/digest", repeated("推进数字乡村建设", 25_000), TEXT, 200),
    Case("article-label-5000-numerals", "/v1/translate",
         text("第" + "九" * 5000 + "条 推进数字乡村建设。"), TEXT, 200),
    Case("html-unclosed-comment", "/v1/outline", text("<p>推进数字。</p><!-- 推进数字乡村建设。"),
         HTML, 200),
    Case("html-100k-attributes", "/v1/outline",
         text(lambda: "<p " + " ".join(f"a{i}=x" for i in range(DEEP)) + ">推进数字。</p>"),
         HTML, 200),
    # Sizes (the "small" app: 50,000 bytes, 10,000 characters, 2,000 sentences)
    Case("body-just-under-limit", "/v1/outline", padded_json(SMALL_BODY - 1), JSON, 200,
         app="small"),
    Case("body-just-over-limit", "/v1/outline", padded_json(SMALL_BODY + 1), JSON, 413,
         "payload_too_large", app="small"),
    Case("chunked-body-over-limit", "/v1/outline", padded_json(SMALL_BODY + 1), JSON, 413,
         "payload_too_large", app="small", chunked=True),
    Case("chunked-body-under-limit", "/v1/outline", padded_json(SMALL_BODY - 1), JSON, 200,
         app="small", chunked=True),
    Case("chars-at-limit", "/v1/outline", chars(SMALL_CHARS), TEXT, 200, app="small"),
    Case("chars-over-limit", "/v1/outline", chars(SMALL_CHARS + 1), TEXT, 413,
         "payload_too_large", app="small"),
    Case("sentences-at-limit", "/v1/digest", repeated("推。", SMALL_SENTENCES), TEXT, 200,
         app="small"),
    Case("sentences-over-limit", "/v1/digest", repeated("推。", SMALL_SENTENCES + 1), TEXT, 413,
         "payload_too_large", app="small"),
    Case("240k-tiny-sentences", "/v1/digest", repeated("推。", 240_000), TEXT, 413,
         "payload_too_large"),
    # JSON shapes and numbers
    Case("json-content-number", "/v1/outline", js({"content": 123}), JSON, 400, "invalid_input"),
    Case("json-options-string", "/v1/outline", js({"content": ARTICLE, "options": "x"}), JSON,
         400, "invalid_input"),
    Case("json-option-wrong-type", "/v1/outline",
         js({"content": ARTICLE, "options": {"max_points": "5"}}), JSON, 400, "invalid_input"),
    Case("json-array-body", "/v1/outline", js([ARTICLE]), JSON, 400, "invalid_input"),
    Case("json-null-body", "/v1/outline", raw(b"null"), JSON, 400, "invalid_input"),
    Case("json-q-numbers", "/translate", js({"q": [1, 2], "source": "zh", "target": "en"}), JSON,
         400, "q must be a string or a list of strings", shape="libre"),
    Case("json-duplicate-keys", "/v1/outline",
         raw('{"content": "推进。", "content": "发展。"}'.encode()), JSON, 400, "invalid_input"),
    Case("json-huge-integer", "/v1/outline",
         js({"content": ARTICLE, "options": {"max_points": 10**30}}), JSON, 400,
         "invalid_input"),
    Case("json-5000-digit-integer", "/v1/outline",
         raw(b'{"content": "x", "options": {"max_points": ' + b"9" * 5000 + b"}}"), JSON, 400,
         "invalid_input"),
    Case("json-float-overflow", "/v1/outline",
         raw(b'{"content": "x", "options": {"ratio": 1e400}}'), JSON, 400, "invalid_input"),
    Case("json-nan", "/v1/outline", raw(b'{"content": "x", "options": {"ratio": NaN}}'), JSON,
         400, "invalid_input"),
    Case("json-negative-option", "/v1/outline",
         js({"content": ARTICLE, "options": {"max_points": -1}}), JSON, 400, "invalid_input"),
    Case("json-float-for-integer", "/v1/translate",
         js({"content": ARTICLE, "options": {"num_beams": 2.5}}), JSON, 400, "invalid_input"),
    Case("query-huge-number", "/v1/outline", text(ARTICLE), TEXT, 400, "invalid_input",
         query="max_points=1e999"),
    Case("json-unknown-option", "/v1/translate",
         js({"content": ARTICLE, "options": {"temperature": 2}}), JSON, 400, "invalid_input"),
    Case("json-unknown-field", "/v1/outline", js({"content": ARTICLE, "debug": True}), JSON, 400,
         "invalid_input"),
    Case("json-unknown-format", "/v1/outline", js({"content": ARTICLE, "format": "docx"}), JSON,
         400, "invalid_input"),
    Case("json-100k-deep", "/v1/outline", raw(b"[" * DEEP + b"]" * DEEP), JSON, 400,
         "invalid_input"),
    Case("json-malformed", "/v1/outline", raw(b'{"content": "x",'), JSON, 400, "invalid_input"),
    # Active content in HTML input never comes back
    Case("html-script-and-handlers", "/v1/digest", text(
        "<html><head><title>标题</title><script>alert(1)</script></head><body>"
        '<p onclick="alert(2)">推进数字乡村建设。</p><img src=x onerror=alert(3)>'
        '<a href="javascript:alert(4)">发展智慧农业。</a><style>p{}</style></body></html>'),
        HTML, 200, check=no_active_content),
    # Media types and model names
    Case("no-content-type", "/v1/outline", text(ARTICLE), None, 415, "unsupported_media_type"),
    Case("form-to-v1", "/v1/outline", raw(b"content=x"), "application/x-www-form-urlencoded",
         415, "unsupported_media_type"),
    Case("model-path-traversal", "/v1/translate",
         js({"content": ARTICLE, "model": "../../etc/passwd"}), JSON, 400, "invalid_input"),
    Case("model-hub-id", "/v1/translate",
         js({"content": ARTICLE, "model": "facebook/nllb-200-distilled-600M"}), JSON, 400,
         "invalid_input"),
    Case("model-absolute-path", "/v1/translate", text(ARTICLE), TEXT, 400, "invalid_input",
         query="model=/etc/passwd"),
    # What the OpenAPI document says, the server holds to (issue 25, found by schemathesis)
    Case("query-filename-over-255", "/v1/outline", js({"content": ARTICLE}), JSON, 400,
         "invalid_input", query="filename=" + "a" * 256),
    Case("inline-glossary-empty-term", "/v1/translate",
         js({"content": ARTICLE, "glossary": {"乡村": ""}}), JSON, 400, "invalid_input"),
    Case("compare-text-version-with-filename", "/v1/compare",
         js({"old": {"content": ARTICLE, "filename": "a.pdf"}, "new": {"content": ARTICLE}}),
         JSON, 400, "invalid_input"),
    Case("job-callback-ftp", "/v1/jobs", js({"content": ARTICLE, "callback_url": "ftp://a/b"}),
         JSON, 400, "invalid_input"),
    Case("form-file-part-without-filename", "/v1/outline", form_text("file", ARTICLE),
         MULTIPART, 200),
    Case("libre-api-key-number", "/detect", js({"q": "推进。", "api_key": 5}), JSON, 400,
         "api_key must be a string", shape="libre"),
    Case("deepl-languages-empty-type", "/v2/languages", raw(b""), None, 400,
         "'type' not supported", shape="deepl", method="GET", query="type=",
         headers=DEEPL_KEY),
    Case("model-not-installed", "/v1/translate",
         js({"content": ARTICLE, "model": "nllb-200-distilled-600M"}), JSON, 404,
         "model_not_found"),
    # LibreTranslate routes: its own error shape and statuses
    Case("libre-query-string-no-body", "/translate", raw(b""), None, 200, shape="libre",
         query="q=%E6%8E%A8%E8%BF%9B&source=zh&target=en"),
    Case("libre-upload-over-body-limit", "/translate_file",
         multipart("a.txt", chars(SMALL_BODY), source="zh", target="en"), MULTIPART, 400,
         "over the limit", app="small", shape="libre"),
    Case("libre-upload-over-char-limit", "/translate_file",
         multipart("a.txt", chars(SMALL_CHARS + 1), source="zh", target="en"), MULTIPART, 400,
         "over the limit", app="small", shape="libre"),
    Case("libre-upload-wrong-type", "/translate_file",
         multipart("a.rtf", raw(b"{\\rtf1}"), source="zh", target="en"), MULTIPART, 400,
         "file format not supported", shape="libre"),
    Case("libre-upload-truncated-pdf", "/translate_file",
         multipart("a.pdf", raw(b"%PDF-1.7"), source="zh", target="en"), MULTIPART, 400,
         "the PDF is truncated", shape="libre"),
    Case("libre-upload-binary-as-txt", "/translate_file",
         multipart("a.txt", raw(b"MZ\x90\x00\x03\x00\xff\xfe"), source="zh", target="en"),
         MULTIPART, 400, "UTF-8", shape="libre"),
    Case("libre-upload-path-in-name", "/translate_file",
         multipart("../../etc/a.txt", text(ARTICLE), source="zh", target="en"), MULTIPART, 200,
         shape="libre", check=lambda r: _safe_download(r)),
    Case("libre-download-unknown", "/download_file/" + "0" * 32 + ".a.txt", raw(b""), None, 404,
         "no such translated file", shape="libre", method="GET"),
    Case("libre-download-traversal", "/download_file/..%2F..%2Fetc%2Fpasswd", raw(b""), None,
         404, shape="libre", method="GET"),
    Case("libre-bad-json", "/translate", raw(b'{"q": '), JSON, 400, "malformed JSON",
         shape="libre"),
    # DeepL routes: {"message": ...}
    Case("deepl-text-over-char-limit", "/v2/translate",
         js({"text": ["推" * SMALL_CHARS, "推"], "target_lang": "EN-US"}), JSON, 413,
         "Request Entity Too Large", app="small", shape="deepl", headers=DEEPL_KEY),
    Case("deepl-body-over-limit", "/v2/translate", padded_json(SMALL_BODY + 1), JSON, 413,
         "over the limit", app="small", shape="deepl", headers=DEEPL_KEY),
    Case("deepl-text-not-strings", "/v2/translate", js({"text": [{"a": 1}], "target_lang": "EN"}),
         JSON, 400, "must be a string", shape="deepl", headers=DEEPL_KEY),
    Case("deepl-tag-handling-object", "/v2/translate",
         js({"text": "推进。", "target_lang": "EN", "tag_handling": {"a": 1}}), JSON, 400,
         "'tag_handling' not supported", shape="deepl", headers=DEEPL_KEY),
    Case("libre-source-number", "/translate", js({"q": "推进。", "source": 1, "target": "en"}),
         JSON, 400, "1 is not supported", shape="libre"),
    Case("deepl-json-array", "/v2/translate", js(["x"]), JSON, 400, "JSON object",
         shape="deepl", headers=DEEPL_KEY),
    Case("deepl-document-over-body-limit", "/v2/document",
         multipart("a.txt", chars(SMALL_BODY), target_lang="EN-US"), MULTIPART, 413,
         "over the limit", app="small", shape="deepl", headers=DEEPL_KEY),
    Case("deepl-document-over-char-limit", "/v2/document",
         multipart("a.txt", chars(SMALL_CHARS + 1), target_lang="EN-US"), MULTIPART, 413,
         "over the limit", app="small", shape="deepl", headers=DEEPL_KEY),
    Case("deepl-document-wrong-type", "/v2/document",
         multipart("a.xlsx", raw(b"PK\x03\x04"), target_lang="EN-US"), MULTIPART, 400,
         "not supported", shape="deepl", headers=DEEPL_KEY),
    Case("deepl-document-broken-docx", "/v2/document",
         multipart("a.docx", raw(b"PK\x03\x04"), target_lang="EN-US"), MULTIPART, 400,
         "not a readable ZIP", shape="deepl", headers=DEEPL_KEY),
    Case("deepl-document-binary-as-html", "/v2/document",
         multipart("a.html", raw(b"\x89PNG\r\n\x1a\n\x00\xff"), target_lang="EN-US"),
         MULTIPART, 400, "UTF-8", shape="deepl", headers=DEEPL_KEY),
    Case("deepl-document-empty-file", "/v2/document",
         multipart("a.txt", raw(b""), target_lang="EN-US"), MULTIPART, 400, "input is empty",
        shape="deepl",
         headers=DEEPL_KEY),
    Case("deepl-document-bad-key", "/v2/document/{uploaded}",
         js({"document_key": "t" + "0" * 64}), JSON, 403, "Document key does not match",
         shape="deepl", headers=DEEPL_KEY),
    Case("deepl-document-no-key", "/v2/document/{uploaded}/result", js({}), JSON, 403,
         "Document key does not match", shape="deepl", headers=DEEPL_KEY),
    Case("deepl-document-unknown-id", "/v2/document/" + "0" * 32,
         js({"document_key": "t" + "0" * 64}), JSON, 404, "Document not found", shape="deepl",
         headers=DEEPL_KEY),
    Case("deepl-document-overlong-id", "/v2/document/" + "9" * 5000 + "/result",
         js({"document_key": "x"}), JSON, 404, "Document not found", shape="deepl",
         headers=DEEPL_KEY),
]  # fmt: skip


def uploaded(app: Flask) -> str:
    """The id of a document uploaded to `app` through /v2/document."""
    body = multipart("a.txt", text(ARTICLE), target_lang="EN-US")()
    answer = app.test_client().post(
        "/v2/document", data=body, content_type=MULTIPART, headers=dict(DEEPL_KEY)
    )
    return str(answer.get_json()["document_id"])


def _safe_download(response: TestResponse) -> None:
    """The stored name keeps no directory part of the uploaded name."""
    url = response.get_json()["translatedFileUrl"]
    assert url.rsplit("/", 1)[1].endswith(".etc_a.txt") or "/etc/" not in url


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Flask]]:
    root: Path = tmp_path_factory.mktemp("models")
    yield {
        # room for the 1.1 M-character 100k-deep tree; the body limit stays the default
        "default": build_app(root, max_chars=1_200_000),
        "small": build_app(
            root, max_body_bytes=SMALL_BODY, max_chars=SMALL_CHARS, max_sentences=SMALL_SENTENCES
        ),
        "ja": build_app(root, pairs={ZH_EN: ("zh", "en"), JA_EN: ("ja", "en")}),
    }


def send(app: Flask, case: Case) -> TestResponse:
    """Post the case from a thread, failing if it has not answered within CASE_TIMEOUT_S."""
    client = app.test_client()
    route = (
        case.route.replace("{uploaded}", uploaded(app))
        if "{uploaded}" in case.route
        else case.route
    )
    url = f"{route}?{case.query}" if case.query else route
    body = case.body()
    kwargs: dict[str, Any] = {"content_type": case.content_type, "headers": dict(case.headers)}
    if case.chunked:
        kwargs["input_stream"] = io.BytesIO(body)
        kwargs["headers"]["Transfer-Encoding"] = "chunked"
        kwargs["environ_overrides"] = {"wsgi.input_terminated": True}
    else:
        kwargs["data"] = body
    answers: list[TestResponse] = []
    call = client.get if case.method == "GET" else client.post
    worker = threading.Thread(target=lambda: answers.append(call(url, **kwargs)))
    worker.start()
    worker.join(CASE_TIMEOUT_S)
    assert answers, f"{case.id}: no answer within {CASE_TIMEOUT_S} s"
    return answers[0]


def test_there_are_at_least_forty_distinct_cases() -> None:
    assert len({case.id for case in CASES}) == len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input(apps: dict[str, Flask], case: Case) -> None:
    app = apps[case.app]
    response = send(app, case)
    body: Any = response.get_json(silent=True)
    assert response.status_code == case.status, response.get_data(as_text=True)[:500]
    if case.shape == "libre" and response.status_code >= 400:
        assert set(body) == {"error"} and isinstance(body["error"], str)
        assert case.code is None or case.code in body["error"], body
    elif case.shape == "deepl" and response.status_code >= 400:
        assert set(body) == {"message"} and case.code is not None and case.code in body["message"]
    elif case.code is not None:
        assert body["error"]["code"] == case.code
        assert set(body["error"]) == {"code", "message", "details", "request_id"}
    if case.check is not None:
        case.check(response)
    assert_still_serving(app)


def assert_still_serving(app: Flask) -> None:
    """The app answers the next requests and holds no translation slot."""
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.post("/v1/translate", data=ARTICLE.encode(), content_type=TEXT).status_code == 200
    state = app.extensions["policy_digest"]
    free = 0
    while state.slots.acquire(blocking=False):
        free += 1
    for _ in range(free):
        state.slots.release()
    assert free == state.config.max_inflight


def test_front_matter_aliases_cannot_multiply_the_input() -> None:
    """A YAML alias bomb (each level repeats the one below ten times) stays input-sized.

    Five levels already mean 100,000 strings once expanded; nine take the host's memory, so
    only the small one is run here and the metadata must stay within a multiple of the input.
    """
    levels = ['a0: &a0 ["xxxxxxxxxx"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    front = "\n".join(levels)
    doc = parse(f"---\ntitle: 标题\n{front}\n---\n推进数字乡村建设。\n", "markdown")
    assert len(json.dumps(doc.metadata)) < 20 * len(front)
