"""Property-based run of schemathesis against /openapi.json: no 5xx, no off-schema response,
every schema-valid request accepted and every schema-violating one refused.

Bounded: a fixed number of generated examples per operation, against the in-process app with
the fake engine. The checks and the refusals each operation may answer come from the
repository's schemathesis.toml, which the CLI run against a real server
(tests/integration/test_schemathesis.py) reads too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.schemas import OpenApiSchema

from service.errors import UnreadableFile
from service.parsing.ingest import files

MAX_EXAMPLES = 25
REPO = Path(__file__).resolve().parents[2]
# The repository's schemathesis.toml: per operation, the refusals no schema can state.
CONFIG = SchemathesisConfig.from_path(REPO / "schemathesis.toml")


@pytest.fixture
def api_schema(app: Flask, monkeypatch: pytest.MonkeyPatch) -> OpenApiSchema:
    # A generated .doc/.wps is refused at once instead of LibreOffice taking seconds over each
    # one: real conversions are the CLI run's (and tests/unit/test_formats.py's) to make.
    monkeypatch.setattr(files, "convert_legacy", _no_libreoffice)
    return schemathesis.openapi.from_wsgi("/openapi.json", app, config=CONFIG)


def _no_libreoffice(data: bytes, fmt: str) -> bytes:
    raise UnreadableFile(f"a .{fmt} file is not converted in the in-process contract run")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case) -> None:
    case.call_and_validate()
