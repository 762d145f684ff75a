"""Job workers `policy-digest serve` starts beside the API: `python -m service.api.job_workers N`.

The same consumers as `policy-digest worker`, logging JSON lines like the rest of the server
(gunicorn's master starts this in `when_ready` and stops it in `on_exit`).
"""

from __future__ import annotations

import logging
import sys

from service.api.jsonlog import JsonFormatter, configure
from service.config import Config
from service.jobs.consumer import run_workers


def main(workers: int) -> None:
    config = Config.from_env()
    configure(config.log_level)
    huey = logging.getLogger("huey")
    huey.setLevel(config.log_level.upper())
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    huey.addHandler(handler)
    huey.propagate = False
    run_workers(config, workers)


if __name__ == "__main__":
    main(int(sys.argv[1]))
