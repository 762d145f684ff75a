"""`policy-digest parse` on files, stdin and JSON lines, as JSON or text; parse imports no model
code."""

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from service.cli import main

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "finews-001.md"


def test_parse_file_prints_document_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["label"] for s in data["sections"]] == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
        "六、",
    ]


def test_parse_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO("标题\n一、总则\n正文。".encode()))
    )
    assert main(["parse", "-", "--input-format", "text"]) == 0
    assert json.loads(capsys.readouterr().out)["sections"][0]["heading"] == "总则"


def test_parse_text_output_is_the_text_it_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert main(["parse", str(SEED), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert text == f"{document['title']}\n\n{document['plain_text']}\n"
    assert text.splitlines()[2] == "一、请介绍一下出台《行动计划》的背景？"


def test_text_on_a_terminal(cli_on_terminal: Callable[..., str]) -> None:
    assert cli_on_terminal("parse", str(SEED)).startswith("中央网信办有关负责同志就《数字乡村")
    assert json.loads(cli_on_terminal("parse", str(SEED), "--json"))["sections"]


def test_parse_jsonl_reports_bad_records_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps({"id": "a", "text": "<p>第一段。</p>", "format": "html"}),
        json.dumps({"id": "b", "text": "   "}),
        "not json",
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines), encoding="utf-8")
    assert main(["parse", "--jsonl", str(src)]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["id"] == "a" and out[0]["document"]["sections"][0]["paragraphs"]
    assert out[1] == {"id": "b", "error": out[1]["error"]}
    assert out[1]["error"]["code"] == "empty_document"
    assert out[2]["error"]["code"] == "invalid_input"


def test_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "/nonexistent/article.md"]) == 2
    assert "error:" in capsys.readouterr().err


def test_parse_does_not_import_torch_or_transformers() -> None:
    code = (
        "import sys, service; service.parse(open(sys.argv[1], 'rb').read());"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code, str(SEED)], check=True)
