"""The editors' page at `/`, driven in Debian's headless Chromium against a real gunicorn.

The server serves the tiny Marian model (tests/integration/conftest.py), so digest runs end to
end; its English is nonsense, but headings keep their mapped numbering and every sentence keeps
its id. Screenshots go to test-artifacts/ (git-ignored). axe-core (installed by .ci/run into
.browser-tools/) is injected into the page. Without chromium, chromedriver, selenium or axe-core
the tests skip with the reason, except in CI (CI set), where they fail.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import REPO, Server, start_server, tool_missing

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = REPO / ".browser-tools" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
DOWNLOADS = ARTIFACTS / "downloads"
SEED = REPO / "tests" / "fixtures" / "finews-001.md"
ARTICLES = REPO / "tests" / "articles"
WAIT_S = 180
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
]


def _missing() -> str | None:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        return "Debian's chromium and chromium-driver are not installed (.ci/run installs them)"
    if not AXE.exists():
        return f"axe-core is not installed at {AXE} (.ci/run installs it with npm)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (dev extra)"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = _missing()
    if reason:
        tool_missing("the browser test", reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(DOWNLOADS),
            "download.prompt_for_download": False,
            # a second download from one page would otherwise wait for the user's permission
            "profile.default_content_setting_values.automatic_downloads": 1,
        },
    )
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser: Any, server: Server) -> None:
    browser.get(server.url + "/")
    browser.get_log("browser")  # start each test with an empty console log


def wait_for(browser: Any, condition: str) -> None:
    """Wait until the JavaScript expression `condition` is true."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT_S, poll_frequency=0.2).until(
        lambda driver: driver.execute_script(f"return Boolean({condition})")
    )


def start(browser: Any, task: str = "digest", max_points: int = 200) -> None:
    """Set the options and press Enter on the submit button (keyboard, no mouse); every text
    the progress line shows is recorded in `window.progressSeen`."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    browser.execute_script(
        "window.progressSeen = []; const line = document.getElementById('progress-text');"
        "new MutationObserver(() => window.progressSeen.push(line.textContent))"
        "  .observe(line, {childList: true, characterData: true, subtree: true});"
    )
    Select(browser.find_element(By.ID, "task")).select_by_value(task)
    browser.find_element(By.ID, "max_points").send_keys(str(max_points))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").send_keys(Keys.ENTER)


def submit(browser: Any, task: str = "digest", max_points: int = 200) -> None:
    """Start the job and wait for its result; the progress bar showed units done and ended full."""
    start(browser, task, max_points)
    # (the translation shows section by section before the job is done: wait for the end)
    wait_for(browser, "document.getElementById('progress-text').textContent === 'Done.'")
    seen = browser.execute_script("return window.progressSeen")
    assert any(re.fullmatch(r"(\d+) of \1 units done.*", text) for text in seen), seen
    assert browser.execute_script(
        "const bar = document.getElementById('progress'); return bar.value === bar.max"
    )


def paste(browser: Any, text: str) -> None:
    """Put `text` into the article box as a paste does (value set, input event fired)."""
    browser.execute_script(
        "const box = document.querySelector('textarea[name=content]');"
        "box.value = arguments[0]; box.dispatchEvent(new Event('input', {bubbles: true}));",
        text,
    )


def drop_on(browser: Any, path: Path, selector: str) -> None:
    """Drop a file on the element `selector` picks: a real File, by a real drop event."""
    carrier = browser.execute_script(
        "const input = document.createElement('input'); input.type = 'file';"
        "input.id = 'test-carrier'; document.body.append(input); return input;"
    )
    carrier.send_keys(str(path))
    browser.execute_script(
        "const input = document.getElementById('test-carrier');"
        "const data = new DataTransfer(); data.items.add(input.files[0]); input.remove();"
        "const zone = document.querySelector(arguments[0]);"
        "for (const type of ['dragenter', 'dragover', 'drop'])"
        "  zone.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true,"
        "    dataTransfer: data}));",
        selector,
    )


def drop_file(browser: Any, path: Path, text: bool = True) -> None:
    """Drop a file on the article box: a real File, delivered by a real drop event.

    A text file fills the box; a document file (`text=False`) is only announced as loaded."""
    from selenium.webdriver.common.by import By

    drop_on(browser, path, "textarea[name=content]")
    if not text:
        wait_for(
            browser, "document.getElementById('progress-text').textContent.startsWith('Loaded')"
        )
        return
    wait_for(browser, "document.querySelector('textarea[name=content]').value.length > 0")
    assert browser.find_element(By.ID, "format").get_attribute("value") == "markdown"


def english_h2(browser: Any) -> list[str]:
    return browser.execute_script(
        "return [...document.querySelectorAll('#translation .target h2')].map((h) => h.textContent)"
    )


def sentence_ids(browser: Any, column: str) -> list[str]:
    return browser.execute_script(
        f"return [...document.querySelectorAll('#translation .{column} [data-sentence-id]')]"
        ".map((s) => s.dataset.sentenceId)"
    )


def api_sentences(server: Server, content: str) -> list[tuple[str, list[str]]]:
    """Every sentence of the article as /v1/translate gives them: (id, fidelity flags)."""
    request = urllib.request.Request(
        server.url + "/v1/translate",
        data=json.dumps({"content": content}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=WAIT_S) as response:
        body = json.load(response)
    found: list[tuple[str, list[str]]] = []

    def walk(section: dict[str, Any]) -> None:
        for paragraph in section["paragraphs"]:
            found.extend((s["id"], s["flags"]) for s in paragraph["sentences"])
        for child in section["sections"]:
            walk(child)

    for section in body["sections"]:
        walk(section)
    return found


def shown_flags(browser: Any) -> list[tuple[str, list[str]]]:
    """(sentence id, the flags noted on it) for every English sentence on the page."""
    return [
        (sentence_id, flags)
        for sentence_id, flags in browser.execute_script(
            "return [...document.querySelectorAll('#translation .target .sentence')].map((s) =>"
            "  [s.dataset.sentenceId, [...s.querySelectorAll('.flag')].map((f) => f.dataset.flag)])"
        )
    ]


def serious_violations(browser: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        "  .then((r) => done(r.violations), (e) => done([{id: 'axe-error', impact: 'critical',"
        "    help: String(e)}]));"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def console_errors(browser: Any) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def screenshot(browser: Any, name: str, at: str = "body") -> None:
    """A tall window's view from the top of the element `at` (a CSS selector)."""
    ARTIFACTS.mkdir(exist_ok=True)
    browser.set_window_size(1400, 1800)
    browser.execute_script("document.querySelector(arguments[0]).scrollIntoView()", at)
    browser.save_screenshot(str(ARTIFACTS / name))
    browser.set_window_size(1400, 1000)


def test_seed_article_pasted_gives_outline_and_aligned_translation(
    browser: Any, server: Server
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    seed = SEED.read_text(encoding="utf-8")
    open_page(browser, server)
    paste(browser, seed)
    submit(browser)

    assert [h.split(" ")[0] for h in english_h2(browser)] == ["1.", "2.", "3.", "4.", "5.", "6."]
    enumerations = browser.find_elements(
        By.CSS_SELECTOR, '#outline li.node[data-label^="三"] > .points > li[data-kind=enumeration]'
    )
    assert len(enumerations) == 8
    source, target = sentence_ids(browser, "source"), sentence_ids(browser, "target")
    expected = api_sentences(server, seed)
    assert source == target == [sentence_id for sentence_id, _ in expected]
    assert shown_flags(browser) == expected  # every flag is noted on its sentence
    assert any(flags for _, flags in expected)  # (the tiny model's noise is always flagged)
    langs = browser.execute_script(
        "return [...new Set([...document.querySelectorAll('#translation .source')]"
        ".map((c) => c.lang)), ...new Set([...document.querySelectorAll('#translation .target')]"
        ".map((c) => c.lang))]"
    )
    assert langs == ["zh-Hans", "en"]

    first = browser.find_element(By.CSS_SELECTOR, "#translation .source .sentence")
    ActionChains(browser).move_to_element(first).perform()
    twin = f'#translation .target [data-sentence-id="{first.get_attribute("data-sentence-id")}"]'
    assert "paired" in browser.find_element(By.CSS_SELECTOR, twin).get_attribute("class")

    link = enumerations[0].find_element(By.TAG_NAME, "a")
    link.click()
    focused = browser.switch_to.active_element
    assert focused.get_attribute("data-sentence-id") == link.get_attribute("data-sentence-id")
    assert focused.get_attribute("id") == link.get_attribute("href").split("#")[1]

    screenshot(browser, "page-seed.png")
    screenshot(browser, "page-seed-translation.png", "#translation")
    assert serious_violations(browser) == []
    assert console_errors(browser) == []


def test_traditional_file_dropped_is_shown_in_its_own_script(
    browser: Any, server: Server, tmp_path: Path
) -> None:
    from opencc import OpenCC

    traditional = OpenCC("s2tw").convert(SEED.read_text(encoding="utf-8"))
    article = tmp_path / "finews-001-hant.md"
    article.write_text(traditional, encoding="utf-8")
    open_page(browser, server)
    drop_file(browser, article)
    submit(browser)

    assert [h.split(" ")[0] for h in english_h2(browser)] == ["1.", "2.", "3.", "4.", "5.", "6."]
    source_text = browser.execute_script(
        "return [...document.querySelectorAll('#translation .source .sentence')]"
        ".map((s) => s.textContent).join('')"
    )
    assert "數字鄉村" in source_text and "数字乡村" not in source_text
    assert browser.execute_script(
        "return [...document.querySelectorAll('#translation .source')].every("
        "(c) => c.lang === 'zh-Hant')"
    )
    assert sentence_ids(browser, "source") == sentence_ids(browser, "target")
    expected = [sentence_id for sentence_id, _ in api_sentences(server, traditional)]
    assert sentence_ids(browser, "source") == expected
    screenshot(browser, "page-traditional.png")
    assert serious_violations(browser) == []
    assert console_errors(browser) == []


def test_pdf_dropped_gives_outline_and_translation(browser: Any, server: Server) -> None:
    law = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "laws"
    open_page(browser, server)
    drop_file(browser, law / "data-security-law.pdf", text=False)
    submit(browser)

    labels = browser.execute_script(
        "return [...document.querySelectorAll('#outline li.node')].map((n) => n.dataset.label)"
    )
    assert [label for label in labels if label][:2] == ["第一章", "第一条"]
    assert "第七章" in labels
    assert len(english_h2(browser)) == 7  # the seven chapters, translated
    source = browser.execute_script(
        "return [...document.querySelectorAll('#translation .source .sentence')]"
        ".map((s) => s.textContent)"
    )
    assert "中华人民共和国境内开展数据处理活动及其安全监管，适用本法。" in "".join(source)
    assert sentence_ids(browser, "source") == sentence_ids(browser, "target")
    screenshot(browser, "page-pdf.png")
    assert console_errors(browser) == []


def test_error_is_explained_and_the_text_is_kept(browser: Any, server: Server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    seed = SEED.read_text(encoding="utf-8")
    open_page(browser, server)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").send_keys(Keys.ENTER)
    wait_for(browser, "!document.getElementById('error').hidden")
    assert "The article box is empty" in browser.find_element(By.ID, "error").text
    paste(browser, seed)
    browser.find_element(By.ID, "num_beams").send_keys("9")  # the API allows 1-8
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").send_keys(Keys.ENTER)
    wait_for(browser, "/400/.test(document.getElementById('error').textContent)")

    error = browser.find_element(By.ID, "error")
    assert "400" in error.text and "beams 1–8" in error.text
    assert browser.switch_to.active_element == error
    assert browser.find_element(By.NAME, "content").get_attribute("value") == seed
    assert not browser.find_element(By.ID, "exports").is_displayed()  # no result to export
    screenshot(browser, "page-error.png")
    assert serious_violations(browser) == []
    # Chromium logs the failed request itself (the 400 the test asked for); nothing else.
    assert [m for m in console_errors(browser) if "status of 400" not in m] == []


def test_cancel_stops_the_job_and_keeps_the_text(browser: Any, server: Server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    long_article = "\n\n".join([SEED.read_text(encoding="utf-8").split("---\n", 2)[2]] * 8)
    open_page(browser, server)
    paste(browser, long_article)
    start(browser)
    wait_for(browser, "/units done/.test(document.getElementById('progress-text').textContent)")
    browser.find_element(By.ID, "cancel").send_keys(Keys.ENTER)
    wait_for(browser, "/Cancelled/.test(document.getElementById('progress-text').textContent)")

    assert browser.find_element(By.NAME, "content").get_attribute("value") == long_article
    assert browser.find_element(By.ID, "translation").get_attribute("hidden") is not None
    jobs = browser.execute_script(
        "return performance.getEntriesByType('resource').map((e) => e.name)"
        ".filter((name) => /\\/v1\\/jobs\\/[^/]+$/.test(name))"
    )
    with urllib.request.urlopen(jobs[-1], timeout=10) as response:
        assert json.load(response)["status"] == "cancelled"
    assert console_errors(browser) == []


def test_outline_only_needs_no_translation(browser: Any, server: Server) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, server)
    paste(browser, SEED.read_text(encoding="utf-8"))
    start(browser, task="outline")
    wait_for(browser, "!document.getElementById('outline').hidden")

    assert browser.find_element(By.ID, "translation").get_attribute("hidden") is not None
    points = browser.find_elements(
        By.CSS_SELECTOR, '#outline li.node[data-label^="三"] > .points > li[data-kind=enumeration]'
    )
    assert len(points) == 8
    assert browser.find_elements(By.CSS_SELECTOR, "#outline a") == []  # nothing to scroll to
    assert browser.execute_script(
        "return [...document.querySelectorAll('#outline .point span')].every("
        "(s) => s.lang === 'zh-Hans')"
    )
    assert serious_violations(browser) == []
    assert console_errors(browser) == []


def test_downloads_and_the_copy_are_the_result(browser: Any, server: Server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    shutil.rmtree(DOWNLOADS, ignore_errors=True)
    DOWNLOADS.mkdir(parents=True)
    open_page(browser, server)
    paste(browser, SEED.read_text(encoding="utf-8"))
    submit(browser, task="translate")
    for ext in ("json", "md", "html"):  # one at a time: each file complete before the next
        button = "download-markdown" if ext == "md" else "download-" + ext
        browser.find_element(By.ID, button).send_keys(Keys.ENTER)
        saved = DOWNLOADS / f"policy-digest-translate.{ext}"
        WebDriverWait(browser, 60).until(lambda _, saved=saved: saved.exists(), f"{saved} missing")

    result = json.loads((DOWNLOADS / "policy-digest-translate.json").read_text(encoding="utf-8"))
    assert [s["label_en"] for s in result["sections"]] == ["1.", "2.", "3.", "4.", "5.", "6."]
    markdown = (DOWNLOADS / "policy-digest-translate.md").read_text(encoding="utf-8")
    assert markdown == result["markdown"]  # the service's own Markdown
    page = (DOWNLOADS / "policy-digest-translate.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<style>" in page
    assert page.count('class="sentence') == 2 * len(sentence_ids(browser, "source"))

    # Copy as Markdown: the clipboard then holds the service's Markdown (the page may write it;
    # the test grants itself the permission to read it back)
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": server.url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    browser.execute_script("navigator.clipboard.writeText('')")
    browser.find_element(By.ID, "copy-markdown").send_keys(Keys.ENTER)
    wait_for(browser, "document.getElementById('export-status').textContent.includes('copied')")
    pasted = browser.execute_async_script(
        "navigator.clipboard.readText().then(arguments[0], (e) => arguments[0]('error: ' + e))"
    )
    assert pasted == markdown
    assert console_errors(browser) == []


CIVIL_2021 = REPO / "tests" / "compare" / "laws" / "civil-procedure-2021.md"
CIVIL_2023 = REPO / "tests" / "compare" / "laws" / "civil-procedure-2023.md"


def run_comparison(browser: Any) -> None:
    """Press Compare and wait for the comparison, or for an error (shown in the failure)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.find_element(By.ID, "compare-submit").send_keys(Keys.ENTER)
    shown = "!document.getElementById('{}').hidden"
    wait_for(browser, f"{shown.format('comparison')} || {shown.format('compare-error')}")
    error = browser.find_element(By.ID, "compare-error")
    progress = browser.find_element(By.ID, "compare-progress-text").text
    assert not error.is_displayed(), f"{error.text} ({progress})"


def comparison_rows(browser: Any) -> list[dict[str, Any]]:
    """Each shown pair: what happened, the old side's deletions, the new side's insertions and
    the English."""
    rows: list[dict[str, Any]] = browser.execute_script(
        "return [...document.querySelectorAll('#comparison-rows .pair-row')].map((row) => ({"
        "  what: row.querySelector('.pair-what').textContent,"
        "  deleted: [...row.querySelectorAll('.old del')].map((d) => d.textContent),"
        "  inserted: [...row.querySelectorAll('.new ins')].map((i) => i.textContent),"
        "  english: row.querySelector('.english').textContent}))"
    )
    return rows


def paste_version(browser: Any, side: str, text: str) -> None:
    browser.execute_script(
        "const box = document.getElementById(arguments[0] + '-content'); box.value = arguments[1];"
        "box.dispatchEvent(new Event('input', {bubbles: true}));",
        side,
        text,
    )


def test_compare_view_shows_a_redline_with_the_english_of_the_changes(
    browser: Any, server: Server
) -> None:
    """Two versions of the Civil Procedure Law: the old one pasted, the new one dropped."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, server)
    browser.find_element(By.ID, "show-compare").send_keys(Keys.ENTER)
    assert browser.find_element(By.ID, "article-form").is_displayed() is False
    paste_version(browser, "old", CIVIL_2021.read_text(encoding="utf-8"))
    drop_on(browser, CIVIL_2023, "#new-content")
    wait_for(browser, "document.getElementById('new-content').value.length > 0")
    run_comparison(browser)

    summary = browser.find_element(By.ID, "comparison-summary").text
    assert summary.startswith("326 unchanged, 19 changed, 17 added, 0 removed, 102 renumbered")
    rows = comparison_rows(browser)
    assert len(rows) == 19 + 17
    fortieth = next(r for r in rows if r["what"] == "changed (第四十条)")
    assert fortieth["deleted"] == ["执行陪审职务时"]
    assert fortieth["inserted"] == ["人民", "人民", "参加审判活动时，除法律另有规定外"]
    assert "Old: Article 40" in fortieth["english"] and "New: Article 40" in fortieth["english"]
    moved = next(r for r in rows if "第二百七十三条 → 第二百七十九条" in r["what"])
    assert moved["what"].startswith("changed, renumbered")
    assert all(r["english"] for r in rows)  # the English of every change

    screenshot(browser, "page-compare.png", "#comparison")
    assert serious_violations(browser) == []
    assert console_errors(browser) == []


def test_compare_view_reads_a_dropped_pdf(browser: Any, server: Server) -> None:
    """The Data Security Law's PDF dropped as the old version, its text with 第三十条 edited
    pasted as the new one: the service reads the PDF (content_base64) and finds the one edit."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from tests.api.test_api_compare_files import EDIT, FORMATS, edited_law

    open_page(browser, server)
    browser.find_element(By.ID, "show-compare").send_keys(Keys.ENTER)
    drop_on(browser, FORMATS / "laws" / "data-security-law.pdf", "#old-content")
    wait_for(browser, "document.getElementById('old-content').placeholder.includes('.pdf')")
    assert browser.find_element(By.ID, "old-content").get_attribute("value") == ""
    paste_version(browser, "new", edited_law())
    browser.execute_script("document.getElementById('compare-translate').value = 'none'")
    run_comparison(browser)

    summary = browser.find_element(By.ID, "comparison-summary").text
    assert summary.startswith("61 unchanged, 1 changed, 0 added, 1 removed, 0 renumbered")
    edited = [row for row in comparison_rows(browser) if row["what"] == "changed (第三十条)"]
    assert [row["inserted"] for row in edited] == [[EDIT[1].removesuffix("风险评估")]]
    assert console_errors(browser) == []


def test_a_glossary_picked_and_pasted_is_enforced(browser: Any, server: Server) -> None:
    """A stored glossary chosen in the list and entries pasted in the box: the heading that is
    exactly a term comes back as its English, a sentence whose term the model misses is marked,
    and a pasted line without a Tab is named before anything is sent."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    stored = {
        "name": "action plan",
        "entries": "请介绍一下出台《行动计划》的背景\tBackground of the Plan",
    }
    request = urllib.request.Request(
        server.url + "/v1/glossaries",
        data=json.dumps(stored).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=WAIT_S) as response:
        glossary_id = json.load(response)["glossary_id"]
    open_page(browser, server)
    wait_for(browser, f"document.querySelector('#glossary_id option[value=\"{glossary_id}\"]')")
    Select(browser.find_element(By.ID, "glossary_id")).select_by_value(glossary_id)
    browser.execute_script(
        "document.getElementById('glossary_entries').value = arguments[0]",
        "数字乡村\tdigital villages",
    )
    paste(browser, SEED.read_text(encoding="utf-8"))
    submit(browser, "translate")

    assert english_h2(browser)[0] == "1. Background of the Plan"
    marked = browser.find_elements(
        By.CSS_SELECTOR, '#translation .flag[data-flag="glossary_term_missing"]'
    )
    assert marked and "数字乡村 → digital villages" in marked[0].text
    screenshot(browser, "page-glossary.png")
    assert serious_violations(browser) == []
    assert console_errors(browser) == []

    browser.execute_script(
        "document.getElementById('glossary_entries').value = arguments[0]",
        "乡村振兴\trural revitalization\n数字乡村",
    )
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").send_keys(Keys.ENTER)
    wait_for(browser, "/Glossary line 2/.test(document.getElementById('error').textContent)")


@pytest.fixture(scope="module")
def small_units(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server cutting jobs into units of 300 characters, so a short article's sections are
    done one unit (a few seconds) apart and the page has time to show each."""
    log = tmp_path_factory.mktemp("small-units") / "server.log"
    running = start_server(models_dir, log, 2, PD_JOB_UNIT_CHARS="300")
    try:
        yield running
    finally:
        running.stop()


def test_english_outline_then_sections_show_before_the_job_is_done(
    browser: Any, small_units: Server
) -> None:
    """A Q&A article of 8 sections and 44 distinct sentences (none answered early by the
    translation memory) with 4 outline points: the outline appears in English at the gist event
    while units are still left; then the translation shows with sections filled in and others
    still "…" placeholders, fewer with each section event; the final result leaves none."""
    open_page(browser, small_units)
    paste(browser, (ARTICLES / "qa-001.md").read_text(encoding="utf-8"))
    browser.execute_script(
        "window.gistSeen = null; window.rowsSeen = [];"
        "const outline = document.getElementById('outline');"
        "new MutationObserver(() => {"
        "  if (window.gistSeen || outline.hidden || !outline.querySelector('.point [lang=en]'))"
        "    return;"
        "  const bar = document.getElementById('progress');"
        "  window.gistSeen = {value: bar.value, max: bar.max,"
        "    text: document.getElementById('progress-text').textContent,"
        "    translationShown: !document.getElementById('translation').hidden};"
        "}).observe(outline, {attributes: true, childList: true, subtree: true});"
        "const rows = document.getElementById('translation-rows');"
        "new MutationObserver(() => window.rowsSeen.push({"
        "  pending: rows.querySelectorAll('.target .sentence.pending').length,"
        "  sentences: rows.querySelectorAll('.target .sentence').length,"
        "  unitsLeft: document.getElementById('progress').max"
        "    - document.getElementById('progress').value}))"
        "  .observe(rows, {childList: true});"
    )
    submit(browser, max_points=4)

    gist = browser.execute_script("return window.gistSeen")
    assert gist is not None, "the English outline never showed"
    assert gist["value"] < gist["max"], gist  # units were still left: the job was not done
    assert "Done" not in gist["text"] and not gist["translationShown"], gist
    seen = browser.execute_script("return window.progressSeen")
    assert any("English outline ready" in text for text in seen), seen
    rows = browser.execute_script("return window.rowsSeen")
    live = [r for r in rows if 0 < r["pending"] < r["sentences"] and r["unitsLeft"] > 0]
    assert len(live) >= 2, rows  # drawn at least twice while the job ran, part translated
    assert live[-1]["pending"] < live[0]["pending"], rows  # sections filled in as they came
    assert rows[-1]["pending"] == 0  # the final result has every sentence
    assert browser.find_elements("css selector", "#translation .target .sentence.pending") == []
    assert console_errors(browser) == []
