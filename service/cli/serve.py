"""CLI sub-command `serve`: run the HTTP service under gunicorn, flags mapped to PD_* variables.

Unless `--no-workers` (or PD_JOB_WORKERS=0), gunicorn's master also starts `policy-digest worker`
beside the API, so one command runs everything on the embedded job store.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

# `serve` flags and the PD_* variables they set (see service.config.Config).
SERVE_FLAGS = {
    "host": "HOST", "port": "PORT", "workers": "WORKERS", "threads": "THREADS",
    "model": "DEFAULT_MODEL", "models_dir": "MODELS_DIR", "job_workers": "JOB_WORKERS",
}  # fmt: skip


def cmd_serve(args: argparse.Namespace) -> int:
    """`serve`: replace this process with gunicorn running the HTTP service.

    Flags become PD_* variables, so gunicorn's master and every worker build the same Config.
    """
    import os

    from service.config import PREFIX, Config, ConfigError

    for flag, var in SERVE_FLAGS.items():
        if getattr(args, flag) is not None:
            os.environ[PREFIX + var] = str(getattr(args, flag))
    if args.no_workers:
        os.environ[PREFIX + "JOB_WORKERS"] = "0"
    if args.preload is not None:
        os.environ[PREFIX + "PRELOAD"] = "1" if args.preload else "0"
    try:
        Config.from_env()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    gunicorn = [sys.executable, "-m", "gunicorn", "--config", "python:service.api.gunicorn_conf"]
    os.execv(sys.executable, gunicorn)
    return 0  # not reached: execv replaces the process


def add_serve_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the HTTP service under gunicorn")
    p.add_argument("--host", help="address to bind (PD_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (PD_PORT, default 8000)")
    p.add_argument("--workers", type=int, help="worker processes (PD_WORKERS, default 2)")
    p.add_argument("--threads", type=int, help="threads per worker (PD_THREADS, default 4)")
    p.add_argument("--model", help="default model name (PD_DEFAULT_MODEL)")
    p.add_argument("--models-dir", help="manifests and weights (PD_MODELS_DIR)")
    p.add_argument(
        "--job-workers",
        type=int,
        help="document-job worker processes started beside the API (PD_JOB_WORKERS, default 1)",
    )
    p.add_argument(
        "--no-workers",
        action="store_true",
        help="run the API only; `policy-digest worker` runs the jobs elsewhere",
    )
    p.add_argument(
        "--preload",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="load models before forking workers (PD_PRELOAD, default on)",
    )
    p.set_defaults(func=cmd_serve)
