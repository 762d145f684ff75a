"""Translate a Word .docx in place: every paragraph's text replaced, everything else kept.

`docx_blocks(data)` reads the file's paragraphs in a fixed order (the body with its tables and
text boxes, then headers, footers, footnotes, endnotes and comments) as parser blocks: text,
heading style, bold. `translate_docx(data, english)` opens the same file again, walks the
paragraphs in the same order and writes each one's English into its own runs: the first run
keeps the text (and so its font, size, colour, bold), the paragraph's other runs are emptied,
so paragraph styles, numbering, tables, images, fields, page set-up, headers and footers stay
as they were. A paragraph whose bold lead ("（一）指导思想。") parsed as a heading of its own
gets the heading's English in the lead's runs and the rest in the runs after it.

Word's automatic numbering is kept and made English: Chinese counting formats become decimal
and the level text goes through the same label mapping as the translation (`%1、` → `%1.`,
`（%1）` → `(%1)`, `第%1条` → `Article %1`), so an English paragraph never shows 一、.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from service.document import walk_tree
from service.errors import UnreadableFile
from service.parsing.ingest.blocks import Block
from service.parsing.ingest.zipsafe import SafeZip
from service.parsing.paragraphs import block_index
from service.render.media import file_text
from service.translate.labels import translate_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
STORY_TYPES = tuple(
    _CT + name + "+xml" for name in ("header", "footer", "footnotes", "endnotes", "comments")
)
CHINESE_NUMBERING = {
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographDigital",
    "ideographTraditional",
    "ideographLegalTraditional",
    "ideographZodiac",
    "ideographZodiacTraditional",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
    "taiwaneseDigital",
    "japaneseCounting",
    "japaneseDigitalTenThousand",
    "japaneseLegal",
}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_PLACEHOLDER = re.compile(r"%([1-9])")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def docx_blocks(data: bytes) -> list[Block]:
    """The file's paragraphs, in the order `translate_docx` writes them (UnreadableFile or
    UnsafeFile if the bytes are not a readable .docx)."""
    document = _open(data)
    names = {style.style_id: style.name for style in document.styles}
    return [_block(p, names) for p in _paragraphs(document)]


def translate_docx(data: bytes, translation: dict[str, Any]) -> bytes:
    """The file with each paragraph's text replaced by its English from `translation`, the
    translation JSON of `parse_paragraphs(blocks_json(docx_blocks(data)))`. A paragraph with no
    English (a blank one, or one that holds no text to translate) is left as it was."""
    english = english_by_block(translation)
    document = _open(data)
    for index, paragraph in enumerate(_paragraphs(document)):
        if english.get(index):
            _write(paragraph, english[index])
    _english_numbering(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def english_by_block(translation: dict[str, Any]) -> dict[int, list[str]]:
    """Each block's English: its heading's (label and heading), then its text's, when set."""
    pieces: dict[int, list[str]] = {}
    for top in translation["sections"]:
        found = pieces.setdefault(block_index(top["id"]), [])
        for section in walk_tree([top], lambda s: s["sections"]):
            heading = " ".join(p for p in (section["label_en"], section["heading_en"]) if p)
            texts = [
                s["translation"]
                for paragraph in section["paragraphs"]
                for s in paragraph["sentences"]
                if s["translation"]
            ]
            found += [piece for piece in (heading, " ".join(texts)) if piece]
    return pieces


# -- reading


def _open(data: bytes) -> Any:
    """The python-docx Document of `data`, after the ZIP directory passed the readers' bomb
    checks (service.parsing.ingest.zipsafe)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.opc.part import PartFactory, XmlPart

    SafeZip(data, "DOCX")
    for content_type in STORY_TYPES:  # footnotes, endnotes, comments as XML, not as bytes
        PartFactory.part_type_for.setdefault(content_type, XmlPart)
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableFile(f"the file is not a readable Word .docx document: {exc}") from exc


def _paragraphs(document: Any) -> Iterator[Any]:
    """Every `w:p` with Chinese text, body first, then the other stories in part-name order
    (a paragraph without a Han character, such as a footer's `－1－`, has nothing to
    translate)."""
    stories = [p for p in document.part.package.iter_parts() if p.content_type in STORY_TYPES]
    for part in [document.part, *sorted(stories, key=lambda p: str(p.partname))]:
        for paragraph in part.element.iter(_w("p")):
            texts = _texts(paragraph)
            if (
                texts
                and not _in_fallback(paragraph)
                and _HAN.search("".join(t.text for t in texts))
            ):
                yield paragraph


def _in_fallback(element: Any) -> bool:
    """Inside `mc:Fallback`: a copy of a text box for old readers, translated via its Choice."""
    return any(a.tag == MC_FALLBACK for a in element.iterancestors())


def _texts(paragraph: Any) -> list[Any]:
    """The paragraph's own `w:t` elements (not those of a text box nested in it)."""
    return [
        t
        for t in paragraph.iter(_w("t"))
        if next(t.iterancestors(_w("p")), None) is paragraph and t.text
    ]


def _block(paragraph: Any, style_names: dict[str, str]) -> Block:
    texts = _texts(paragraph)
    bold = [_is_bold(t) for t in texts]
    return Block(
        text="".join(t.text for t in texts),
        markup_level=_heading_level(paragraph, style_names.get(paragraph.style or "", "")),
        bold=all(bold),
        bold_lead="" if all(bold) else _leading(texts, bold),
    )


def _leading(texts: list[Any], bold: list[bool]) -> str:
    """The text of the bold runs at the start of a paragraph (up to the first plain one)."""
    out = []
    for t, b in zip(texts, bold, strict=True):
        if not b:
            break
        out.append(t.text)
    return "".join(out)


def _is_bold(text: Any) -> bool:
    run = text.getparent()
    b = run.find(f"{_w('rPr')}/{_w('b')}")
    return b is not None and b.get(_w("val"), "true") not in ("0", "false", "off")


def _heading_level(paragraph: Any, name: str) -> int | None:
    """2-6 for the Title and Heading N styles (`name`) or an outline level (never 1: that is a
    title, and each paragraph here is read on its own)."""
    if name.lower() in ("title", "标题"):
        return 2
    found = _HEADING_STYLE.match(name)
    if found:
        return min(int(found.group(1)) + 1, 6)
    outline = paragraph.find(f"{_w('pPr')}/{_w('outlineLvl')}")
    if outline is not None and outline.get(_w("val"), "9").isdigit():
        level = int(outline.get(_w("val")))
        return min(level + 2, 6) if level < 9 else None
    return None


# -- writing


def _write(paragraph: Any, pieces: list[str]) -> None:
    """Put the English into the paragraph's runs (see module docstring)."""
    texts = _texts(paragraph)
    bold = [_is_bold(t) for t in texts]
    split = next((i for i, b in enumerate(bold) if not b), 0) if bold[0] else 0
    if len(pieces) == 2 and split > 0:
        groups = [texts[:split], texts[split:]]
    else:
        groups, pieces = [texts], [" ".join(p for p in pieces if p)]
    for group, piece in zip(groups, [file_text(p) for p in pieces], strict=True):
        for index, element in enumerate(group):
            element.text = piece if index == 0 else ""
            if index == 0 and piece != piece.strip():
                element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _english_numbering(document: Any) -> None:
    """Chinese list formats → decimal, and level texts mapped like labels (module docstring)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    except KeyError:
        return
    for level in numbering.iter(_w("lvl")):
        fmt = level.find(_w("numFmt"))
        if fmt is not None and fmt.get(_w("val")) in CHINESE_NUMBERING:
            fmt.set(_w("val"), "decimal")
        text = level.find(_w("lvlText"))
        if text is not None:
            text.set(_w("val"), english_level_text(text.get(_w("val"), "")))


def english_level_text(pattern: str) -> str:
    """A numbering level's text in English (`第%1条` → `Article %1`); unchanged when it holds
    no Chinese or more than one number."""
    numbers = _PLACEHOLDER.findall(pattern)
    if len(numbers) != 1 or pattern.isascii():
        return pattern
    placeholder = f"%{numbers[0]}"
    english = translate_label(pattern.replace(placeholder, "一"))
    if english.count("1") != 1:
        return pattern
    return english.replace("1", placeholder)
