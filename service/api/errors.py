"""Error boundary: every failure leaves the service as one JSON shape with the request id.

Shape: `{"error": {"code", "message", "details", "request_id"}}`. ServiceErrors keep their own
status and code; Werkzeug's HTTP errors (404, 405, 413 from the body limit, ...) are given a code;
anything else is a 500 with a generic message, and its traceback goes to the log.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, Response, g, jsonify
from werkzeug.exceptions import HTTPException

from service.errors import ServiceError

log = logging.getLogger("service.api")

# Codes for Werkzeug's errors that have a ServiceError twin, so one condition has one code.
HTTP_CODES = {
    400: "invalid_input",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def error_response(status: int, body: dict[str, Any], retry_after: int) -> Response:
    """The JSON error response; 503s tell the client when to come back."""
    body["error"]["request_id"] = g.get("request_id")
    response = jsonify(body)
    response.status_code = status
    if status == 503:
        response.headers["Retry-After"] = str(retry_after)
    if status == 401:  # RFC 9110: a 401 names the scheme that would be accepted
        response.headers["WWW-Authenticate"] = 'Bearer realm="policy-digest"'
    return response


def register_error_handlers(app: Flask, retry_after: int) -> None:
    """Install the handlers that give every error the one JSON shape."""

    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError) -> Response:
        return error_response(exc.status, exc.to_dict(), retry_after)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        code = HTTP_CODES.get(status) or _snake(exc.name)
        body = {"error": {"code": code, "message": exc.description or exc.name, "details": {}}}
        response = error_response(status, body, retry_after)
        for name, value in exc.get_headers():  # e.g. Allow on a 405
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        message = log_unexpected(exc)
        body = {"error": {"code": "internal_error", "message": message, "details": {}}}
        return error_response(500, body, retry_after)


def log_unexpected(exc: Exception) -> str:
    """Log the traceback of an unexpected error; returns the generic message for the client."""
    request_id = g.get("request_id")
    log.exception("unhandled error", exc_info=exc, extra={"request_id": request_id})
    return f"internal error; quote request id {request_id} when reporting it"


def _snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
