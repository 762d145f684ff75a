"""Fan-out cuts, claims, callback URL checks, signatures and credentials, and the CLI progress
bar."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import itertools
import time

import pytest

from service.cli import translation
from service.errors import CallbackRefused
from service.jobs import callbacks, claims
from service.jobs.units import cut
from tests.callback_receiver import Receiver


def test_units_cover_every_text_once_in_order() -> None:
    texts = ["一" * n for n in (5, 300, 700, 20, 1000, 1, 1, 50)]
    units = cut(texts, 1000)
    assert units[0][0] == 0 and units[-1][1] == len(texts)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(units))
    assert all(sum(len(t) for t in texts[s:e]) >= 1000 for s, e in units[:-1])
    assert cut(["短。", "文。"], 1000) == [[0, 2]]  # a short article is one unit
    assert cut([], 1000) == []


def test_claim_of_a_dead_process_is_stale_and_a_live_one_is_not() -> None:
    mine = claims.me()
    assert not claims.stale(mine, lease_s=60)
    assert claims.stale({**mine, "beat": time.time() - 61}, lease_s=60)
    dead = {**mine, "pid": 2**22 + 12345}  # above the kernel's pid limit: never alive
    assert claims.stale(dead, lease_s=60)
    elsewhere = {**dead, "host": "another-machine"}
    assert not claims.stale(elsewhere, lease_s=60)  # other hosts: only the lease counts


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "http://[::1]/x",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/x",
        "http://192.168.1.1/x",
        "http://0.0.0.0/x",
        "file:///etc/passwd",
        "http:///nohost",
    ],
)
def test_private_and_odd_callback_urls_are_refused(url: str) -> None:
    with pytest.raises(CallbackRefused):
        callbacks.check_url(url, ("example.org", "other.example"))


def test_listed_addresses_and_networks_are_allowed() -> None:
    assert [str(a) for a in callbacks.check_url("http://127.0.0.1:9/x", ("127.0.0.1",))] == [
        "127.0.0.1"
    ]
    assert callbacks.check_url("https://10.2.3.4/x", ("10.0.0.0/8",))
    with pytest.raises(CallbackRefused, match="non-public"):
        callbacks.check_url("http://localhost:9/x", ("localhost",))


def test_signature_is_hmac_sha256_of_the_body() -> None:
    body = b'{"id": "x"}'
    expected = hmac.new(b"k", body, hashlib.sha256).hexdigest()
    assert callbacks.signature(body, "k") == "sha256=" + expected


def test_credentials_in_a_callback_url_are_sent_as_basic_authorization() -> None:
    with Receiver(secret="k") as receiver:
        url = receiver.url("/hook?token=t1").replace("http://", "http://editor:p%40ss@")
        assert callbacks.deliver(url, {"id": "x"}, ("127.0.0.1",), "k") == 204
    [call] = receiver.calls("/hook")
    assert call.path == "/hook?token=t1" and call.signed
    assert call.headers["authorization"] == "Basic " + base64.b64encode(b"editor:p@ss").decode()


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with translation.progress_bar() as progress:
        assert progress is None
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with translation.progress_bar() as progress:
        assert progress is not None
        progress(0, 1000)
        progress(600, 1000)
    assert "translating" in terminal.getvalue() and "600" in terminal.getvalue()
