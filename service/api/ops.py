"""Operations routes: `/healthz`, `/readyz`, `/metrics`, `/openapi.json`, `/docs`."""

from __future__ import annotations

from contextlib import suppress
from html import escape
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import Blueprint, Response

from service.api import openapi
from service.api.http import current_jobs, current_state, json_response
from service.errors import ServiceError

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    return json_response({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Response:
    state = current_state()
    state.require_ready()
    store = current_jobs().store
    store.ping()
    return json_response({"status": "ready", "models": state.readiness(), "queue": store.kind})


@bp.get("/metrics")
def metrics() -> Response:
    exposition = current_state().metrics
    with suppress(ServiceError):  # an unreachable store shows as a stale depth, not a 500
        store = current_jobs().store
        store.ping()
        exposition.queue_depth.set(store.pending())
    return Response(exposition.exposition(), content_type=exposition.content_type)


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return json_response(openapi.document(_version()))


@bp.get("/docs")
def docs() -> Response:
    return Response(docs_page(openapi.document(_version())), mimetype="text/html")


def docs_page(spec: dict[str, Any]) -> str:
    """A self-contained HTML reference built from the OpenAPI document (no scripts, no CDN)."""
    rows = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            types = ", ".join(op.get("requestBody", {}).get("content", {})) or "-"
            statuses = ", ".join(op["responses"])
            rows.append(
                f"<tr><td><code>{method.upper()} {escape(path)}</code></td>"
                f"<td>{escape(op['summary'])}</td><td>{escape(types)}</td>"
                f"<td>{escape(statuses)}</td></tr>"
            )
    title = escape(spec["info"]["title"])
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title} API</title>"
        "</head><body>"
        f"<h1>{title} {escape(spec['info']['version'])}</h1>"
        '<p>Machine-readable contract: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).'
        "</p><table border=1 cellpadding=4><tr><th>Route</th><th>What</th><th>Request body"
        "</th><th>Statuses</th></tr>" + "".join(rows) + "</table></body></html>"
    )


def _version() -> str:
    try:
        return version("policy-digest")
    except PackageNotFoundError:
        return "0+unknown"
