"""Write a .docx whose headings use Word's automatic numbering, from a 公文's plain text.

The first line becomes a paragraph in the Title style; a line opening with 一、 becomes a
Heading 1 paragraph numbered by list level 0 (`chineseCounting`, `%1、`) with its label removed
from the text; a line opening with （一） becomes a body paragraph numbered by level 1
(`chineseCounting`, `（%2）`) with its first sentence in bold (a run-in heading). Other lines are
body paragraphs. Level 1 restarts under each level-0 heading, as Word's multilevel lists do by
default (the printed 公文 counts its （一）… on across parts; Word needs `lvlRestart` 0 for
that, which LibreOffice ignores, so the fixture keeps the default both render alike).

Usage: `python scripts/make_numbered_docx.py IN.txt OUT.docx` (the fixture
tests/fixtures/formats/enterprise-data-opinions.docx is made from the .txt beside it).
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

# ruff: noqa: E501  (OOXML part templates: one relationship or override per line)

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_LEVEL0 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL1 = re.compile(r"^（[一二三四五六七八九十]+）")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>
<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
</w:styles>"""
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {NS}>
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""


def paragraph(text: str, style: str = "", level: int | None = None, bold_lead: str = "") -> str:
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if level is not None:
        properties += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>'
    runs = ""
    if bold_lead:
        runs += f"<w:r><w:rPr><w:b/></w:rPr><w:t>{escape(bold_lead)}</w:t></w:r>"
    runs += f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    return f"<w:p><w:pPr>{properties}</w:pPr>{runs}</w:p>"


def document_xml(lines: list[str]) -> str:
    body = [paragraph(lines[0], "Title")]
    for line in lines[1:]:
        if _LEVEL0.match(line):
            body.append(paragraph(_LEVEL0.sub("", line), "Heading1", 0))
        elif _LEVEL1.match(line):
            rest = _LEVEL1.sub("", line)
            lead, _, tail = rest.partition("。")
            body.append(paragraph(tail, level=1, bold_lead=lead + "。"))
        else:
            body.append(paragraph(line))
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>{"".join(body)}</w:body></w:document>'


def write_docx(lines: list[str], out: Path) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        archive.writestr("word/document.xml", document_xml(lines))
        archive.writestr("word/styles.xml", STYLES)
        archive.writestr("word/numbering.xml", NUMBERING)


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    write_docx([x.strip() for x in source.read_text().splitlines() if x.strip()], target)
