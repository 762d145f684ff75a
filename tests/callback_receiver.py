"""A real HTTP server that receives job callbacks, for tests of service.jobs.subscribers.

    with Receiver(secret="s3cret", statuses={"/down": 500}) as receiver:
        url = receiver.url("/a")            # http://127.0.0.1:PORT/a
        ...                                 # the service POSTs to it
        receiver.wait(2)                    # until 2 calls arrived (bounded)
        receiver.calls("/a")                # [Call(path, headers, body, signed)]

It listens on 127.0.0.1 (so tests set PD_CALLBACK_HOSTS=127.0.0.1), answers 204, or the status
`statuses` names for a path, records every call, and checks `X-PD-Signature` against the secret
when one is given (a call's `signed` is then whether it matched).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Call:
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    signed: bool | None  # None: no secret to check against

    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """A ThreadingHTTPServer in a thread that records the callbacks it receives."""

    def __init__(self, secret: str = "", statuses: dict[str, int] | None = None) -> None:
        self.secret, self.statuses = secret, dict(statuses or {})
        self.received: list[Call] = []
        self._arrived = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def calls(self, path: str | None = None) -> list[Call]:
        """The calls received so far (to `path` only, when given; the query string apart)."""
        with self._arrived:
            return [c for c in self.received if path is None or c.path.split("?")[0] == path]

    def wait(self, count: int, timeout_s: float = 30.0) -> list[Call]:
        """Every call, once at least `count` arrived; AssertionError after `timeout_s`."""
        end = time.monotonic() + timeout_s
        with self._arrived:
            while len(self.received) < count:
                left = end - time.monotonic()
                if left <= 0:
                    paths = [c.path for c in self.received]
                    raise AssertionError(f"{count} callbacks expected, {paths} arrived")
                self._arrived.wait(left)
            return list(self.received)

    def _record(self, call: Call) -> None:
        with self._arrived:
            self.received.append(call)
            self._arrived.notify_all()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                signed = None
                if receiver.secret:
                    key = receiver.secret.encode()
                    expected = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
                    signed = hmac.compare_digest(headers.get("x-pd-signature", ""), expected)
                receiver._record(Call(self.path, headers, body, signed))
                self.send_response(receiver.statuses.get(self.path.split("?")[0], 204))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        return Handler
