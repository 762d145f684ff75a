"""Split HTML or XML into markup, kept byte for byte, and the text runs between tags.

Used where a translation must keep the markup it was given (LibreTranslate `format=html`,
DeepL `tag_handling`, uploaded .html files): only the text runs are translated, every tag,
attribute, comment and entity outside them is written back unchanged. The contents of
script, style, code, pre and textarea elements are markup too (never translated). A quoted
attribute value may contain `>`; an unclosed comment or tag runs to the end of the input.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"  # CDATA section
    r"|<[!?][^>]*(?:>|\Z)"  # doctype, processing instruction
    r"|</?[A-Za-z][^\s/>]*(?:\"[^\"]*\"|'[^']*'|[^'\">])*(?:>|\Z)",  # start or end tag
    re.S,
)
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
# Elements whose content is never prose: kept verbatim with everything inside them.
RAW_ELEMENTS = frozenset({"script", "style", "code", "pre", "textarea"})
INLINE_ELEMENTS = frozenset(
    {"a", "abbr", "b", "bdi", "cite", "em", "font", "i", "mark", "q", "s", "small", "span",
     "strong", "sub", "sup", "u"}
)  # fmt: skip
OPAQUE_ELEMENTS = frozenset({"script", "style"})  # their content is not parsed as markup


@dataclass(frozen=True)
class Piece:
    """A stretch of the input: markup to keep, or text (entities decoded) to translate."""

    raw: str
    text: str | None = None  # None: markup; else the decoded text of a text run

    @property
    def translatable(self) -> bool:
        """A text run holding at least one letter (digits and punctuation stay as they are)."""
        return self.text is not None and any(ch.isalpha() for ch in self.text)


def split_markup(source: str) -> list[Piece]:
    """The input as alternating markup and text pieces; `"".join(p.raw ...) == source`."""
    pieces: list[Piece] = []
    raw_depth: dict[str, int] = {}
    position = 0
    while (match := _TOKEN.search(source, position)) is not None:
        if match.start() > position:
            _text(pieces, source[position : match.start()], any(raw_depth.values()))
        end = match.end()
        name = _track(match.group(), raw_depth)
        if name in OPAQUE_ELEMENTS:  # script/style: nothing inside is a tag, up to the close
            close = re.compile(rf"</{name}[\s>]", re.I).search(source, end)
            end = close.start() if close else len(source)
        pieces.append(Piece(source[match.start() : end]))
        position = end
    if position < len(source):
        _text(pieces, source[position:], any(raw_depth.values()))
    return pieces


def _text(pieces: list[Piece], raw: str, inside_raw: bool) -> None:
    pieces.append(Piece(raw) if inside_raw else Piece(raw, html.unescape(raw)))


def _track(tag: str, depth: dict[str, int]) -> str | None:
    """Count open raw elements (`<code>` inside `<pre>`, ...); a self-closed one opens nothing.

    Returns the name of a raw element this tag opens, else None.
    """
    name_match = _TAG_NAME.match(tag)
    if name_match is None:
        return None
    name = name_match.group(1).lower()
    if name not in RAW_ELEMENTS or tag.rstrip(">").endswith("/"):
        return None
    if tag.startswith("</"):
        depth[name] = max(0, depth.get(name, 0) - 1)
        return None
    depth[name] = depth.get(name, 0) + 1
    return name


def join_markup(pieces: list[Piece], translations: dict[int, str]) -> str:
    """The markup with the text run at index i replaced by `translations[i]` (escaped).

    A run keeps its own leading and trailing whitespace. Two translated runs that touched
    through inline tags only (`推进<b>数字</b>乡村`) get a space between them, as English
    words need one where Chinese has none.
    """
    out: list[str] = []
    glue: int | None = None  # where a space goes: after the last translated run, when only
    # inline tags have followed it and it ended without whitespace
    for index, piece in enumerate(pieces):
        if index not in translations:
            at_end = glue == len(out)
            out.append(piece.raw)
            if piece.text is not None or not _inline(piece.raw):
                glue = None
            elif at_end and piece.raw.startswith("</"):  # the space goes after `</b>`
                glue = len(out)
            continue
        text = piece.text or ""
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        if glue is not None and not lead:
            out.insert(glue, " ")
        out.append(lead + html.escape(translations[index], quote=False) + trail)
        glue = None if trail else len(out)
    return "".join(out)


def _inline(tag: str) -> bool:
    name = _TAG_NAME.match(tag)
    return name is not None and name.group(1).lower() in INLINE_ELEMENTS
