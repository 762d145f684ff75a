"""PDF with a text layer to blocks, on PDFium (pypdfium2: Apache-2.0/BSD; PyMuPDF is AGPL).

Each page's text comes in PDFium's reading order with its line breaks; for every line the
reader takes its left and right edges, its top, its glyph size (the loose box of its first
character) and its fonts (the first character's, and where the font changes, found by bisecting
the line), then `layout.lines_to_blocks` rebuilds paragraphs, headings and page furniture.

Refused: a truncated file (no `%%EOF` at its end) and a file PDFium cannot open
(`unreadable_file`), a password-protected file (`encrypted_file`), more pages than the limit
(`too_many_pages`), and a text layer that is empty (a scan: OCR is the fix) or garbled
(`(cid:NN)`, U+FFFD, private-use or control characters) as `no_text_layer`.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

from service.errors import EncryptedFile, NoTextLayer, TooManyPages, UnreadableFile
from service.parsing.ingest.layout import Line, Paged, lines_to_blocks

GARBAGE_SHARE = 0.1  # more than this share of unreadable characters: a garbled text layer
BOLD_WEIGHT = 600
TAIL_BYTES = 2048  # a whole PDF ends with %%EOF (junk after it is tolerated this far)
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_CID = re.compile(r"\(cid:\d+\)")
_LINE_BREAK = "\r\n"


def read_pdf(data: bytes, max_pages: int) -> Paged:
    """The blocks of a PDF's text layer (see the module docstring for what is refused)."""
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-TAIL_BYTES:]:
        raise UnreadableFile(
            "the PDF is truncated (it has no %%EOF end marker): upload the whole file again"
        )
    document = _open(pdfium, data)
    try:
        count = len(document)
        if count > max_pages:
            raise TooManyPages(
                f"the PDF has {count} pages, over the limit of {max_pages} (PD_MAX_PAGES)",
                {"pages": count, "max_pages": max_pages},
            )
        pages = [_page_lines(document, index) for index in range(count)]
    finally:
        document.close()
    _check_text(pages)
    return lines_to_blocks(pages)


def _open(pdfium: Any, data: bytes) -> Any:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise EncryptedFile(
                "the PDF is password-protected: remove the password (print or export it "
                "unprotected) and send it again"
            ) from exc
        raise UnreadableFile(
            f"the PDF cannot be read ({exc}): it may be truncated or damaged; export it again"
        ) from exc


def _page_lines(document: Any, index: int) -> list[Line]:
    page = document[index]
    textpage = page.get_textpage()
    try:
        return list(_lines(textpage, page.get_height(), index + 1))
    finally:
        textpage.close()
        page.close()


def _lines(textpage: Any, height: float, page_number: int) -> list[Line]:
    reader = _CharReader(textpage)
    text = reader.text()
    lines = []
    start = 0
    for raw_line in text.split(_LINE_BREAK):
        line = reader.line(raw_line, start, height, page_number)
        if line is not None:
            lines.append(line)
        start += len(raw_line) + len(_LINE_BREAK)
    return lines


class _CharReader:
    """Per-character facts of one text page through PDFium's C API."""

    def __init__(self, textpage: Any) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.handle = textpage.raw
        self.textpage = textpage
        self.count = raw.FPDFText_CountChars(self.handle)
        self._buffer = ctypes.create_string_buffer(256)
        self._flags = ctypes.c_int()
        self._rect = raw.FS_RECTF()

    def text(self) -> str:
        text: str = self.textpage.get_text_range()
        if len(text) != self.count:  # characters outside the BMP: read them one by one
            text = "".join(
                chr(self.raw.FPDFText_GetUnicode(self.handle, i)) for i in range(self.count)
            )
        return text

    def line(self, text: str, start: int, height: float, page: int) -> Line | None:
        stripped = text.strip()
        if not stripped:
            return None
        first = start + (len(text) - len(text.lstrip()))
        last = start + len(text.rstrip()) - 1
        left, _, _, top = self._box(first)
        _, bottom, right, _ = self._box(last)
        font, tail, switch = self._fonts(first, last)
        return Line(
            page=page,
            x0=left,
            x1=right,
            top=height - top,
            bottom=height - bottom,
            size=self._size(first),
            text=stripped,
            font=font,
            tail_font=tail,
            switch=switch - first,
            bold=self.raw.FPDFText_GetFontWeight(self.handle, first) >= BOLD_WEIGHT,
        )

    def _box(self, index: int) -> tuple[float, float, float, float]:
        left, right = ctypes.c_double(), ctypes.c_double()
        bottom, top = ctypes.c_double(), ctypes.c_double()
        self.raw.FPDFText_GetCharBox(
            self.handle, index, ctypes.byref(left), ctypes.byref(right),
            ctypes.byref(bottom), ctypes.byref(top),
        )  # fmt: skip
        return left.value, bottom.value, right.value, top.value

    def _size(self, index: int) -> float:
        self.raw.FPDFText_GetLooseCharBox(self.handle, index, ctypes.byref(self._rect))
        return abs(self._rect.top - self._rect.bottom)

    def font(self, index: int) -> str:
        size = self.raw.FPDFText_GetFontInfo(
            self.handle, index, self._buffer, len(self._buffer), ctypes.byref(self._flags)
        )
        name = self._buffer.raw[: max(size - 1, 0)].decode("utf-8", "replace")
        return _SUBSET.sub("", name)

    def _fonts(self, first: int, last: int) -> tuple[str, str, int]:
        """The first character's font, the last's, and where the first font ends (bisected)."""
        head, tail = self.font(first), self.font(last)
        if head == tail:
            return head, tail, last + 1
        low, high = first, last  # font(low) == head, font(high) != head
        while high - low > 1:
            middle = (low + high) // 2
            if self.font(middle) == head:
                low = middle
            else:
                high = middle
        return head, tail, high


def _check_text(pages: list[list[Line]]) -> None:
    """NoTextLayer when the pages hold no text, or text that is mostly unreadable."""
    text = "".join(line.text for page in pages for line in page)
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        raise NoTextLayer(
            "the PDF has no text layer (a scan or images of text): run OCR on it first "
            "(e.g. ocrmypdf) and send the result",
            {"pages": len(pages)},
        )
    bad = sum(1 for ch in visible if _garbage(ch)) + 6 * len(_CID.findall(text))
    if bad > GARBAGE_SHARE * len(visible):
        raise NoTextLayer(
            f"the PDF's text layer is garbled ({bad} of {len(visible)} characters unreadable: "
            "its fonts lack a Unicode map); run OCR on it, or export it again with fonts embedded",
            {"unreadable": bad, "characters": len(visible)},
        )


def _garbage(ch: str) -> bool:
    code = ord(ch)
    return (
        code in (0xFFFD, 0xFFFE, 0xFFFF)
        or 0xE000 <= code <= 0xF8FF
        or (code < 0x20 and ch not in "\t\r\n")
    )
