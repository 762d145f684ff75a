"""Document files through every HTTP entry point, and their refusals in each route's language."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from flask import Flask

from tests.api.test_api_deepl import KEY, drain, upload
from tests.robustness.hostile_files import SAMPLES

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
PDF = (FORMATS / "laws" / "data-security-law.pdf").read_bytes()
DOCX = (FORMATS / "enterprise-data-opinions.docx").read_bytes()
OFD = (FORMATS / "gongwen-approval.ofd").read_bytes()
NO_TEXT = (FORMATS / "no-text.ofd").read_bytes()
PDF_TYPE = "application/pdf"


def headings(body: dict) -> list[str]:
    found, stack = [], list(body["outline"])
    while stack:
        node = stack.pop(0)
        found.append(f"{node['label'] or ''}{node['heading'] or ''}")
        stack[:0] = node["children"]
    return found


def test_raw_pdf_body(app: Flask) -> None:
    response = app.test_client().post("/v1/outline", data=PDF, content_type=PDF_TYPE)
    assert response.status_code == 200, response.get_json()
    assert "第一章总 则" in headings(response.get_json())


def test_multipart_file(app: Flask) -> None:
    form = {"file": (io.BytesIO(DOCX), "opinions.docx"), "source_lang": "zh"}
    response = app.test_client().post("/v1/outline", data=form, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    assert "一、总体要求" in headings(response.get_json())


def test_json_content_base64(app: Flask) -> None:
    body = {"content_base64": base64.b64encode(OFD).decode(), "filename": "a.ofd"}
    response = app.test_client().post("/v1/translate", json=body)
    assert response.status_code == 200, response.get_json()
    translated = response.get_json()
    assert translated["title"]["text"] == "关于同意张阿三同志辞职的批复"


def test_text_content_base64_and_errors(app: Flask) -> None:
    client = app.test_client()
    text = base64.b64encode("一、总体要求\n推进数字乡村建设。".encode()).decode()
    assert client.post("/v1/outline", json={"content_base64": text}).status_code == 200
    bad = client.post("/v1/outline", json={"content_base64": "%%%"})
    assert (
        bad.status_code == 400 and bad.get_json()["error"]["details"]["field"] == "content_base64"
    )
    both = client.post("/v1/outline", json={"content_base64": text, "content": "x"})
    assert both.status_code == 400


def test_jobs_take_files_and_refuse_at_upload(app: Flask) -> None:
    client = app.test_client()
    accepted = client.post("/v1/jobs?task=outline", data=PDF, content_type=PDF_TYPE)
    assert accepted.status_code == 202
    refused = client.post("/v1/jobs?task=outline", data=NO_TEXT, content_type="application/ofd")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "no_text_layer"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_hostile_files_are_a_4xx_in_each_language(make_app, name: str) -> None:
    client = make_app().test_client()
    data = SAMPLES[name]()
    ours = client.post("/v1/outline", data=data, content_type="application/octet-stream")
    assert 400 <= ours.status_code < 500 and ours.get_json()["error"]["code"]
    deepl = upload(client, "a.pdf" if data.startswith(b"%PDF") else "a.docx", data)
    assert 400 <= deepl.status_code < 500 and set(deepl.get_json()) == {"message"}
    libre = client.post(
        "/translate_file",
        data={"file": (io.BytesIO(data), "a.docx"), "source": "zh", "target": "en"},
        content_type="multipart/form-data",
    )
    assert libre.status_code == 400 and set(libre.get_json()) == {"error"}


def test_deepl_document_pdf_round_trip(make_app) -> None:
    keyed_app = make_app(api_keys=("k-1",))
    client = keyed_app.test_client()
    handle = upload(client, "law.pdf", PDF)
    assert handle.status_code == 200, handle.get_json()
    key = {"document_key": handle.get_json()["document_key"]}
    drain(keyed_app)
    url = f"/v2/document/{handle.get_json()['document_id']}"
    assert client.post(url, json=key, headers=KEY).get_json()["status"] == "done"
    result = client.post(url + "/result", json=key, headers=KEY)
    assert result.status_code == 200 and "EN text of" in result.get_data(as_text=True)


def test_libretranslate_translate_file_docx(app: Flask) -> None:
    client = app.test_client()
    response = client.post(
        "/translate_file",
        data={"file": (io.BytesIO(DOCX), "opinions.docx"), "source": "zh", "target": "en"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_json()
    url = response.get_json()["translatedFileUrl"]
    assert url.endswith("opinions.txt")
    download = client.get(url.split("localhost", 1)[1])
    assert download.status_code == 200 and "EN text of" in download.get_data(as_text=True)


def test_file_limit_and_text_limit(make_app) -> None:
    client = make_app(max_file_bytes=1000, max_body_bytes=500).test_client()
    big = client.post("/v1/outline", data=PDF, content_type=PDF_TYPE)
    assert big.status_code == 413
    text = client.post("/v1/outline", data="推" * 400, content_type="text/plain")
    assert text.status_code == 413  # the text limit stays on the file routes
