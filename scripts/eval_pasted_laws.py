"""Laws as people paste them: does each pasted form parse to the structure of the clean text?

Takes laws written cleanly (LawRefBook-style Markdown: `# title`, the adoption notes, `## 第一章
总则`, `第一条 为了…`), writes each as plain text in the forms users paste, parses every form and
compares it with the clean text's parse:

- `clean`: one paragraph per line, a space after every label (the reference);
- `run_in`: no space between a label and its text (`第一条为了…`, `第一章总则`), as text copied
  from web pages comes;
- `wrapped`: hard-wrapped at a fixed column with indented first lines and a page number line
  (`— 3 —`) every PAGE_LINES lines, as text copied from a PDF comes;
- `contents`: a table of contents (`目　　录` and the chapter and section headings) after the
  adoption notes;
- `pasted`: all three at once;
- `cited`: run in, and every article a paragraph cites (`依照本法第二十条规定的…`) starts a line
  of its own, so that each citation is a paragraph opening with an article number: a stress
  test of telling labels from citations.

Per form it counts article labels missed (in the clean parse, not in the form's) and spurious
(references such as `第三条规定的…` taken for labels), article bodies that differ in their
characters (whitespace ignored), chapters and sections missed or spurious, and wrong titles.

    .venv/bin/python scripts/eval_pasted_laws.py DIR_OR_FILE... [--forms run_in,wrapped]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from service import parse
from service.document import Document, Section
from service.errors import ServiceError

COLUMNS = 70  # 35 CJK characters, a law book's line
PAGE_LINES = 24
_NUMERAL = r"[一二三四五六七八九十百千零〇两\d]+"
_LABEL_SPACE = re.compile(rf"^(第{_NUMERAL}[编章节条](?:之{_NUMERAL})?)\s+")
_HEADING_LINE = re.compile(rf"^第{_NUMERAL}[编章节]\s")
_ARTICLE_LINE = re.compile(rf"^第{_NUMERAL}条")
# A source that writes several articles on one line gives no clean reference: skipped.
_INNER_ARTICLE = re.compile(rf"[。；][ \u3000]*第{_NUMERAL}条[ \u3000]")
_CLOSING = "，。、；：？！”’）》」』】…"
_SPACE = re.compile(r"\s+")


def clean_text(markdown: str) -> str:
    """A LawRefBook Markdown law as clean plain text: title, notes, headings and paragraphs."""
    lines = []
    for line in markdown.splitlines():
        text = re.sub(r"^#+\s*", "", line.strip())
        if text and not text.startswith("<!--"):
            lines.append(text)
    return "\n".join(lines)


def run_in(text: str) -> str:
    """Every label run into its text (第一条为了…, 第一章总则)."""
    return "\n".join(_LABEL_SPACE.sub(r"\1", line) for line in text.splitlines())


def wrapped(text: str, columns: int = COLUMNS) -> str:
    """Hard-wrapped paragraphs with indented first lines and page number lines."""
    out: list[str] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if index == 0 or _HEADING_LINE.match(line):
            out.append(line)
        else:
            out.extend(_wrap("\u3000\u3000" + line, columns))
    paged: list[str] = []
    for index, line in enumerate(out, start=1):
        paged.append(line)
        if index % PAGE_LINES == 0:
            paged.append(f"— {index // PAGE_LINES} —")
    return "\n".join(paged)


def width(text: str) -> int:
    """Display width in columns (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap(text: str, columns: int) -> Iterator[str]:
    line = ""
    for ch in text:
        if width(line + ch) > columns and ch not in _CLOSING:
            yield line
            line = ""
        line += ch
    if line:
        yield line


def with_contents(text: str) -> str:
    """A table of contents of the chapter and section headings after the adoption notes."""
    lines = text.splitlines()
    headings = [line for line in lines if _HEADING_LINE.match(line)]
    first_article = next((i for i, line in enumerate(lines) if _ARTICLE_LINE.match(line)), 0)
    if not headings or lines.index(headings[0]) > first_article:
        return text
    first = lines.index(headings[0])
    return "\n".join([*lines[:first], "目\u3000\u3000录", *headings, *lines[first:]])


_CITATION = re.compile(rf"(?<=[^\n《])(?=第{_NUMERAL}条)")


def cited(text: str) -> str:
    """Run in, with a line break before every article number a paragraph cites."""
    return run_in(_CITATION.sub("\n", text))


def pasted(text: str) -> str:
    """Contents, run-in labels and hard wrapping at once."""
    return wrapped(run_in(with_contents(text)))


FORMS: dict[str, Callable[[str], str]] = {
    "run_in": run_in,
    "wrapped": wrapped,
    "contents": with_contents,
    "pasted": pasted,
    "cited": cited,
}


def articles(document: Document) -> dict[str, str]:
    """Article label -> its body (its sentences and subsections' text, whitespace removed)."""
    found = {}
    for section in document.walk():
        if section.label and re.search(r"[条條](?:之.+)?$", section.label):
            found[section.label] = _SPACE.sub("", _body(section))
    return found


def parts(document: Document) -> list[str]:
    """The 编, 章 and 节 headings in order, label and text with whitespace removed."""
    return [
        _SPACE.sub("", f"{s.label}{s.heading or ''}")
        for s in document.walk()
        if s.label and s.label[-1] in "编章节編節"
    ]


def _body(section: Section) -> str:
    return "".join(s.text for p in section.paragraphs for s in p.sentences)


def compare(clean: Document, form: Document) -> Counter[str]:
    """Counts of what the form's parse got wrong against the clean parse."""
    counts: Counter[str] = Counter()
    want, got = articles(clean), articles(form)
    counts["articles"] = len(want)
    counts["articles_missed"] = len(want.keys() - got.keys())
    counts["articles_spurious"] = len(got.keys() - want.keys())
    counts["bodies_differ"] = sum(1 for k in want.keys() & got.keys() if want[k] != got[k])
    want_parts, got_parts = Counter(parts(clean)), Counter(parts(form))
    counts["parts"] = sum(want_parts.values())
    counts["parts_missed"] = sum((want_parts - got_parts).values())
    counts["parts_spurious"] = sum((got_parts - want_parts).values())
    counts["title_wrong"] = int(clean.title != form.title)
    return counts


def evaluate(markdown: str, forms: list[str]) -> dict[str, Counter[str]] | None:
    """Counts per form for one law (None for a source with several articles on a line)."""
    text = clean_text(markdown)
    if _INNER_ARTICLE.search(text):
        return None
    reference = parse(text, "text")
    return {name: compare(reference, parse(FORMS[name](text), "text")) for name in forms}


def _paths(arguments: list[str]) -> Iterator[Path]:
    for argument in arguments:
        path = Path(argument)
        yield from sorted(path.glob("*.md")) if path.is_dir() else [path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="LawRefBook-style Markdown files or folders")
    parser.add_argument("--forms", default=",".join(FORMS), help="comma-separated forms")
    parser.add_argument("--show", type=int, default=0, help="print up to N failing files a form")
    args = parser.parse_args(argv)
    forms = args.forms.split(",")
    totals = {name: Counter[str]() for name in forms}
    failing: dict[str, list[str]] = {name: [] for name in forms}
    laws = 0
    for path in _paths(args.paths):
        try:
            result = evaluate(path.read_text(encoding="utf-8"), forms)
        except ServiceError:
            continue
        if result is None or not result[forms[0]]["articles"]:
            continue
        laws += 1
        for name, counts in result.items():
            totals[name].update(counts)
            if any(v for k, v in counts.items() if k not in ("articles", "parts")):
                failing[name].append(f"{path.name}: {dict(counts)}")
    print(f"{laws} laws with articles")
    for name in forms:
        t = totals[name]
        print(
            f"{name:9} articles {t['articles']}: missed {t['articles_missed']}, spurious "
            f"{t['articles_spurious']}, bodies differ {t['bodies_differ']}; parts {t['parts']}: "
            f"missed {t['parts_missed']}, spurious {t['parts_spurious']}; titles wrong "
            f"{t['title_wrong']}; files with an error {len(failing[name])}"
        )
        for line in failing[name][: args.show]:
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
