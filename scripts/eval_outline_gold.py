"""Check outlines against the hand-made gold structure (../shared/corpus/gold), and time them.

    .venv/bin/python scripts/eval_outline_gold.py [--max-points N]

For each gold file: is every gold level-1 heading whose section has body text shown with at least
one point (in the node or below it), and how many gold enumerations come out as `enumeration`
points with the same lead (max_points large enough to hold them all, default 1000)? Then the
cost of outlining a 5k-character article against a 200k-character one, measured side by side.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO.parent / "shared" / "corpus" / "gold"
sys.path.insert(0, str(REPO))

from service import outline, parse  # noqa: E402
from service.document import Section, Sentence  # noqa: E402
from service.outlining import OutlineNode  # noqa: E402


def squash(text: str) -> str:
    """Text without markup-sensitive characters: spaces and punctuation removed."""
    return re.sub(r"[\s\W_]+", "", text)


def check_file(gold_path: Path, max_points: int) -> tuple[list[str], int, int]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    document = parse((gold_path.parent.parent / gold["file"]).read_bytes())
    nodes = [n for top in outline(document, max_points=max_points).nodes for n in top.walk()]
    has_text = {s.id for s in document.walk() if any(True for _ in _sentences(s))}
    missing = []
    for heading in (h for h in gold["headings"] if h["level"] == 1):
        node = _find(nodes, heading)
        if node is None:
            missing.append(f"no node for {heading['label']}{heading['text']}")
        elif node.section_id in has_text and not _has_points(node):
            missing.append(f"no point under {heading['label']}{heading['text']}")
    leads = {squash(lead) for n in nodes for p in n.points for lead in (p.lead or "").split("；")}
    found = sum(squash(e["lead"]) in leads for e in gold["enumerations"])
    return missing, found, len(gold["enumerations"])


def _sentences(section: Section) -> Iterator[Sentence]:
    for s in section.walk():
        for p in s.paragraphs:
            yield from p.sentences


def _find(nodes: list[OutlineNode], heading: dict) -> OutlineNode | None:
    want = squash(heading["label"] + heading["text"])
    for node in nodes:
        if squash((node.label or "") + (node.heading or "")) == want:
            return node
    return None


def _has_points(node: OutlineNode) -> bool:
    return any(n.points for n in node.walk())


def bench() -> None:
    seed = (REPO / "tests" / "fixtures" / "finews-001.md").read_text(encoding="utf-8")
    body = seed.split("---", 2)[2]
    small, large = parse(seed), parse(seed.replace(body, body * 90))
    timings = []
    for doc in (small, large):
        start = time.perf_counter()
        for _ in range(5):
            outline(doc)
        timings.append((time.perf_counter() - start) / 5)
    n_small, n_large = len(small.plain_text), len(large.plain_text)
    print(
        f"outline {n_small} chars: {timings[0] * 1e3:.1f} ms; {n_large} chars: "
        f"{timings[1] * 1e3:.1f} ms; time ratio {timings[1] / timings[0]:.1f} "
        f"for a length ratio of {n_large / n_small:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-points", type=int, default=1000)
    args = parser.parse_args()
    total_found = total = 0
    for gold_path in sorted(GOLD.glob("*.json")):
        missing, found, count = check_file(gold_path, args.max_points)
        total_found += found
        total += count
        status = "ok" if not missing else "; ".join(missing)
        print(f"{gold_path.stem:18} sections: {status}; enumerations {found}/{count}")
    print(f"enumeration recall: {total_found}/{total} = {total_found / max(total, 1):.1%}")
    bench()


if __name__ == "__main__":
    main()
