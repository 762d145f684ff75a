"""The Prometheus multiprocess directory that a parent and its worker processes share.

prometheus_client chooses file-backed metric values when it is imported with
PROMETHEUS_MULTIPROC_DIR set, so `prepare_metrics_dir` must run before anything imports it:
this module imports neither prometheus_client nor any module that does. Used by the gunicorn
config (service.api.serving) and by `policy-digest worker --metrics-port`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from service.config import PREFIX


def prepare_metrics_dir(configured: str) -> tuple[str, bool]:
    """Create (or empty) the directory and export it; returns it and whether it is ours to delete.

    Files of a previous run are removed: their counts would add up with this run's.
    """
    path = configured or tempfile.mkdtemp(prefix="pd-metrics-")
    for stale in Path(path).glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    os.environ[f"{PREFIX}METRICS_DIR"] = path
    return path, not configured
