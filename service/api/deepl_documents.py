"""DeepL document translation on the document-jobs engine: upload, status, result.

`POST /v2/document` (multipart `file`: .txt, .md, .html/.htm, and documents read at upload: .pdf,
.docx, .ofd, .doc, .wps; `target_lang`, `source_lang`, `output_format`, `glossary_id`) queues a
`translate` job and answers `{"document_id", "document_key"}`: the id is the job's; the key is the
result format's letter and an HMAC-SHA256 of the id and that letter under a random secret kept in
the job store (made once, shared by every worker and machine), so keys are checked without storing
anything per document. Status and result need both (`document_key` in the JSON or form body): an
unknown id is 404, a wrong key 403. Status maps the job's to DeepL's (`queued`, `translating` with
`seconds_remaining`, `done` with `billed_characters`, `error` with `error_message`).

The result is in the uploaded format unless `output_format` names another, since DeepL's client
writes what it receives under the name it was given: plain text, Markdown, HTML with the
document's headings and paragraphs; a .docx translated in place (its paragraphs read by
service.render.docx_inplace, translated each on its own, and written back into the uploaded
file, which the job keeps); an English PDF for a PDF (service.render.pdf). A .doc or .wps gives
an English Word file, as DeepL answers a .doc with a .docx. An OFD needs `output_format` pdf or
docx: no OFD is written. `output_format=docx` gives an English Word file (service.render.word)
and `output_format=pdf` an English PDF of any upload.
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
from service.render.media import DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE
from service.runtime.files import MEDIA_TYPES, file_format
from service.runtime.outputs import FILE_OUTPUTS, check_fonts, file_view, in_place_content
from service.runtime.state import ServiceState
from service.runtime.tasks import ArticleRequest, parse
from service.runtime.uploads import read_upload

bp = Blueprint("deepl_documents", __name__, url_prefix="/v2/document")
install_error_handlers(bp)
NS = "jobs"
SECRET = "deepl:document-secret"
# The result's format, as the document key's first letter (one letter per result format):
# `docx` is the uploaded .docx translated in place, `word` an English Word file.
FORMAT_LETTERS = {"text": "t", "markdown": "m", "html": "h", "docx": "x", "word": "e", "pdf": "p"}
# `output_format` values (file extensions) and the upload formats they name
OUTPUT_NAMES = {
    "txt": "text", "md": "markdown", "html": "html", "htm": "html", "pdf": "pdf", "docx": "docx",
    "ofd": "ofd", "doc": "doc", "wps": "wps",
}  # fmt: skip
# what an upload gives by default when that is not its own format
DEFAULT_OUTPUTS = {"doc": "word", "wps": "word"}
OUTPUT_MEDIA_TYPES = {
    **MEDIA_TYPES,
    "docx": DOCX_MEDIA_TYPE,
    "word": DOCX_MEDIA_TYPE,
    "pdf": PDF_MEDIA_TYPE,
}
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
    fmt = _input_format(data, upload_file.mimetype, upload_file.filename)
    output = _output_format(fmt, values.get("output_format"))
    if output == "pdf":
        check_fonts(state.config)
    # Read in the sandbox first, also for a .docx translated in place: what the readers refuse
    # (encrypted, a bomb, a DTD, too large) is refused before python-docx opens the file.
    upload = read_upload(data, state.config, upload_file.mimetype, upload_file.filename, fmt)
    content, content_format = upload.content, upload.format
    if output == "docx":
        content, content_format = in_place_content(data, state.config)
    article = ArticleRequest(
        content,
        content_format,
        source_lang=source,
        target_lang=target,
        glossary=glossary.as_dict() if glossary else {},
        builtin_glossary=False,  # DeepL's API knows only the glossaries its users made
    )
    billed = billed_characters(article, state)
    check_quota(state, key, billed)
    job = current_jobs().submit(article, "translate", state, owner=owner_of(key))[0]
    if output == "docx":
        current_jobs().attach(job["id"], data)
    letter = FORMAT_LETTERS[output]
    document_key = letter + _signature(job["id"], letter)
    usage().add(key, billed)
    return json_response({"document_id": job["id"], "document_key": document_key})


def _input_format(data: bytes, content_type: str | None, filename: str) -> str:
    """The upload's format: a document told by its bytes (service.parsing.ingest.files.sniff),
    else a text format by the file name (400 for any other name, a ZIP of another kind too)."""
    document = sniff(data, content_type, filename)
    if document is None or document == "zip":
        return file_format(filename)
    return document


def _output_format(fmt: str, wanted: Any) -> str:
    """What the result is: by default the upload's own format (see the module docstring), else
    `output_format`: the upload's format, docx or pdf."""
    name = OUTPUT_NAMES.get(str(wanted).lower().lstrip(".")) if wanted else fmt
    if name == "docx":
        return "docx" if fmt == "docx" else "word"
    if name == "pdf":
        return "pdf"
    if fmt == "ofd":
        raise DeepLError(
            400,
            "This service does not write OFD: set output_format to pdf or docx for an .ofd "
            "upload (and name the output file .pdf or .docx).",
        )
    if name == fmt:
        return DEFAULT_OUTPUTS.get(fmt, fmt)
    raise DeepLError(
        400, "Value for 'output_format' not supported: the upload's own format, docx or pdf."
    )


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
    if fmt in FILE_OUTPUTS:
        original = current_jobs().attachment(document_id, owner) if fmt == "docx" else b""
        data = file_view(fmt, found.body, current_state().config, original)
    else:
        data = _render(fmt, found.body, found.markdown or "")
    response = Response(data, mimetype=OUTPUT_MEDIA_TYPES[fmt])
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
