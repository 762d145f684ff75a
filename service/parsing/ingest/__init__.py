"""Ingestion: raw bytes or text in a declared format to blocks plus metadata.

`ingest(raw, format)` tells binary documents (PDF, DOCX, OFD, legacy Word) by their bytes and
reads them in the sandbox (service.parsing.ingest.files); text it decodes strictly (UTF-8, BOM
allowed), splits YAML front matter, detects the format when asked for `auto` and dispatches to
the HTML / Markdown / text readers. Every reader's blocks then go through the same steps: the
table of contents to metadata.contents, boilerplate lines to metadata.

The internal format `blocks` is a RawDocument as JSON (`document_to_dict`): what a request
carries once its file was read at upload, so jobs never read the file twice.
"""

from __future__ import annotations

import codecs
import json
import re

from service.errors import EmptyDocument, InvalidEncoding, InvalidInput
from service.parsing.ingest.blocks import Block, RawDocument, document_from_dict
from service.parsing.ingest.boilerplate import split_boilerplate
from service.parsing.ingest.contents import split_contents
from service.parsing.ingest.files import BINARY_FORMATS, read_file, sniff
from service.parsing.ingest.frontmatter import split_front_matter
from service.parsing.ingest.html import html_to_blocks, strip_invisible
from service.parsing.ingest.markdown import markdown_to_blocks
from service.parsing.ingest.sandbox import Limits
from service.parsing.ingest.text import text_to_blocks

TEXT_FORMATS = ("auto", "html", "markdown", "text")
FORMATS = (*TEXT_FORMATS, *BINARY_FORMATS)
INTERNAL = "blocks"  # a RawDocument as JSON, read from a file at upload
_HTML_HINT = re.compile(
    r"<(?:!doctype|html|body|p|div|br|h[1-6]|span|strong|b|table|article|section|ul|ol|li)\b",
    re.I,
)
# Markdown's marks; a PDF copy's page-number line (- 1 -) is no list item.
_MARKDOWN_HINT = re.compile(
    r"^(?:#{1,6}\s|\*\*|[-*+]\s(?!\s*\d{1,4}\s*-\s*$)|>\s|\d+\.\s|!\[|\|)|\*\*[^*\n]+\*\*", re.M
)

__all__ = [
    "FORMATS",
    "INTERNAL",
    "Block",
    "Limits",
    "RawDocument",
    "decode",
    "detect_format",
    "ingest",
    "read_body",
]


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes | str) -> str:
    """Decode bytes as UTF-8, or as UTF-16/32 when a byte-order mark says so.

    NUL characters are removed (they are never text). Invalid bytes are a clear error.
    """
    if isinstance(raw, str):
        text = raw
    else:
        encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), "utf-8")
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InvalidEncoding(
                f"input is not valid {encoding.upper()} (byte {exc.start}): send UTF-8 text",
                {"position": exc.start, "encoding": encoding},
            ) from exc
    return text.lstrip("\ufeff").replace("\x00", "")


def detect_format(text: str) -> str:
    """Guess html, markdown or text from the content (front matter implies Markdown)."""
    head = text[:20000]
    if text.startswith("---") or _MARKDOWN_HINT.search(head):
        return "markdown"
    if _HTML_HINT.search(head):
        return "html"
    return "text"


def ingest(raw: bytes | str, format: str = "auto", limits: Limits | None = None) -> RawDocument:
    """Read an article into content blocks and metadata (contents and boilerplate moved there).

    Raises:
        InvalidInput: unknown format name.
        InvalidEncoding: bytes that are not UTF-8 (and no binary document).
        EmptyDocument: nothing but whitespace or markup.
        and the file readers' errors (service.parsing.ingest.files.read_file).
    """
    document = read_body(raw, format, limits)
    document.blocks = split_contents(document.blocks, document.metadata)
    document.blocks = split_boilerplate(document.blocks, document.metadata)
    if not document.blocks and document.metadata.get("format") in BINARY_FORMATS:
        raise EmptyDocument("the document holds no text besides page numbers and headers")
    return document


def read_body(raw: bytes | str, format: str = "auto", limits: Limits | None = None) -> RawDocument:
    """Every block of the article body, boilerplate included, with front matter and title.

    These blocks are the article's body text: ingest and structure account for each of their
    characters (tests/unit/test_nothing_lost.py). Raises as `ingest` does.
    """
    if format == INTERNAL:
        return document_from_dict(json.loads(raw))
    if format not in FORMATS:
        raise InvalidInput(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    binary = sniff(raw) if isinstance(raw, bytes) and format in ("auto", *BINARY_FORMATS) else None
    if binary is not None or format in BINARY_FORMATS:
        if isinstance(raw, str):
            raise InvalidInput(
                f"format {format!r} needs the file's bytes (content_base64), not text",
                {"field": "format"},
            )
        return read_file(raw, binary or format, limits)
    text = decode(raw)
    if not text.strip():
        raise EmptyDocument("the input is empty: send the article text")
    metadata, body = split_front_matter(text) if format != "html" else ({}, text)
    fmt = detect_format(text) if format == "auto" else format
    blocks, title = _read_blocks(body, fmt)
    metadata["format"] = fmt
    return RawDocument(blocks=blocks, metadata=metadata, title=_title(metadata, title))


def _read_blocks(body: str, fmt: str) -> tuple[list[Block], str | None]:
    if fmt == "html":
        return html_to_blocks(body)
    if fmt == "markdown":
        return markdown_to_blocks(body), None
    return text_to_blocks(body), None


def _title(metadata: dict[str, object], markup_title: str | None) -> str | None:
    title = metadata.get("title")
    if isinstance(title, str) and strip_invisible(title).strip():
        return strip_invisible(title).strip()
    return markup_title
