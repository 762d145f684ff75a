"""Glossaries over HTTP (fake engine): DeepL's /v2/glossaries routes, glossary_id on /v2/translate
and /v2/document, /v1/glossaries, glossaries and built-in names on /v1 routes and jobs, and the
LibreTranslate routes left as they were. The official clients against real gunicorn are in
tests/integration/test_compat_clients.py.

The fake engine answers "EN text of N characters" for an input of N characters, so the length
it reports shows whether a term was code-switched into its input.
"""

from __future__ import annotations

import io
from pathlib import Path

import deepl
import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.api.openapi import validator
from tests.api.test_api_jobs import drain, engine_texts

KEY = {"Authorization": "DeepL-Auth-Key k-1"}
BEARER = {"Authorization": "Bearer k-1"}
ENTRIES = "总体要求\tGeneral Requirements\n乡村振兴\trural revitalization\n"
ARTICLE = "# 通知\n\n## 一、总体要求\n\n推进乡村振兴。国务院印发规划。\n"
FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
DOCX = (FORMATS / "enterprise-data-opinions.docx").read_bytes()  # 一、总体要求 is its heading
MULTIPART = "multipart/form-data"
GLOSSARY_FLAG = ("glossary_term_missing",)


@pytest.fixture
def keyed_app(make_app) -> Flask:
    return make_app(api_keys=("k-1", "k-2"))


@pytest.fixture
def keyed(keyed_app: Flask) -> FlaskClient:
    return keyed_app.test_client()


def create(client: FlaskClient, entries: str = ENTRIES, **values: str) -> dict:
    body = {"name": "policy", "source_lang": "ZH", "target_lang": "EN", "entries": entries,
            "entries_format": "tsv", **values}  # fmt: skip
    response = client.post("/v2/glossaries", json=body, headers=KEY)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_deepl_glossary_life_cycle(keyed: FlaskClient) -> None:
    info = create(keyed)
    validator("GlossaryInfo").validate(info)
    assert info["ready"] is True and info["entry_count"] == 2
    assert (info["source_lang"], info["target_lang"]) == ("zh", "en")
    deepl.util.parse_timestamp(info["creation_time"])  # what the official client parses
    assert info["creation_time"].endswith("Z")
    listed = keyed.get("/v2/glossaries", headers=KEY).get_json()
    assert listed == {"glossaries": [info]}
    assert keyed.get(f"/v2/glossaries/{info['glossary_id']}", headers=KEY).get_json() == info
    entries = keyed.get(f"/v2/glossaries/{info['glossary_id']}/entries", headers=KEY)
    assert entries.mimetype == "text/tab-separated-values"
    assert deepl.util.convert_tsv_to_dict(entries.get_data(as_text=True)) == {
        "总体要求": "General Requirements",
        "乡村振兴": "rural revitalization",
    }
    assert keyed.delete(f"/v2/glossaries/{info['glossary_id']}", headers=KEY).status_code == 204
    gone = keyed.get(f"/v2/glossaries/{info['glossary_id']}", headers=KEY)
    assert (gone.status_code, gone.get_json()) == (404, {"message": "Glossary not found."})


def test_form_bodies_and_csv_as_the_nodejs_client_sends_them(keyed: FlaskClient) -> None:
    entries = '国务院,State Council\n"中国人民银行","People\'s Bank of China"'
    values = {"name": "csv", "source_lang": "zh", "target_lang": "en", "entries_format": "csv",
              "entries": entries}  # fmt: skip
    response = keyed.post("/v2/glossaries", data=values, headers=KEY)
    assert response.status_code == 201 and response.get_json()["entry_count"] == 2


@pytest.mark.parametrize(
    ("entries", "detail"),
    [
        ("国务院\tState Council\n乡村振兴\t\n", "line 2: the target term is empty"),
        (
            "国务院\tA\n\n国务院\tB\n",
            "line 3: the source term '国务院' duplicates '国务院' on line 1",
        ),
    ],
)
def test_bad_entries_are_400_with_the_line_in_detail(keyed: FlaskClient, entries, detail) -> None:
    body = {"name": "x", "source_lang": "ZH", "target_lang": "EN", "entries": entries,
            "entries_format": "tsv"}  # fmt: skip
    response = keyed.post("/v2/glossaries", json=body, headers=KEY)
    assert response.status_code == 400
    expected = {"message": "Invalid glossary entries provided.", "detail": detail}
    assert response.get_json() == expected
    validator("DeepLError").validate(response.get_json())


def test_missing_parameters_and_unsupported_pairs_are_400(keyed: FlaskClient) -> None:
    response = keyed.post("/v2/glossaries", json={"name": "x", "entries": ENTRIES}, headers=KEY)
    assert response.get_json() == {"message": "Parameter 'source_lang' not specified."}
    body = {"name": "x", "source_lang": "ZH", "target_lang": "DE", "entries": ENTRIES}
    response = keyed.post("/v2/glossaries", json=body, headers=KEY)
    assert response.status_code == 400
    assert response.get_json()["message"] == "Unsupported glossary source and target language pair."
    pairs = keyed.get("/v2/glossary-language-pairs", headers=KEY).get_json()
    assert pairs == {"supported_languages": [{"source_lang": "zh", "target_lang": "en"}]}


def test_a_glossary_is_visible_to_its_key_only(keyed: FlaskClient) -> None:
    info = create(keyed)
    other = {"Authorization": "DeepL-Auth-Key k-2"}
    assert keyed.get("/v2/glossaries", headers=other).get_json() == {"glossaries": []}
    assert keyed.get(f"/v2/glossaries/{info['glossary_id']}", headers=other).status_code == 404
    assert keyed.delete(f"/v2/glossaries/{info['glossary_id']}", headers=other).status_code == 404
    assert keyed.get("/v2/glossaries", headers={}).status_code == 403


def test_glossary_routes_have_their_own_body_limit(make_app) -> None:
    client = make_app(max_body_bytes=4000).test_client()
    entries = "".join(f"术语{i}\tterm {i}\n" for i in range(600))  # about 10 kB as JSON
    body = {"name": "big", "source_lang": "ZH", "target_lang": "EN", "entries": entries}
    assert client.post("/v2/glossaries", json=body).status_code == 201
    assert client.post("/v2/glossaries", data=body).status_code == 201  # form: Node.js client
    too_long = client.post("/v2/translate", json={"text": entries, "target_lang": "EN"})
    assert too_long.status_code == 413


def test_one_body_limit_rule_for_glossaries_files_and_text(make_app) -> None:
    """Glossary routes answer to PD_GLOSSARY_MAX_BODY_BYTES, file routes to PD_MAX_FILE_BYTES,
    every other route to PD_MAX_BODY_BYTES; each limit refuses with 413 above it."""
    client = make_app(
        max_body_bytes=4000, glossary_max_body_bytes=12_000, max_file_bytes=8000
    ).test_client()
    entries = "".join(f"术语{i}\tterm {i}\n" for i in range(1200))  # about 20 kB
    body = {"name": "big", "source_lang": "ZH", "target_lang": "EN", "entries": entries}
    too_big = client.post("/v2/glossaries", data=body)
    assert too_big.status_code == 413
    assert "12000" in client.post("/v1/glossaries", json=body).get_json()["error"]["message"]
    form = {"file": (io.BytesIO(DOCX), "opinions.docx")}  # 6.9 kB: over the text limit
    assert client.post("/v1/outline", data=form, content_type=MULTIPART).status_code == 200


def test_document_files_take_a_glossary(keyed_app: Flask) -> None:
    """A .docx read at upload: `glossary_id` on /v2/document, and as a multipart field on /v1."""
    client = keyed_app.test_client()
    info = create(client)
    form = {"target_lang": "EN-US", "source_lang": "ZH", "glossary_id": info["glossary_id"],
            "file": (io.BytesIO(DOCX), "opinions.docx")}  # fmt: skip
    handle = client.post("/v2/document", data=form, headers=KEY, content_type=MULTIPART)
    assert handle.status_code == 200, handle.get_json()
    drain(keyed_app)
    url = f"/v2/document/{handle.get_json()['document_id']}/result"
    result = client.post(url, json={"document_key": handle.get_json()["document_key"]}, headers=KEY)
    assert result.status_code == 200
    translated = docx.Document(io.BytesIO(result.get_data()))  # the .docx, in place
    # the heading is the term (its number is Word's automatic numbering, kept in the file)
    assert "General Requirements" in [p.text for p in translated.paragraphs]
    assert int(result.headers["X-PD-Glossary-Misses"]) >= 0
    form = {"glossary_id": info["glossary_id"], "file": (io.BytesIO(DOCX), "opinions.docx")}
    v1 = client.post("/v1/translate?builtin_glossary=false", data=form, headers=BEARER,
                     content_type=MULTIPART)  # fmt: skip
    assert v1.status_code == 200, v1.get_json()
    data = v1.get_json()
    headings = {s["heading"]: s["heading_en"] for s in data["sections"] if s["heading"]}
    assert headings["总体要求"] == "General Requirements"
    assert data["glossary"]["entries"] == 2


def test_translate_with_a_glossary(keyed: FlaskClient) -> None:
    info = create(keyed)
    values = {"text": ["总体要求", "推进乡村振兴。"], "target_lang": "EN-US", "source_lang": "ZH",
              "glossary_id": info["glossary_id"]}  # fmt: skip
    response = keyed.post("/v2/translate", json=values, headers=KEY)
    texts = [t["text"] for t in response.get_json()["translations"]]
    # the heading is the term (no model call); the fake engine cannot copy, so one miss
    assert texts[0] == "General Requirements"
    assert texts[1] == f"EN text of {len('推进 Xb。')} characters"  # the term as a placeholder
    assert response.headers["X-PD-Glossary-Misses"] == "1"
    plain = keyed.post("/v2/translate", json={"text": "推进乡村振兴。", "target_lang": "EN"},
                       headers=KEY)  # fmt: skip
    assert "X-PD-Glossary-Misses" not in plain.headers  # no glossary: nothing enforced
    assert plain.get_json()["translations"][0]["text"] == "EN text of 7 characters"


def test_compatibility_routes_never_apply_the_builtin_names(keyed: FlaskClient) -> None:
    text = "国务院推进改革。"  # 国务院 is a built-in name
    values = {"text": text, "target_lang": "EN"}
    deepl_answer = keyed.post("/v2/translate", json=values, headers=KEY)
    assert deepl_answer.get_json()["translations"][0]["text"] == "EN text of 8 characters"
    libre = keyed.post("/translate", json={"q": text, "source": "zh", "target": "en",
                                           "api_key": "k-1"})  # fmt: skip
    assert libre.get_json()["translatedText"] == "EN text of 8 characters"


def test_v1_applies_builtin_names_and_inline_entries_and_flags_misses(keyed: FlaskClient) -> None:
    own = {"乡村振兴": "rural revitalization", "总体要求": "General Requirements"}
    body = {"content": ARTICLE, "glossary": own}
    data = keyed.post("/v1/translate", json=body, headers=BEARER).get_json()
    validator("Translation").validate(data)
    section = data["sections"][0]
    assert section["heading_en"] == "General Requirements" and section["heading_flags"] == []
    sentences = section["paragraphs"][0]["sentences"]
    assert all(s["flags"] == ["glossary_term_missing"] for s in sentences)
    messages = [w["message"] for w in data["warnings"] if w["flag"] == "glossary_term_missing"]
    assert messages == [
        "glossary term not rendered: 乡村振兴 → rural revitalization",
        "glossary term not rendered: 国务院 → State Council",  # a built-in name
    ]
    assert data["glossary"]["terms_missing"] == 2 and data["glossary"]["entries"] > 40
    off = keyed.post("/v1/translate", json={**body, "builtin_glossary": False}, headers=BEARER)
    off_data = off.get_json()
    assert off_data["glossary"] == {"entries": 2, "terms_found": 2, "terms_missing": 1}
    raw = keyed.post("/v1/translate?builtin_glossary=false", data=ARTICLE.encode(),
                     headers={**BEARER, "Content-Type": "text/markdown"}).get_json()  # fmt: skip
    assert "glossary" not in raw


def test_v1_glossary_id_of_a_deepl_glossary_and_inline_entries_win(keyed: FlaskClient) -> None:
    info = create(keyed)  # made with the DeepL key k-1: the Bearer key k-1 sees it
    body = {"content": ARTICLE, "glossary_id": info["glossary_id"], "builtin_glossary": False,
            "glossary": {"总体要求": "Overall Requirements"}}  # fmt: skip
    data = keyed.post("/v1/translate", json=body, headers=BEARER).get_json()
    assert data["sections"][0]["heading_en"] == "Overall Requirements"
    assert data["glossary"]["entries"] == 2
    other = keyed.post("/v1/translate", json=body, headers={"Authorization": "Bearer k-2"})
    assert other.status_code == 404 and other.get_json()["error"]["code"] == "glossary_not_found"


def test_v1_bad_inline_entries_are_422_naming_the_entry(keyed: FlaskClient) -> None:
    body = {"content": ARTICLE, "glossary": {"乡村振兴": "x" * 1025}}
    response = keyed.post("/v1/digest", json=body, headers=BEARER)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_glossary"
    assert error["message"] == (
        "entry '乡村振兴': the target term has 1025 bytes, over the limit of 1024"
    )


def test_v1_empty_inline_term_is_refused_by_the_schema(keyed: FlaskClient) -> None:
    """The published schema says an inline term is non-empty: a 400 naming the entry."""
    body = {"content": ARTICLE, "glossary": {"乡村振兴": ""}}
    response = keyed.post("/v1/digest", json=body, headers=BEARER)
    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["field"] == "glossary/乡村振兴"


def test_v1_glossaries_routes(keyed: FlaskClient) -> None:
    body = {"name": "mine", "entries": {"乡村振兴": "rural revitalization"}}
    made = keyed.post("/v1/glossaries", json=body, headers=BEARER)
    assert made.status_code == 201
    info = made.get_json()
    validator("GlossaryInfo").validate(info)
    listed = keyed.get("/v1/glossaries", headers=BEARER).get_json()["glossaries"]
    assert [g["glossary_id"] for g in listed] == [info["glossary_id"]]
    full = keyed.get(f"/v1/glossaries/{info['glossary_id']}", headers=BEARER).get_json()
    assert full["entries"] == {"乡村振兴": "rural revitalization"}
    tsv = keyed.post("/v1/glossaries", json={"name": "t", "entries": "a\tb\n\tc"}, headers=BEARER)
    assert tsv.status_code == 422 and tsv.get_json()["error"]["message"].startswith("line 2:")
    assert keyed.delete(f"/v1/glossaries/{info['glossary_id']}", headers=BEARER).status_code == 204
    assert keyed.get(f"/v1/glossaries/{info['glossary_id']}", headers=BEARER).status_code == 404
    assert keyed.get("/v1/glossaries").status_code == 401


def test_a_job_with_a_glossary_equals_the_synchronous_route(make_app) -> None:
    app = make_app(job_unit_chars=600)
    client = app.test_client()
    body = {"content": ARTICLE, "glossary": {"乡村振兴": "rural revitalization"}}
    job = client.post("/v1/jobs", json={**body, "task": "translate"}).get_json()
    seen = engine_texts(app)
    drain(app)
    result = client.get(f"/v1/jobs/{job['id']}/result").get_json()
    assert "推进 Xb。" in seen  # the units put the placeholder in
    assert len(seen) == len(set(seen))  # assembling found every piece in the memory
    sync = client.post("/v1/translate", json=body).get_json()
    assert result["sections"] == sync["sections"] and result["glossary"] == sync["glossary"]


def test_compare_enforces_a_glossary_and_names_the_pairs_it_missed(keyed: FlaskClient) -> None:
    """Two versions of the Civil Procedure Law with a stored glossary: the English of every
    change is checked, each miss is a warning on its pair and side, and a compare job (JSON)
    and a multipart comparison carry the glossary as the synchronous JSON request does."""
    from tests.compare.law_texts import law_text

    info = create(keyed, "人民法院\tpeople's court\n")
    versions = {"old": {"content": law_text("civil-procedure-2021.md")},
                "new": {"content": law_text("civil-procedure-2023.md")}}  # fmt: skip
    body = {**versions, "glossary_id": info["glossary_id"], "builtin_glossary": False}
    data = keyed.post("/v1/compare", json=body, headers=BEARER).get_json()
    validator("Comparison").validate(data)
    assert data["glossary"]["entries"] == 1 and data["glossary"]["terms_missing"] > 0
    flags = {w["flag"] for w in data["warnings"]}
    assert flags == {"glossary_term_missing", "numbers_missing"}  # the fake engine drops numbers
    missed = {(w["pair"], w["side"]) for w in data["warnings"] if w["flag"] in GLOSSARY_FLAG}
    with_term = {
        (n, side)
        for n, pair in enumerate(data["pairs"])
        for side in ("old", "new")
        if pair["english"][side] is not None
        and "人民法院" in (pair[side]["heading"] or "") + pair[side]["text"]
    }
    assert missed == with_term and with_term  # the fake engine renders no term

    other = keyed.post("/v1/compare", json=body, headers={"Authorization": "Bearer k-2"})
    assert other.status_code == 404  # another key's glossary
    job = keyed.post("/v1/jobs", json={**body, "task": "compare"}, headers=BEARER)
    drain(keyed.application)
    result = keyed.get(job.headers["Location"] + "/result", headers=BEARER).get_json()
    assert result == data
    form = {side: (io.BytesIO(v["content"].encode()), f"{side}.md") for side, v in versions.items()}
    form |= {"glossary_id": info["glossary_id"], "builtin_glossary": "false"}
    sent = keyed.post("/v1/compare", data=form, content_type=MULTIPART, headers=BEARER)
    assert sent.get_json()["warnings"] == data["warnings"]
