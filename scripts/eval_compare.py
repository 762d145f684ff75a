"""Score the compare stage on gold pairs from real law versions, beside greedy matchers.

    .venv/bin/python scripts/eval_compare.py [--json FILE]

Each `tests/compare/laws/*.gold.json` names two versions of a law and lists what the amendment
changed: the changed pairs (old label → new label), the added and the removed articles. Every
other article is unchanged, and unchanged articles keep their order, so the gold pairs follow:
the old articles neither changed nor removed, in order, with the new ones neither changed nor
added. Each case runs in three forms: the old text as published; as a PDF copy would give it
(hard line breaks, half-width punctuation, page numbers, run-in article labels) read as plain
text, as a `.txt` file of it is read (`pdf`); and that copy pasted, its format detected
(`pdf-pasted`).

Scores, over articles only: pair accuracy (gold pairs, with their status, found exactly) and
change precision / recall (over the changed, added and removed items). The anchors are greedy
matchers as the open tools pair articles: each old article in turn takes the first new one not
yet taken whose difflib ratio is at least 0.8 (or 0.4).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from service.compare import Comparison, compare_units  # noqa: E402
from service.compare.units import Unit, document_units  # noqa: E402
from service.parsing import parse_document  # noqa: E402

LAWS = REPO / "tests" / "compare" / "laws"
Item = tuple[str | None, str | None, str]  # (old label, new label, status)
GREEDY_THRESHOLDS = (0.8, 0.4)
_HALF_WIDTH = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "？": "?"})


def pdf_like(markdown: str, width: int = 36) -> str:
    """A law's text as copied out of a PDF: no Markdown, hard line breaks every `width`
    characters, half-width punctuation, page numbers between lines, no space after labels."""
    lines = []
    for raw in markdown.splitlines():
        line = re.sub(r"^#+\s*", "", raw).strip().translate(_HALF_WIDTH)
        if not line or line.startswith("<!--"):
            continue
        line = re.sub(r"^(第[零一二三四五六七八九十百千]+条)[\s\u3000]+", r"\1", line)
        lines += _wrapped(line, width)
    page = 40
    return "\n".join(
        f"{line}\n\n- {k // page + 1} -\n" if k % page == page - 1 else line
        for k, line in enumerate(lines)
    )


def _wrapped(line: str, width: int) -> list[str]:
    """Hard line breaks every `width` characters; as typesetters do, no line starts with a
    closing punctuation mark (it stays at the end of the line before)."""
    rows: list[str] = []
    while line:
        cut = min(width, len(line))
        while cut < len(line) and line[cut] in ",.;:?!)、。》”":
            cut += 1
        rows.append(line[:cut])
        line = line[cut:]
    return rows


# Each form: how the old text is made from the published one, and the format it is read as.
FORMS: dict[str, tuple[Callable[[str], str], str]] = {
    "published": (lambda text: text, "auto"),
    "pdf": (pdf_like, "text"),
    "pdf-pasted": (pdf_like, "auto"),
}


def articles(units: list[Unit]) -> list[str]:
    return [u.label or "" for u in units if u.kind == "article"]


def gold_items(gold: dict[str, Any], old: list[str], new: list[str]) -> set[Item]:
    """Every gold pair: changed, added, removed, and the unchanged ones that follow by order."""
    changed = [tuple(pair) for pair in gold["changed"]]
    items: set[Item] = {(o, n, "changed") for o, n in changed}
    items |= {(None, n, "added") for n in gold["added"]}
    items |= {(o, None, "removed") for o in gold["removed"]}
    busy_old = {o for o, _ in changed} | set(gold["removed"])
    busy_new = {n for _, n in changed} | set(gold["added"])
    rest_old = [label for label in old if label not in busy_old]
    rest_new = [label for label in new if label not in busy_new]
    if len(rest_old) != len(rest_new):
        raise ValueError(f"gold does not add up: {len(rest_old)} old vs {len(rest_new)} new left")
    items |= {(o, n, "unchanged") for o, n in zip(rest_old, rest_new, strict=True)}
    return items


def system_items(comparison: Comparison) -> set[Item]:
    """The article pairs of a comparison (pairs of other units left out)."""
    return {
        (p.old.label if p.old else None, p.new.label if p.new else None, p.status)
        for p in comparison.pairs
        if (p.old or p.new).kind == "article"  # type: ignore[union-attr]
    }


def greedy_items(old: list[Unit], new: list[Unit], threshold: float) -> set[Item]:
    """First-come pairing by difflib ratio, in old order (the anchor)."""
    old_a = [u for u in old if u.kind == "article"]
    new_a = [u for u in new if u.kind == "article"]
    taken: set[int] = set()
    items: set[Item] = set()
    for unit in old_a:
        for j, candidate in enumerate(new_a):
            if j in taken:
                continue
            matcher = difflib.SequenceMatcher(None, unit.text, candidate.text)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            if matcher.ratio() >= threshold:
                taken.add(j)
                same = unit.key == candidate.key
                items.add((unit.label, candidate.label, "unchanged" if same else "changed"))
                break
        else:
            items.add((unit.label, None, "removed"))
    items |= {(None, u.label, "added") for j, u in enumerate(new_a) if j not in taken}
    return items


def score(gold: set[Item], found: set[Item]) -> dict[str, Any]:
    gold_changes = {i for i in gold if i[2] != "unchanged"}
    found_changes = {i for i in found if i[2] != "unchanged"}
    right = len(gold_changes & found_changes)
    return {
        "pairs": len(gold),
        "pairs_right": len(gold & found),
        "pair_accuracy": round(len(gold & found) / len(gold), 4),
        "change_precision": round(right / len(found_changes), 4) if found_changes else 1.0,
        "change_recall": round(right / len(gold_changes), 4) if gold_changes else 1.0,
        "false_changes": sorted(map(str, found_changes - gold_changes)),
        "missed": sorted(map(str, gold - found)),
    }


def evaluate(gold_path: Path, form: str) -> dict[str, Any]:
    """Scores of the compare stage and the greedy anchors on one gold case in one form."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    old_text = (LAWS / gold["old"]).read_text(encoding="utf-8")
    new_text = (LAWS / gold["new"]).read_text(encoding="utf-8")
    make, old_format = FORMS[form]
    old = document_units(parse_document(make(old_text), old_format))
    new = document_units(parse_document(new_text))
    result: dict[str, Any] = {
        "case": gold_path.name.removesuffix(".gold.json"),
        "set": gold["set"],
        "form": form,
    }
    try:
        expected = gold_items(gold, articles(old), articles(new))
    except ValueError as exc:  # the parser did not find the articles: nothing to score
        return {**result, "error": str(exc), "old_articles_parsed": len(articles(old))}
    started = time.perf_counter()
    comparison = compare_units(old, new)
    seconds = time.perf_counter() - started
    result["compare"] = {**score(expected, system_items(comparison)), "seconds": round(seconds, 3)}
    for threshold in GREEDY_THRESHOLDS:
        result[f"greedy_{threshold}"] = score(expected, greedy_items(old, new, threshold))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write the results here too")
    parser.add_argument("--set", choices=("dev", "unseen"), help="only the cases of one set")
    args = parser.parse_args()
    cases = sorted(LAWS.glob("*.gold.json"))
    if args.set:
        cases = [p for p in cases if json.loads(p.read_text(encoding="utf-8"))["set"] == args.set]
    results = [evaluate(path, form) for path in cases for form in FORMS]
    print("| case | set | form | matcher | pair accuracy | change P | change R |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        if "error" in r:
            why = f"{r['error']}; {r['old_articles_parsed']} old articles parsed"
            print(f"| {r['case']} | {r['set']} | {r['form']} | (not scored: {why}) |||")
            continue
        for matcher in ("compare", *(f"greedy_{t}" for t in GREEDY_THRESHOLDS)):
            s = r[matcher]
            print(
                f"| {r['case']} | {r['set']} | {r['form']} | {matcher} | "
                f"{s['pairs_right']}/{s['pairs']} ({s['pair_accuracy']:.1%}) | "
                f"{s['change_precision']:.1%} | {s['change_recall']:.1%} |"
            )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
