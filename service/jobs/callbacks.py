"""Job callbacks: where a job's final status may be POSTed, how it is signed, how it is sent.

Only hosts listed in PD_CALLBACK_HOSTS (names, IP addresses or CIDR networks) are ever called,
and a listed name that resolves to a loopback, link-local, private or otherwise non-public
address is refused unless that address is listed too, so a job cannot make this service reach
into the network it runs in (server-side request forgery). The URL is checked when the job is
submitted and again before each delivery (a name may resolve differently later).

The body is the Job JSON; `X-PD-Signature: sha256=<hex>` is HMAC-SHA256 of the exact body bytes
under PD_CALLBACK_SECRET, and `X-PD-Timestamp` is when it was sent. Credentials in the URL
(`https://user:token@host/…`) are sent as HTTP Basic authorization, as curl sends them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.request
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from service.errors import CallbackRefused

TIMEOUT_S = 10
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_url(url: str, allowed: tuple[str, ...]) -> list[Address]:
    """The addresses a callback URL may be sent to, or CallbackRefused (422) saying why."""
    parts = urlsplit(url)
    host = parts.hostname
    if parts.scheme not in {"http", "https"} or not host:
        raise CallbackRefused("callback_url must be an absolute http or https URL")
    if not allowed:
        raise CallbackRefused(
            "callbacks are disabled: the operator has listed no hosts in PD_CALLBACK_HOSTS"
        )
    if not _listed(host, allowed):
        raise CallbackRefused(f"callback host {host!r} is not in PD_CALLBACK_HOSTS", {"host": host})
    addresses = _resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
    for address in addresses:
        if not address.is_global and not _listed(str(address), allowed, by_name=False):
            raise CallbackRefused(
                f"callback host {host!r} resolves to the non-public address {address}, "
                "which is not listed in PD_CALLBACK_HOSTS",
                {"host": host, "address": str(address)},
            )
    return addresses


def signature(body: bytes, secret: str) -> str:
    """The `X-PD-Signature` value of a body: `sha256=` + hex HMAC-SHA256 under the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliver(url: str, payload: dict[str, Any], allowed: tuple[str, ...], secret: str) -> int:
    """POST the payload once (checked again, signed); the status, or an OSError to retry."""
    check_url(url, allowed)
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "X-PD-Timestamp": str(int(time.time()))}
    if secret:
        headers["X-PD-Signature"] = signature(body, secret)
    parts = urlsplit(url)
    if "@" in parts.netloc:  # urllib would take the credentials for part of the host name
        userinfo, host = parts.netloc.rsplit("@", 1)
        user, _, password = userinfo.partition(":")
        pair = f"{unquote(user)}:{unquote(password)}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        url = urlunsplit(parts._replace(netloc=host))
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    opener = urllib.request.build_opener(_NoRedirect)  # a redirect could point anywhere
    with opener.open(request, timeout=TIMEOUT_S) as response:
        return int(response.status)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _listed(host: str, allowed: tuple[str, ...], by_name: bool = True) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return by_name and host.lower().rstrip(".") in {a.lower().rstrip(".") for a in allowed}
    for entry in allowed:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _resolve(host: str, port: int) -> list[Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise CallbackRefused(f"callback host {host!r} does not resolve", {"host": host}) from exc
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
