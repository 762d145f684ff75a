"""Files out (fake engine): the bilingual Word file of /v1/translate, /v1/digest and job results,
and /v2/document's outputs: a .docx translated in place, an English Word file, an English PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.render.media import DOCX_MEDIA_TYPE
from tests.api.test_api_deepl import KEY, TXT, drain, upload
from tests.integration.conftest import tool_missing
from tests.unit.test_render_files import pdf_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = (FIXTURES / "finews-001.md").read_bytes()
LAW_DOCX = (FIXTURES / "docx" / "statistics-law.docx").read_bytes()
LAW_PDF = (FIXTURES / "formats" / "laws" / "data-security-law.pdf").read_bytes()
OFD = (FIXTURES / "formats" / "gongwen-approval.ofd").read_bytes()
HAN = re.compile(r"[\u4e00-\u9fff]")


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]


@pytest.mark.parametrize(
    ("route", "query", "headers"),
    [
        ("/v1/translate", "?output=docx", {}),
        ("/v1/translate", "", {"Accept": DOCX_MEDIA_TYPE}),
        ("/v1/digest", "?output=docx&max_points=5", {}),
        ("/v1/digest", "", {"Accept": f"application/json;q=0.5, {DOCX_MEDIA_TYPE}"}),
    ],
)
def test_v1_bilingual_word_file(client: FlaskClient, route: str, query: str, headers) -> None:
    response = client.post(
        route + query, data=SEED, headers={"Content-Type": "text/markdown", **headers}
    )
    assert response.status_code == 200 and response.mimetype == DOCX_MEDIA_TYPE
    name = {"/v1/translate": "translation", "/v1/digest": "digest"}[route]
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}.docx"'
    found = paragraphs(response.data)
    assert found[0][0] == "Title" and found[1] == ("Subtitle", "中央网信办有关负责同志就"
        "《数字乡村发展行动计划（2022-2025年）》答记者问")  # fmt: skip
    assert (("Heading 1", "Outline") in found) == (name == "digest")
    assert len(docx.Document(io.BytesIO(response.data)).tables) == 6  # one per section


def test_json_stays_the_default(client: FlaskClient) -> None:
    response = client.post("/v1/translate", data=SEED, headers={"Content-Type": "text/markdown"})
    assert response.mimetype == "application/json"


def test_outline_has_no_word_output(client: FlaskClient) -> None:
    response = client.post("/v1/outline?output=docx", data=SEED, content_type="text/markdown")
    assert response.status_code == 400
    assert response.get_json()["error"]["details"] == {"field": "output"}


def test_job_results_as_word_files(app: Flask) -> None:
    client = app.test_client()
    ids = {}
    for task in ("translate", "digest", "outline"):
        job = client.post(f"/v1/jobs?task={task}", data=SEED, content_type="text/markdown")
        ids[task] = job.get_json()["id"]
    drain(app)
    for task in ("translate", "digest"):
        result = client.get(f"/v1/jobs/{ids[task]}/result?output=docx")
        assert result.status_code == 200 and result.mimetype == DOCX_MEDIA_TYPE
        assert (("Heading 1", "Outline") in paragraphs(result.data)) == (task == "digest")
    accept = client.get(f"/v1/jobs/{ids['translate']}/result", headers={"Accept": DOCX_MEDIA_TYPE})
    assert accept.mimetype == DOCX_MEDIA_TYPE
    outline = client.get(f"/v1/jobs/{ids['outline']}/result?output=docx")
    assert (
        outline.status_code == 400
        and "translate and digest" in outline.get_json()["error"]["message"]
    )


def finished(app: Flask, name: str, data: bytes, **fields: str) -> bytes:
    """Upload to /v2/document, run the job, and download the result."""
    client = app.test_client()
    handle = upload(client, name, data, **fields)
    assert handle.status_code == 200, handle.get_json()
    key = {"document_key": handle.get_json()["document_key"]}
    drain(app)
    url = f"/v2/document/{handle.get_json()['document_id']}"
    status = client.post(url, json=key, headers=KEY).get_json()
    assert status["status"] == "done" and status["billed_characters"] > 0
    result = client.post(url + "/result", json=key, headers=KEY)
    assert result.status_code == 200, result.get_data(as_text=True)
    return result.data


@pytest.fixture
def keyed_app(make_app) -> Flask:
    return make_app(api_keys=("k-1",))


def test_docx_is_answered_with_the_docx_translated(keyed_app: Flask) -> None:
    data = finished(keyed_app, "统计法.docx", LAW_DOCX)
    before, after = paragraphs(LAW_DOCX), paragraphs(data)
    assert len(after) == len(before) and [s for s, _ in after] == [s for s, _ in before]
    assert sum(bool(HAN.search(t)) for _, t in before) == 134
    assert not any(HAN.search(t) for _, t in after)
    assert after[3] == ("Normal", "Chapter 1 EN text of 4 characters")


def test_same_text_different_files_are_different_jobs(keyed_app: Flask) -> None:
    client = keyed_app.test_client()
    first = upload(client, "a.docx", LAW_DOCX).get_json()
    again = upload(client, "a.docx", LAW_DOCX).get_json()
    assert first["document_id"] == again["document_id"]  # the same file: the same job
    other = io.BytesIO()
    document = docx.Document(io.BytesIO(LAW_DOCX))
    document.paragraphs[2].runs[0].bold = True  # same text, another format
    document.save(other)
    assert (
        upload(client, "a.docx", other.getvalue()).get_json()["document_id"] != first["document_id"]
    )


@pytest.mark.usefixtures("pdf_fonts")
@pytest.mark.parametrize("name", ["a.txt", "a.docx"])
def test_output_format_pdf(keyed_app: Flask, name: str) -> None:
    data = LAW_DOCX if name == "a.docx" else TXT.encode()
    text = pdf_text(finished(keyed_app, name, data, output_format="pdf"))
    assert "EN text of" in text and not HAN.search(text)


@pytest.mark.usefixtures("pdf_fonts")
def test_pdf_is_answered_with_an_english_pdf(keyed_app: Flask) -> None:
    """The Data Security Law's PDF (7 chapters, 55 articles) comes back as a PDF by default."""
    data = finished(keyed_app, "数据安全法.pdf", LAW_PDF)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert not HAN.search(text)
    assert all(f"Chapter {n} EN text" in text for n in range(1, 8))
    lines = set(text.splitlines())
    assert all(f"Article {n}" in lines for n in range(1, 56))  # each article's own heading


def test_pdf_with_output_format_docx_is_an_english_word_file(keyed_app: Flask) -> None:
    found = paragraphs(finished(keyed_app, "数据安全法.pdf", LAW_PDF, output_format="docx"))
    assert found[0][0] == "Title" and found[0][1].startswith("EN text of")
    assert ("Heading 1", "Chapter 1 EN text of 3 characters") in found  # 第一章 总 则
    assert sum(text.startswith("Article ") for _, text in found) == 55
    assert not any(HAN.search(text) for _, text in found)


def test_ofd_needs_an_output_format(keyed_app: Flask) -> None:
    refused = upload(keyed_app.test_client(), "批复.ofd", OFD)
    assert refused.status_code == 400
    assert "set output_format to pdf or docx" in refused.get_json()["message"]
    found = paragraphs(finished(keyed_app, "批复.ofd", OFD, output_format="docx"))
    assert found[0] == ("Title", "EN text of 14 characters")  # 关于同意张阿三同志辞职的批复


def test_legacy_word_gives_an_english_word_file(keyed_app: Flask, tmp_path: Path) -> None:
    """As DeepL answers a .doc with a .docx: the client writes it under the .doc name it gave,
    and Word and LibreOffice open it by its content."""
    soffice = shutil.which("soffice")
    if soffice is None:
        tool_missing("the .doc output test", "soffice is not installed (libreoffice-writer-nogui)")
    (tmp_path / "notice.docx").write_bytes(LAW_DOCX)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(tmp_path / "notice.docx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = finished(keyed_app, "统计法.doc", (tmp_path / "notice.doc").read_bytes())
    found = paragraphs(data)
    assert found[0][1].startswith("EN text of")
    assert sum(text.startswith("Article ") for _, text in found) == 53
    assert not any(HAN.search(text) for _, text in found)


@pytest.mark.parametrize(
    ("name", "wanted"), [("a.txt", "md"), ("a.pdf", "txt"), ("a.docx", "ofd"), ("a.ofd", "ofd")]
)
def test_other_output_formats_are_a_deepl_400(keyed_app: Flask, name: str, wanted: str) -> None:
    data = {"a.txt": TXT.encode(), "a.pdf": LAW_PDF, "a.docx": LAW_DOCX, "a.ofd": OFD}[name]
    response = upload(keyed_app.test_client(), name, data, output_format=wanted)
    assert response.status_code == 400 and "output_format" in response.get_json()["message"]


def test_output_format_docx_of_text_is_an_english_word_file(keyed_app: Flask) -> None:
    found = paragraphs(finished(keyed_app, "a.txt", TXT.encode(), output_format="docx"))
    assert found[0] == ("Title", "EN text of 2 characters")
    assert ("Heading 1", "1. EN text of 4 characters") in found


@pytest.mark.parametrize("name", ["a.txt", "a.pdf"])
def test_pdf_without_its_font_is_refused_at_upload(make_app, name: str) -> None:
    client = make_app(api_keys=("k-1",), pdf_font=Path("/nonexistent/font.ttf")).test_client()
    data = LAW_PDF if name == "a.pdf" else TXT.encode()
    response = upload(client, name, data, output_format="pdf")
    assert response.status_code == 503
    assert "PD_PDF_FONT" in response.get_json()["message"]


def test_broken_docx_is_a_deepl_400(keyed_app: Flask) -> None:
    response = upload(keyed_app.test_client(), "a.docx", b"PK\x03\x04 truncated")
    assert response.status_code == 400
    assert "DOCX is not a readable ZIP" in response.get_json()["message"]


def test_control_characters_never_fail_the_word_file(client: FlaskClient) -> None:
    """Found by schemathesis: a plain-text body with a control character was a 500 as docx."""
    body = "«ÀJ\U0005d4a9\x19\x18\xc2\x87¢䗅推进数字乡村建设。".encode()
    response = client.post("/v1/translate?output=docx", data=body, content_type="text/plain")
    assert response.status_code == 200 and response.mimetype == DOCX_MEDIA_TYPE
