"""Notice a client that hung up, so that a translation nobody waits for stops at the next batch.

WSGI has no disconnect event, but gunicorn (`gunicorn.socket`) and Werkzeug's server
(`werkzeug.socket`) expose the connection. Once the request body is read, a client that is
still waiting sends nothing more; a socket that polls readable yet peeks zero bytes has been
closed by the peer. A client that pipelines its next request peeks data and counts as present;
one that half-closes its side while waiting would count as gone (HTTP clients do not do this).
"""

from __future__ import annotations

import select
import socket
from collections.abc import Callable, Mapping
from typing import Any

from service.errors import ServiceError

SOCKET_KEYS = ("gunicorn.socket", "werkzeug.socket")


class ClientDisconnected(ServiceError):
    """The client closed the connection; the work for it was stopped (nginx's 499)."""

    status = 499
    code = "client_closed_request"


def client_gone(environ: Mapping[str, Any]) -> Callable[[], bool]:
    """A `should_stop` check that raises ClientDisconnected once the client has hung up.

    Raising (like the deadline check) makes the outcome independent of how the translation
    loop treats a stop request; without a socket in the environ it never fires.
    """
    sockets = (environ.get(key) for key in SOCKET_KEYS)
    sock = next((s for s in sockets if isinstance(s, socket.socket)), None)

    def check() -> bool:
        if sock is not None and is_closed(sock):
            raise ClientDisconnected("the client closed the connection; the work was stopped")
        return False

    return check


def is_closed(sock: socket.socket) -> bool:
    """Whether the peer closed `sock` (readable with nothing to read), without consuming data."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except (OSError, ValueError):  # reset by the peer, or already closed on this side
        return True
