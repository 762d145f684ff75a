"""Document jobs: one long document with 1 and with 2 worker processes, then a 10 % revision.

    .venv/bin/python bench/jobs.py [--chars N] [--json FILE] [--work bench/results/work]

Model: a Marian of opus-mt-zh-en's dimensions with random weights (scripts/make_tiny_model.py
--size opus), converted to CTranslate2 int8, 4 beams, outputs forced to about 1.3x the input
tokens (see bench/translate_throughput.py). Document: the 19,029-character regulation
../shared/corpus/lawrefbook-018.md (or its first --chars characters).

Runs, each with `policy-digest worker` processes on a fresh SQLite store, the job submitted
through service.jobs and timed from submission to `done`:
  1. one worker process (all cores as its intra-op threads);
  2. two worker processes (the cores split between them), same document: wall-time ratio 1/2;
  3. the same store as run 2, the document revised (every 10th sentence changed): its wall time
     and the pieces the engine translated (new memory entries) relative to run 2.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.translate_throughput import MANIFEST as THROUGHPUT_MANIFEST  # noqa: E402
from bench.translate_throughput import machine, prepare_models  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
MODEL = "opus-random"  # the name bench/translate_throughput.py's manifest gives the model
# that manifest (forced output length), run on CTranslate2 with 4 beams
MANIFEST = THROUGHPUT_MANIFEST.replace(
    "[generation]", 'engine = "ctranslate2"\n\n[generation]\nnum_beams = 4'
)


def models_dir(work: Path) -> Path:
    """A models directory with the random opus-size model under the name `opus-random`."""
    hf = prepare_models(work)["hf"]
    root = work / "jobs-models"
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{MODEL}.toml").write_text(MANIFEST, encoding="utf-8")
    if not (root / MODEL).exists():
        (root / MODEL).symlink_to(hf.resolve())
    return root


def revise(text: str) -> tuple[str, int]:
    """The text with every 10th sentence changed; and how many were changed."""
    parts = text.split("。")
    changed = 0
    for index in range(0, len(parts) - 1, 10):
        if len(parts[index].strip()) > 4:
            parts[index] += "，并予以公布"
            changed += 1
    return "。".join(parts), changed


def run(env: dict[str, str], workers: int, text: str, log: Path) -> dict[str, Any]:
    """Submit `text` as a translate job, run `workers` worker processes, time it to done."""
    from service.config import Config
    from service.jobs import open_jobs, status, submit
    from service.runtime.state import ServiceState
    from service.runtime.tasks import ArticleRequest

    config = Config.from_env(env)
    state = ServiceState.start(config)
    jobs = open_jobs(config, state)
    with log.open("ab") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "worker", "--workers", str(workers)],
            cwd=REPO,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        time.sleep(3)  # let the consumer start before the clock does
        started = time.perf_counter()
        job = submit(jobs, ArticleRequest(text), "translate", state)
        while (current := status(jobs, job["id"]))["status"] not in {"done", "failed"}:
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(60)
    assert current["status"] == "done", current
    return {
        "workers": workers,
        "seconds": round(seconds, 1),
        "units": current["progress"]["units_total"],
        "memory_pieces": jobs.store.size("memory"),  # pieces the engine translated, in all
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=0, help="use the first N characters only")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "results" / "work")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    args = parser.parse_args()
    text = (args.corpus / "lawrefbook-018.md").read_text(encoding="utf-8")
    text = text[: args.chars] if args.chars else text
    root = models_dir(args.work)
    base = {
        "PD_MODELS_DIR": str(root),
        "PD_DEFAULT_MODEL": MODEL,
        "PD_JOB_UNIT_CHARS": "1000",
        "HF_HUB_OFFLINE": "1",
        "PD_LOG_LEVEL": "warning",
    }
    results = {}
    for name, workers in (("one_worker", 1), ("two_workers", 2)):
        data = args.work / f"jobs-{name}"
        subprocess.run(["rm", "-rf", str(data)], check=True)
        env = {**base, "PD_DATA_DIR": str(data)}
        results[name] = run(env, workers, text, args.work / f"jobs-{name}.log")
        print(name, results[name], flush=True)
    revised, changed = revise(text)
    env = {**base, "PD_DATA_DIR": str(args.work / "jobs-two_workers")}
    results["revision"] = run(env, 2, revised, args.work / "jobs-revision.log")
    results["revision"]["sentences_changed"] = changed
    results["revision"]["new_pieces"] = (
        results["revision"]["memory_pieces"] - results["two_workers"]["memory_pieces"]
    )
    print("revision", results["revision"], flush=True)
    report = {
        "machine": machine(),
        "document_chars": len(text),
        "runs": results,
        "speedup_two_workers": round(
            results["one_worker"]["seconds"] / results["two_workers"]["seconds"], 2
        ),
        "revision_cost_time": round(
            results["revision"]["seconds"] / results["two_workers"]["seconds"], 3
        ),
        "revision_cost_pieces": round(
            results["revision"]["new_pieces"] / results["two_workers"]["memory_pieces"], 3
        ),
    }
    write_report(report, args.json)
    return 0


def write_report(report: dict[str, Any], path: Path | None) -> None:
    """Print the report as JSON, and write it to `path` when one is given."""
    print(json.dumps(report, indent=2))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
