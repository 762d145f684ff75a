"""Compare parse output with hand-made gold structure files (../shared/corpus/gold/SPEC.md).

Scores any number of gold directories at once. Each gold file names its article (`"file"`),
which is looked up in the article directories in order (default: tests/articles, then the
shared corpus). Prints, per file, per gold directory and over all of them:

- heading precision / recall / F1: a heading matches on label and text, whitespace ignored;
  gold and predicted headings are paired in document order (longest common subsequence, then
  any remaining equal pairs), so counts equal a multiset match;
- level agreement: share of matched headings whose level equals the gold level;
- parent accuracy: share of matched headings whose parent (the nearest preceding heading of a
  lower level) is the heading matched to the gold parent, or both have none;
- enumeration recall: gold enumerations (label and lead) found in the section with the same
  heading label and text;
- parse failures: articles that raise instead of parsing (scored as predicting nothing).

    .venv/bin/python scripts/eval_structure.py [--gold DIR ...] [--articles DIR ...]
        [--min-f1 0.9]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from service import parse
from service.document import Document
from service.errors import ServiceError

ROOT = Path(__file__).resolve().parents[1]
# ../shared/corpus beside the checkout (a git worktree one level deeper finds it one further up).
DEFAULT_CORPUS = next(
    (
        p
        for p in (ROOT.parent / "shared" / "corpus", ROOT.parents[1] / "shared" / "corpus")
        if p.is_dir()
    ),
    ROOT.parent / "shared" / "corpus",
)
DEFAULT_ARTICLES = (ROOT / "tests" / "articles", DEFAULT_CORPUS)

Key = tuple[str, str]
Heading = tuple[int, str, str]  # level, label, text


@dataclass
class Score:
    """Counts for one file (or the sum over files)."""

    heading_hits: int = 0
    predicted: int = 0
    gold: int = 0
    level_agree: int = 0
    parent_agree: int = 0
    enum_hits: int = 0
    enum_gold: int = 0
    failures: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def precision(self) -> float:
        return self.heading_hits / self.predicted if self.predicted else 1.0

    def recall(self) -> float:
        return self.heading_hits / self.gold if self.gold else 1.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0

    def level_accuracy(self) -> float:
        return self.level_agree / self.heading_hits if self.heading_hits else 1.0

    def parent_accuracy(self) -> float:
        return self.parent_agree / self.heading_hits if self.heading_hits else 1.0

    def enum_recall(self) -> float:
        return self.enum_hits / self.enum_gold if self.enum_gold else 1.0

    def row(self, name: str) -> str:
        return (
            f"{name:24} {self.gold:5} {self.predicted:5} {self.precision():6.3f}"
            f" {self.recall():6.3f} {self.f1():6.3f} {self.level_accuracy():6.3f}"
            f" {self.parent_accuracy():6.3f} {self.enum_gold:5} {self.enum_recall():6.3f}"
            f" {self.failures:4}"
        )


HEADER = (
    f"{'file':24} {'gold':>5} {'pred':>5} {'prec':>6} {'rec':>6} {'F1':>6} "
    f"{'level':>6} {'parent':>6} {'enum':>5} {'e.rec':>6} {'fail':>4}"
)


def _key(label: str | None, text: str | None) -> Key:
    return "".join((label or "").split()), "".join((text or "").split())


def predicted_structure(doc: Document) -> tuple[list[Heading], Counter[tuple]]:
    """(level, label, text) headings and a multiset of (heading key, label, lead)."""
    headings = []
    enums: Counter[tuple] = Counter()
    for section in doc.walk():
        if section.level > 0:
            headings.append((section.level, *_key(section.label, section.heading)))
        heading = _key(section.label, section.heading) if section.level else ("", "")
        for paragraph in section.paragraphs:
            for e in paragraph.enumerations:
                enums[(heading, e.label, "".join(e.lead.split()))] += 1
    return headings, enums


def parents(headings: Sequence[Heading]) -> list[int | None]:
    """Index of each heading's parent: the nearest preceding heading of a lower level."""
    result: list[int | None] = []
    for i, (level, _, _) in enumerate(headings):
        result.append(next((j for j in range(i - 1, -1, -1) if headings[j][0] < level), None))
    return result


def align(gold: Sequence[Heading], predicted: Sequence[Heading]) -> dict[int, int]:
    """Pair gold heading indices with predicted ones of the same key, in document order."""
    gold_keys = [h[1:] for h in gold]
    pred_keys = [h[1:] for h in predicted]
    pairs: dict[int, int] = {}
    matcher = SequenceMatcher(None, gold_keys, pred_keys, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    used = set(pairs.values())
    for g, key in enumerate(gold_keys):
        if g in pairs:
            continue
        p = next((p for p, other in enumerate(pred_keys) if other == key and p not in used), None)
        if p is not None:
            pairs[g] = p
            used.add(p)
    return pairs


def find_article(name: str, article_dirs: Sequence[Path]) -> Path:
    """The first article directory holding `name`."""
    for directory in article_dirs:
        if (directory / name).is_file():
            return directory / name
    raise FileNotFoundError(f"{name} is in none of {', '.join(map(str, article_dirs))}")


def score_file(gold_path: Path, articles: Path | Sequence[Path] = DEFAULT_ARTICLES) -> Score:
    """Score one gold file against the parse of its article."""
    article_dirs = [articles] if isinstance(articles, Path) else list(articles)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold_headings = [(h["level"], *_key(h["label"], h["text"])) for h in gold["headings"]]
    score = Score(gold=len(gold_headings), enum_gold=len(gold["enumerations"]))
    try:
        doc = parse(find_article(gold["file"], article_dirs).read_bytes())
    except ServiceError:
        score.failures = 1
        return score
    headings, enums = predicted_structure(doc)
    score.predicted = len(headings)
    pairs = align(gold_headings, headings)
    gold_parents, pred_parents = parents(gold_headings), parents(headings)
    for g, p in pairs.items():
        score.heading_hits += 1
        score.level_agree += gold_headings[g][0] == headings[p][0]
        gold_parent = gold_parents[g]
        expected = None if gold_parent is None else pairs.get(gold_parent, -1)
        score.parent_agree += pred_parents[p] == expected
    for e in gold["enumerations"]:
        index = e["heading_index"]
        heading = gold_headings[index][1:] if index >= 0 else ("", "")
        key = (heading, e["label"], "".join(e["lead"].split()))
        if enums[key] > 0:
            enums[key] -= 1
            score.enum_hits += 1
    return score


def score_dir(gold_dir: Path, articles: Sequence[Path], verbose: bool = True) -> Score:
    """Sum of the scores of every gold file in a directory (rows printed when verbose)."""
    total = Score()
    for gold_path in sorted(gold_dir.glob("*.json")):
        score = score_file(gold_path, articles)
        total.add(score)
        if verbose:
            print(score.row(gold_path.stem))
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gold", type=Path, action="append", help="gold directory (repeatable; default: dev gold)"
    )
    parser.add_argument(
        "--articles", type=Path, action="append", help="article directory (repeatable)"
    )
    parser.add_argument("--corpus", type=Path, default=None, help="shorthand for one --articles")
    parser.add_argument("--quiet", action="store_true", help="print only the OVERALL lines")
    parser.add_argument("--min-f1", type=float, default=0.0, help="exit 1 below this F1")
    args = parser.parse_args(argv)
    articles = args.articles or ([args.corpus] if args.corpus else list(DEFAULT_ARTICLES))
    gold_dirs = args.gold or [(args.corpus or DEFAULT_CORPUS) / "gold"]
    total = Score()
    print(HEADER)
    for gold_dir in gold_dirs:
        score = score_dir(gold_dir, articles, verbose=not args.quiet)
        total.add(score)
        print(score.row(f"ALL {gold_dir.parent.name}/{gold_dir.name}"[:24]))
    if len(gold_dirs) > 1:
        print(total.row("OVERALL (all)"))
    return 0 if total.f1() >= args.min_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
