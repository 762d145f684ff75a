"""The document readers on real files: law PDFs against their text, 公文 OFDs, numbered DOCX.

Figures (scripts/eval_formats.py prints them): every law PDF in tests/fixtures/formats/laws
parses to the articles and chapters of the same law's text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.eval_formats import LAWS, score
from service.errors import NoTextLayer, UnsupportedMediaType
from service.parsing import parse_document
from service.parsing.ingest import ingest
from service.parsing.ingest.files import sniff
from tests.integration.conftest import tool_missing

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


@pytest.mark.parametrize("name", ["labour-contract-law", "civil-code"])
def test_law_pdf_has_the_articles_and_chapters_of_its_text(name: str) -> None:
    found = score(LAWS / f"{name}.pdf", LAWS / f"{name}.md")
    assert found.articles_text > 90
    assert found.label_f1 >= 0.98
    assert found.body_share >= 0.98
    assert found.chapter_f1 >= 0.98


def test_pdf_sentences_keep_their_pages_and_furniture_is_recorded() -> None:
    document = parse_document((LAWS / "labour-contract-law.pdf").read_bytes())
    pages = [s.page for s in document.sentences()]
    assert pages[0] == 1 and pages[-1] == document.metadata["pages"] == 27
    assert pages == sorted(pages)  # reading order runs through the pages
    first = next(s for s in document.walk() if s.label == "第一条")
    assert first.paragraphs[0].sentences[0].page == 2
    meta = document.metadata
    rules = dict(zip(meta["boilerplate"], meta["boilerplate_rules"], strict=True))
    assert rules["—2—"] == "page_number"
    assert not any("—" in s.text and len(s.text) < 6 for s in document.sentences())
    assert document.metadata["contents"][:3] == ["目 录", "第一章 总则", "第二章 劳动合同的订立"]
    assert json.loads(json.dumps(document.to_dict()))["title"] == "中华人民共和国劳动合同法"


def test_text_documents_serialize_without_pages(seed_article: bytes) -> None:
    sentence = parse_document(seed_article).to_dict()["sections"][0]["paragraphs"][0]
    assert "page" not in sentence["sentences"][0]


def test_hard_wrapped_pdf_lines_join_into_their_article() -> None:
    document = parse_document((LAWS / "civil-code.pdf").read_bytes())
    article = next(s for s in document.walk() if s.label == "第七百八十八条")
    assert article.paragraphs[0].sentences[0].text == (
        "建设工程合同是承包人进行工程建设，发包人支付价款的合同。"
    )


def test_ofd_gongwen_parts() -> None:
    document = parse_document((FORMATS / "gongwen-approval.ofd").read_bytes())
    assert document.title == "关于同意张阿三同志辞职的批复"
    assert document.metadata["document_number"] == "路卫发〔2011〕76号"
    assert document.metadata["issuer"] == "测试符路桥区卫生局"
    texts = [s.text for s in document.sentences()]
    assert texts[0] == "路卫发〔2011〕76号"  # the number also stays in the text
    assert "你院《关于给张阿三同志辞职的请示》（路中医发〔2011〕10号）收悉。" in texts
    assert not any(t.strip("— ").isdigit() for t in texts)  # no page number as a sentence
    assert {"— 1 —", "— 2 —"} <= set(document.metadata["boilerplate"])


def test_ofd_letter_reads_in_order() -> None:
    document = parse_document((FORMATS / "gongwen-letter.ofd").read_bytes())
    assert document.title == "关于加快南货场铁路涵洞下穿建设的函"
    texts = [s.text for s in document.sentences()]
    assert texts[0] == "蚌山区政府：" and texts[-2:] == ["此函。", "2023年7月12日"]


def test_ofd_without_text_objects_is_refused() -> None:
    with pytest.raises(NoTextLayer, match="no text objects"):
        parse_document((FORMATS / "no-text.ofd").read_bytes())


def labels(document_bytes: bytes) -> list[tuple[str | None, str | None]]:
    return [(s.label, s.heading) for s in parse_document(document_bytes).walk()]


def test_docx_numbering_gives_labels_and_title() -> None:
    data = (FORMATS / "enterprise-data-opinions.docx").read_bytes()
    document = parse_document(data)
    assert document.title == "国家数据局等部门关于促进企业数据资源开发利用的意见"
    found = labels(data)
    assert ("一、", "总体要求") in found
    assert ("（一）", "完善企业数据权益形成机制") in found
    parts = next(s for s in document.sections if s.label == "二、")
    assert [s.label for s in parts.sections] == ["（一）", "（二）", "（三）"]


def test_docx_numbering_matches_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        tool_missing("LibreOffice check", "soffice is not installed (libreoffice-writer-nogui)")
    source = FORMATS / "enterprise-data-opinions.docx"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    rendered = (tmp_path / "enterprise-data-opinions.txt").read_text(encoding="utf-8-sig")
    theirs = [line.strip().split()[0] for line in rendered.splitlines() if line.strip()]
    ours = [b.text.split("、")[0] + "、" if "、" in b.text[:4] else b.text[:5] for b in ingest(
        source.read_bytes()).blocks]  # fmt: skip
    wanted = [label for label in theirs if label.endswith("、") or label.startswith("（")]
    assert wanted and all(any(o.startswith(w) for o in ours) for w in wanted)


def test_real_docx_with_field_codes_and_numbering() -> None:
    document = parse_document((FORMATS / "labour-contract-law-web.docx").read_bytes())
    texts = [s.text for s in document.sentences()]
    assert not any("HYPERLINK" in t for t in texts)  # field codes are not text
    assert any(t.startswith("（一）") for t in texts)  # its chineseCounting （%1） list


def test_legacy_word_is_converted_by_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        tool_missing("LibreOffice conversion", "soffice is not installed")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path),
         str(FORMATS / "enterprise-data-opinions.docx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    data = (tmp_path / "enterprise-data-opinions.doc").read_bytes()
    assert sniff(data) == "doc"
    # LibreOffice's .doc writer keeps the numbering but stores its format as decimal (1、)
    found = dict(labels(data)[1:3])
    assert {label[-1] for label in found} == {"、"} and "总体要求" in found.values()


def test_legacy_word_without_libreoffice_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UnsupportedMediaType, match="libreoffice-writer-nogui"):
        parse_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)


@pytest.mark.parametrize(
    ("data", "content_type", "filename", "expected"),
    [
        (b"%PDF-1.7\n", None, None, "pdf"),
        (b"junk%PDF-1.4", None, "a.txt", "pdf"),  # the header may follow a few bytes
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None, "a.wps", "wps"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None, None, "doc"),
        (b"PK\x03\x04broken", None, "a.ofd", "ofd"),
        (b"PK\x03\x04broken", None, None, "zip"),
        (b"plain text", "application/pdf", None, "pdf"),
        (b"plain text", None, "a.docx", "docx"),
        ("一、总体要求".encode(), "text/plain", "a.txt", None),
    ],
)
def test_format_is_told_by_bytes_then_type_or_name(data, content_type, filename, expected) -> None:
    assert sniff(data, content_type, filename) == expected
