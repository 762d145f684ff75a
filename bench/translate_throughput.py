"""Translation throughput of every system side by side, on a random opus-mt-zh-en-sized Marian.

    .venv/bin/python bench/translate_throughput.py [--quick] [--json FILE] [--threads 1]
        [--beams 4] [--systems a-naive b-engine ...] [--work bench/results/work]

Builds (once, cached in --work) a Marian of opus-mt-zh-en's dimensions with random weights
(scripts/make_tiny_model.py --size opus) and its CTranslate2 conversions (int8 and float32),
takes real sentences from ../shared/corpus (round-robin over the articles, the same list for
every system), and runs each system in a fresh process one after the other, with the same
intra-op thread count and beam size. A random model emits EOS at random, so every system is
forced to produce about 1.3× the input tokens: min = max new tokens = ceil(1.3 × input tokens)
for the naive baseline; for the engines, the manifest's output cap is 1.3 × input tokens (no
floor) and min_new_tokens is clamped to the batch's smallest cap. The engines are called
directly (`engine.translate`, one call, the engine forms the batches): document translation
adds the repetition guard, whose retry would fire on nearly every output of random weights.

Systems: (a) one `generate` per sentence, as a transformers user writes it; (b) our
transformers engine (length-sorted token-budget batches); (c) (b) with bfloat16 weights and
with torch dynamic int8 Linear layers; (d) our CTranslate2 engine, int8 and float32.
Reports source characters/s, source tokens/s, the ratio to (a), model load time and peak RSS
(the process's, so it includes Python + torch, about 350 MiB).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CORPUS = REPO.parent / "shared" / "corpus"
LENGTH_RATIO = 1.3
SYSTEMS = {
    "a-naive": "one generate() per sentence (transformers float32)",
    "b-engine": "our transformers engine, float32",
    "c-engine-bf16": "(b) with bfloat16 weights",
    "c-engine-qint8": "(b) with torch dynamic int8 Linear layers",
    "d-ct2-int8": "our CTranslate2 engine, int8",
    "d-ct2-float32": "our CTranslate2 engine, float32",
}
MANIFEST = f"""
name = "opus-random"
repo_id = "local/opus-random"
revision = "random"
family = "marian"
source_langs = ["zh"]
target_langs = ["en"]
prompt = "marian"
max_input_tokens = 512
license = "none"

[generation]
max_length_ratio = {LENGTH_RATIO}
max_new_tokens_floor = 0
min_new_tokens = 100000
"""
WARMUP = ["推进数字乡村建设。", "发展智慧农业，提升农村网络质量。"]


def prepare_models(work: Path) -> dict[str, Path]:
    """The random opus-size model and its CTranslate2 int8 / float32 copies (built once)."""
    from scripts.make_tiny_model import make_tiny_model
    from service.translate.convert import CT2_SUBDIR, convert_dir

    hf = work / "opus"
    if not (hf / "config.json").is_file():
        make_tiny_model("marian", hf, "opus")
    (hf / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    if not (hf / CT2_SUBDIR / "model.bin").is_file():
        convert_dir(hf, hf / CT2_SUBDIR, "int8", force=True)
    f32 = work / "opus-f32"  # same tokenizer and manifest, float32 conversion
    f32.mkdir(parents=True, exist_ok=True)
    for item in hf.iterdir():
        link = f32 / item.name
        if item.name != CT2_SUBDIR and not link.exists():
            link.symlink_to(item.resolve())
    if not (f32 / CT2_SUBDIR / "model.bin").is_file():
        convert_dir(hf, f32 / CT2_SUBDIR, "float32", force=True)
    return {"hf": hf, "f32": f32}


def corpus_sentences(corpus: Path, chars: int) -> list[str]:
    """Distinct sentences taken round-robin over the articles until about `chars` characters."""
    from service import parse

    per_article = [
        [s.text for s in parse(path.read_bytes()).sentences() if len(s.text) >= 4]
        for path in sorted(corpus.glob("*.md"))
    ]
    chosen: dict[str, None] = {}
    total = 0
    for row in range(max(len(s) for s in per_article)):
        for sentences in per_article:
            if row < len(sentences) and sentences[row] not in chosen and total < chars:
                chosen[sentences[row]] = None
                total += len(sentences[row])
    return list(chosen)


def source_tokens(model_dir: Path, sentences: list[str]) -> int:
    """Model input tokens of the sentences (as the engines count them)."""
    from transformers import AutoTokenizer

    from service.parsing.normalize import to_norm

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    return sum(len(tokenizer(to_norm(s))["input_ids"]) for s in sentences)


# ---- one system, in its own process -------------------------------------------------------


def run_system(system: str, models: dict[str, Path], sentences: list[str], beams: int) -> dict:
    """Load one system, warm it up, translate the sentences; timings and peak RSS."""
    started = time.perf_counter()
    translate = load_system(system, models, beams)
    loaded = time.perf_counter()
    translate(WARMUP)
    begin = time.perf_counter()
    outputs = translate(sentences)
    seconds = time.perf_counter() - begin
    assert len(outputs) == len(sentences) and all(outputs)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"load_s": loaded - started, "seconds": seconds, "peak_rss_mib": peak_kib / 1024}


def load_system(system: str, models: dict[str, Path], beams: int) -> Any:
    """A function sentences -> translations for `system`."""
    if system == "a-naive":
        return naive_translator(models["hf"], beams)
    from service.config import Config
    from service.translate.registry import load_engine_from_dir

    threads = int(os.environ["OMP_NUM_THREADS"])
    settings: dict[str, Any] = {"torch_threads": threads}
    model_dir = models["hf"]
    if system == "c-engine-bf16":
        settings["dtype"] = "bfloat16"
    if system.startswith("d-ct2"):
        settings["engine"] = "ctranslate2"
        model_dir = models["f32"] if system == "d-ct2-float32" else models["hf"]
    engine = load_engine_from_dir(model_dir, Config(**settings))
    if system == "c-engine-qint8":
        quantize_linear_layers(engine)

    def translate(texts: list[str]) -> list[str]:
        return [t or "-" for t in engine.translate(texts, "zh", "en", num_beams=beams)]

    return translate


def quantize_linear_layers(engine: Any) -> None:
    """Torch dynamic int8 quantization of the engine's Linear layers (weights int8)."""
    import warnings

    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch deprecates this API in favour of torchao
        engine.model = quantize_dynamic(engine.model, {torch.nn.Linear}, dtype=torch.qint8)


def naive_translator(model_dir: Path, beams: int) -> Any:
    """The baseline: one `generate` per sentence with min = max new tokens."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(str(model_dir), local_files_only=True).eval()

    def translate(texts: list[str]) -> list[str]:
        outputs = []
        for text in texts:
            inputs = tokenizer(text, return_tensors="pt")
            cap = math.ceil(LENGTH_RATIO * inputs["input_ids"].shape[1])
            with torch.inference_mode():
                generated = model.generate(
                    **inputs, num_beams=beams, max_new_tokens=cap, min_new_tokens=cap
                )
            outputs.append(str(tokenizer.decode(generated[0], skip_special_tokens=True)) or "-")
        return outputs

    return translate


# ---- the run ------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """CPU model, cores and the vector extensions that matter here."""
    flags: set[str] = set()
    model = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
    wanted = ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_int8")
    return {"cpu": model, "cores": os.cpu_count(), "flags": [f for f in wanted if f in flags]}


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("torch", "transformers", "ctranslate2"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


def spawn(system: str, args: argparse.Namespace, input_file: Path) -> dict[str, Any]:
    """Run one system in a fresh process with the thread count fixed."""
    threads = str(args.threads)
    env = {**os.environ, "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}
    env["HF_HUB_OFFLINE"] = env["TRANSFORMERS_OFFLINE"] = "1"
    env["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    command = [sys.executable, __file__, "--worker", system, "--input", str(input_file)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{system} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def print_table(report: dict[str, Any]) -> None:
    m = report["machine"]
    print(
        f"\n{m['cpu']}, {m['cores']} cores ({', '.join(m['flags'])}); threads={report['threads']}"
        f" beams={report['beams']}; {report['sentences']} sentences, {report['chars']} chars,"
        f" {report['tokens']} source tokens; output forced to ~{LENGTH_RATIO}x input tokens"
    )
    print(
        "| system | what | load s | translate s | src chars/s | src tokens/s | × (a)"
        " | peak RSS MiB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, row in report["results"].items():
        print(
            f"| {name} | {SYSTEMS[name]} | {row['load_s']:.1f} | {row['seconds']:.1f} |"
            f" {row['chars_per_s']:.0f} | {row['tokens_per_s']:.0f} |"
            f" {row.get('vs_naive', float('nan')):.2f} | {row['peak_rss_mib']:.0f} |"
        )


def run(args: argparse.Namespace) -> dict[str, Any]:
    args.work.mkdir(parents=True, exist_ok=True)
    models = prepare_models(args.work)
    chars = args.chars or (500 if args.quick else 5000)
    sentences = corpus_sentences(args.corpus, chars)
    input_file = args.work / f"sentences-{os.getpid()}.json"
    payload = {"models": {k: str(v) for k, v in models.items()}, "sentences": sentences}
    payload["beams"] = args.beams
    input_file.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    n_chars = sum(len(s) for s in sentences)
    n_tokens = source_tokens(models["hf"], sentences)
    report: dict[str, Any] = {
        "machine": machine(),
        "versions": versions(),
        "threads": args.threads,
        "beams": args.beams,
        "sentences": len(sentences),
        "chars": n_chars,
        "tokens": n_tokens,
        "results": {},
    }
    try:
        for system in args.systems:
            row = spawn(system, args, input_file)
            row["chars_per_s"] = n_chars / row["seconds"]
            row["tokens_per_s"] = n_tokens / row["seconds"]
            print(f"{system}: {row['seconds']:.1f} s, {row['chars_per_s']:.0f} chars/s", flush=True)
            report["results"][system] = row
    finally:
        input_file.unlink()
    base = report["results"].get("a-naive")
    for row in report["results"].values():
        if base:
            row["vs_naive"] = row["chars_per_s"] / base["chars_per_s"]
    return report


def add_run_arguments(parser: argparse.ArgumentParser, workers: list[str]) -> None:
    """--work, --json, and the hidden --worker/--input a bench's worker processes are run with."""
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "results" / "work")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    parser.add_argument("--worker", choices=workers, help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~500 characters (a minute or two)")
    parser.add_argument("--chars", type=int, default=0, help="source characters (default 5000)")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads, every system")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--systems", nargs="+", choices=list(SYSTEMS), default=list(SYSTEMS))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    add_run_arguments(parser, list(SYSTEMS))
    args = parser.parse_args()
    if args.worker:
        data = json.loads(args.input.read_text(encoding="utf-8"))
        models = {k: Path(v) for k, v in data["models"].items()}
        print(json.dumps(run_system(args.worker, models, data["sentences"], data["beams"])))
        return 0
    report = run(args)
    print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
