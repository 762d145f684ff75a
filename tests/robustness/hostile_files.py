"""Hostile document files, made here: ZIP and XML bombs, encrypted, truncated, polyglot, huge.

Each maker returns the bytes of one sample; tests/robustness/test_hostile_files.py sends them
through every file entry point and a real gunicorn.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
LAW_PDF = FORMATS / "laws" / "data-security-law.pdf"
DOCX = FORMATS / "enterprise-data-opinions.docx"


def zip_bomb() -> bytes:
    """A DOCX whose document.xml inflates 8 MB of zeros from about 8 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 << 20))
    return out.getvalue()


def entries_bomb() -> bytes:
    """An OFD holding 20,000 empty entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("OFD.xml", "<OFD/>")
        for index in range(20_000):
            archive.writestr(f"e/{index}", b"")
    return out.getvalue()


def xml_bomb() -> bytes:
    """A DOCX whose document.xml is a "billion laughs" entity expansion."""
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = f'<?xml version="1.0"?><!DOCTYPE w [{entities}]><w>&a9;</w>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF with a correct cross-reference table from numbered object bodies."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def empty_pages(count: int = 10_000) -> bytes:
    """A PDF of `count` empty pages."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        *pages,
    ])  # fmt: skip


def encrypted() -> bytes:
    """A PDF under the standard security handler with a user password nobody knows."""
    key = os.urandom(32).hex().encode()
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (key, key[::-1])
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            encrypt,
        ],
        b"/Encrypt 4 0 R /ID [<%s> <%s>] " % (key[:32], key[:32]),
    )


def truncated() -> bytes:
    """A real law PDF cut in half."""
    data = LAW_PDF.read_bytes()
    return data[: len(data) // 2]


def polyglot() -> bytes:
    """A PDF header on a Word document: a file that is two things at once."""
    return b"%PDF-1.7\n" + DOCX.read_bytes()


SAMPLES = {
    "zip_bomb": zip_bomb,
    "entries_bomb": entries_bomb,
    "xml_bomb": xml_bomb,
    "encrypted": encrypted,
    "truncated": truncated,
    "polyglot": polyglot,
    "empty_pages": empty_pages,
}
