"""OFD (GB/T 33190) to blocks: the ZIP, its XML, and the text objects of every page.

`OFD.xml` names the document (`DocBody/DocRoot`); `Document.xml` lists the pages (`Pages/Page
@BaseLoc`), the templates (`CommonData/TemplatePage`) and the resource files whose `Font`s and
`CompositeGraphicUnit`s the pages use. On each page the text objects of its templates and of
its own content (layers, `PageBlock`s, and `CompositeObject`s, whose units are drawn at the
object's position) become runs: a `TextCode`'s characters at (X, Y) inside the object's
`Boundary`, advanced by `DeltaX` (with its `g` repeats), through the object's `CTM` where it
has one. Runs on one baseline make a line; lines go through `layout.lines_to_blocks` as a
PDF's do. A document without text objects is refused (`no_text_layer`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from service.errors import NoTextLayer, TooManyPages, UnreadableFile
from service.parsing.ingest.blocks import RawDocument
from service.parsing.ingest.gongwen import apply_gongwen
from service.parsing.ingest.layout import Line, lines_to_blocks, paged_document
from service.parsing.ingest.zipsafe import SafeZip

BOLD_WEIGHT = 700
SAME_LINE = 0.5  # runs whose baselines differ by less than this share of the size share a line
MAX_DEPTH = 16  # nested page blocks and composite objects, deeper is refused as hostile


@dataclass
class _Run:
    x: float
    y: float  # baseline, top-down, millimetres
    size: float
    width: float
    text: str
    font: str
    bold: bool


@dataclass
class _Package:
    archive: SafeZip
    fonts: dict[str, tuple[str, bool]]
    units: dict[str, Any]
    templates: dict[str, str]


def read_ofd(data: bytes, max_pages: int) -> RawDocument:
    """The blocks of an OFD's first document (see the module docstring)."""
    archive = SafeZip(data, "OFD")
    root_path = _doc_root(archive)
    document = archive.xml(root_path)
    base = posixpath.dirname(root_path)
    pages = [p for p in _all(document, "Page") if p.get("BaseLoc")]
    if len(pages) > max_pages:
        raise TooManyPages(
            f"the OFD has {len(pages)} pages, over the limit of {max_pages} (PD_MAX_PAGES)",
            {"pages": len(pages), "max_pages": max_pages},
        )
    package = _Package(archive, {}, {}, {})
    _read_resources(package, document, base)
    lines = [
        _page_lines(package, _join(base, p.get("BaseLoc")), i + 1) for i, p in enumerate(pages)
    ]
    if not any(lines):
        raise NoTextLayer(
            "the OFD holds no text objects (its pages are images, e.g. a scan): run OCR on it "
            "or export it again with text",
            {"pages": len(pages)},
        )
    return apply_gongwen(paged_document(lines_to_blocks(lines), "ofd"))


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _all(element: Any, name: str) -> Iterator[Any]:
    return (child for child in element.iter() if _local(child.tag) == name)


def _first_text(element: Any, name: str) -> str | None:
    found = next(_all(element, name), None)
    return None if found is None or found.text is None else found.text.strip()


def _join(base: str, location: str | None) -> str:
    location = (location or "").strip()
    path = location.lstrip("/") if location.startswith("/") else posixpath.join(base, location)
    return posixpath.normpath(path)


def _doc_root(archive: SafeZip) -> str:
    name = next((n for n in archive.names if n.lower() == "ofd.xml"), None)
    if name is None:
        raise UnreadableFile("the OFD lacks its OFD.xml entry: it is damaged")
    root = _first_text(archive.xml(name), "DocRoot")
    if not root:
        raise UnreadableFile("the OFD's OFD.xml names no document (DocRoot)")
    return _join("", root)


def _read_resources(package: _Package, document: Any, base: str) -> None:
    for name in ("PublicRes", "DocumentRes"):
        for element in _all(document, name):
            path = _join(base, element.text)
            if not package.archive.has(path):
                continue
            resources = package.archive.xml(path)
            for font in _all(resources, "Font"):
                name_ = font.get("FontName") or font.get("FamilyName") or ""
                package.fonts[str(font.get("ID"))] = (name_, font.get("Bold") == "true")
            for unit in _all(resources, "CompositeGraphicUnit"):
                package.units[str(unit.get("ID"))] = unit
    for template in _all(document, "TemplatePage"):
        package.templates[str(template.get("ID"))] = _join(base, template.get("BaseLoc"))


def _page_lines(package: _Package, path: str, number: int) -> list[Line]:
    page = package.archive.xml(path)
    runs: list[_Run] = []
    for template in _all(page, "Template"):
        found = package.templates.get(str(template.get("TemplateID")))
        if found and package.archive.has(found):
            runs += _runs(package, package.archive.xml(found), (0.0, 0.0), 0)
    runs += _runs(package, page, (0.0, 0.0), 0)
    return _lines(runs, number)


def _runs(package: _Package, container: Any, offset: tuple[float, float], depth: int) -> list[_Run]:
    if depth > MAX_DEPTH:
        raise UnreadableFile("the OFD nests its objects too deeply to be a real document")
    runs: list[_Run] = []
    for element in container:
        kind = _local(element.tag)
        if kind == "TextObject":
            runs += _text_object(package, element, offset)
        elif kind == "CompositeObject":
            unit = package.units.get(str(element.get("ResourceID")))
            x, y = _box(element)[:2]
            if unit is not None:
                runs += _runs(package, unit, (offset[0] + x, offset[1] + y), depth + 1)
        elif kind not in ("PathObject", "ImageObject", "Template"):
            runs += _runs(package, element, offset, depth + 1)
    return runs


def _box(element: Any) -> list[float]:
    values = [float(v) for v in (element.get("Boundary") or "0 0 0 0").split()]
    return (values + [0.0] * 4)[:4]


def _text_object(package: _Package, element: Any, offset: tuple[float, float]) -> list[_Run]:
    left, top = _box(element)[:2]
    size = float(element.get("Size") or 0)
    font, bold = package.fonts.get(str(element.get("Font")), ("", False))
    bold = bold or int(float(element.get("Weight") or 400)) >= BOLD_WEIGHT
    ctm = [float(v) for v in (element.get("CTM") or "1 0 0 1 0 0").split()][:6]
    scale = abs(ctm[3]) if len(ctm) == 6 and ctm[3] else 1.0
    runs = []
    x = y = 0.0
    for code in _all(element, "TextCode"):
        text = code.text or ""
        x = float(code.get("X") or x)
        y = float(code.get("Y") or y)
        deltas = _deltas(code.get("DeltaX"), len(text))
        if text.strip():
            px, py = _apply(ctm, x, y)
            runs.append(
                _Run(offset[0] + left + px, offset[1] + top + py, size * scale,
                     (sum(deltas) + size) * scale, text, font, bold)
            )  # fmt: skip
        x += sum(deltas) + size
    return runs


def _apply(ctm: list[float], x: float, y: float) -> tuple[float, float]:
    if len(ctm) != 6:
        return x, y
    a, b, c, d, e, f = ctm
    return a * x + c * y + e, b * x + d * y + f


def _deltas(value: str | None, count: int) -> list[float]:
    """DeltaX advances between characters: numbers, and `g N V` for N times V."""
    tokens = (value or "").split()
    deltas: list[float] = []
    index = 0
    while index < len(tokens) and len(deltas) < count:
        if tokens[index] == "g" and index + 2 < len(tokens):
            deltas += [float(tokens[index + 2])] * min(int(tokens[index + 1]), count)
            index += 3
        else:
            deltas.append(float(tokens[index]))
            index += 1
    return deltas[: max(count - 1, 0)]


def _lines(runs: list[_Run], page: int) -> list[Line]:
    lines: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x)):
        if lines and abs(lines[-1][0].y - run.y) < SAME_LINE * max(run.size, 1e-3):
            lines[-1].append(run)
        else:
            lines.append([run])
    return [_line(sorted(group, key=lambda r: r.x), page) for group in lines]


def _line(runs: list[_Run], page: int) -> Line:
    text = "".join(r.text for r in runs)
    first = runs[0]
    switch = next((i for i, r in enumerate(runs) if r.font != first.font), len(runs))
    return Line(
        page=page,
        x0=first.x,
        x1=max(r.x + r.width for r in runs),
        top=first.y - first.size,
        bottom=first.y,
        size=first.size,
        text=text,
        font=first.font,
        tail_font=runs[-1].font,
        switch=sum(len(r.text) for r in runs[:switch]),
        bold=first.bold,
    )
