"""A .docx translated in place (service/render/docx_inplace.py) on real Word files of laws and on
a Word file built from a real notice with Title and Heading styles, Word's Chinese automatic
numbering, a bold run-in lead, a table and a header. The fake engine gives each text an English
placeholder, so every paragraph that held Chinese must come back without any."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from service.errors import UnreadableFile, UnsafeFile
from service.parsing import parse_document
from service.parsing.paragraphs import blocks_json, parse_paragraphs
from service.render.docx_inplace import docx_blocks, english_level_text, translate_docx
from service.render.translation import translation_json
from service.translate.document import translate_document
from tests.api.conftest import FakeEngine

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "docx"
HAN = re.compile(r"[\u4e00-\u9fff]")


def translated(data: bytes) -> Any:
    """The python-docx Document of `data` translated with the fake engine."""
    document = parse_paragraphs(blocks_json(docx_blocks(data)))
    body = translation_json(translate_document(document, FakeEngine("m")))
    return docx.Document(io.BytesIO(translate_docx(data, body)))


def test_law_every_chinese_paragraph_gets_english_and_keeps_its_format() -> None:
    data = (FIXTURES / "statistics-law.docx").read_bytes()
    before, after = docx.Document(io.BytesIO(data)), translated(data)
    assert len(after.paragraphs) == len(before.paragraphs)
    for old, new in zip(before.paragraphs, after.paragraphs, strict=True):
        assert new.style.name == old.style.name and new.alignment == old.alignment
        if HAN.search(old.text):
            assert new.text.strip() and not HAN.search(new.text), (old.text, new.text)
            first = next(r for r in old.runs if r.text)
            assert new.runs[0].font.name == first.font.name
            assert new.runs[0].font.size == first.font.size
        else:
            assert new.text == old.text
    texts = [p.text for p in after.paragraphs]
    assert texts.index("Chapter 1 EN text of 4 characters") < texts.index(
        "Article 1 EN text of 96 characters"
    )  # 第一章　总　　则, then 第一条　为了…
    assert sum(t.startswith("Article ") for t in texts) == 53
    footer = after.sections[0].footer.paragraphs
    assert "－" in "".join(p.text for p in footer)  # the page-number footer is left alone


def test_decision_table_cells_are_translated() -> None:
    data = (FIXTURES / "npcsc-decision-seed-law.docx").read_bytes()
    before, after = docx.Document(io.BytesIO(data)), translated(data)
    old_cells = [c.text for row in before.tables[0].rows for c in row.cells]
    new_cells = [c.text for row in after.tables[0].rows for c in row.cells]
    assert len(new_cells) == len(old_cells) == 4
    assert all(HAN.search(c) for c in old_cells)
    assert not any(HAN.search(c) for c in new_cells)


def built_notice() -> bytes:
    """A Word file of a real answer to the press (tests/fixtures/finews-001.md) as an office would
    write it:
    Title style, level-1 headings in Heading 1 with Chinese automatic numbering (`%1、`), a
    bold run-in lead, a table, a header and a paragraph with no Chinese."""
    notice = parse_document((FIXTURES.parent / "finews-001.md").read_text(encoding="utf-8"))
    word = docx.Document()
    numbering = word.part.numbering_part.element
    numbering.insert(0, parse_xml(CHINESE_LIST))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    word.add_paragraph(notice.title, style="Title")
    word.sections[0].header.paragraphs[0].text = "中央网信办"
    for section in notice.sections:
        if section.label and section.heading:
            heading = word.add_paragraph(section.heading, style="Heading 1")
            pr = heading._p.get_or_add_pPr()
            pr.append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'
                )
            )
        for paragraph in section.paragraphs:
            word.add_paragraph("".join(s.text for s in paragraph.sentences))
    lead = word.add_paragraph()
    lead.add_run("（一）加强统筹协调。").bold = True
    lead.add_run("各地区各部门要加强对数字乡村发展的统筹协调。")
    table = word.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "行动"
    table.rows[0].cells[1].text = "数字乡村"
    word.add_paragraph("2022-2025")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


CHINESE_LIST = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
    '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
    '</w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
)


def test_built_notice_styles_numbering_lead_table_header() -> None:
    data = built_notice()
    blocks = docx_blocks(data)
    assert blocks[0].markup_level == 2  # Title style: a heading of its own, never a title here
    lead = next(b for b in blocks if b.text.startswith("（一）加强统筹协调"))
    assert lead.bold_lead == "（一）加强统筹协调。" and not lead.bold
    after = translated(data)
    body = [p for p in after.paragraphs if p.text]
    assert body[0].style.name == "Title" and not HAN.search(body[0].text)
    headings = [p for p in body if p.style.name == "Heading 1"]
    assert len(headings) == 6 and all(p._p.pPr.numPr is not None for p in headings)
    assert not any(HAN.search(p.text) for p in body)
    translated_lead = next(p for p in body if p.text.startswith("(1) "))
    bold_runs = [r for r in translated_lead.runs if r.text]
    assert bold_runs[0].bold and bold_runs[0].text.startswith("(1) EN text")
    assert not bold_runs[1].bold and bold_runs[1].text.startswith("EN text")
    assert [c.text for c in after.tables[0].rows[0].cells] == [
        "EN text of 2 characters",
        "EN text of 4 characters",
    ]
    assert not HAN.search(after.sections[0].header.paragraphs[0].text)
    assert any(p.text == "2022-2025" for p in after.paragraphs)  # no Chinese: left alone
    levels = after.part.numbering_part.element.findall(f".//{qn('w:abstractNum')}")
    chinese = next(a for a in levels if a.get(qn("w:abstractNumId")) == "90")
    values = [
        (lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val")))
        for lvl in chinese.findall(qn("w:lvl"))
    ]
    assert values == [("decimal", "%1."), ("decimal", "(%2)")]


@pytest.mark.parametrize(
    ("pattern", "english"),
    [("%1、", "%1."), ("（%1）", "(%1)"), ("第%1条", "Article %1"), ("第%1章", "Chapter %1"),
     ("%1.", "%1."), ("%1.%2", "%1.%2"), ("%1．%2、", "%1．%2、")],
)  # fmt: skip
def test_level_texts(pattern: str, english: str) -> None:
    assert english_level_text(pattern) == english


def test_not_a_docx_is_unreadable() -> None:
    with pytest.raises(UnreadableFile, match="not a readable ZIP"):
        docx_blocks(b"%PDF-1.7 not a zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not word")
    with pytest.raises(UnreadableFile, match=r"not a readable Word \.docx"):
        docx_blocks(out.getvalue())


def test_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    """The readers' ZIP checks (service.parsing.ingest.zipsafe) guard the in-place path too."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 50_000_000)
    assert len(out.getvalue()) < 100_000
    with pytest.raises(UnsafeFile, match="refused as a ZIP bomb"):
        docx_blocks(out.getvalue())
