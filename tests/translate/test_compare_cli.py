"""`policy-digest compare OLD NEW` end to end: JSON, Markdown and HTML, and English with a tiny
model; on Articles 39-48 of the Civil Procedure Law as amended in 2021 and in 2023."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from service.cli import main
from tests.api.test_api_compare_files import FORMATS, check_law_pair, edited_law
from tests.compare.law_texts import law_text


def excerpt(name: str) -> str:
    text = law_text(name)
    return text[text.index("第三十九条") : text.index("第四十九条")]


@pytest.fixture
def versions(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "old.txt", tmp_path / "new.md"
    old.write_text(excerpt("civil-procedure-2021.md"), encoding="utf-8")
    new.write_text(excerpt("civil-procedure-2023.md"), encoding="utf-8")
    return str(old), str(new)


def test_json_markdown_and_html(
    versions: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", *versions]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["summary"]["changed"] == 2 and body["summary"]["unchanged"] == 8
    changed = [p["new"]["label"] for p in body["pairs"] if p["status"] == "changed"]
    assert changed == ["第四十条", "第四十七条"]
    assert all(p["english"] == {"old": None, "new": None} for p in body["pairs"])

    assert main(["compare", *versions, "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# 新旧对照") and "~~执行陪审职务时~~" in markdown
    assert main(["compare", *versions, "--format", "html"]) == 0
    assert "<ins>法官助理、书记员、司法技术人</ins>" in capsys.readouterr().out


def test_english_of_the_changes_with_a_model(
    versions: tuple[str, str],
    tiny_model_dir: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PD_TORCH_THREADS", "1")
    model = str(tiny_model_dir("marian"))
    assert main(["compare", *versions, "--translate", "changes", "--model-dir", model]) == 0
    pairs = json.loads(capsys.readouterr().out)["pairs"]
    for pair in pairs:
        translated = pair["english"]["old"] is not None and pair["english"]["new"] is not None
        assert translated == (pair["status"] == "changed")
    assert next(p for p in pairs if p["status"] == "changed")["english"]["new"].startswith(
        "Article 40 "
    )


def test_a_pdf_against_a_text_and_the_terminal_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    new = tmp_path / "new.md"
    new.write_text(edited_law(), encoding="utf-8")
    pdf = str(FORMATS / "laws" / "data-security-law.pdf")
    assert main(["compare", pdf, str(new), "--json"]) == 0
    check_law_pair(json.loads(capsys.readouterr().out))
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)  # a terminal gets the table
    assert main(["compare", pdf, str(new)]) == 0
    assert capsys.readouterr().out.startswith("# 新旧对照")


def test_both_versions_cannot_be_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "-", "-"]) == 2
    assert "only one of OLD and NEW" in capsys.readouterr().err
