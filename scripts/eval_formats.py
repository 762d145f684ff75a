"""Score a law's PDF (or DOCX, OFD) against the same law's text: articles, bodies, chapters.

For each pair in tests/fixtures/formats/laws (`NAME.pdf` beside `NAME.md`, the text from
LawRefBook, see SOURCES.md there) both are parsed and compared:

- article-label F1: the multiset of 第X条 labels of the file against the text's;
- bodies: the share of the text's articles whose body (all sentences of the article, its
  numbered items included) has the same Chinese characters in the file's parse (punctuation,
  spaces and Latin text aside);
- chapters: F1 of the 第X章 headings (label and heading, spaces removed).

Usage: `python scripts/eval_formats.py [FILE ...]` prints one line per law and the totals.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from service.document import Document, Section
from service.parsing import parse_document

LAWS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "formats" / "laws"
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?$")
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百]+章$")
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Score:
    """One law's figures."""

    name: str
    pages: int
    articles_text: int
    articles_file: int
    label_f1: float
    bodies_same: int
    chapter_f1: float
    seconds: float

    @property
    def body_share(self) -> float:
        return self.bodies_same / self.articles_text if self.articles_text else 1.0


def articles(document: Document) -> list[tuple[str, str]]:
    """(label, Chinese characters of its body) of every article, in document order."""
    found = []
    for section in document.walk():
        if section.label and _ARTICLE.match(_squeeze(section.label)):
            found.append((_squeeze(section.label), _han(_body(section))))
    return found


def chapters(document: Document) -> list[str]:
    return [
        _squeeze(f"{s.label}{s.heading or ''}")
        for s in document.walk()
        if s.label and _CHAPTER.match(_squeeze(s.label))
    ]


def _body(section: Section) -> str:
    texts = [t.text for p in section.paragraphs for t in p.sentences]
    texts += [_body(child) for child in section.sections if not _is_article(child)]
    return "".join(texts)


def _is_article(section: Section) -> bool:
    return bool(section.label and _ARTICLE.match(_squeeze(section.label)))


def _han(text: str) -> str:
    return "".join(_HAN.findall(text))


def _squeeze(text: str) -> str:
    return "".join(text.split())


def f1(found: list[str], expected: list[str]) -> float:
    """F1 of two multisets."""
    if not found and not expected:
        return 1.0
    common = sum((Counter(found) & Counter(expected)).values())
    if not common:
        return 0.0
    precision, recall = common / len(found), common / len(expected)
    return 2 * precision * recall / (precision + recall)


def score(path: Path, reference: Path) -> Score:
    """Parse the file and its reference text and compare them."""
    started = time.perf_counter()
    parsed = parse_document(path.read_bytes())
    seconds = time.perf_counter() - started
    text = parse_document(reference.read_bytes(), "markdown")
    found, expected = articles(parsed), articles(text)
    bodies = dict(found)
    same = sum(1 for label, body in expected if bodies.get(label) == body)
    return Score(
        name=path.name,
        pages=int(parsed.metadata.get("pages", 0)),
        articles_text=len(expected),
        articles_file=len(found),
        label_f1=f1([a for a, _ in found], [a for a, _ in expected]),
        bodies_same=same,
        chapter_f1=f1(chapters(parsed), chapters(text)),
        seconds=seconds,
    )


def pairs(names: list[str]) -> list[tuple[Path, Path]]:
    """(file, reference text) pairs: the named files, or every law with a reference text."""
    files = [Path(n) for n in names] or sorted(
        p for p in LAWS.iterdir() if p.suffix in (".pdf", ".docx", ".ofd")
    )
    return [(f, _reference(f)) for f in files if _reference(f).is_file()]


def _reference(path: Path) -> Path:
    stem = re.sub(r"-\d+$", "", path.stem)
    return path.with_name(f"{stem}.md")


def main(argv: list[str]) -> int:
    print(f"{'file':42} {'pages':>5} {'arts':>9} {'label F1':>8} {'bodies':>14} {'chap F1':>7}")
    scores = [score(f, r) for f, r in pairs(argv)]
    for s in scores:
        print(
            f"{s.name:42} {s.pages:5} {s.articles_file:4}/{s.articles_text:<4} {s.label_f1:8.3f} "
            f"{s.bodies_same:5}/{s.articles_text:<4} {s.body_share:6.1%} {s.chapter_f1:7.3f}"
        )
    total = sum(s.articles_text for s in scores)
    same = sum(s.bodies_same for s in scores)
    print(f"bodies identical overall: {same}/{total} = {same / max(total, 1):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
