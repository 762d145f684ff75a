"""Uploaded files: translate one into the same format, and keep results for a limited time.

Formats: `.txt` (plain text, one paragraph per line), `.md` (Markdown: headings and
paragraphs), `.html`/`.htm` (the markup kept byte for byte, only the text runs translated);
documents (`.pdf`, `.docx`, `.ofd`, `.doc`, `.wps`) are read as by every entry point.
The store is a directory shared by all workers; a stored file is readable for `ttl_s` seconds
after it was written and swept on the next write after that.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from service.errors import InvalidInput
from service.parsing.ingest.files import BINARY_FORMATS
from service.runtime.state import ServiceState, TranslationStats
from service.runtime.tasks import check_length
from service.runtime.texts import Check, translate_texts
from service.runtime.uploads import read_upload

FILE_FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
DOCUMENT_SUFFIXES = tuple(f".{fmt}" for fmt in BINARY_FORMATS)
UPLOAD_SUFFIXES = (*FILE_FORMATS, *DOCUMENT_SUFFIXES)
MEDIA_TYPES = {"text": "text/plain", "markdown": "text/markdown", "html": "text/html"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_STORED = re.compile(r"^[0-9a-f]{32}\.[A-Za-z0-9._-]{1,200}$")


def check_upload_name(filename: str) -> None:
    """InvalidInput unless the name ends in a text or document suffix this service reads."""
    if Path(filename).suffix.lower() not in DOCUMENT_SUFFIXES:
        file_format(filename)


def file_format(filename: str) -> str:
    """`text`, `markdown` or `html` from the file name's extension, else InvalidInput."""
    suffix = Path(filename).suffix.lower()
    if suffix not in FILE_FORMATS:
        raise InvalidInput(
            f"file type {suffix or '(none)'!r} is not supported; send one of "
            f"{', '.join(FILE_FORMATS)}",
            {"accepted": list(FILE_FORMATS)},
        )
    return FILE_FORMATS[suffix]


@dataclass
class TranslatedFile:
    """A translated file's bytes, its source language and what it cost."""

    data: bytes
    source: str
    confidence: float | None
    stats: TranslationStats
    filename: str


def translate_file(
    data: bytes,
    filename: str,
    source: str,
    target: str,
    state: ServiceState,
    cancelled: Check | None = None,
) -> TranslatedFile:
    """The file translated into `target`: text files in the format they came in (UTF-8);
    a document (PDF, DOCX, OFD, .doc, .wps) read as every entry point reads it, its
    translation as plain text named `<name>.txt` (the same-format writers are issue 20's part 4).

    Raises InvalidInput (type), InvalidEncoding (not UTF-8 text), PayloadTooLarge, the file
    readers' errors and the translation errors of `translate_texts`.
    """
    from service.parsing.ingest import decode
    from service.parsing.ingest.files import sniff

    if sniff(data, None, filename) is not None:
        upload = read_upload(data, state.config, None, filename)
        text, fmt, filename = upload.content, upload.format, f"{Path(filename).stem}.txt"
    else:
        fmt = file_format(filename)
        text = decode(data)
        check_length(text, state.config.max_chars)
    results = translate_texts([text], source, target, fmt, state, cancelled)
    return TranslatedFile(
        results.translations[0].encode(),
        results.sources[0],
        results.confidences[0],
        results.stats,
        filename,
    )


@dataclass(frozen=True)
class FileStore:
    """Translated files on disk under `root`, each readable for `ttl_s` seconds."""

    root: Path
    ttl_s: int

    def put(self, filename: str, data: bytes) -> str:
        """Store `data`; returns the token (`<uuid>.<safe name>`) that reads it back."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.sweep()
        safe = _UNSAFE.sub("_", Path(filename).name).strip("._")[:200] or "file"
        token = f"{uuid.uuid4().hex}.{safe}"
        partial = self.root / f".{token}.part"
        partial.write_bytes(data)
        partial.replace(self.root / token)  # readers never see a half-written file
        return token

    def get(self, token: str) -> bytes | None:
        """The stored bytes, or None for a token that is malformed, unknown or expired."""
        if not _STORED.match(token):
            return None
        path = self.root / token
        try:
            if time.time() - path.stat().st_mtime > self.ttl_s:
                return None
            return path.read_bytes()
        except FileNotFoundError:
            return None

    def sweep(self) -> None:
        """Delete stored files older than the time limit."""
        cutoff = time.time() - self.ttl_s
        for path in self.root.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
            except FileNotFoundError:  # another worker swept it first
                continue


def download_name(token: str) -> str:
    """The file name a stored file is offered under: the token without its uuid."""
    return token.split(".", 1)[1]
