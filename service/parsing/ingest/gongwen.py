"""The parts of a 公文 (GB/T 9704) laid out on its first page: issuer, number, title, attachments.

A paged document (PDF, OFD) whose first block is set large (the 发文机关标志, `XX局文件` in red)
and followed by a document number (`路卫发〔2011〕76号`) is a 公文: the issuing authority goes to
`metadata.issuer` (the whole line is kept as a boilerplate line with the rule `issuer`), the
number to `metadata.document_number` (it also stays in the text), and the next large block is
the title. Where the document carries its attachments' list (`附件：1．…`), the names go to
`metadata.attachments`; the list stays in the text.
"""

from __future__ import annotations

import re

from service.parsing.ingest.blocks import RawDocument

DOC_NUMBER = re.compile(r"[^\s，。：:]{0,20}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*第?\s*\d{1,5}\s*号")
_ISSUER_SUFFIX = re.compile(r"\s*(?:文件|公告|通知|令)$")
_ATTACHMENTS = re.compile(r"^附\s*件\s*[：:]\s*(.+)$")
_ITEM = re.compile(r"(?:^|\s)\d{1,2}\s*[．.、]\s*")
NUMBER_WINDOW = 4  # the number follows the issuer within this many blocks


def apply_gongwen(document: RawDocument) -> RawDocument:
    """Record the 公文 parts of `document` in its metadata (see the module docstring)."""
    blocks, metadata = document.blocks, document.metadata
    number_at = next(
        (i for i, b in enumerate(blocks[:NUMBER_WINDOW]) if DOC_NUMBER.fullmatch(b.text.strip())),
        None,
    )
    if number_at is not None:
        metadata["document_number"] = "".join(blocks[number_at].text.split())
        if number_at > 0 and blocks[0].markup_level == 1:
            header = blocks.pop(0)
            number_at -= 1
            metadata["issuer"] = _ISSUER_SUFFIX.sub("", "".join(header.text.split()))
            metadata.setdefault("boilerplate", []).append(header.text)
            metadata.setdefault("boilerplate_rules", []).append("issuer")
        title = next((b for b in blocks[number_at + 1 :] if b.markup_level == 1), None)
        if title is not None:
            document.title = title.text
    attachments = _attachments([b.text for b in blocks])
    if attachments:
        metadata["attachments"] = attachments
    return document


def _attachments(texts: list[str]) -> list[str]:
    for index, text in enumerate(texts):
        match = _ATTACHMENTS.match(text.strip())
        if match is None:
            continue
        names = [n for n in _ITEM.split(match.group(1)) if n.strip()]
        for following in texts[index + 1 : index + 20]:
            if not re.match(r"^\d{1,2}\s*[．.、]", following.strip()):
                break
            names += [n for n in _ITEM.split(following.strip()) if n.strip()]
        return [n.strip() for n in names]
    return []
