"""An English PDF of a translation: title, headings and paragraphs reflowed on A4 pages.

Works on the translation JSON (`translation_json`), as the other views do. The original layout
is not kept (the PDF is a clean English reading copy); each page has its number at the foot.

Fonts are embedded, subset to the glyphs used (fpdf2 with fontTools): a Latin font for the
English (`PD_PDF_FONT`, bold headings in `PD_PDF_BOLD_FONT` when that file exists) and, only
when the text holds characters the Latin font lacks (an untranslated name, a model's fallback
to the source), a CJK font as fallback (`PD_PDF_CJK_FONT`; a .ttc collection's Simplified
Chinese face is taken). A font that is needed and missing is a FontMissing error naming the
Debian package and the variable, never a PDF with blank boxes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.config import Config
from service.document import walk_tree
from service.errors import FontMissing
from service.render.media import file_text

TEXT_SIZE = 11.0
HEADING_SIZES = {1: 14.0, 2: 12.5}  # deeper levels: 11.5
LINE = 1.45  # line height, in multiples of the font size
MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class PdfFonts:
    """The font files a PDF may embed (Config's pdf_font, pdf_bold_font, pdf_cjk_font)."""

    regular: Path
    bold: Path
    cjk: Path

    def check(self) -> None:
        """FontMissing unless the Latin font, which every PDF embeds, is on disk."""
        _existing(self.regular, "PD_PDF_FONT", "fonts-dejavu-core")


def fonts_of(config: Config) -> PdfFonts:
    """The PDF fonts a Config names."""
    return PdfFonts(config.pdf_font, config.pdf_bold_font, config.pdf_cjk_font)


def english_pdf(translation: dict[str, Any], fonts: PdfFonts) -> bytes:
    """The English PDF of a translation JSON (see module docstring). Raises FontMissing."""
    blocks = [(kind, file_text(text)) for kind, text in _blocks(translation)]
    pdf = _new_pdf(fonts, "".join(text for _, text in blocks))
    title = (translation.get("title") or {}).get("translation") or ""
    pdf.set_title(title)
    for kind, text in blocks:
        _write(pdf, kind, text)
    return bytes(pdf.output())


def _blocks(translation: dict[str, Any]) -> Iterator[tuple[int, str]]:
    """(kind, text) in reading order: kind 0 is the title, 1-9 a heading's level, -1 a
    paragraph."""
    title = (translation.get("title") or {}).get("translation")
    if title:
        yield 0, title
    for section in walk_tree(translation["sections"], lambda s: s["sections"]):
        heading = " ".join(p for p in (section.get("label_en"), section.get("heading_en")) if p)
        if section["level"] > 0 and heading:
            yield section["level"], heading
        for paragraph in section["paragraphs"]:
            text = " ".join(s["translation"] for s in paragraph["sentences"] if s["translation"])
            if text:
                yield -1, text


def _new_pdf(fonts: PdfFonts, text: str) -> Any:
    from fpdf import FPDF

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("body", size=9)
            self.cell(0, 10, str(self.page_no()), align="C")

    pdf = _Pdf(format="A4")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_creator("policy-digest")
    pdf.add_font("body", fname=_existing(fonts.regular, "PD_PDF_FONT", "fonts-dejavu-core"))
    bold = fonts.bold if fonts.bold.is_file() else fonts.regular
    pdf.add_font("body", style="B", fname=bold)
    covered = pdf.fonts["body"].cmap  # type: ignore[union-attr]  # a TTFFont: added from a file
    uncovered = {c for c in text if ord(c) not in covered and not c.isspace()}
    if uncovered:
        cjk = _existing(fonts.cjk, "PD_PDF_CJK_FONT", "fonts-noto-cjk", sorted(uncovered)[:5])
        pdf.add_font("cjk", fname=cjk, collection_font_number=_simplified_face(cjk))
        pdf.set_fallback_fonts(["cjk"], exact_match=False)
    pdf.add_page()
    return pdf


def _existing(path: Path, variable: str, package: str, needed_for: list[str] | None = None) -> Path:
    if path.is_file():
        return path
    what = f" (for {''.join(needed_for)})" if needed_for else ""
    raise FontMissing(
        f"the PDF font file {path}{what} is missing: install Debian's {package} or set "
        f"{variable} to a TrueType/OpenType font file",
        {"font": str(path), "variable": variable},
    )


def _simplified_face(path: Path) -> int:
    """The Simplified Chinese face of a font collection (.ttc/.otc), else 0."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    from fontTools.ttLib import TTCollection

    with TTCollection(str(path), lazy=True) as collection:
        for index, font in enumerate(collection.fonts):
            if font["name"].getDebugName(1).endswith(" SC"):
                return index
    return 0


def _write(pdf: Any, kind: int, text: str) -> None:
    if kind == 0:
        size, style, align, before = 18.0, "B", "C", 0.0
    elif kind > 0:
        size, style, align, before = HEADING_SIZES.get(kind, 11.5), "B", "L", 4.0
    else:
        size, style, align, before = TEXT_SIZE, "", "J", 0.0
    pdf.set_font("body", style=style, size=size)
    line = size * LINE * MM_PER_PT
    if kind > 0 and pdf.will_page_break(before + 3 * line):
        pdf.add_page()  # a heading never ends a page without a line of its text under it
    else:
        pdf.ln(before)
    pdf.multi_cell(0, line, text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(line * (0.8 if kind == 0 else 0.4))
