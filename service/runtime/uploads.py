"""Uploaded documents: a file's bytes to what a request carries (text, or its blocks as JSON).

Every entry point (the /v1 routes and jobs, DeepL's /v2/document, LibreTranslate's
/translate_file, the page and the CLI) hands the bytes here. A binary document (PDF, DOCX,
OFD, .doc/.wps, told by its bytes, then by Content-Type or file name) is read at once, in the
sandbox, so that what can be told from the file (encrypted, no text layer, too many pages, a
bomb, truncated) is refused at upload, jobs included; the request then carries the document's
blocks (format `blocks`) and no later step reads the file again. Text is decoded as UTF-8.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath

from service.config import Config
from service.errors import InvalidEncoding, PayloadTooLarge, UnreadableFile
from service.parsing.ingest import INTERNAL, Limits, decode
from service.parsing.ingest.blocks import document_to_dict
from service.parsing.ingest.files import read_file, sniff
from service.runtime.tasks import check_length

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
                 ".htm": "html"}  # fmt: skip


@dataclass(frozen=True)
class Upload:
    """What a request carries for a file: `content` in `format`, and the file's own format."""

    content: str
    format: str
    file_format: str
    characters: int


def file_limits(config: Config) -> Limits:
    """The sandbox limits of the configuration (PD_MAX_PAGES, PD_READER_*)."""
    return Limits(config.max_pages, config.reader_cpu_s, config.reader_memory_mb << 20)


def read_upload(
    data: bytes,
    config: Config,
    content_type: str | None = None,
    filename: str | None = None,
    text_format: str = "auto",
) -> Upload:
    """The request content of an uploaded file (binary documents read now, see above).

    Raises PayloadTooLarge (file bytes or characters over the limits) and the readers' errors.
    """
    if len(data) > config.max_file_bytes:
        raise PayloadTooLarge(
            f"the file has {len(data)} bytes, over the limit of {config.max_file_bytes} "
            "(PD_MAX_FILE_BYTES)",
            {"bytes": len(data), "max_file_bytes": config.max_file_bytes},
        )
    binary = sniff(data, content_type, filename)
    if binary is None:
        text = _text(data)
        check_length(text, config.max_chars)
        return Upload(text, _text_format(filename, text_format), "text", len(text))
    document = read_file(data, binary, file_limits(config))
    texts = [block.text for block in document.blocks]
    check_length(texts, config.max_chars)
    characters = sum(len(text) for text in texts)
    content = json.dumps(document_to_dict(document), ensure_ascii=False)
    return Upload(content, INTERNAL, binary, characters)


def _text(data: bytes) -> str:
    """An uploaded file as text: bytes that are neither a document nor UTF-8 are a 422 (the
    request is well-formed; the file is not one this service reads)."""
    try:
        return decode(data)
    except InvalidEncoding as exc:
        raise UnreadableFile(
            "the file is not UTF-8 text, nor a document this service reads (PDF, DOCX, OFD, "
            f".doc, .wps): send UTF-8 text or one of those ({exc.message})",
            exc.details,
        ) from exc


def _text_format(filename: str | None, fallback: str) -> str:
    return TEXT_SUFFIXES.get(PurePath(filename or "").suffix.lower(), fallback)
