"""The suite must never reach the network: a non-loopback connect fails."""

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


def test_non_loopback_connect_is_blocked() -> None:
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("203.0.113.1", 80), timeout=0.5)
