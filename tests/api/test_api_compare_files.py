"""`/v1/compare` and compare jobs with document files: a version may be a PDF, a DOCX or an OFD,
read as the /v1 routes read uploads (multipart files, JSON `content_base64`), refused as they
refuse them.

The files are real: the Data Security Law's PDF (tests/fixtures/formats/laws, SOURCES.md there)
against its published text with one article edited, and the 国家数据局 opinions as a Word file with
automatic numbering against a revised copy written by scripts/make_numbered_docx.py.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scripts.make_numbered_docx import write_docx
from service.api.openapi import validator
from tests.api.test_api_jobs import drain

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
LAW_PDF = (FORMATS / "laws" / "data-security-law.pdf").read_bytes()
LAW_TEXT = (FORMATS / "laws" / "data-security-law.md").read_text(encoding="utf-8")
OPINIONS_DOCX = (FORMATS / "enterprise-data-opinions.docx").read_bytes()
NO_TEXT_OFD = (FORMATS / "no-text.ofd").read_bytes()
EDIT = ("定期开展风险评估", "每年至少开展一次风险评估")  # in 第三十条


def summary(*counts: int) -> dict[str, int]:
    names = ("unchanged", "changed", "added", "removed", "renumbered", "moved")
    return dict(zip(names, counts, strict=True))


def changes(body: dict) -> list[dict]:
    return [p for p in body["pairs"] if p["status"] != "unchanged" or p["renumbered"]]


def edited_law() -> str:
    assert LAW_TEXT.count(EDIT[0]) == 1
    return LAW_TEXT.replace(*EDIT)


def check_law_pair(body: dict) -> None:
    """The PDF and the published text agree on every article but the edited one; the PDF
    alone prints the adoption note (2021 年 6 月 10 日…通过), which the text leaves out."""
    validator("Comparison").validate(body)
    assert body["summary"] == summary(61, 1, 0, 1, 0, 0)
    changed, removed = sorted(changes(body), key=lambda p: p["status"])
    assert changed["old"]["label"] == changed["new"]["label"] == "第三十条"
    edits = [d for d in changed["diff"] if d[0] != "="]
    assert edits == [["-", "定期开展"], ["+", "每年至少开展一次"]]
    assert removed["old"]["kind"] == "paragraph" and "第二十九次会议通过" in removed["old"]["text"]


def test_a_pdf_against_the_published_text_as_multipart_files(client: FlaskClient) -> None:
    form = {
        "old": (io.BytesIO(LAW_PDF), "data-security-law.pdf"),
        "new": (io.BytesIO(edited_law().encode()), "data-security-law.md"),
    }
    response = client.post(
        "/v1/compare?translate=false", data=form, content_type="multipart/form-data"
    )
    assert response.status_code == 200, response.get_json()
    check_law_pair(response.get_json())


def test_a_compare_job_reads_the_pdf_at_upload(app: Flask, client: FlaskClient) -> None:
    form = {
        "old": (io.BytesIO(LAW_PDF), "law.pdf"),
        "new": edited_law(),
        "translate": "false",
    }
    response = client.post("/v1/jobs", data=form, content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    drain(app)
    result = client.get(f"/v1/jobs/{response.get_json()['id']}/result")
    check_law_pair(result.get_json())


def revised_opinions(tmp_path: Path) -> bytes:
    """The opinions with a new （四） inserted ahead of 提高数据治理能力 (every later item of
    part 三 renumbered by Word), 促进企业创新发展 edited, and 助力中小企业用数创新 struck."""
    source = FORMATS / "enterprise-data-opinions.txt"
    lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and not line.startswith("（八）")]
    at = next(i for i, line in enumerate(lines) if line.startswith("（四）"))
    lines.insert(at, "（四）加强数据基础设施建设。支持企业建设数据中心和算力设施。")
    edited = [line.replace("用数据管理、", "用数据说话、用数据管理、") for line in lines]
    path = tmp_path / "revised.docx"
    write_docx(edited, path)
    return path.read_bytes()


def test_two_word_files_as_json_content_base64(client: FlaskClient, tmp_path: Path) -> None:
    def version(data: bytes, name: str) -> dict[str, str]:
        return {"content_base64": base64.b64encode(data).decode(), "filename": name}

    body = {
        "old": version(OPINIONS_DOCX, "opinions.docx"),
        "new": version(revised_opinions(tmp_path), "revised.docx"),
        "translate": False,
    }
    response = client.post("/v1/compare", json=body)
    assert response.status_code == 200, response.get_json()
    found = response.get_json()
    assert found["summary"] == summary(21, 1, 1, 1, 2, 0)

    def what(pair: dict) -> tuple:
        sides = [pair[s] and f"{pair[s]['label']}{pair[s]['heading']}" for s in ("old", "new")]
        return (pair["status"], pair["renumbered"], *sides)

    assert [what(p) for p in changes(found)] == [
        ("added", False, None, "（一）加强数据基础设施建设"),
        ("unchanged", True, "（一）提高数据治理能力", "（二）提高数据治理能力"),
        ("changed", True, "（二）促进企业创新发展", "（三）促进企业创新发展"),
        ("removed", False, "（三）助力中小企业用数创新", None),
    ]


@pytest.mark.parametrize(
    ("old", "code"),
    [
        ({"content_base64": base64.b64encode(NO_TEXT_OFD).decode()}, "no_text_layer"),
        ({"content_base64": base64.b64encode(b"\x80\x81binary").decode()}, "unreadable_file"),
        ({"content_base64": "%%%"}, "invalid_input"),
        ({"content": "第一条　x", "content_base64": "eA=="}, "invalid_input"),
        ({"content": "第一条　x", "format": "pdf"}, "invalid_input"),
    ],
)
def test_a_version_file_is_refused_as_the_v1_routes_refuse_it(
    client: FlaskClient, old: dict, code: str
) -> None:
    body = {"old": old, "new": {"content": LAW_TEXT}, "translate": False}
    response = client.post("/v1/compare", json=body)
    assert 400 <= response.status_code < 500
    validator("Error").validate(response.get_json())
    assert response.get_json()["error"]["code"] == code


def test_a_form_file_that_is_no_document_nor_utf8_is_a_422(client: FlaskClient) -> None:
    form = {"old": (io.BytesIO(b"\x80\x81binary"), "old.bin"), "new": LAW_TEXT}
    response = client.post("/v1/compare", data=form, content_type="multipart/form-data")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unreadable_file"


def test_a_document_job_by_multipart_file_is_still_no_comparison(
    app: Flask, client: FlaskClient
) -> None:
    form = {"file": (io.BytesIO(LAW_PDF), "law.pdf"), "task": "outline"}
    response = client.post("/v1/jobs", data=form, content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["task"] == "outline"
