"""`policy-digest translate | digest | models` end to end with a tiny model."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tiny_models import REPO

from service.cli import main

SEED = str(REPO / "tests" / "fixtures" / "finews-001.md")
MARKDOWN_GREEDY = ["--format", "markdown", "--num-beams", "1"]


@pytest.fixture(autouse=True)
def one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PD_TORCH_THREADS", "1")


def test_translate_markdown_with_model_dir(
    tiny_model_dir: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["translate", SEED, "--model-dir", str(tiny_model_dir("m2m100")), *MARKDOWN_GREEDY])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("# ")
    assert [line.split()[1] for line in lines if line.startswith("## ")] == [
        "1.",
        "2.",
        "3.",
        "4.",
        "5.",
        "6.",
    ]


def test_translate_html_and_json(
    tiny_model_dir: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    model = str(tiny_model_dir("m2m100"))
    assert (
        main(["translate", SEED, "--model-dir", model, "--format", "html", "--num-beams", "1"]) == 0
    )
    assert capsys.readouterr().out.startswith('<article lang="en">')
    assert main(["translate", SEED, "--model-dir", model, "--num-beams", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["model"]["family"] == "m2m100" and len(data["sections"]) == 6


def test_digest_points_carry_translations(
    tiny_model_dir: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["digest", SEED, "--model-dir", str(tiny_model_dir("m2m100")), "--num-beams", "1"])
        == 0
    )
    digest = json.loads(capsys.readouterr().out)
    assert set(digest) == {
        "title",
        "outline",
        "translation",
        "warnings",
        "model",
        "script",
        "scope",
    }
    assert digest["scope"] == "full" and digest["translation"]["sections"]  # /v1/digest's shape
    assert [node["label_en"] for node in digest["outline"]] == ["1.", "2.", "3.", "4.", "5.", "6."]
    points = [p for node in digest["outline"] for p in node["points"]]
    assert points and all(p["translation"] for p in points)
    enumerated = [p for p in points if p["kind"] == "enumeration"]
    assert any(p["translation"].startswith("First, ") for p in enumerated)


def test_digest_scope_outline_translates_only_the_gist(
    tiny_model_dir: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--scope outline`: the points' English as the full digest has it, no translation."""
    model = ["--model-dir", str(tiny_model_dir("m2m100")), "--num-beams", "1", "--json"]
    assert main(["digest", SEED, *model]) == 0
    full = json.loads(capsys.readouterr().out)
    assert main(["digest", SEED, "--scope", "outline", *model]) == 0
    gist = json.loads(capsys.readouterr().out)
    assert gist["scope"] == "outline" and gist["translation"] is None
    assert gist["outline"] == full["outline"] and gist["title"] == full["title"]
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": Path(SEED).read_text("utf-8")}), "utf-8")
    assert main(["digest", "--jsonl", str(src), "--scope", "outline", *model[:-1]]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["digest"]["outline"] == full["outline"] and line["digest"]["translation"] is None


def test_digest_markdown(
    tiny_model_dir: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["digest", SEED, "--model-dir", str(tiny_model_dir("m2m100")), *MARKDOWN_GREEDY]) == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("# ") and out.count("\n## ") == 6 and "\n- " in out


def test_models_list_and_named_model(
    tmp_path: Path,
    tiny_model_dir: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copy(REPO / "models" / "m2m100_418M.toml", tmp_path / "m2m100_418M.toml")
    shutil.copytree(tiny_model_dir("m2m100"), tmp_path / "m2m100_418M")
    shutil.copy(REPO / "models" / "opus-mt-zh-en.toml", tmp_path / "opus-mt-zh-en.toml")
    monkeypatch.setenv("PD_MODELS_DIR", str(tmp_path))
    assert main(["models", "list"]) == 0
    listing = capsys.readouterr().out
    assert "m2m100_418M\tm2m100\tzh,en->en,zh\tfacebook/m2m100_418M@" in listing
    assert "installed, not loaded" in listing
    assert "not installed: run `policy-digest models download opus-mt-zh-en`" in listing
    assert (
        main(
            [
                "translate",
                SEED,
                "--model",
                "m2m100_418M",
                "--format",
                "markdown",
                "--num-beams",
                "1",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.count("\n## ") == 6


def test_missing_model_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(REPO / "models" / "opus-mt-zh-en.toml", tmp_path / "opus-mt-zh-en.toml")
    monkeypatch.setenv("PD_MODELS_DIR", str(tmp_path))
    assert main(["translate", SEED, "--model", "opus-mt-zh-en"]) == 2
    assert "policy-digest models download opus-mt-zh-en" in capsys.readouterr().err
    assert main(["models", "verify", "nope"]) == 2
    assert "unknown model 'nope'" in capsys.readouterr().err
    assert main(["models", "download", "opus-mt-zh-en"]) == 2  # offline: a clear error
    assert "cannot download Helsinki-NLP/opus-mt-zh-en" in capsys.readouterr().err


def test_models_verify_reports_the_probe(
    tmp_path: Path,
    tiny_model_dir: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copy(REPO / "models" / "m2m100_418M.toml", tmp_path / "m2m100_418M.toml")
    shutil.copytree(tiny_model_dir("m2m100"), tmp_path / "m2m100_418M")
    monkeypatch.setenv("PD_MODELS_DIR", str(tmp_path))
    assert main(["models", "verify", "m2m100_418M"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["model"] == "m2m100_418M" and report["translation"]
    assert report["pinned"] is False and report["downloaded_revision"] is None
    assert "untranslated_han" in report["flags"]  # random weights: garbage, and it says so


def test_translate_with_a_glossary_file(
    tiny_model_dir: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text(
        "请介绍一下出台《行动计划》的背景\tBackground of the Action Plan\n"
        "数字乡村\tdigital villages\n",
        encoding="utf-8",
    )
    model = str(tiny_model_dir("m2m100"))
    args = ["translate", SEED, "--model-dir", model, "--glossary", str(glossary)]
    assert main([*args, *MARKDOWN_GREEDY]) == 0
    assert "## 1. Background of the Action Plan" in capsys.readouterr().out.splitlines()
    assert main([*args, "--num-beams", "1", "--no-builtin-glossary"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["glossary"]["entries"] == 2 and data["glossary"]["terms_found"] > 5
    flagged = [w for w in data["warnings"] if w["flag"] == "glossary_term_missing"]
    assert 0 < len(flagged) <= data["glossary"]["terms_missing"]  # one warning per unit
    batch = tmp_path / "in.jsonl"  # --jsonl: the glossary applies to every record
    batch.write_text(json.dumps({"id": "a", "text": "一、数字乡村\n推进建设。"}), encoding="utf-8")
    jsonl = ["translate", "--jsonl", str(batch), "--input-format", "text", *args[2:]]
    assert main([*jsonl, "--num-beams", "1", "--no-builtin-glossary"]) == 0
    record = json.loads(capsys.readouterr().out)["translation"]
    assert record["sections"][0]["heading_en"] == "digital villages"
    assert record["glossary"]["entries"] == 2
    glossary.write_text(
        "数字乡村\tdigital villages\n数字乡村\tdigital countryside\n", encoding="utf-8"
    )
    assert main(args) == 2
    assert "line 2: the source term '数字乡村' duplicates" in capsys.readouterr().err
    assert main(jsonl) == 2
    refused = capsys.readouterr()
    assert refused.out == ""  # refused before any record is translated
    assert "line 2: the source term '数字乡村' duplicates" in refused.err


def test_translate_and_digest_take_jsonl(
    tiny_model_dir: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One model load for every record; a bad record gets its error and the batch goes on."""
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": "通知\n一、总则\n推进数字乡村建设。"}),
                json.dumps({"id": "b", "text": "<p>发展智慧农业。</p>", "format": "html"}),
                json.dumps({"id": "c", "text": "  "}),
            ]
        ),
        encoding="utf-8",
    )
    model = ["--model-dir", str(tiny_model_dir("m2m100")), "--num-beams", "1"]
    for command, key in (("translate", "translation"), ("digest", "digest")):
        assert main([command, "--jsonl", str(src), "--input-format", "text", *model]) == 1
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [line["id"] for line in lines] == ["a", "b", "c"]
        assert lines[0][key]["model"]["family"] == "m2m100" and key in lines[1]
        assert lines[2]["error"]["code"] == "empty_document"
    outline = lines[0]["digest"]["outline"]  # read as text (--input-format): 一、 is a heading
    assert [(node["label"], node["label_en"]) for node in outline] == [("一、", "1.")]


def test_digest_html_and_the_terminal_default(
    tiny_model_dir: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
    cli_on_terminal: Callable[..., str],
) -> None:
    model = ["--model-dir", str(tiny_model_dir("m2m100")), "--num-beams", "1"]
    assert main(["digest", SEED, "--format", "html", *model]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!doctype html><meta charset=utf-8>\n<h1>") and page.count("<h2>") == 6
    on_terminal = cli_on_terminal("translate", SEED, *model)
    assert on_terminal.startswith("# ") and on_terminal.count("\n## ") == 6  # Markdown
    assert json.loads(cli_on_terminal("translate", SEED, "--json", *model))["sections"]
