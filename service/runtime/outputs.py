"""Document files out: what a translated document file is written as (docs/formats.md).

The file outputs of the document routes (DeepL's /v2/document, LibreTranslate's
/translate_file), each a view of the translation JSON: `docx` is the uploaded .docx translated in
place (service.render.docx_inplace), `word` an English Word file (service.render.word), `pdf`
an English PDF (service.render.pdf). A .docx translated in place is read as its own paragraphs
(`in_place_content`), so that each one's English can be written back where it was.
"""

from __future__ import annotations

import hashlib
from typing import Any

from service.config import Config
from service.parsing.paragraphs import PARAGRAPHS, blocks_json
from service.runtime.tasks import check_length

FILE_OUTPUTS = ("docx", "word", "pdf")
SUFFIXES = {"docx": ".docx", "word": ".docx", "pdf": ".pdf"}


def in_place_content(data: bytes, config: Config) -> tuple[str, str]:
    """The request content and format of a .docx to be translated in place: its paragraphs
    (service.parsing.paragraphs), the file's SHA-256 naming them, so that two files with the
    same text and different formatting are two requests. Raises PayloadTooLarge."""
    from service.render.docx_inplace import docx_blocks

    blocks = docx_blocks(data)
    check_length([b.text for b in blocks], config.max_chars)
    return blocks_json(blocks, hashlib.sha256(data).hexdigest()), PARAGRAPHS


def check_fonts(config: Config) -> None:
    """FontMissing (503) now, before any work, when the PDF's Latin font is missing (the CJK
    font is needed, and checked, only when the English holds characters the Latin font lacks)."""
    from service.render.pdf import fonts_of

    fonts_of(config).check()


def file_view(output: str, body: dict[str, Any], config: Config, original: bytes = b"") -> bytes:
    """The translation JSON `body` as the file `output` (one of FILE_OUTPUTS); `original` is the
    uploaded .docx that `docx` writes into."""
    if output == "docx":
        from service.render.docx_inplace import translate_docx

        return translate_docx(original, body)
    if output == "word":
        from service.render.word import english_docx

        return english_docx(body)
    from service.render.pdf import english_pdf, fonts_of

    return english_pdf(body, fonts_of(config))
