"""Word (.docx) to blocks: paragraphs, Title and Heading styles, tables, footnotes, numbering.

The body is read in document order: each paragraph is a block, and a table gives the
paragraphs of its cells row by row, cell by cell (content controls are entered, merged-cell
continuations are empty). A paragraph in the Title style is the title (`markup_level` 1);
Heading N styles, and styles with an outline level, are `markup_level` N + 1. Word's
automatic numbering is rendered in front of the text as Word shows it (service.parsing.ingest
.numbering), so `一、` and `（一）` reach the structure stage as labels. Bold runs give `bold`
and `bold_lead` as bold HTML does. A footnote reference becomes `[n]` in the text and the
footnotes follow the body as blocks `[n] text`.

Dropped: headers and footers, comments, deleted revisions, field codes (the field's shown
result is kept), images. A text box's text joins the paragraph that anchors it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from service.parsing.ingest.blocks import Block, RawDocument
from service.parsing.ingest.numbering import Numbering, W
from service.parsing.ingest.zipsafe import SafeZip

_HEADING = re.compile(r"^heading\s*(\d)$", re.I)
_SPACES = re.compile(r"[ \t\u00a0]+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\n(?=[\u3000-\u9fff\uff00-\uffef])")
MAX_MARKUP_LEVEL = 6
MAX_OUTLINE_LEVEL = 9  # outlineLvl 9 is body text


@dataclass
class _Style:
    name: str = ""
    based_on: str = ""
    outline: int | None = None
    bold: bool = False
    num: tuple[str, int] | None = None


@dataclass
class _Reader:
    styles: dict[str, _Style]
    numbering: Numbering
    footnotes: dict[str, str]
    cited: list[str] = field(default_factory=list)
    default_style: str = ""


def read_docx(data: bytes) -> RawDocument:
    """The blocks of a Word document (see the module docstring)."""
    archive = SafeZip(data, "DOCX")
    root = archive.xml("word/document.xml")
    styles, default = _styles(archive)
    reader = _Reader(
        styles,
        Numbering.from_xml(archive.xml("word/numbering.xml"))
        if archive.has("word/numbering.xml")
        else Numbering(),
        _footnotes(archive),
        default_style=default,
    )
    body = root.find(f"{W}body")
    blocks = list(_blocks(body, reader)) if body is not None else []
    blocks += [Block(text=f"[{n}] {reader.footnotes[n]}") for n in reader.cited]
    return RawDocument(blocks, {"format": "docx"})


def _blocks(container: Any, reader: _Reader) -> Iterator[Block]:
    for child in container:
        tag = child.tag
        if tag == f"{W}p":
            block = _paragraph(child, reader)
            if block is not None:
                yield block
        elif tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                for cell in row.findall(f"{W}tc"):
                    yield from _blocks(cell, reader)
        elif tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content, reader)


def _paragraph(paragraph: Any, reader: _Reader) -> Block | None:
    properties = paragraph.find(f"{W}pPr")
    style = reader.styles.get(_style_id(properties) or reader.default_style, _Style())
    runs = list(_runs(paragraph, reader))
    text = _clean("".join(text for text, _ in runs))
    label = _number(properties, style, reader)
    if not text:
        return None
    visible = [(t, bold or style.bold) for t, bold in runs if t.strip()]
    all_bold = all(bold for _, bold in visible)
    lead = ""
    if not all_bold:
        lead = _clean("".join(t for t, _ in _leading(visible)))
    level = _markup_level(style, reader)
    if label:
        text = label + text
        lead = label + lead if lead else lead
    return Block(text=text, markup_level=level, bold=all_bold, bold_lead=lead)


def _leading(runs: list[tuple[str, bool]]) -> Iterator[tuple[str, bool]]:
    for run in runs:
        if not run[1]:
            return
        yield run


def _runs(paragraph: Any, reader: _Reader) -> Iterator[tuple[str, bool]]:
    """(text, bold) of each run, in order; field codes and deleted text are skipped."""
    for element in paragraph.iter():
        if element.tag != f"{W}r":
            continue
        bold = _bold(element.find(f"{W}rPr"))
        for part in element:
            if part.tag == f"{W}t":
                yield part.text or "", bold
            elif part.tag in (f"{W}tab",):
                yield " ", bold
            elif part.tag in (f"{W}br", f"{W}cr"):
                yield "\n", bold
            elif part.tag == f"{W}footnoteReference":
                note = str(part.get(f"{W}id"))
                if note in reader.footnotes:
                    reader.cited.append(note)
                    yield f"[{note}]", False


def _bold(properties: Any) -> bool:
    if properties is None:
        return False
    element = properties.find(f"{W}b")
    return element is not None and element.get(f"{W}val") not in ("0", "false", "off")


def _clean(text: str) -> str:
    text = _CJK_GAP.sub("", text)
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def _style_id(properties: Any) -> str | None:
    if properties is None:
        return None
    style = properties.find(f"{W}pStyle")
    return None if style is None else style.get(f"{W}val")


def _number(properties: Any, style: _Style, reader: _Reader) -> str:
    num = None
    if properties is not None:
        found = properties.find(f"{W}numPr")
        if found is not None:
            num_id, ilvl = found.find(f"{W}numId"), found.find(f"{W}ilvl")
            num = (
                "" if num_id is None else str(num_id.get(f"{W}val")),
                0 if ilvl is None else int(ilvl.get(f"{W}val") or 0),
            )
    num = num or style.num
    if num is None or num[0] in ("", "0"):
        return ""
    return reader.numbering.label(*num)


def _markup_level(style: _Style, reader: _Reader) -> int | None:
    """1 for Title, N + 1 for Heading N (or outline level N - 1), following `basedOn`."""
    seen = set()
    while style.name and style.name not in seen:
        seen.add(style.name)
        if style.name.lower() in ("title", "标题"):
            return 1
        match = _HEADING.match(style.name)
        if match:
            return min(int(match.group(1)) + 1, MAX_MARKUP_LEVEL)
        if style.outline is not None and style.outline < MAX_OUTLINE_LEVEL:
            return min(style.outline + 2, MAX_MARKUP_LEVEL)
        style = reader.styles.get(style.based_on, _Style())
    return None


def _styles(archive: SafeZip) -> tuple[dict[str, _Style], str]:
    """Paragraph styles by id, and the default paragraph style's id."""
    if not archive.has("word/styles.xml"):
        return {}, ""
    styles: dict[str, _Style] = {}
    default = ""
    for element in archive.xml("word/styles.xml").iter(f"{W}style"):
        style_id = str(element.get(f"{W}styleId") or "")
        if element.get(f"{W}default") in ("1", "true") and element.get(f"{W}type") == "paragraph":
            default = style_id
        styles[style_id] = _style(element)
    return styles, default


def _style(element: Any) -> _Style:
    def value(path: str) -> str | None:
        found = element.find(path)
        return None if found is None else found.get(f"{W}val")

    outline = value(f"{W}pPr/{W}outlineLvl")
    num_id = value(f"{W}pPr/{W}numPr/{W}numId")
    ilvl = value(f"{W}pPr/{W}numPr/{W}ilvl")
    return _Style(
        name=value(f"{W}name") or "",
        based_on=value(f"{W}basedOn") or "",
        outline=int(outline) if outline and outline.isdigit() else None,
        bold=_bold(element.find(f"{W}rPr")),
        num=(num_id, int(ilvl or 0)) if num_id else None,
    )


def _footnotes(archive: SafeZip) -> dict[str, str]:
    if not archive.has("word/footnotes.xml"):
        return {}
    notes = {}
    for note in archive.xml("word/footnotes.xml").iter(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator"):
            continue
        text = _clean("".join(t.text or "" for t in note.iter(f"{W}t")))
        if text:
            notes[str(note.get(f"{W}id"))] = text
    return notes
