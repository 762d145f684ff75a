"""The file views of real articles translated by the fake engine: the bilingual and English Word
files (opened again with python-docx) and the English PDF (its text read back with pypdfium2)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pypdfium2
import pytest
from docx.oxml.ns import qn

from service.document import Document
from service.errors import FontMissing
from service.outlining import build_outline
from service.parsing import parse_document
from service.render.digest import build_digest
from service.render.pdf import PdfFonts, english_pdf
from service.render.translation import translation_json
from service.render.word import bilingual_docx, english_docx
from service.translate.document import translate_document
from tests.api.conftest import FakeEngine
from tests.integration.conftest import tool_missing

TESTS = Path(__file__).resolve().parents[1]
SEED = TESTS / "fixtures" / "finews-001.md"  # 一、 question headings
LAW = TESTS / "articles" / "reg-003.md"  # 第X章 chapters and 第X条 articles
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def parsed(path: Path) -> Document:
    return parse_document(path.read_text(encoding="utf-8"))


def translation_of(document: Document) -> dict[str, Any]:
    return translation_json(translate_document(document, FakeEngine("tiny-m")))


def digest_of(document: Document) -> dict[str, Any]:
    translation = translate_document(document, FakeEngine("tiny-m"))
    return build_digest(document, build_outline(document, max_points=8), translation)


def opened(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def test_bilingual_translation_of_a_law() -> None:
    document = parsed(LAW)
    body = translation_of(document)
    word = opened(bilingual_docx(body))
    paragraphs = [p for p in word.paragraphs if p.text]
    assert (
        paragraphs[0].style.name == "Title" and paragraphs[0].text == body["title"]["translation"]
    )
    assert paragraphs[1].style.name == "Subtitle" and paragraphs[1].text == document.title
    assert "Machine translation (tiny-m)" in paragraphs[2].text
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    sections = [s for s in document.walk() if s.level > 0]
    assert len(headings) == len(sections)
    assert ("Heading 2", "Chapter 1 EN text of 3 characters\n第一章　总 则") in headings
    assert ("Heading 3", "Article 1\n第一条") in headings
    with_text = [s for s in document.walk() if s.paragraphs]
    assert len(word.tables) == len(with_text)
    for table, section in zip(word.tables, with_text, strict=True):
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        assert [left for left, _ in rows] == [
            "".join(s.text for s in p.sentences) for p in section.paragraphs
        ]
        assert all(right.startswith("EN text of ") for _, right in rows)


def test_bilingual_file_is_one_an_editor_forwards() -> None:
    word = opened(bilingual_docx(translation_of(parsed(SEED))))
    section = word.sections[0]
    size = (round(section.page_width.cm, 1), round(section.page_height.cm, 1))
    assert size == (21.0, 29.7)  # A4
    assert round(section.left_margin.cm, 1) == round(section.right_margin.cm, 1) == 2.0
    assert section.header.paragraphs[0].text.startswith("中央网信办有关负责同志")
    assert section.footer.paragraphs[0]._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:eastAsia"))) == ("Calibri", "SimSun")
    heading_fonts = word.styles["Heading 1"].element.rPr.rFonts
    assert heading_fonts.get(qn("w:eastAsia")) == "SimHei"
    assert heading_fonts.get(qn("w:asciiTheme")) is None  # a theme font would override ours


def test_flagged_sentences_are_highlighted() -> None:
    body = translation_of(parsed(SEED))
    sentences = body["sections"][0]["paragraphs"][0]["sentences"]
    for sentence in sentences:
        sentence["flags"] = []
    sentences[0]["flags"] = ["repetition"]
    cell = opened(bilingual_docx(body)).tables[0].rows[0].cells[1]
    runs = cell.paragraphs[0].runs
    assert runs[0].font.highlight_color is not None and runs[0].text == sentences[0]["translation"]
    assert len(runs) == len(sentences) > 1
    assert all(r.font.highlight_color is None for r in runs[1:])


def test_bilingual_digest_has_the_outline_first() -> None:
    document = parsed(SEED)
    body = digest_of(document)
    word = opened(bilingual_docx(body))
    order = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    outline_at = order.index(("Heading 1", "Outline"))
    translation_at = order.index(("Heading 1", "Translation"))
    bullets = [t for s, t in order[outline_at:translation_at] if s.startswith("List Bullet")]
    points = [p for node in _nodes(body["outline"]) for p in node["points"]]
    assert len(bullets) == len(points) > 0
    assert bullets[0] == f"{points[0]['translation']}\n{points[0]['text']}"
    sections = [t for s, t in order[translation_at:] if s == "Heading 2"]
    assert sections[0].startswith("1. EN text") and sections[0].endswith("背景？")


def _nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [n for node in nodes for n in (node, *_nodes(node["children"]))]


def test_english_word_file() -> None:
    document = parsed(LAW)
    body = translation_of(document)
    word = opened(english_docx(body))
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    assert paragraphs[0] == ("Title", body["title"]["translation"])
    assert ("Heading 2", "Chapter 1 EN text of 3 characters") in paragraphs
    assert not word.tables
    assert all("第" not in text for _, text in paragraphs)


def fonts(cjk: Path = NOTO_CJK) -> PdfFonts:
    return PdfFonts(DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf", cjk)


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


@pytest.mark.usefixtures("pdf_fonts")
def test_english_pdf_reads_in_order() -> None:
    body = translation_of(parsed(LAW))
    data = english_pdf(body, fonts(Path("/nonexistent/cjk.ttc")))  # English: no CJK font needed
    assert data.startswith(b"%PDF-") and b"/FontFile2" in data  # the Latin font is embedded
    text = pdf_text(data)
    assert text.startswith(body["title"]["translation"])
    chapter, article = text.index("Chapter 1 EN text"), text.index("Article 1")
    assert chapter < article < text.index("Article 2")
    assert (
        text.count("EN text of")
        == sum(
            1 for s in _sections(body["sections"]) for p in s["paragraphs"] for _ in p["sentences"]
        )
        + sum(1 for s in _sections(body["sections"]) if s["heading_en"])
        + 1
    )  # + the title


def _sections(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [n for s in sections for n in (s, *_sections(s["sections"]))]


@pytest.mark.usefixtures("pdf_fonts")
def test_untranslated_chinese_is_printed_with_the_cjk_font() -> None:
    if not NOTO_CJK.is_file():
        tool_missing("the CJK PDF font test", f"{NOTO_CJK} (Debian fonts-noto-cjk) is missing")
    body = translation_of(parsed(SEED))
    body["sections"][0]["paragraphs"][0]["sentences"][0]["translation"] = "Keep 数字乡村 as is"
    data = english_pdf(body, fonts())
    assert b"/FontFile3" in data  # the CFF font of Noto Sans CJK, subset
    assert "Keep 数字乡村 as is" in pdf_text(data)


@pytest.mark.usefixtures("pdf_fonts")
def test_missing_fonts_are_named() -> None:
    body = translation_of(parsed(SEED))
    with pytest.raises(FontMissing, match="PD_PDF_FONT") as missing:
        english_pdf(body, PdfFonts(Path("/nonexistent.ttf"), Path("/nonexistent-b.ttf"), NOTO_CJK))
    assert missing.value.status == 503 and "fonts-dejavu-core" in missing.value.message
    body["sections"][0]["paragraphs"][0]["sentences"][0]["translation"] = "数字乡村"
    with pytest.raises(FontMissing, match="fonts-noto-cjk or set PD_PDF_CJK_FONT"):
        english_pdf(body, fonts(Path("/nonexistent/cjk.ttc")))


@pytest.mark.usefixtures("pdf_fonts")
def test_control_characters_in_the_source_never_fail_a_file() -> None:
    """A plain-text article (pdftotext's output, say) may hold form feeds and escapes: XML cannot
    hold them, so Word refused the whole file before they were dropped."""
    text = SEED.read_text(encoding="utf-8").replace("脱贫攻坚", "脱贫\x1b攻坚\x0c", 1)
    document = parse_document(text, "markdown")
    assert any("\x1b" in s.text for s in document.sentences())  # the parser keeps it
    body = translation_of(document)
    word = opened(bilingual_docx(body))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert any("脱贫攻坚" in cell for cell in cells)
    body["sections"][0]["paragraphs"][0]["sentences"][0]["translation"] = "Poverty\x1b alleviation"
    assert "Poverty alleviation" in pdf_text(english_pdf(body, fonts(Path("/nonexistent.ttc"))))
    assert "Poverty alleviation" in "\n".join(p.text for p in opened(english_docx(body)).paragraphs)
