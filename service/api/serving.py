"""Process preparation for gunicorn, shared by its config module (no side effects at import).

service.api.gunicorn_conf calls `prepare_process` when gunicorn loads it, before the app and
torch are imported, so that every worker's `Config.from_env()` sees the derived values.
"""

from __future__ import annotations

import os

from service.config import PREFIX, Config
from service.runtime.multiprocess import prepare_metrics_dir


def torch_threads_per_worker(config: Config, cpus: int) -> int:
    """Intra-op threads for each translation so the machine's cores are not oversubscribed."""
    if config.torch_threads > 0:
        return config.torch_threads
    return max(1, cpus // max(1, config.workers))


def prepare_process(config: Config, cpus: int) -> tuple[Config, bool]:
    """Export the derived settings so every worker's `Config.from_env()` sees the same values.

    Returns the completed Config and whether the metrics directory is ours to delete at exit.
    """
    owned = prepare_metrics_dir(config.metrics_dir)[1]
    threads = torch_threads_per_worker(config, cpus)
    exported = {
        f"{PREFIX}TORCH_THREADS": str(threads),
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",  # keep stderr JSON lines only (no weight-load bars)
    }
    os.environ.update(exported)
    return Config.from_env(), owned
