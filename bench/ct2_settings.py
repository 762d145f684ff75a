"""Engine settings of the opus-size CTranslate2 path, side by side: batching, threads, sorting.

    .venv/bin/python bench/ct2_settings.py [--chars 2000] [--unit-chars 500] [--rounds 3]
        [--variants base examples-16 ...] [--json FILE] [--work bench/results/work]

Model: the random-weight Marian of opus-mt-zh-en's dimensions, CTranslate2 int8, 4 beams,
outputs forced to about 1.3x the input tokens (bench/translate_throughput.py's manifest).
Text: the model inputs of the 19,029-character regulation ../shared/corpus/lawrefbook-018.md in
document order, its first --chars characters, cut into units of --unit-chars as a digest job
cuts them (service.jobs.units.cut); each unit is one `engine.translate` call, as a job worker
makes it. The machine's 2 cores are used as a deployment uses them: two worker processes with
one intra-op thread each (cores // workers), unless the variant says otherwise; with two
processes, units go to them alternately.

Each variant runs in fresh processes, loaded and warmed before the clock starts; the time is
from "go" to the last process done. Variants run one after the other in each round, the order
rotated from round to round, and each is reported as its ratio to `base` in the same round
(median over rounds) with its characters per second. The machine is shared with other work, so
a variant with more threads than cores can take a larger share of the cores from the others
and look faster than it would on a machine of its own; `cpu_efficiency_vs_base` (base's CPU
seconds over the variant's, all threads of all its processes) is the figure that does not
depend on that share. `same_output` is the share of outputs equal to base's.

A random model never ends a row early, so every row of a batch decodes to the batch's longest
output cap; a real model ends rows at their end-of-sentence and CTranslate2 drops finished rows,
so the cost of padding (what sorting and small batches save) is overstated here: their gains
are upper bounds. Output-dependent settings (beam size, length penalty, repetition guard) are
not varied: with random weights, forced output length and no quality measure, a speed figure
for them says nothing about what they would cost in quality.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.jobs import CORPUS, write_report  # noqa: E402
from bench.translate_throughput import (  # noqa: E402
    WARMUP,
    add_run_arguments,
    machine,
    prepare_models,
    versions,
)

BEAMS = 4
# name -> (processes, intra_threads, inter_threads, batching, what)
VARIANTS: dict[str, tuple[int, int, int, str, str]] = {
    "base": (2, 1, 1, "engine", "the engine as it is: sorted, <= 4096 padded tokens"),
    "tokens-1024": (2, 1, 1, "tokens-1024", "sorted, <= 1024 padded tokens a batch"),
    "tokens-2048": (2, 1, 1, "tokens-2048", "sorted, <= 2048 padded tokens a batch"),
    "no-padding-cap": (2, 1, 1, "tokens-4096-anypad", "sorted, 4096 tokens, padding not capped"),
    "examples-8": (2, 1, 1, "examples-8", "sorted, 8 inputs a batch"),
    "examples-16": (2, 1, 1, "examples-16", "sorted, 16 inputs a batch"),
    "examples-32": (2, 1, 1, "examples-32", "sorted, 32 inputs a batch"),
    "unsorted": (2, 1, 1, "unsorted-4096", "document order, <= 4096 padded tokens a batch"),
    "intra-2": (2, 2, 1, "engine", "two processes, 2 intra-op threads each"),
    "one-process-intra-2": (1, 2, 1, "engine", "one process, 2 intra-op threads"),
    "one-process-inter-2": (1, 1, 2, "engine", "one process, 2 units at once, 2 inter"),
}


# ---- batching variants (installed in the worker process) ---------------------------------


def batching(kind: str) -> Callable[[Sequence[int], int], list[list[int]]]:
    """The batch former of a variant, in place of token_budget_batches(lengths, budget)."""
    from service.translate.batching import MAX_PADDING, token_budget_batches

    name, size, *rest = kind.split("-")
    limit = int(size)
    if name == "tokens":
        padding = 1.0 if rest else MAX_PADDING
        return lambda lengths, _budget: token_budget_batches(lengths, limit, max_padding=padding)
    if name == "examples":
        return lambda lengths, _budget: _chunks(_sorted(lengths), limit)
    return lambda lengths, _budget: _in_order(lengths, limit)


def _chunks(order: list[int], size: int) -> list[list[int]]:
    return [order[i : i + size] for i in range(0, len(order), size)]


def _sorted(lengths: Sequence[int]) -> list[int]:
    return sorted(range(len(lengths)), key=lambda i: (lengths[i], i))


def _in_order(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Consecutive inputs while count x longest stays within the budget."""
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index, length in enumerate(lengths):
        if current and (len(current) + 1) * max(longest, length) > budget:
            batches.append(current)
            current, longest = [], 0
        current.append(index)
        longest = max(longest, length)
    if current:
        batches.append(current)
    return batches


def worker(variant: str, model_dir: Path, units: list[list[str]]) -> None:
    """Load the engine as the variant says, warm it, print "ready", wait for a line on stdin,
    translate the units, print the outputs and the peak RSS as JSON."""
    from service.config import Config
    from service.translate import codec
    from service.translate.ct2_engine import CTranslate2Engine
    from service.translate.registry import load_engine_from_dir

    _, intra, inter, kind, _ = VARIANTS[variant]
    if kind != "engine":  # base and the thread variants keep the engine's own batching
        codec.token_budget_batches = batching(kind)  # type: ignore[assignment]
    engine = load_engine_from_dir(model_dir, Config(engine="ctranslate2", torch_threads=intra))
    assert isinstance(engine, CTranslate2Engine)
    engine.translator_options["inter_threads"] = inter
    engine.drop_translator()

    def translate(texts: list[str]) -> list[str]:
        return list(engine.translate(texts, "zh", "en", num_beams=BEAMS))

    translate(WARMUP)
    print("ready", flush=True)
    sys.stdin.readline()
    cpu = time.process_time()  # every thread of this process, user + system
    with ThreadPoolExecutor(inter) as pool:  # inter > 1: as many units at once
        outputs = [text for unit in pool.map(translate, units) for text in unit]
    cpu = time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"outputs": outputs, "cpu_s": cpu, "peak_rss_mib": round(rss)}), flush=True)


# ---- the run ------------------------------------------------------------------------------


def units_of(chars: int, unit_chars: int) -> list[list[str]]:
    """The regulation's model inputs in document order, about `chars` of them, in units."""
    from service.jobs.units import cut
    from service.parsing import parse_document
    from service.translate.document import keyed_inputs

    text = (CORPUS / "lawrefbook-018.md").read_bytes()
    texts, total = [], 0
    for _, source in keyed_inputs(parse_document(text, "auto")):
        if total >= chars:
            break
        texts.append(source)
        total += len(source)
    return [texts[start:end] for start, end in cut(texts, unit_chars)]


def run_variant(variant: str, model_dir: Path, units: list[list[str]], work: Path) -> dict:
    """Time one variant: its processes loaded and warmed, then all of them released at once."""
    processes = VARIANTS[variant][0]
    shares = [units[i::processes] for i in range(processes)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": str(VARIANTS[variant][1])}
    started = []
    for index, share in enumerate(shares):
        job = work / f"ct2-settings-{index}.json"
        job.write_text(json.dumps({"model": str(model_dir), "units": share}), encoding="utf-8")
        command = [sys.executable, __file__, "--worker", variant, "--input", str(job)]
        started.append(
            subprocess.Popen(
                command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
        )
    for process in started:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    begin = time.perf_counter()
    for process in started:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = []
    for process in started:
        out, _ = process.communicate(timeout=3600)
        if process.returncode != 0:
            raise RuntimeError(f"{variant}: worker exited with {process.returncode}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    seconds = time.perf_counter() - begin
    by_unit: dict[int, list[str]] = {}
    for index, result in enumerate(results):  # back into document order
        taken, outputs = shares[index], result["outputs"]
        for number, unit in zip(range(index, len(units), processes), taken, strict=True):
            by_unit[number], outputs = outputs[: len(unit)], outputs[len(unit) :]
    ordered = [text for number in sorted(by_unit) for text in by_unit[number]]
    return {
        "seconds": seconds,
        "cpu_s": sum(r["cpu_s"] for r in results),
        "outputs": ordered,
        "peak_rss_mib": [r["peak_rss_mib"] for r in results],
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    args.work.mkdir(parents=True, exist_ok=True)
    model_dir = prepare_models(args.work)["hf"]
    units = units_of(args.chars, args.unit_chars)
    chars = sum(len(t) for unit in units for t in unit)
    variants = ["base", *[v for v in args.variants if v != "base"]]
    rows: dict[str, dict[str, Any]] = {
        v: {"ratios": [], "cpu_ratios": [], "chars_per_s": []} for v in variants
    }
    for round_number in range(args.rounds):
        shift = round_number % len(variants)
        seen: dict[str, dict] = {}
        for variant in variants[shift:] + variants[:shift]:
            seen[variant] = run_variant(variant, model_dir, units, args.work)
            print(
                f"round {round_number + 1} {variant}: {seen[variant]['seconds']:.1f} s", flush=True
            )
        for variant, result in seen.items():
            row = rows[variant]
            row["ratios"].append(seen["base"]["seconds"] / result["seconds"])
            row["cpu_ratios"].append(seen["base"]["cpu_s"] / result["cpu_s"])
            row["chars_per_s"].append(chars / result["seconds"])
            same = sum(
                a == b for a, b in zip(result["outputs"], seen["base"]["outputs"], strict=True)
            )
            row["same_output"] = round(same / len(result["outputs"]), 3)
            row["peak_rss_mib"] = result["peak_rss_mib"]
    return {
        "machine": machine(),
        "versions": versions(),
        "beams": BEAMS,
        "chars": chars,
        "inputs": sum(len(unit) for unit in units),
        "units": len(units),
        "unit_chars": args.unit_chars,
        "rounds": args.rounds,
        "results": {
            variant: {
                "what": VARIANTS[variant][4],
                "speed_vs_base": round(statistics.median(row["ratios"]), 3),
                "speed_vs_base_each_round": [round(r, 3) for r in row["ratios"]],
                "cpu_efficiency_vs_base": round(statistics.median(row["cpu_ratios"]), 3),
                "cpu_efficiency_each_round": [round(r, 3) for r in row["cpu_ratios"]],
                "chars_per_s": round(statistics.median(row["chars_per_s"]), 1),
                "same_output": row["same_output"],
                "peak_rss_mib": row["peak_rss_mib"],
            }
            for variant, row in rows.items()
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=2000, help="source characters (about)")
    parser.add_argument("--unit-chars", type=int, default=500, help="as PD_JOB_UNIT_CHARS")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS))
    add_run_arguments(parser, list(VARIANTS))
    args = parser.parse_args()
    if args.worker:
        data = json.loads(args.input.read_text(encoding="utf-8"))
        worker(args.worker, Path(data["model"]), data["units"])
        return 0
    write_report(run(args), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
