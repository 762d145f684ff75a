"""`python -m service.api.healthcheck [PATH]`: exit 0 when the local service answers PATH with 200.

PATH is `/readyz` (default: every model the service is configured with is loaded; with none,
outline-only, it is ready at once) or `/healthz` (liveness: the process answers). The container's
HEALTHCHECK runs it (the image needs no curl and no shell); the port comes from the same Config
as the server's.
"""

from __future__ import annotations

import sys
import urllib.request
from urllib.error import URLError

from service.config import Config

TIMEOUT_S = 3
PATHS = ("/readyz", "/healthz")


def main(argv: list[str] | None = None) -> int:
    """Probe http://127.0.0.1:PORT/PATH; print why it failed, if it did."""
    path = argv[0] if argv else PATHS[0]
    if path not in PATHS:
        print(f"usage: python -m service.api.healthcheck [{'|'.join(PATHS)}]", file=sys.stderr)
        return 2
    url = f"http://127.0.0.1:{Config.from_env().port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            return 0 if response.status == 200 else 1
    except (URLError, OSError) as exc:
        print(f"{url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
