"""README.md and docs/ document every config variable, route, CLI command and manifest field."""

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from service.api.openapi import document
from service.cli import build_parser
from service.config import Config

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DOCS = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)


@pytest.mark.parametrize("name", [f.name for f in fields(Config)])
def test_every_config_variable_is_documented(name: str) -> None:
    assert f"PD_{name.upper()}" in DOCS


@pytest.mark.parametrize("path", sorted(document("0")["paths"]))
def test_every_route_is_documented(path: str) -> None:
    assert f"`{path}" in DOCS or f" {path}`" in DOCS or f"{path} " in DOCS


def test_every_cli_command_is_documented() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in sub.choices:
        assert f"policy-digest {command}" in DOCS, command


def test_every_manifest_field_is_documented() -> None:
    for manifest in (ROOT / "models").glob("*.toml"):
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        for key, value in data.items():
            assert f"`{key}`" in DOCS or f"`[{key}]`" in DOCS, (manifest.name, key)
            for inner in value if isinstance(value, dict) and key == "generation" else ():
                assert f"`{inner}`" in DOCS, (manifest.name, inner)
