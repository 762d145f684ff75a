"""Compare a 1,260-article law with a revised copy: time and peak memory, beside a greedy matcher.

    .venv/bin/python bench/compare.py [--json FILE] [--share 0.05] [--repeats 3]

The law is the Civil Code (bench/data/civil-code.md, 1,260 articles). The revised copy changes
5 % of its articles, a third each way: edited in place (a clause added or a phrase changed),
moved elsewhere (unchanged), and new articles inserted, so every later article is renumbered.
Both sides are cut into units once; then, side by side in one run, each matcher pairs them:
the compare stage (`compare_units`, diffs included) and the anchor, a greedy first-come
matcher by difflib ratio >= 0.8 (scripts/eval_compare.py) as the open tools pair articles.
Time is the best of `--repeats` runs; peak memory is measured in a separate run under
tracemalloc (numpy and rapidfuzz allocations included). Pair accuracy is against the truth the
revision was built with. Parsing, which both need, is timed on its own, and so is the whole of
what /v1/compare does without translation: parse both versions, compare, render JSON and
Markdown.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.translate_throughput import machine  # noqa: E402
from scripts.eval_compare import Item, greedy_items, system_items  # noqa: E402
from service.compare import Unit, compare_documents, compare_units, document_units  # noqa: E402
from service.parsing import parse_document  # noqa: E402
from service.render.compare import comparison_markdown  # noqa: E402

LAW = REPO / "bench" / "data" / "civil-code.md"
DIGITS = "零一二三四五六七八九"


def chinese(number: int) -> str:
    """1 → 一, 15 → 十五, 1260 → 一千二百六十 (the numerals of article labels, below 10,000)."""
    parts, zero = [], False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(("" if value == 10 and number < 20 else DIGITS[digit]) + name)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def revised(units: list[Unit], share: float, seed: int = 21) -> tuple[list[Unit], set[Item]]:
    """A revised copy of a law's articles and the true pairs (old label, new label, status)."""
    rng = random.Random(seed)
    articles = [u for u in units if u.kind == "article"]
    count = max(3, round(len(articles) * share)) // 3
    picked = rng.sample(range(len(articles)), 2 * count)
    edited, moved = set(picked[:count]), picked[count:]
    rows: list[tuple[Unit | None, str, str]] = []  # (old unit, new text, status)
    for i, unit in enumerate(articles):
        if i in moved:
            continue
        text = _edit(unit.text, rng) if i in edited else unit.text
        rows.append((unit, text, "changed" if i in edited else "unchanged"))
    for i in moved:
        rows.insert(rng.randrange(len(rows)), (articles[i], articles[i].text, "unchanged"))
    for _ in range(count):
        donor = articles[rng.randrange(len(articles))].text
        rows.insert(rng.randrange(len(rows)), (None, "新增条款：" + donor[::-1], "added"))
    new, truth = [], set()
    for k, (unit, text, status) in enumerate(rows, start=1):
        label = f"第{chinese(k)}条"
        new.append(Unit(f"n{k}", "article", label, None, text))
        truth.add((unit.label if unit else None, label, status))
    return new, truth


def _edit(text: str, rng: random.Random) -> str:
    """An amendment's kind of edit: a clause added at the end, or a phrase replaced."""
    if rng.random() < 0.5 or "，" not in text:
        return text.rstrip("。") + "，但是法律另有规定的除外。"
    head, _, tail = text.partition("，")
    return head + "，依照国家有关规定，" + tail


def best_time(run: Callable[[], Any], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def peak_memory(run: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write the results here too")
    parser.add_argument("--share", type=float, default=0.05, help="share of articles revised")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    law = LAW.read_text(encoding="utf-8")
    started = time.perf_counter()
    old = [u for u in document_units(parse_document(law)) if u.kind == "article"]
    parse_s = time.perf_counter() - started
    new, truth = revised(old, args.share)
    new_text = "\n\n".join(f"{u.label}　{u.text}" for u in new)

    def route() -> None:
        body = compare_documents(parse_document(law), parse_document(new_text)).to_dict()
        comparison_markdown(body)

    def ours() -> set[Item]:
        return system_items(compare_units(old, new))

    def greedy() -> set[Item]:
        return greedy_items(old, new, 0.8)

    results: dict[str, Any] = {
        "machine": machine(),
        "articles": [len(old), len(new)],
        "revised": sorted({status for *_, status in truth}),
        "parse_one_version_s": round(parse_s, 3),
        "route_without_translation_s": round(best_time(route, 1), 3),
    }
    for name, run in (("compare", ours), ("greedy_difflib_0.8", greedy)):
        found = run()
        results[name] = {
            "seconds": round(best_time(run, args.repeats), 3),
            "peak_mib": round(peak_memory(run) / 2**20, 1),
            "pair_accuracy": round(len(found & truth) / len(truth), 4),
            "pairs_wrong": len(truth - found),
        }
    ratio = results["compare"]["seconds"] / results["greedy_difflib_0.8"]["seconds"]
    results["time_ratio_compare_to_greedy"] = round(ratio, 3)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
