"""`python -m service.api.healthcheck`: exit 0 when the local service answers /readyz with 200.

The container's HEALTHCHECK runs it (the slim image has no curl); the port comes from the same
Config as the server's.
"""

from __future__ import annotations

import sys
import urllib.request
from urllib.error import URLError

from service.config import Config

TIMEOUT_S = 3


def main() -> int:
    """Probe http://127.0.0.1:PORT/readyz; print why it failed, if it did."""
    url = f"http://127.0.0.1:{Config.from_env().port}/readyz"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            return 0 if response.status == 200 else 1
    except (URLError, OSError) as exc:
        print(f"{url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
