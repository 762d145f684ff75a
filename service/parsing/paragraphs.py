"""A Document of independent paragraphs: each block read on its own, in file order.

A file translated in place (a .docx: service/render/docx_inplace.py) needs one English text for
each of its paragraphs. Each block is built into a Document of its own (labels, headings and
enumerations found as in any article, but with no title taken, no boilerplate moved out and no
context from its neighbours: every paragraph of the file gets its English), and the Documents
are joined into one, so that translation batches all of them together and document jobs cut it
into units like any article. A top-level section's id starts with its block's index
(`b12.s1`, `b12.s1.p1.t1`); `block_index` reads it back.

As an ArticleRequest the blocks travel as JSON (`blocks_json`) with the format `PARAGRAPHS`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from service.document import Document, Paragraph, Section, Span
from service.errors import EmptyDocument, InvalidInput
from service.parsing.ingest.blocks import (
    Block,
    RawDocument,
    document_from_dict,
    document_to_dict,
)
from service.parsing.normalize import detect_script
from service.parsing.structure import build_document

PARAGRAPHS = "paragraphs"


def blocks_json(blocks: list[Block], source: str = "") -> str:
    """The blocks as the JSON content of a `PARAGRAPHS` request (the readers' form,
    `document_to_dict`); `source` names the file they came from (e.g. its SHA-256), so that two
    files with the same text are two requests."""
    document = RawDocument(blocks, {"source": source})
    return json.dumps(document_to_dict(document), ensure_ascii=False)


def read_blocks(content: str) -> list[Block]:
    """The blocks of a `PARAGRAPHS` request (InvalidInput when it is not such JSON)."""
    try:
        return document_from_dict(json.loads(content)).blocks
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidInput(f"content is not a list of {PARAGRAPHS} blocks: {exc}") from exc


def parse_paragraphs(content: str) -> Document:
    """One Document of the blocks in `content`, each parsed on its own (see module docstring).

    Raises EmptyDocument when no block holds text.
    """
    sections: list[Section] = []
    texts: list[str] = []
    offset = 0
    for index, block in enumerate(read_blocks(content)):
        try:
            part = build_document(RawDocument([block], {"format": PARAGRAPHS}))
        except EmptyDocument:
            continue  # a blank or symbol-only paragraph stays as it is
        sections += [_moved(s, f"b{index}.", offset) for s in part.sections]
        texts.append(part.plain_text)
        offset += len(part.plain_text) + 1
    if not sections:
        raise EmptyDocument("the file holds no paragraph with text to translate")
    plain_text = "\n".join(texts)
    metadata: dict[str, Any] = {"format": PARAGRAPHS}
    return Document(None, metadata, detect_script(plain_text), plain_text, sections)


def block_index(section_id: str) -> int:
    """The index of the block a top-level section of `parse_paragraphs` came from."""
    return int(section_id.split(".", 1)[0][1:])


def _moved(section: Section, prefix: str, offset: int) -> Section:
    """The section with every id prefixed and every span shifted by `offset`."""
    return replace(
        section,
        id=prefix + section.id,
        paragraphs=[_moved_paragraph(p, prefix, offset) for p in section.paragraphs],
        sections=[_moved(child, prefix, offset) for child in section.sections],
    )


def _moved_paragraph(paragraph: Paragraph, prefix: str, offset: int) -> Paragraph:
    sentences = [
        replace(s, id=prefix + s.id, span=Span(s.span.start + offset, s.span.end + offset))
        for s in paragraph.sentences
    ]
    enumerations = [replace(e, sentence_id=prefix + e.sentence_id) for e in paragraph.enumerations]
    return Paragraph(prefix + paragraph.id, sentences, enumerations)
