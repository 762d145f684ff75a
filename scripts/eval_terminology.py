"""Glossary adherence of a model, as the WMT 2023 terminology task measures it.

Reads the task's zh→en test data (github.com/wmt-terminology-task/data-2023: `zhen.zh`, one
source sentence a line, and `zhen.term.proper` or `zhen.term.random`, one JSON list of term pairs
a line), translates every sentence through the service's own path (service.translate.segments)
without a glossary, then with that sentence's terms as its glossary (whole-term units,
verification) once per technique (`placeholders`, `code-switching`; PD_GLOSSARY_TECHNIQUE picks
the one the service uses). It prints, for each run, JSON with

- `success_rate`: the share of (sentence, term) hints whose target appears in the output (case,
  blanks, dashes and quotes folded, as the service checks), the task's terminology success rate;
- `consistency`: the share of source terms hinted in two or more sentences that come out the
  same way everywhere (the target present in all of their outputs, or in none);
- `flagged`: the share of hints the service flagged `glossary_term_missing` (with a glossary).

    python scripts/eval_terminology.py --source zhen.zh --terms zhen.term.proper \\
        --model opus-mt-zh-en [--limit 500] [--json results.json]

`--model` names an installed manifest (models/NAME), `--model-dir` any model directory. A term
pair is a JSON object keyed by language code ({"zh": "…", "en": "…"}) or a [source, target]
list; a line that is empty or `[]` has no hints.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # run as `python scripts/eval_terminology.py`
    sys.path.insert(0, str(REPO_ROOT))

from service.config import GLOSSARY_TECHNIQUES, Config  # noqa: E402
from service.errors import InvalidGlossary  # noqa: E402
from service.translate.glossary import Glossary, checked  # noqa: E402
from service.translate.segments import translate_texts  # noqa: E402
from service.translate.terms import Match, missing  # noqa: E402

Hint = tuple[str, str]


def read_hints(line: str, source_lang: str = "zh", target_lang: str = "en") -> list[Hint]:
    """The term pairs of one line of a `.term.*` file."""
    items = json.loads(line) if line.strip() else []
    hints = []
    for item in items:
        if isinstance(item, dict):
            hints.append((str(item[source_lang]), str(item[target_lang])))
        else:
            hints.append((str(item[0]), str(item[1])))
    return hints


def sentence_glossary(hints: list[Hint]) -> Glossary | None:
    """The hints as a glossary (a hint the service would refuse, e.g. a duplicate, is left
    out, the rest kept); None when there are none."""
    kept: list[tuple[str, str, str]] = []
    for number, (source, target) in enumerate(hints, 1):
        try:
            checked([*kept, (f"hint {number}", source, target)])
        except InvalidGlossary:
            continue
        kept.append((f"hint {number}", source, target))
    return checked(kept) if kept else None


def score(outputs: list[str], hints: list[list[Hint]], flagged: list[set[str]]) -> dict[str, Any]:
    """Success rate, consistency and flag rate over all sentences (see module docstring)."""
    total = hits = flags = 0
    outcomes: dict[str, list[bool]] = defaultdict(list)
    for output, sentence_hints, sentence_flags in zip(outputs, hints, flagged, strict=True):
        for source, target in sentence_hints:
            present = not missing((Match(0, 0, source, target),), output)
            total += 1
            hits += present
            flags += source in sentence_flags
            outcomes[source].append(present)
    repeated = [set(found) for found in outcomes.values() if len(found) > 1]
    return {
        "hints": total,
        "success_rate": round(hits / total, 4) if total else None,
        "consistency": round(sum(len(o) == 1 for o in repeated) / len(repeated), 4)
        if repeated
        else None,
        "repeated_terms": len(repeated),
        "flagged": round(flags / total, 4) if total else None,
    }


def evaluate(
    engine: Any, sources: list[str], hints: list[list[Hint]], techniques: tuple[str, ...]
) -> dict[str, Any]:
    """The run without a glossary, then one with each sentence's terms per technique."""
    plain = [r.translation for r in translate_texts(engine, sources, "zh", "en")]
    nothing: list[set[str]] = [set() for _ in sources]
    results = {"sentences": len(sources), "without_glossary": score(plain, hints, nothing)}
    for technique in techniques:
        enforced, flagged = [], []
        for source, sentence_hints in zip(sources, hints, strict=True):
            glossary = sentence_glossary(sentence_hints)
            glossary = glossary.using(technique) if glossary else None
            [result] = translate_texts(engine, [source], "zh", "en", glossary=glossary)
            enforced.append(result.translation)
            flagged.append({m.source for m in result.missing})
        results[technique] = score(enforced, hints, flagged)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True, help="zhen.zh")
    parser.add_argument("--terms", type=Path, required=True, help="zhen.term.proper or .random")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--model", help="an installed model manifest")
    which.add_argument("--model-dir", type=Path, help="a model directory")
    parser.add_argument("--limit", type=int, default=0, help="first N sentences only")
    parser.add_argument(
        "--technique",
        choices=GLOSSARY_TECHNIQUES,
        action="append",
        help="measure only this technique (repeatable; default: all)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    from service.translate.registry import ModelRegistry, load_engine_from_dir

    sources = args.source.read_text(encoding="utf-8").splitlines()
    hints = [read_hints(line) for line in args.terms.read_text(encoding="utf-8").splitlines()]
    if len(hints) < len(sources):
        hints += [[] for _ in range(len(sources) - len(hints))]
    if args.limit:
        sources, hints = sources[: args.limit], hints[: args.limit]
    config = Config.from_env()
    engine = (
        load_engine_from_dir(args.model_dir, config)
        if args.model_dir
        else ModelRegistry(config).load(args.model)
    )
    techniques = tuple(args.technique or GLOSSARY_TECHNIQUES)
    results = {"model": engine.name, **evaluate(engine, sources, hints[: len(sources)], techniques)}
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
