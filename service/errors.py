"""Error hierarchy: every failure a caller can act on is a ServiceError with one JSON shape.

The HTTP layer maps `status` to the response code and `to_dict()` to the body; the CLI prints the
message and exits non-zero. Third-party exceptions are translated into these at the boundary.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base error: an HTTP status, a stable machine code and a message a person can act on."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        """The one JSON error shape: {"error": {"code", "message", "details"}}."""
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class InvalidInput(ServiceError):
    """The request itself is malformed (bad JSON, wrong types, unknown format name)."""

    status = 400
    code = "invalid_input"


class InvalidEncoding(ServiceError):
    """The bytes are not valid UTF-8 text."""

    status = 400
    code = "invalid_encoding"


class EmptyDocument(ServiceError):
    """The input is well-formed but holds no text to work on."""

    status = 422
    code = "empty_document"


class UnsupportedLanguage(ServiceError):
    """No installed model supports the requested language pair."""

    status = 422
    code = "unsupported_language"


class ModelNotFound(ServiceError):
    """A model name that is not among the installed manifests."""

    status = 404
    code = "model_not_found"


class ModelUnavailable(ServiceError):
    """A known model whose weights are missing or broken on disk."""

    status = 503
    code = "model_unavailable"


class PayloadTooLarge(ServiceError):
    """The body or text exceeds the configured limit."""

    status = 413
    code = "payload_too_large"


class Overloaded(ServiceError):
    """Too many requests in flight; retry later."""

    status = 503
    code = "overloaded"


class Unauthorized(ServiceError):
    """API keys are configured and the request carries none of them."""

    status = 401
    code = "unauthorized"


class UnsupportedMediaType(ServiceError):
    """The request body's Content-Type is not one the route accepts."""

    status = 415
    code = "unsupported_media_type"


class NotReady(ServiceError):
    """The service is up but cannot translate yet (no model loaded); the message names the fix."""

    status = 503
    code = "not_ready"


class DeadlineExceeded(ServiceError):
    """The work did not finish within the per-request deadline."""

    status = 504
    code = "deadline_exceeded"


class InvalidManifest(ServiceError):
    """A model manifest in models/ is malformed (the message names the file and the field)."""

    status = 500
    code = "invalid_manifest"


class TooLongForRequest(ServiceError):
    """The work would outlast the request deadline; the message names the jobs API instead."""

    status = 413
    code = "too_long_for_request"


class JobNotFound(ServiceError):
    """No job with this id (never made, expired, or made with another API key)."""

    status = 404
    code = "job_not_found"


class JobNotFinished(ServiceError):
    """The job has no result (yet, or ever: it failed or was cancelled)."""

    status = 409
    code = "job_not_finished"


class CallbackRefused(ServiceError):
    """A callback URL this service will not call (host not allowed, private address, scheme)."""

    status = 422
    code = "callback_refused"


class JobCancelled(ServiceError):
    """The job was cancelled; its running work stops at the next batch."""

    status = 409
    code = "job_cancelled"


class QueueUnavailable(ServiceError):
    """The job store (SQLite file or Redis) cannot be reached."""

    status = 503
    code = "queue_unavailable"


class InvalidGlossary(ServiceError):
    """Glossary entries that cannot be used (empty, duplicate, too long, malformed line); the
    message names the line or entry. DeepL's routes answer it as their 400."""

    status = 422
    code = "invalid_glossary"


class GlossaryNotFound(ServiceError):
    """No glossary with this id (never made, deleted, or made with another API key)."""

    status = 404
    code = "glossary_not_found"


class NoTextLayer(ServiceError):
    """A PDF or OFD whose pages hold no usable text (scanned, or a garbled text layer)."""

    status = 422
    code = "no_text_layer"


class EncryptedFile(ServiceError):
    """A password-protected or encrypted file."""

    status = 422
    code = "encrypted_file"


class TooManyPages(ServiceError):
    """A paged file with more pages than PD_MAX_PAGES."""

    status = 413
    code = "too_many_pages"


class UnreadableFile(ServiceError):
    """A file that is truncated, corrupt, or not what its type says."""

    status = 422
    code = "unreadable_file"


class UnsafeFile(ServiceError):
    """A file built to exhaust the reader: a ZIP bomb, XML entity expansion, a runaway page."""

    status = 422
    code = "unsafe_file"


class FontMissing(ServiceError):
    """A PDF is asked for and a font it must embed is not on disk; the message names the fix."""

    status = 503
    code = "font_missing"


class TooManyStreams(ServiceError):
    """Every event-stream slot of this worker is taken; poll the job instead, or retry later."""

    status = 503
    code = "too_many_streams"
