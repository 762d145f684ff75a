"""Word (.docx) views of a translation or a digest: the bilingual file editors forward, and an
English-only file (DeepL's document API with `output_format=docx`).

Both work on the JSON bodies (`translation_json`, `build_digest`), so a job's stored result
renders as a synchronous one does. The bilingual file:

- title: the English title (Title style) above the source title (Subtitle), then one line that
  says it is a machine translation, by which model, and how to read it;
- for a digest, the outline first (heading "Outline": each outline section in bold, its points
  as bullets, English with the source sentence under it), then the heading "Translation";
- each section's heading as a Word heading at its level (English, then the source heading on a
  second line of the same heading, so the navigation pane and a table of contents list both),
  then a two-column table, source left and English right, one row per paragraph. Side by side
  rather than paired paragraphs: each English paragraph sits level with its source however long
  either is, so an editor (or a colleague who reads Chinese) checks a sentence without
  scrolling, and the file stays half as long; this is also how bilingual (中英对照) legal texts
  are laid out. Sentences the fidelity checks flagged are highlighted in yellow;
- A4, 2 cm margins, the source title in the page header, page numbers in the footer; Latin
  text in Calibri and Chinese in SimSun (宋体) / SimHei (黑体) for headings, set as the
  `eastAsia` font so Word shows the Chinese with a Chinese font.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from docx.document import Document as WordDocument
from docx.enum.text import WD_COLOR_INDEX, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from service.document import walk_tree
from service.render.media import file_text

LATIN_FONT = "Calibri"
BODY_CJK_FONT = "SimSun"
HEADING_CJK_FONT = "SimHei"
MAX_WORD_HEADING = 9
NOTE_GREY = RGBColor(0x59, 0x59, 0x59)
LABEL_ENDINGS = "、，,.．:：)）]】」"


def bilingual_docx(body: dict[str, Any]) -> bytes:
    """The bilingual Word file of a /v1/translate or /v1/digest JSON body (module docstring)."""
    translation = body["translation"] if "outline" in body else body
    title = body["title"] or {}
    source_title = title.get("text") or ""
    word = _new_document(source_title or title.get("translation") or "")
    _title(word, title.get("translation") or source_title, source_title)
    _note(word, translation.get("model", {}).get("name", "a machine translation model"))
    shift = 0
    if "outline" in body:
        word.add_heading("Outline", level=1)
        for node in body["outline"]:
            _outline_node(word, node, 0)
        word.add_heading("Translation", level=1)
        shift = 1
    for section in _walk(translation["sections"]):
        _bilingual_section(word, section, shift)
    return _saved(word)


def english_docx(translation: dict[str, Any]) -> bytes:
    """An English Word file of a translation JSON: title, headings as Word headings, paragraphs."""
    title = (translation.get("title") or {}).get("translation") or ""
    word = _new_document(title)
    if title:
        word.add_paragraph(file_text(title), style="Title")
    for section in _walk(translation["sections"]):
        heading = _english_heading(section)
        if section["level"] > 0 and heading:
            word.add_heading(file_text(heading), level=min(section["level"], MAX_WORD_HEADING))
        for paragraph in section["paragraphs"]:
            text = " ".join(s["translation"] for s in paragraph["sentences"] if s["translation"])
            if text:
                word.add_paragraph(file_text(text))
    return _saved(word)


# -- the document and its styles


def _new_document(header: str) -> WordDocument:
    import docx

    word = docx.Document()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    _fonts(word)
    if header:
        paragraph = section.header.paragraphs[0]
        _grey(paragraph.add_run(file_text(header)), 8)
    _page_number(section.footer.paragraphs[0])
    return word


def _fonts(word: WordDocument) -> None:
    """Calibri for Latin text, SimSun (SimHei in headings) for Chinese, in every style used."""
    styles = word.styles
    _font(styles["Normal"], BODY_CJK_FONT, Pt(10.5))
    for name in ("Title", "Subtitle", *(f"Heading {n}" for n in range(1, MAX_WORD_HEADING + 1))):
        _font(styles[name], HEADING_CJK_FONT, None)


def _font(style: Any, east_asia: str, size: Any) -> None:
    style.font.name = LATIN_FONT
    if size is not None:
        style.font.size = size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):  # theme fonts win else
        fonts.attrib.pop(qn(theme), None)


def _page_number(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)


def _grey(run: Any, size: float) -> Any:
    run.font.size = Pt(size)
    run.font.color.rgb = NOTE_GREY
    return run


def _saved(word: WordDocument) -> bytes:
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# -- the bilingual parts


def _title(word: WordDocument, english: str, source: str) -> None:
    if english:
        word.add_paragraph(file_text(english), style="Title")
    if source and source != english:
        word.add_paragraph(file_text(source), style="Subtitle")


def _note(word: WordDocument, model: str) -> None:
    note = word.add_paragraph()
    _grey(
        note.add_run(
            f"Machine translation ({model}): Chinese source on the left, English on the right. "
            "Sentences highlighted in yellow were flagged by the fidelity checks; check the "
            "source before quoting."
        ),
        9,
    ).italic = True


def _outline_node(word: WordDocument, node: dict[str, Any], depth: int) -> None:
    english = _english_heading(node)
    source = _source_heading(node)
    if english or source:
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.6 * depth)
        paragraph.add_run(file_text(english or source)).bold = True
        if english and source:
            _grey(paragraph.add_run(file_text("　" + source)), 9)
    for point in node["points"]:
        item = word.add_paragraph(style="List Bullet" if depth == 0 else "List Bullet 2")
        item.add_run(file_text(point.get("translation") or point["text"]))
        if point.get("translation"):
            item.add_run().add_break()
            _grey(item.add_run(file_text(point["text"])), 9)
    for child in node["children"]:
        _outline_node(word, child, depth + 1)


def _bilingual_section(word: WordDocument, section: dict[str, Any], shift: int) -> None:
    english, source = _english_heading(section), _source_heading(section)
    if section["level"] > 0 and (english or source):
        level = min(section["level"] + shift, MAX_WORD_HEADING)
        heading = word.add_heading(file_text(english or source), level=level)
        if english and source:
            heading.add_run().add_break()
            heading.add_run(file_text(source))
    if not section["paragraphs"]:
        return
    table = word.add_table(rows=0, cols=2)
    table.style = word.styles["Table Grid"]
    for paragraph in section["paragraphs"]:
        left, right = table.add_row().cells
        left.text = file_text("".join(s["text"] for s in paragraph["sentences"]))
        _english_cell(right, paragraph["sentences"])


def _english_cell(cell: _Cell, sentences: list[dict[str, Any]]) -> None:
    paragraph = cell.paragraphs[0]
    for index, sentence in enumerate(sentences):
        run = paragraph.add_run(file_text(("" if index == 0 else " ") + sentence["translation"]))
        if sentence.get("flags"):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _english_heading(node: dict[str, Any]) -> str:
    return " ".join(p for p in (node.get("label_en"), node.get("heading_en")) if p)


def _source_heading(node: dict[str, Any]) -> str:
    """The label and heading as the source has them: `一、总体要求`, `第一章　总则`."""
    label, heading = node.get("label") or "", node.get("heading") or ""
    gap = "　" if label and heading and label[-1] not in LABEL_ENDINGS else ""
    return label + gap + heading


def _walk(sections: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return walk_tree(sections, lambda section: section["sections"])
