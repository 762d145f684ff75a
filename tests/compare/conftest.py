"""Fixtures of the compare tests: real law versions (see laws/SOURCES.md) and their units."""

from __future__ import annotations

import pytest

from service.compare import Unit, document_units
from service.parsing import parse_document
from tests.compare.law_texts import law_text


@pytest.fixture(scope="session")
def civil_2021() -> list[Unit]:
    """The Civil Procedure Law as amended in 2021, cut into units."""
    return document_units(parse_document(law_text("civil-procedure-2021.md")))


@pytest.fixture(scope="session")
def civil_2023() -> list[Unit]:
    """The Civil Procedure Law as amended in 2023 (a new section, articles renumbered)."""
    return document_units(parse_document(law_text("civil-procedure-2023.md")))
