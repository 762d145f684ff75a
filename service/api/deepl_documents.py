"""DeepL document translation on the document-jobs engine: upload, status, result.

`POST /v2/document` (multipart `file`: .txt, .md, .html/.htm, and documents read at upload:
.pdf, .docx, .ofd, .doc, .wps; `target_lang`, `source_lang`, `glossary_id`) queues a
`translate` job and answers `{"document_id", "document_key"}`: the id is the job's;
the key is the file format's letter and an HMAC-SHA256 of the id and that letter under a
random secret kept in the job store (made once, shared by every worker and machine), so keys
are checked without storing anything per document. Status and result need both
(`document_key` in the JSON or form body): an unknown id is 404, a wrong key 403. Status maps
the job's to DeepL's (`queued`, `translating` with `seconds_remaining`, `done` with
`billed_characters`, `error` with `error_message`). The result is the translated file in the
uploaded format: plain text, Markdown, or HTML with the document's headings and paragraphs.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from flask import Blueprint, Response, request

from service.api.deepl import (
    MISSES_HEADER,
    DeepLError,
    auth_key,
    check_quota,
    install_error_handlers,
    params,
    request_glossary,
    source_and_target,
    usage,
)
from service.api.http import current_jobs, current_state, json_response, owner_of
from service.errors import JobNotFound
from service.parsing.ingest.files import sniff
from service.render.markdown import markdown_page
from service.runtime.files import MEDIA_TYPES, file_format
from service.runtime.state import ServiceState
from service.runtime.tasks import ArticleRequest, parse
from service.runtime.uploads import read_upload

bp = Blueprint("deepl_documents", __name__, url_prefix="/v2/document")
install_error_handlers(bp)
NS = "jobs"
SECRET = "deepl:document-secret"
# Documents (PDF, DOCX, OFD, .doc, .wps) are read at upload; their result is, until the
# same-format writers land (issue 20, part 4), the translation as plain text.
FORMAT_LETTERS = {
    "text": "t", "markdown": "m", "html": "h", "pdf": "p", "docx": "x", "ofd": "o", "doc": "d",
    "wps": "w",
}  # fmt: skip
STATUSES = {"queued": "queued", "running": "translating", "done": "done"}


def _signature(document_id: str, letter: str) -> str:
    store = current_jobs().store
    store.add(NS, SECRET, secrets.token_hex(32))  # only the first call of all stores one
    secret = str(store.get(NS, SECRET))
    return hmac.new(secret.encode(), f"{document_id}:{letter}".encode(), "sha256").hexdigest()


def _format_of(document_id: str, document_key: Any) -> str | None:
    """The document's file format when `document_key` is its key, else None."""
    if not isinstance(document_key, str) or len(document_key) != 65:
        return None
    letter = document_key[0]
    formats = {v: k for k, v in FORMAT_LETTERS.items()}
    if letter not in formats:
        return None
    expected = _signature(document_id, letter)
    return formats[letter] if hmac.compare_digest(document_key[1:], expected) else None


@bp.post("")
def upload() -> Response:
    state = current_state()
    values = params(request)
    key = auth_key(state, values)
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        raise DeepLError(400, "Parameter 'file' not specified.")
    source, target = source_and_target(state, values)
    glossary = request_glossary(values, key, source, target)
    data = upload_file.read()
    document_format = sniff(data, upload_file.mimetype, upload_file.filename)
    fmt = document_format or file_format(upload_file.filename)
    wanted = values.get("output_format")
    if wanted and wanted.lower().lstrip(".") != upload_file.filename.rsplit(".", 1)[-1].lower():
        raise DeepLError(400, "Value for 'output_format' not supported: same format only.")
    upload = read_upload(data, state.config, upload_file.mimetype, upload_file.filename, fmt)
    check_quota(state, key, upload.characters)
    article = ArticleRequest(
        content=upload.content,
        format=upload.format,
        source_lang=source,
        target_lang=target,
        glossary=glossary.as_dict() if glossary else {},
        builtin_glossary=False,  # DeepL's API knows only the glossaries its users made
    )
    job = current_jobs().submit(article, "translate", state, owner=owner_of(key))[0]
    letter = FORMAT_LETTERS[fmt]
    document_key = letter + _signature(job["id"], letter)
    usage().add(key, billed_characters(article, state))
    return json_response({"document_id": job["id"], "document_key": document_key})


def billed_characters(article: ArticleRequest, state: ServiceState) -> int:
    """The characters the job will translate (model inputs, labels off): its `chars_total`
    once planned, which status reports as `billed_characters`."""
    from service.translate.document import model_inputs

    return sum(len(t) for t in model_inputs(parse(article, state.config.max_sentences)))


def _document(document_id: str, values: Any) -> tuple[str, dict[str, Any], str | None]:
    """The document's format, its job's status and owner, after the DeepL and document keys."""
    key = auth_key(current_state(), values)
    try:
        job = current_jobs().status(document_id, owner_of(key))
    except JobNotFound as exc:  # unknown, expired, or uploaded with another DeepL key
        raise DeepLError(404, "Document not found.") from exc
    fmt = _format_of(document_id, values.get("document_key"))
    if fmt is None:
        raise DeepLError(403, "Document key does not match.")
    return fmt, job, owner_of(key)


@bp.post("/<document_id>")
def document_status(document_id: str) -> Response:
    _, job, _ = _document(document_id, params(request))
    status = STATUSES.get(job["status"], "error")
    body: dict[str, Any] = {"document_id": document_id, "status": status}
    eta = job["progress"]["eta_s"]
    if status == "translating" and eta is not None:
        body["seconds_remaining"] = round(eta)
    if status == "done":
        body["billed_characters"] = job["progress"]["chars_total"]
    if status == "error":
        error = job.get("error")
        body["error_message"] = str(error.get("message") if isinstance(error, dict) else error)
    return json_response(body)


@bp.post("/<document_id>/result")
def document_result(document_id: str) -> Response:
    fmt, job, owner = _document(document_id, params(request))
    if job["status"] not in STATUSES:
        raise DeepLError(400, f"Document translation failed: {job['status']}.")
    if job["status"] != "done":
        raise DeepLError(503, "Document not ready.")
    found = current_jobs().result(document_id, owner)
    data = _render(fmt, found.body, found.markdown or "")
    response = Response(data, mimetype=MEDIA_TYPES.get(fmt, MEDIA_TYPES["text"]))
    if "glossary" in found.body:
        response.headers[MISSES_HEADER] = str(found.body["glossary"]["terms_missing"])
    return response


def _render(fmt: str, body: dict[str, Any], markdown: str) -> bytes:
    from service.render.translation import plain_text

    if fmt == "markdown":
        return markdown.encode()
    if fmt == "html":
        return markdown_page(markdown).encode()
    return plain_text(body).encode()
