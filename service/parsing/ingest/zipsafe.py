"""ZIP containers (DOCX, OFD) and their XML, read with limits against bombs.

A ZIP is refused (`unsafe_file`) before anything is inflated when its directory declares more
than MAX_ENTRIES entries, more than MAX_TOTAL_BYTES uncompressed, or an entry that inflates more
than MAX_RATIO times its compressed size; an entry is never inflated past its declared size.
XML is parsed by defusedxml with DTDs forbidden: entity expansion ("billion laughs") and
external entities are refused, and no parser ever reaches the network or the file system.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from service.errors import EncryptedFile, UnreadableFile, UnsafeFile

MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 256 << 20
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1 << 20  # small entries may compress well (a run of spaces) without alarm


class SafeZip:
    """A ZIP archive whose directory passed the bomb checks."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.kind = kind
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise UnreadableFile(
                f"the {kind} is not a readable ZIP ({exc}): it may be truncated; "
                "upload the whole file again"
            ) from exc
        _check_directory(infos, kind)
        self.names = {info.filename: info for info in infos}

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        """The inflated entry (UnreadableFile when missing or damaged)."""
        info = self.names.get(name)
        if info is None:
            raise UnreadableFile(f"the {self.kind} lacks its part {name!r}: it is damaged")
        if info.flag_bits & 0x1:
            raise EncryptedFile(f"the {self.kind} is encrypted: save it without a password")
        try:
            with self.zip.open(info) as handle:
                return handle.read(info.file_size + 1)[: info.file_size]
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            raise UnreadableFile(
                f"the {self.kind}'s part {name!r} is damaged ({exc}): it may be truncated"
            ) from exc

    def xml(self, name: str) -> Any:
        """The parsed XML root of an entry (see the module docstring)."""
        return parse_xml(self.read(name), f"{self.kind} part {name!r}")


def parse_xml(data: bytes, what: str) -> Any:
    """An XML root parsed with DTDs and entities refused."""
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise UnsafeFile(
            f"the {what} declares a DTD or entities ({type(exc).__name__}): refused, as entity "
            "expansion can exhaust a reader; documents never need them"
        ) from exc
    except ParseError as exc:
        raise UnreadableFile(f"the {what} is not well-formed XML ({exc})") from exc


def _check_directory(infos: list[zipfile.ZipInfo], kind: str) -> None:
    if len(infos) > MAX_ENTRIES:
        raise UnsafeFile(
            f"the {kind} holds {len(infos)} entries, over the limit of {MAX_ENTRIES}: "
            "refused as a ZIP bomb",
            {"entries": len(infos)},
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise UnsafeFile(
            f"the {kind} inflates to {total} bytes, over the limit of {MAX_TOTAL_BYTES}: "
            "refused as a ZIP bomb",
            {"uncompressed_bytes": total},
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise UnsafeFile(
                f"the {kind}'s part {info.filename!r} inflates {ratio:.0f} times: refused as a "
                "ZIP bomb",
                {"ratio": round(ratio)},
            )
