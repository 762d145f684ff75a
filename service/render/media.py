"""What the file views share: their media types (kept apart so that naming one loads no writer)
and the text a file may hold."""

import re

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MEDIA_TYPE = "application/pdf"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def file_text(text: str) -> str:
    """`text` without the control characters XML (so Word) cannot hold and a PDF cannot print:
    a form feed or an escape left in a plain-text article never fails a file view."""
    return _NOT_XML.sub("", text)
