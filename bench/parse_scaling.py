"""Parse cost per character at growing input sizes (run by hand; not a test).

Builds inputs of about 5k, 50k, 200k and 1M characters by repeating real corpus articles, plus
pathological inputs (100k repetitions of 一、 and of （, a 200k-character sentence), and prints
time per 1k characters relative to the 5k input, measured side by side in one run.

    .venv/bin/python bench/parse_scaling.py [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import contextlib
import time
from pathlib import Path

from service import parse
from service.errors import EmptyDocument

ROOT = Path(__file__).resolve().parents[1]
SIZES = (5_000, 50_000, 200_000, 1_000_000)


def best_of(text: str, repeats: int = 3) -> float:
    """Fastest of a few runs, in seconds (least disturbed by the other core's load)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        with contextlib.suppress(EmptyDocument):
            parse(text)
        best = min(best, time.perf_counter() - start)
    return best


def interleaved(paths: list[Path]) -> str:
    """Paragraphs of all articles taken round-robin, so every prefix has the same mix of
    simplified and traditional text (traditional costs more: OpenCC runs on it)."""
    bodies = [p.read_text(encoding="utf-8").split("\n---\n", 1)[-1].split("\n\n") for p in paths]
    paragraphs = []
    for row in range(max(len(b) for b in bodies)):
        paragraphs += [b[row] for b in bodies if row < len(b)]
    return "\n\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    source = interleaved(sorted(args.corpus.glob("*.md")))
    base = None
    print(f"{'input':>28} {'chars':>9} {'ms':>9} {'per 1k chars vs 5k':>20}")
    cases = [
        (f"corpus x{size // 1000}k", (source * (size // len(source) + 1))[:size]) for size in SIZES
    ]
    cases += [
        ("一、 x100k", "一、" * 100_000),
        ("（ x100k", "（" * 100_000),
        ("one 200k-char sentence", "政策" * 100_000),
    ]
    for name, text in cases:
        seconds = best_of(text, repeats=1 if len(text) > 300_000 else 3)
        per_k = seconds / len(text) * 1000
        base = base or per_k
        print(f"{name:>28} {len(text):9d} {seconds * 1000:9.1f} {per_k / base:20.2f}")


if __name__ == "__main__":
    main()
