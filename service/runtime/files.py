"""Uploaded files: translate one into the same format, and keep results for a limited time.

Formats: `.txt` (plain text, one paragraph per line), `.md` (Markdown: headings and
paragraphs), `.html`/`.htm` (the markup kept byte for byte, only the text runs translated);
documents (`.pdf`, `.docx`, `.ofd`, `.doc`, `.wps`) are read as by every entry point and
answered as DOCUMENT_OUTPUTS says.
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
from service.render.media import DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE
from service.runtime import tasks
from service.runtime.outputs import SUFFIXES, check_fonts, file_view, in_place_content
from service.runtime.state import ServiceState, TranslationStats
from service.runtime.tasks import ArticleRequest, check_length
from service.runtime.texts import Check, translate_texts
from service.runtime.uploads import read_upload

FILE_FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
DOCUMENT_SUFFIXES = tuple(f".{fmt}" for fmt in BINARY_FORMATS)
UPLOAD_SUFFIXES = (*FILE_FORMATS, *DOCUMENT_SUFFIXES)
MEDIA_TYPES = {"text": "text/plain", "markdown": "text/markdown", "html": "text/html"}
# A document is answered in its own format where a writer exists: a .docx translated in place,
# an English PDF for a PDF; an English Word file for .doc/.wps (as DeepL answers a .doc), an
# English PDF for an OFD (no OFD is written).
DOCUMENT_OUTPUTS = {"docx": "docx", "pdf": "pdf", "doc": "word", "wps": "word", "ofd": "pdf"}
DOWNLOAD_MEDIA_TYPES = {
    **{suffix: MEDIA_TYPES[fmt] for suffix, fmt in FILE_FORMATS.items()},
    ".docx": DOCX_MEDIA_TYPE,
    ".pdf": PDF_MEDIA_TYPE,
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_STORED = re.compile(r"^[0-9a-f]{32}\.[A-Za-z0-9._-]{1,200}$")


def check_upload_name(filename: str) -> None:
    """InvalidInput unless the name ends in a text or document suffix this service reads."""
    if Path(filename).suffix.lower() not in DOCUMENT_SUFFIXES:
        file_format(filename)


def file_format(filename: str) -> str:
    """`text`, `markdown` or `html` from the file name's extension, else InvalidInput (naming
    every suffix an upload may have, documents included)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in FILE_FORMATS:
        raise InvalidInput(
            f"file type {suffix or '(none)'!r} is not supported; send one of "
            f"{', '.join(UPLOAD_SUFFIXES)}",
            {"accepted": list(UPLOAD_SUFFIXES)},
        )
    return FILE_FORMATS[suffix]


@dataclass
class TranslatedFile:
    """A translated file's bytes, what it cost, and the name it is offered under."""

    data: bytes
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
    a document (PDF, DOCX, OFD, .doc, .wps) read as every entry point reads it and written as
    DOCUMENT_OUTPUTS says (service.runtime.outputs).

    Raises InvalidInput (type), InvalidEncoding (not UTF-8 text), PayloadTooLarge, the file
    readers' errors, FontMissing and the translation errors.
    """
    from service.parsing.ingest import decode
    from service.parsing.ingest.files import sniff

    if sniff(data, None, filename) is not None:
        return _translate_document(data, filename, source, target, state, cancelled)
    fmt = file_format(filename)
    text = decode(data)
    check_length(text, state.config.max_chars)
    results = translate_texts([text], source, target, fmt, state, cancelled)
    return TranslatedFile(results.translations[0].encode(), results.stats, filename)


def _translate_document(
    data: bytes,
    filename: str,
    source: str,
    target: str,
    state: ServiceState,
    cancelled: Check | None,
) -> TranslatedFile:
    """A document translated as /v1/translate translates it, then written as a file."""
    upload = read_upload(data, state.config, None, filename)  # the readers' refusals first
    output = DOCUMENT_OUTPUTS[upload.file_format]
    if output == "pdf":
        check_fonts(state.config)
    content, fmt = upload.content, upload.format
    if output == "docx":
        content, fmt = in_place_content(data, state.config)
    request = ArticleRequest(content, fmt, source_lang=source, target_lang=target)
    result = tasks.translate(request, state, cancelled)
    english = file_view(output, result.body, state.config, data)
    return TranslatedFile(english, result.stats, Path(filename).stem + SUFFIXES[output])


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


def download_media_type(name: str) -> str:
    """The media type of a stored file, by its name's suffix."""
    return DOWNLOAD_MEDIA_TYPES.get(Path(name).suffix.lower(), MEDIA_TYPES["text"])
