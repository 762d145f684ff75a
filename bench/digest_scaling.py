"""Digest cost per character at growing article sizes, and the time spent outside the model.

    .venv/bin/python bench/digest_scaling.py [--quick] [--json FILE] [--threads 1] [--beams 1]

Articles of about 1k, 5k, 20k and 100k characters (--quick: up to 20k) are cut from distinct
corpus paragraphs taken round-robin over ../shared/corpus (no sentence repeats, so the
translation cache never hits; it is off anyway). Each is posted as text/plain to `/v1/digest`
of the real Flask app (in process, through its WSGI stack) serving the random opus-size Marian
of bench/translate_throughput.py on our CTranslate2 int8 engine, output forced to about 1.3×
the input tokens. The engine is wrapped to time the model calls; parse and outline are also
timed on their own. Greedy by default: the scaling question does not depend on the beam size
and 100k characters with 4 beams would take many minutes here.

Random weights loop, so the repetition guard retries nearly every sentence: model time is
about twice what a real model needs, and the overhead share printed is a lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.translate_throughput import CORPUS, machine, prepare_models  # noqa: E402

SIZES = (1_000, 5_000, 20_000, 100_000)
MODEL = "opus-random"


class TimedEngine:
    """An engine wrapper that adds up the seconds spent in `translate`."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.name, self.revision = engine.name, engine.revision
        self.family, self.max_input_tokens = engine.family, engine.max_input_tokens
        self.generation = engine.generation
        self.seconds = 0.0
        self.calls = 0

    def count_tokens(self, text: str) -> int:
        return int(self.engine.count_tokens(text))

    def translate(self, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
        started = time.perf_counter()
        try:
            return list(self.engine.translate(texts, src, tgt, **options))
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


def articles(corpus: Path, sizes: tuple[int, ...]) -> list[str]:
    """One article per size (within 5%), each from paragraphs no other article uses."""
    bodies = [
        p.read_text(encoding="utf-8").split("\n---\n", 1)[-1].split("\n\n")
        for p in sorted(corpus.glob("*.md"))
    ]
    paragraphs = [
        b[row].strip()
        for row in range(max(len(b) for b in bodies))
        for b in bodies
        if row < len(b) and len(b[row].strip()) > 1
    ]
    paragraphs = list(dict.fromkeys(paragraphs))
    out, cursor = [], 0
    for size in sizes:
        chosen: list[str] = []
        total = 0
        while total < 0.95 * size and cursor < len(paragraphs):
            paragraph = paragraphs[cursor]
            cursor += 1
            if total + len(paragraph) <= 1.05 * size:  # else skipped: keeps sizes near target
                chosen.append(paragraph)
                total += len(paragraph)
        out.append("\n\n".join(chosen))
    return out


def serving_models_dir(work: Path) -> Path:
    """A models directory with the random model as `opus-random` (manifest + weights link)."""
    models = prepare_models(work)
    models_dir = work / "models"
    models_dir.mkdir(exist_ok=True)
    link = models_dir / MODEL
    if not link.exists():
        link.symlink_to(models["hf"].resolve())
    manifest = (models["hf"] / "manifest.toml").read_text(encoding="utf-8")
    (models_dir / f"{MODEL}.toml").write_text(manifest, encoding="utf-8")
    return models_dir


def model_registry(work: Path, threads: int) -> tuple[Any, Any]:
    """A Config and registry serving the random model on the CTranslate2 engine (int8), whose
    engines come wrapped in `TimedEngine`."""
    from service.config import Config
    from service.translate.registry import ModelRegistry

    class TimedRegistry(ModelRegistry):
        def load(self, name: str) -> Any:
            engine = super().load(name)
            if name not in timed:
                timed[name] = TimedEngine(engine)
            return timed[name]

    timed: dict[str, TimedEngine] = {}
    config = Config(
        models_dir=serving_models_dir(work),
        default_model=MODEL,
        engine="ctranslate2",
        torch_threads=threads,
        cache_size=0,
        request_deadline_s=3600.0,
        log_level="warning",
    )
    return config, TimedRegistry(config)


def measure(client: Any, engine: TimedEngine, text: str, beams: int) -> dict[str, float]:
    """One digest request plus parse and outline alone; seconds by stage."""
    from service import parse
    from service.outlining import build_outline

    started = time.perf_counter()
    document = parse(text)
    parsed = time.perf_counter()
    build_outline(document)
    outlined = time.perf_counter()
    engine.seconds, engine.calls = 0.0, 0
    begin = time.perf_counter()
    response = client.post(
        f"/v1/digest?num_beams={beams}", data=text.encode(), content_type="text/plain"
    )
    request_s = time.perf_counter() - begin
    if response.status_code != 200:
        raise RuntimeError(f"digest answered {response.status_code}: {response.data[:300]!r}")
    return {
        "chars": len(text),
        "request_s": request_s,
        "model_s": engine.seconds,
        "engine_calls": engine.calls,
        "parse_s": parsed - started,
        "outline_s": outlined - parsed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k, 5k and 20k characters only")
    parser.add_argument("--sizes", type=int, nargs="+", help="article sizes (characters)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "results" / "work")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from service.api.app import create_app

    config, registry = model_registry(args.work, args.threads)
    engine = registry.load(MODEL)
    client = create_app(config, registry=registry).test_client()
    sizes = tuple(args.sizes or (SIZES[:3] if args.quick else SIZES))
    client.post(
        "/v1/digest", data="一、总体要求\n推进数字乡村建设。".encode(), content_type="text/plain"
    )
    rows = [measure(client, engine, text, args.beams) for text in articles(args.corpus, sizes)]
    base = min(rows, key=lambda r: abs(r["chars"] - 5_000))
    print(f"{machine()['cpu']}, threads={args.threads}, beams={args.beams}, CTranslate2 int8")
    print(
        "| chars | request s | ms per 1k chars | vs 5k | model s | parse s | outline s"
        " | outside model |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        per_k = row["request_s"] / row["chars"] * 1000
        row["vs_5k"] = per_k / (base["request_s"] / base["chars"] * 1000)
        row["outside_share"] = 1 - row["model_s"] / row["request_s"]
        print(
            f"| {row['chars']} | {row['request_s']:.1f} | {per_k * 1000:.0f} | {row['vs_5k']:.2f} |"
            f" {row['model_s']:.1f} | {row['parse_s']:.2f} | {row['outline_s']:.2f} |"
            f" {row['outside_share']:.1%} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
