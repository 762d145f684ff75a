"""Compare parse output with hand-made gold structure files (../shared/corpus/gold/SPEC.md).

Prints per-file and overall heading precision/recall/F1 (a heading matches on label and text,
whitespace ignored; level agreement is reported for matched headings) and enumeration recall
(label and lead, within the section of the same heading text).

    .venv/bin/python scripts/eval_structure.py [--gold DIR] [--corpus DIR] [--min-f1 0.9]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from service import parse
from service.document import Document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class Score:
    """Counts for one file (or the sum over files)."""

    heading_hits: int = 0
    predicted: int = 0
    gold: int = 0
    level_agree: int = 0
    enum_hits: int = 0
    enum_gold: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def f1(self) -> float:
        p = self.heading_hits / self.predicted if self.predicted else 1.0
        r = self.heading_hits / self.gold if self.gold else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self, name: str) -> str:
        p = self.heading_hits / self.predicted if self.predicted else 1.0
        r = self.heading_hits / self.gold if self.gold else 1.0
        lv = self.level_agree / self.heading_hits if self.heading_hits else 1.0
        er = self.enum_hits / self.enum_gold if self.enum_gold else 1.0
        return (
            f"{name:24} {self.gold:5} {self.predicted:5} {p:6.3f} {r:6.3f} {self.f1():6.3f}"
            f" {lv:6.3f} {self.enum_gold:5} {er:6.3f}"
        )


def _key(label: str | None, text: str | None) -> tuple[str, str]:
    return "".join((label or "").split()), "".join((text or "").split())


def predicted_structure(doc: Document) -> tuple[list[tuple[int, str, str]], Counter[tuple]]:
    """(level, label, text) headings and a multiset of (heading text, label, lead)."""
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


def score_file(gold_path: Path, corpus: Path) -> Score:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = parse((corpus / gold["file"]).read_bytes())
    headings, enums = predicted_structure(doc)
    gold_headings = [(h["level"], *_key(h["label"], h["text"])) for h in gold["headings"]]
    score = Score(predicted=len(headings), gold=len(gold_headings))
    remaining = Counter((label, text) for _, label, text in headings)
    levels = {(label, text): level for level, label, text in headings}
    for level, label, text in gold_headings:
        if remaining[(label, text)] > 0:
            remaining[(label, text)] -= 1
            score.heading_hits += 1
            score.level_agree += levels[(label, text)] == level
    for e in gold["enumerations"]:
        index = e["heading_index"]
        heading = gold_headings[index][1:] if index >= 0 else ("", "")
        key = (heading, e["label"], "".join(e["lead"].split()))
        score.enum_gold += 1
        if enums[key] > 0:
            enums[key] -= 1
            score.enum_hits += 1
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--gold", type=Path, default=None)
    parser.add_argument("--min-f1", type=float, default=0.0, help="exit 1 below this F1")
    args = parser.parse_args(argv)
    gold_dir = args.gold or args.corpus / "gold"
    total = Score()
    print(
        f"{'file':24} {'gold':>5} {'pred':>5} {'prec':>6} {'rec':>6} {'F1':>6} "
        f"{'level':>6} {'enum':>5} {'e.rec':>6}"
    )
    for gold_path in sorted(gold_dir.glob("*.json")):
        score = score_file(gold_path, args.corpus)
        total.add(score)
        print(score.row(gold_path.stem))
    print(total.row("OVERALL (micro)"))
    return 0 if total.f1() >= args.min_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
