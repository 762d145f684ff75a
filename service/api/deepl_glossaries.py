"""DeepL's v2 glossary API, as its official clients call it (deepl-python 1.32, deepl-node 1.28).

- `POST /v2/glossaries`: `name`, `source_lang`, `target_lang`, `entries`, `entries_format`
  (`tsv` or `csv`) as JSON (the Python client) or a form (the Node.js client); 201 and the
  glossary's information `{"glossary_id", "name", "ready", "source_lang", "target_lang",
  "creation_time", "entry_count"}`, `creation_time` as DeepL writes it (2021-08-03T14:16:18.329Z,
  which the Python client parses with `%Y-%m-%dT%H:%M:%S.%f%z`). Bad entries are a 400 whose
  `detail` names the line; the clients append it to their exception's message.
- `GET /v2/glossaries` → `{"glossaries": [...]}`; `GET /v2/glossaries/{id}`; `DELETE
  /v2/glossaries/{id}` → 204; `GET /v2/glossaries/{id}/entries` → the entries as
  `text/tab-separated-values`. An unknown id (or another key's) is a 404, which both clients
  raise as their GlossaryNotFound exception.
- `GET /v2/glossary-language-pairs` → `{"supported_languages": [{"source_lang", "target_lang"}]}`.

Glossaries live in the job store (service.jobs.glossaries), per DeepL key, shared with /v1.
These routes have their own body limit (PD_GLOSSARY_MAX_BODY_BYTES, set in service.api.app).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from service.api.deepl import DeepLError, auth_key, install_error_handlers, params
from service.api.glossaries import checked_pair, store
from service.api.http import current_state, json_response, owner_of
from service.errors import GlossaryNotFound, InvalidGlossary, UnsupportedLanguage
from service.translate.glossary import read_glossary

bp = Blueprint("deepl_glossaries", __name__, url_prefix="/v2")
install_error_handlers(bp)
TSV = "text/tab-separated-values"


def _key() -> tuple[str | None, Any]:
    """The owner of the presented DeepL key, and the request's parameters."""
    values = params(request)
    return owner_of(auth_key(current_state(), values)), values


def _required(values: Any, name: str) -> str:
    value = values.get(name)
    if not isinstance(value, str) or not value:
        raise DeepLError(400, f"Parameter '{name}' not specified.")
    return value


@bp.post("/glossaries")
def create() -> Response:
    owner, values = _key()
    name = _required(values, "name")
    entries = _required(values, "entries")
    fmt = values.get("entries_format") or "tsv"
    try:
        pair = checked_pair(
            current_state(), _required(values, "source_lang"), _required(values, "target_lang")
        )
    except UnsupportedLanguage as exc:
        message = "Unsupported glossary source and target language pair."
        raise DeepLError(400, message, exc.message) from exc
    try:
        info = store().create(owner, name, pair, read_glossary(entries, str(fmt), pair))
    except InvalidGlossary as exc:
        raise DeepLError(400, "Invalid glossary entries provided.", exc.message) from exc
    return json_response(info, 201)


@bp.get("/glossaries")
def list_glossaries() -> Response:
    owner, _ = _key()
    return json_response({"glossaries": store().list(owner)})


@bp.get("/glossaries/<glossary_id>")
def get_glossary(glossary_id: str) -> Response:
    owner, _ = _key()
    return json_response(_found(lambda: store().info(owner, glossary_id)))


@bp.get("/glossaries/<glossary_id>/entries")
def entries(glossary_id: str) -> Response:
    owner, _ = _key()
    _, glossary = _found(lambda: store().glossary(owner, glossary_id))
    return Response(glossary.as_tsv(), mimetype=TSV)


@bp.delete("/glossaries/<glossary_id>")
def delete(glossary_id: str) -> Response:
    owner, _ = _key()
    _found(lambda: store().delete(owner, glossary_id))
    return Response(status=204)


@bp.get("/glossary-language-pairs")
def language_pairs() -> Response:
    _key()
    pairs = current_state().language_pairs()
    return json_response(
        {"supported_languages": [{"source_lang": s, "target_lang": t} for s, t in pairs]}
    )


def _found(read: Any) -> Any:
    """`read()`, with an unknown glossary as DeepL's 404."""
    try:
        return read()
    except GlossaryNotFound as exc:
        raise DeepLError(404, "Glossary not found.") from exc
