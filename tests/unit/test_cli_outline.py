"""`policy-digest outline`: the CLI's one option scheme (`--format` the output, `--input-format`
the input, `--json`, `--jsonl`), and Markdown on a terminal, JSON in a pipe."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from service import outline, parse
from service.cli import main
from service.render.outline import outline_markdown

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "finews-001.md"
LABELS = ["一、", "二、", "三、", "四、", "五、", "六、"]


def seed_markdown() -> str:
    document = parse(SEED.read_bytes())
    return outline_markdown(document.title, outline(document).to_dict()["outline"])


def test_format_markdown_prints_the_outline_view(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["outline", str(SEED), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out == seed_markdown()  # the same view as /v1/outline's Markdown
    assert [line.split()[1] for line in out.splitlines() if line.startswith("## ")] == LABELS
    assert "\n- " in out


def test_format_html_is_the_markdown_as_a_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["outline", str(SEED), "--format", "html", "--max-points", "8"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!doctype html><meta charset=utf-8>\n<h1>")
    assert out.count("<h2>") == 6 and out.count("<li>") == 8


def test_json_outside_a_terminal_and_with_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["outline", str(SEED)]) == 0  # captured stdout is not a terminal
    default = json.loads(capsys.readouterr().out)
    assert [node["label"] for node in default["outline"]] == LABELS
    assert main(["outline", str(SEED), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == default
    assert main(["outline", str(SEED), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == default


def test_markdown_on_a_terminal(cli_on_terminal: Callable[..., str]) -> None:
    assert cli_on_terminal("outline", str(SEED)) == seed_markdown()
    assert json.loads(cli_on_terminal("outline", str(SEED), "--json"))["outline"]


def test_input_format_reads_the_article_as_told(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--input-format markdown` is what `outline --format markdown` used to mean."""
    article = "# 标题\n\n## 一、总则\n\n**一是**加强领导。**二是**完善制度。\n"
    read = {}
    for fmt in ("markdown", "text"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(article.encode())))
        assert main(["outline", "-", "--input-format", fmt, "--json"]) == 0
        read[fmt] = json.loads(capsys.readouterr().out)["outline"]
    assert [node["heading"] for node in read["markdown"]] == ["总则"]
    assert [node["heading"] for node in read["text"]] == [None]  # `##` is text there
    assert read["text"][0]["points"][0]["text"] == "## 一、总则"


def test_jsonl_takes_the_input_format_and_refuses_a_rendered_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "md", "text": "## 一、总则\n\n正文。"})
        + "\n"
        + json.dumps({"id": "html", "text": "<h2>一、总则</h2><p>正文。</p>", "format": "html"}),
        encoding="utf-8",
    )
    assert main(["outline", "--jsonl", str(src), "--input-format", "markdown"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["id"], line["outline"][0]["heading"]) for line in lines] == [
        ("md", "总则"),
        ("html", "总则"),
    ]
    with pytest.raises(SystemExit) as refused:
        main(["outline", "--jsonl", str(src), "--format", "markdown"])
    assert refused.value.code == 2
    assert "--jsonl writes JSON Lines" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["outline", str(SEED), "--json", "--format", "markdown"],
        ["outline", str(SEED), "--format", "text"],
        ["outline"],
        ["outline", str(SEED), "--jsonl", str(SEED)],
    ],
)
def test_conflicting_or_missing_options_are_usage_errors(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as refused:
        main(argv)
    assert refused.value.code == 2 and "error:" in capsys.readouterr().err
