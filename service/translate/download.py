"""`models download` and `models verify`: fetch a manifest's pinned files, check they load.

Only these commands talk to the hub (for the Docker build and users with network access); the
service and the other commands load local files only.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from service.config import Config
from service.errors import ModelUnavailable
from service.translate.fidelity import check_sentence
from service.translate.manifest import Manifest
from service.translate.registry import load_engine

REVISION_FILE = "REVISION"  # the commit sha the files were downloaded from
PROBE = "数字乡村建设取得重要进展，2025年农村互联网普及率达到60%。"


def download_model(manifest: Manifest, models_dir: Path) -> tuple[Path, str]:
    """Download the manifest's files at its revision into models_dir/NAME.

    Returns:
        The directory and the commit sha the revision resolved to (pin it in the manifest).

    Raises:
        ModelUnavailable: the hub cannot be reached or refuses the repo/revision.
    """
    from huggingface_hub import HfApi, snapshot_download

    target = models_dir / manifest.name
    try:
        info = HfApi().model_info(
            manifest.repo_id, revision=manifest.revision, files_metadata=False
        )
        sha = str(info.sha)
        names = [s.rfilename for s in info.siblings or []]
        snapshot_download(
            repo_id=manifest.repo_id,
            revision=sha,
            local_dir=str(target),
            allow_patterns=_patterns(manifest, names),
        )
    except Exception as exc:  # the hub's HTTP client raises its own types; all mean "no download"
        raise ModelUnavailable(
            f"cannot download {manifest.repo_id}@{manifest.revision}: {exc}",
            {"model": manifest.name},
        ) from exc
    (target / REVISION_FILE).write_text(sha + "\n", encoding="utf-8")
    return target, sha


def _patterns(manifest: Manifest, repo_files: list[str]) -> list[str]:
    """The manifest's file patterns, without PyTorch pickles when safetensors exist."""
    if any(name.endswith(".safetensors") for name in repo_files):
        return [p for p in manifest.files if not p.endswith(".bin")]
    return list(manifest.files)


def verify_model(manifest: Manifest, config: Config) -> dict[str, Any]:
    """Load the installed model, translate a probe sentence, report what was found.

    The report's `flags` are the fidelity checks on the probe (its numbers 2025 and 60%, Han
    characters left, repetition): a quick smoke test of a real model, not a quality score.

    Raises:
        ModelUnavailable: missing or unloadable weights, or an empty probe translation.
    """
    model_dir = config.models_dir / manifest.name
    started = time.perf_counter()
    engine = load_engine(manifest, model_dir, config)
    loaded = time.perf_counter()
    src, tgt = manifest.source_langs[0], manifest.target_langs[0]
    output = engine.translate([PROBE], src, tgt, num_beams=1)[0]
    if not output.strip():
        raise ModelUnavailable(
            f"model {manifest.name} returned an empty translation", {"model": manifest.name}
        )
    revision_file = model_dir / REVISION_FILE
    downloaded = (
        revision_file.read_text(encoding="utf-8").strip() if revision_file.is_file() else None
    )
    return {
        "model": manifest.name,
        "path": str(model_dir),
        "manifest_revision": manifest.revision,
        "downloaded_revision": downloaded,
        "pinned": downloaded is not None and downloaded == manifest.revision,
        "load_seconds": round(loaded - started, 2),
        "probe": PROBE,
        "translation": output,
        "flags": check_sentence(PROBE, output, tgt),
        "translate_seconds": round(time.perf_counter() - loaded, 2),
    }
