"""Real clients, used as their READMEs show, against a real gunicorn serving a tiny model.

LibreTranslate: `libretranslatepy` (JSON bodies) and `deep-translator`'s LibreTranslator (all
parameters in the query string, no body: the client that failed before this API matched
LibreTranslate's parameter reading). DeepL: the official `deepl` client with `server_url`, and
the official Node.js client `deepl-node` with `serverUrl` (deepl_node_client.cjs; npm package
installed by .ci/run into the git-ignored .node-clients/), glossaries included. Every call must
get the answer the client expects; a wrong key or a deleted glossary the client's own exception.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError

import deepl
import docx
import pytest
import requests
from deep_translator import LibreTranslator
from deep_translator.exceptions import AuthorizationException
from libretranslatepy import LibreTranslateAPI

from tests.integration.conftest import REPO, Server, start_server, tool_missing

pytestmark = pytest.mark.integration

KEY = "k-compat-1"
ZH = "推进数字乡村建设。"
TRADITIONAL = "推進數字鄉村建設。"
HTML = '<h2 id="t">一、总体要求</h2><p class="lead">推进<b>数字乡村</b>建设。</p>'
NODE_CLIENTS = REPO / ".node-clients" / "node_modules"


@pytest.fixture(scope="module")
def keyed(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("compat") / "server.log"
    running = start_server(models_dir, log, PD_API_KEYS=KEY)
    try:
        yield running
    finally:
        running.stop()


def english(text: object) -> bool:
    """A translation from the tiny model (untrained: its words are noise, but never empty and
    never the source sent back)."""
    return isinstance(text, str) and bool(text.strip()) and text not in (ZH, TRADITIONAL)


# -- LibreTranslate clients


def test_libretranslatepy(keyed: Server) -> None:
    api = LibreTranslateAPI(keyed.url + "/", api_key=KEY)
    assert english(api.translate(ZH, "zh", "en"))
    assert english(api.translate(TRADITIONAL, "auto", "en"))
    assert api.detect(ZH)[0]["language"] == "zh"
    assert {lang["code"] for lang in api.languages()} == {"zh", "en"}
    with pytest.raises(HTTPError) as refused:
        LibreTranslateAPI(keyed.url + "/", api_key="wrong").translate(ZH, "zh", "en")
    assert refused.value.code == 403


def test_deep_translator_sends_the_query_string(keyed: Server) -> None:
    translator = LibreTranslator(source="zh", target="en", api_key=KEY, custom_url=keyed.url + "/")
    assert english(translator.translate(ZH))
    batch = translator.translate_batch([ZH, TRADITIONAL])
    assert len(batch) == 2 and all(english(t) for t in batch)
    wrong = LibreTranslator(source="zh", target="en", api_key="wrong", custom_url=keyed.url + "/")
    with pytest.raises(AuthorizationException):
        wrong.translate(ZH)


def test_every_placement_same_answer_over_http(keyed: Server) -> None:
    values = {"q": ZH, "source": "zh", "target": "en", "api_key": KEY}
    url = f"{keyed.url}/translate"
    answers = [
        requests.post(url, json=values, timeout=60),
        requests.post(url, data=values, timeout=60),
        requests.post(url, files={"x": ("x", b"")}, data=values, timeout=60),
        requests.post(url, params=values, timeout=60),
    ]
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    assert len({a.text for a in answers}) == 1
    assert english(answers[0].json()["translatedText"])


def test_html_format_keeps_markup_over_http(keyed: Server) -> None:
    values = {"q": HTML, "source": "zh", "target": "en", "format": "html", "api_key": KEY}
    text = requests.post(f"{keyed.url}/translate", json=values, timeout=60).json()["translatedText"]
    assert text.startswith('<h2 id="t">1. ') and '</h2><p class="lead">' in text
    assert "<b>" in text and text.endswith("</p>")


def test_translate_file_and_download(keyed: Server) -> None:
    files = {"file": ("通知.html", HTML.encode(), "text/html")}
    data = {"source": "zh", "target": "en", "api_key": KEY}
    answer = requests.post(f"{keyed.url}/translate_file", files=files, data=data, timeout=60)
    assert answer.status_code == 200, answer.text
    download = requests.get(answer.json()["translatedFileUrl"], timeout=60)
    assert download.status_code == 200
    assert download.text.startswith('<h2 id="t">1. ')


# -- DeepL


def test_deepl_translate_text(keyed: Server) -> None:
    client = deepl.Translator(KEY, server_url=keyed.url)
    single = client.translate_text(ZH, target_lang="EN-US")
    assert english(single.text)
    assert single.detected_source_lang == "ZH" and single.billed_characters == len(ZH)
    batch = client.translate_text([ZH, TRADITIONAL], source_lang="ZH", target_lang="EN-GB")
    assert [r.detected_source_lang for r in batch] == ["ZH", "ZH"]
    assert all(english(r.text) for r in batch)
    html = client.translate_text(HTML, target_lang="EN-US", tag_handling="html")
    assert html.text.startswith('<h2 id="t">1. ') and '<p class="lead">' in html.text


def test_deepl_languages_and_usage(keyed: Server) -> None:
    client = deepl.Translator(KEY, server_url=keyed.url)
    assert [(lang.code, lang.name) for lang in client.get_source_languages()] == [("ZH", "Chinese")]
    assert [lang.code for lang in client.get_target_languages()] == ["EN-GB", "EN-US"]
    before = client.get_usage().character.count
    client.translate_text(ZH, target_lang="EN-US")
    usage = client.get_usage()
    assert usage.character.valid and not usage.any_limit_reached
    assert usage.character.count == before + len(ZH)


def test_deepl_wrong_key_is_its_authorization_exception(keyed: Server) -> None:
    client = deepl.Translator("wrong", server_url=keyed.url)
    with pytest.raises(deepl.AuthorizationException):
        client.translate_text(ZH, target_lang="EN-US")
    with pytest.raises(deepl.AuthorizationException):
        client.get_usage()


@pytest.mark.parametrize(
    ("name", "source", "starts"),
    [
        ("通知.txt", "标题\n一、总体要求\n推进数字乡村建设。\n", None),
        ("notice.html", f"<html><body>{HTML}</body></html>", "<!doctype html>"),
    ],
)
def test_deepl_translate_document(keyed: Server, tmp_path: Path, name, source, starts) -> None:
    client = deepl.Translator(KEY, server_url=keyed.url)
    given, out = tmp_path / name, tmp_path / f"out-{name}"
    given.write_text(source, encoding="utf-8")
    with given.open("rb") as infile, out.open("wb") as outfile:
        status = client.translate_document(infile, outfile, target_lang="EN-US", filename=name)
    assert status.ok and status.done and status.billed_characters > 0
    translated = out.read_text(encoding="utf-8")
    assert "1. " in translated and "总体要求" not in translated  # the heading's label, translated
    if starts:
        assert translated.startswith(starts) and "<h2>1. " in translated


def test_deepl_document_steps_and_bad_key(keyed: Server) -> None:
    client = deepl.Translator(KEY, server_url=keyed.url)
    handle = client.translate_document_upload(
        "推进数字乡村建设。".encode(), target_lang="EN-GB", filename="a.txt"
    )
    status = client.translate_document_wait_until_done(handle)
    assert status.done and status.billed_characters == len("推进数字乡村建设。")
    response = client.translate_document_download(handle)
    assert response is not None and english(response.text.strip())
    forged = deepl.DocumentHandle(handle.document_id, "t" + "0" * 64)
    with pytest.raises(deepl.AuthorizationException):
        client.translate_document_get_status(forged)
    with pytest.raises(deepl.DeepLException, match="Not found"):
        client.translate_document_get_status(deepl.DocumentHandle("0" * 32, handle.document_key))


GLOSSARY = {"总体要求": "General Requirements", "乡村振兴": "rural revitalization"}
NOTICE = "标题\n一、总体要求\n推进乡村振兴。\n"
DOCX = REPO / "tests" / "fixtures" / "formats" / "enterprise-data-opinions.docx"


def test_deepl_glossaries_with_the_official_client(keyed: Server, tmp_path: Path) -> None:
    """create (dict and CSV), list, entries round trip, translate text and a document with the
    glossary, delete, then get raises GlossaryNotFoundException; as the client's README shows."""
    client = deepl.Translator(KEY, server_url=keyed.url)
    made = client.create_glossary("policy terms", source_lang="ZH", target_lang="EN-US",
                                  entries=GLOSSARY)  # fmt: skip
    assert made.ready and made.entry_count == 2 and made.creation_time.tzinfo is not None
    from_csv = client.create_glossary_from_csv(
        "csv terms", source_lang="ZH", target_lang="EN", csv_data="国务院,State Council\n"
    )
    assert from_csv.entry_count == 1
    listed = {g.glossary_id for g in client.list_glossaries()}
    assert {made.glossary_id, from_csv.glossary_id} <= listed
    assert client.get_glossary_entries(made) == GLOSSARY
    texts = client.translate_text(
        ["总体要求", "推进乡村振兴。"], source_lang="ZH", target_lang="EN-US", glossary=made
    )
    assert texts[0].text == "General Requirements"  # a unit that is exactly a term
    assert english(texts[1].text)
    misses = requests.post(
        f"{keyed.url}/v2/translate",
        data={"text": "推进乡村振兴。", "source_lang": "ZH", "target_lang": "EN-US",
              "glossary_id": made.glossary_id},
        headers={"Authorization": f"DeepL-Auth-Key {KEY}"},
        timeout=60,
    )  # fmt: skip
    assert int(misses.headers["X-PD-Glossary-Misses"]) in (0, 1)  # the tiny model may copy
    given, out = tmp_path / "通知.txt", tmp_path / "notice-en.txt"
    given.write_text(NOTICE, encoding="utf-8")
    with given.open("rb") as infile, out.open("wb") as outfile:
        status = client.translate_document(
            infile, outfile, source_lang="ZH", target_lang="EN-US", glossary=made,
            filename=given.name,
        )  # fmt: skip
    assert status.done and "1. General Requirements" in out.read_text(encoding="utf-8")
    client.delete_glossary(made)
    with pytest.raises(deepl.GlossaryNotFoundException):
        client.get_glossary(made.glossary_id)
    assert client.get_glossary(from_csv.glossary_id).name == "csv terms"


def test_deepl_docx_with_a_glossary_through_the_official_client(
    keyed: Server, tmp_path: Path
) -> None:
    """A Word file is read at upload and translated in place with the glossary: its heading
    一、总体要求 comes back as the glossary's term (its number is Word's automatic numbering,
    kept in the file)."""
    client = deepl.Translator(KEY, server_url=keyed.url)
    made = client.create_glossary("docx terms", source_lang="ZH", target_lang="EN-US",
                                  entries=GLOSSARY)  # fmt: skip
    out = tmp_path / "opinions-en.docx"
    with DOCX.open("rb") as infile, out.open("wb") as outfile:
        status = client.translate_document(
            infile, outfile, source_lang="ZH", target_lang="EN-US", glossary=made,
            filename=DOCX.name,
        )  # fmt: skip
    assert status.done and status.billed_characters > 3000
    assert "General Requirements" in [p.text for p in docx.Document(out).paragraphs]


def test_deepl_node_client(keyed: Server, tmp_path: Path) -> None:
    if shutil.which("node") is None or not (NODE_CLIENTS / "deepl-node").is_dir():
        missing = f"node or deepl-node (in {NODE_CLIENTS}) is missing (.ci/run installs it)"
        tool_missing("the Node.js client test", missing)
    script = Path(__file__).with_name("deepl_node_client.cjs")
    run = subprocess.run(
        ["node", str(script), keyed.url, KEY, str(tmp_path)],
        env={**os.environ, "NODE_PATH": str(NODE_CLIENTS)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout)
    assert english(out["single"]["text"]) and out["single"]["billed"] == len(ZH)
    assert out["single"]["detected"] == "zh"  # deepl-node gives language codes in lower case
    assert [r["detected"] for r in out["batch"]] == ["zh", "zh"]
    assert all(english(r["text"]) for r in out["batch"])
    assert out["html"].startswith('<h2 id="t">1. ') and "<b>" in out["html"]
    assert out["source"] == ["zh"] and out["target"] == ["en-GB", "en-US"]
    assert out["usage"]["count"] > 0 and out["usage"]["limitReached"] is False
    assert out["document"]["done"] and "1. " in out["document"]["text"]
    assert "总体要求" not in out["document"]["text"]
    assert out["wrongKey"] == "AuthorizationError"
    glossary = out["glossary"]
    assert (glossary["made"], glossary["csv"], glossary["listed"]) == (2, 1, True)
    assert glossary["entries"] == GLOSSARY
    assert glossary["texts"][0] == "General Requirements" and english(glossary["texts"][1])
    assert "1. General Requirements" in glossary["document"]
    assert glossary["afterDelete"] == "GlossaryNotFoundError"


def test_deepl_usage_and_quota_hold_across_api_machines_sharing_redis(
    models_dir: Path, tmp_path: Path, redis_url: str
) -> None:
    """Two API machines with their own data directories, one Redis: the usage the official
    client reads on either counts what both translated, the quota stops both, and a glossary
    made on one is read and applied on the other."""
    settings = {
        "PD_QUEUE_URL": redis_url,
        "PD_API_KEYS": KEY,
        "PD_CHARACTER_LIMIT": str(3 * len(ZH)),
    }
    machines = []
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            log = tmp_path / name / "server.log"
            machines.append(start_server(models_dir, log, 1, "--no-workers", **settings))
        a, b = (deepl.Translator(KEY, server_url=machine.url) for machine in machines)
        a.translate_text(ZH, target_lang="EN-US")
        b.translate_text(ZH, target_lang="EN-US")
        usage = b.get_usage().character
        assert (usage.count, usage.limit) == (2 * len(ZH), 3 * len(ZH))
        b.translate_text(ZH, target_lang="EN-US")  # the limit, reached exactly
        with pytest.raises(deepl.QuotaExceededException):
            a.translate_text(ZH, target_lang="EN-US")
        assert a.get_usage().character.limit_reached
        # a glossary made on one machine is seen and used on the other (the shared store)
        made = a.create_glossary("shared", source_lang="ZH", target_lang="EN-GB", entries=GLOSSARY)
        assert b.get_glossary_entries(made.glossary_id) == GLOSSARY
        assert made.glossary_id in {g.glossary_id for g in b.list_glossaries()}
        body = {"content": NOTICE, "format": "text", "glossary_id": made.glossary_id}
        answer = requests.post(f"{machines[1].url}/v1/translate", json=body, timeout=60,
                               headers={"Authorization": f"Bearer {KEY}"})  # fmt: skip
        assert answer.json()["sections"][0]["heading_en"] == "General Requirements"
    finally:
        for machine in machines:
            machine.stop()


# -- DeepL documents in other formats: the client writes what it receives under the name it gave

DOCX_FIXTURES = REPO / "tests" / "fixtures" / "docx"
LAW_PDF = REPO / "tests" / "fixtures" / "formats" / "laws" / "data-security-law.pdf"


def test_deepl_docx_to_docx_from_filepath(keyed: Server, tmp_path: Path) -> None:
    import docx

    given, out = DOCX_FIXTURES / "statistics-law.docx", tmp_path / "统计法-en.docx"
    client = deepl.Translator(KEY, server_url=keyed.url)
    status = client.translate_document_from_filepath(given, out, target_lang="EN-US")
    assert status.ok and status.done and status.billed_characters > 0
    before, after = docx.Document(str(given)), docx.Document(str(out))
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    texts = [p.text for p in after.paragraphs]
    assert sum(t.startswith("Chapter ") for t in texts) == 14  # contents and body: 第X章 mapped
    assert sum(t.startswith("Article ") for t in texts) == 53  # 第X条 mapped, all 53 articles
    assert not any("第一条" in t for t in texts)


@pytest.mark.usefixtures("pdf_fonts")
@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_deepl_text_to_pdf_or_word_by_output_name(keyed: Server, tmp_path: Path, suffix) -> None:
    given, out = tmp_path / "通知.txt", tmp_path / f"notice.{suffix}"
    given.write_text(
        "关于推进数字乡村建设的通知\n一、总体要求\n推进数字乡村建设。\n", encoding="utf-8"
    )
    client = deepl.Translator(KEY, server_url=keyed.url)
    status = client.translate_document_from_filepath(given, out, target_lang="EN-GB")
    assert status.ok and status.done
    text = document_text(out)
    assert "\n1. " in text and "总体要求" not in text


def document_text(path: Path) -> str:
    """The text of a PDF (read back with pypdfium2) or of a Word file."""
    import docx
    import pypdfium2

    if path.suffix == ".pdf":
        pages = pypdfium2.PdfDocument(str(path))
        return "\n".join(page.get_textpage().get_text_range() for page in pages)
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


@pytest.mark.usefixtures("pdf_fonts")
@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_deepl_pdf_to_pdf_or_word(keyed: Server, tmp_path: Path, suffix: str) -> None:
    """The Data Security Law's PDF: an English PDF under a .pdf name (no output_format: the
    default), a Word file under a .docx name (the client sends `output_format=docx`)."""
    out = tmp_path / f"data-security-law-en.{suffix}"
    client = deepl.Translator(KEY, server_url=keyed.url)
    status = client.translate_document_from_filepath(LAW_PDF, out, target_lang="EN-US")
    assert status.ok and status.done and status.billed_characters > 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-" if suffix == "pdf" else b"PK\x03\x04")
    lines = {line.strip() for line in document_text(out).splitlines()}
    assert all(f"Article {n}" in lines for n in range(1, 56))  # 第一条 … 第五十五条, mapped
    assert "Chapter 1" in "\n".join(lines) and "第一条" not in "\n".join(lines)


@pytest.mark.usefixtures("pdf_fonts")
def test_deepl_ofd_to_pdf_and_not_to_ofd(keyed: Server, tmp_path: Path) -> None:
    """No OFD is written: an .ofd needs a .pdf or .docx output name, else the client raises
    with the server's message naming the fix."""
    given = REPO / "tests" / "fixtures" / "formats" / "gongwen-approval.ofd"
    client = deepl.Translator(KEY, server_url=keyed.url)
    out = tmp_path / "approval.pdf"
    assert client.translate_document_from_filepath(given, out, target_lang="EN-US").done
    assert out.read_bytes().startswith(b"%PDF-") and "批复" not in document_text(out)
    with pytest.raises(deepl.DeepLException, match="set output_format to pdf"):
        client.translate_document_from_filepath(given, tmp_path / "a.ofd", target_lang="EN-US")
