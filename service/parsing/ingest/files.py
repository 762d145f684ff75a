"""Binary documents: tell the format, convert legacy Word, read in the sandbox.

The format is told by the bytes first (`%PDF-`; a ZIP holding `word/document.xml` is DOCX, one
holding `OFD.xml` is OFD; an OLE2 compound file is legacy Word, `.wps` by its name), then by the
declared Content-Type or file name. Legacy `.doc` and `.wps` are converted to DOCX by
LibreOffice headless when `soffice` is on the PATH; without it they are refused naming the fix.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path, PurePath

from service.errors import UnreadableFile, UnsafeFile, UnsupportedMediaType
from service.parsing.ingest.blocks import RawDocument, document_from_dict
from service.parsing.ingest.sandbox import Limits, run_reader

BINARY_FORMATS = ("pdf", "docx", "ofd", "doc", "wps")
MEDIA_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/ofd": "ofd",
    "application/msword": "doc",
    "application/vnd.ms-works": "wps",
    "application/kswps": "wps",
    "application/wps-office.wps": "wps",
}
SUFFIXES = {f".{fmt}": fmt for fmt in BINARY_FORMATS}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
PDF_HEAD_BYTES = 1024  # PDF readers accept the %PDF- header within the first kilobyte
CONVERT_TIMEOUT_S = 120


def sniff(data: bytes, content_type: str | None = None, filename: str | None = None) -> str | None:
    """The binary format of `data` (`pdf`, `docx`, `ofd`, `doc`, `wps`), or None for text."""
    declared = MEDIA_TYPES.get((content_type or "").split(";")[0].strip().lower())
    named = SUFFIXES.get(PurePath(filename or "").suffix.lower())
    if b"%PDF-" in data[:PDF_HEAD_BYTES]:
        return "pdf"
    if data.startswith(_ZIP):
        return _zip_format(data) or declared or named or "zip"
    if data.startswith(_OLE2):
        return "wps" if "wps" in (declared, named) else "doc"
    if declared or named:
        return declared or named
    return None


def _zip_format(data: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or "ofd.xml" in {n.lower() for n in names}:
        return "ofd"
    return None


def read_file(data: bytes, fmt: str, limits: Limits | None = None) -> RawDocument:
    """The blocks and metadata of a binary document (read in the sandbox).

    Raises UnreadableFile (a ZIP that is neither DOCX nor OFD), UnsupportedMediaType (legacy
    Word without LibreOffice), and the readers' NoTextLayer, EncryptedFile, TooManyPages,
    UnreadableFile and UnsafeFile.
    """
    limits = limits or Limits()
    if fmt == "zip":
        raise UnreadableFile(
            "the ZIP file is neither a Word document (.docx) nor an OFD: send one of "
            f"{', '.join('.' + f for f in BINARY_FORMATS)} or text"
        )
    if fmt not in BINARY_FORMATS:
        raise UnsupportedMediaType(f"{fmt!r} is not a document format this service reads")
    if fmt in ("doc", "wps"):
        data, fmt = convert_legacy(data, fmt), "docx"
    if not data:
        raise UnreadableFile("the file is empty: send the document")
    return document_from_dict(run_reader(fmt, data, limits))


def convert_legacy(data: bytes, fmt: str) -> bytes:
    """A legacy Word (.doc) or WPS (.wps) file as DOCX, converted by LibreOffice headless."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnsupportedMediaType(
            f".{fmt} files need LibreOffice to be read, and it is not installed here: install "
            "it (Debian: apt-get install libreoffice-writer-nogui) so that `soffice` is on the "
            "PATH, or save the file as .docx or PDF and send that",
            {"format": fmt, "fix": "apt-get install libreoffice-writer-nogui"},
        )
    with tempfile.TemporaryDirectory(prefix="pd-convert-") as folder:
        source = Path(folder) / f"input.{fmt}"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            folder,
            str(source),
        ]
        try:
            subprocess.run(
                command, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False, cwd=folder
            )
        except subprocess.TimeoutExpired as exc:
            raise UnsafeFile(
                f"converting the .{fmt} file took over {CONVERT_TIMEOUT_S} s: it may be built "
                "to stall readers; save it as .docx and send that"
            ) from exc
        converted = Path(folder) / "input.docx"
        if not converted.is_file():
            raise UnreadableFile(
                f"LibreOffice could not convert the .{fmt} file: it may be damaged or "
                "encrypted; save it as .docx and send that"
            )
        return converted.read_bytes()
