"""The built-in glossary: official English names of central state organs, each with its source.

The list is `glossaries/state_organs.tsv` (source term, target term, source URL, how the source
was checked). /v1 routes and the CLI apply it under every request's own entries unless asked
not to (`"builtin_glossary": false`); the DeepL and LibreTranslate routes never apply it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from service.translate.glossary import Glossary, checked

LIST = Path(__file__).with_name("glossaries") / "state_organs.tsv"


@dataclass(frozen=True)
class Name:
    """One built-in entry and where its English name is published."""

    source: str
    target: str
    url: str
    # "stored": page text read through a stored copy; "site": an official site's address only,
    # the page not opened (the name is unverified)
    checked: str


@cache
def builtin_names() -> tuple[Name, ...]:
    """The entries of the list, in file order (comment lines skipped)."""
    names = []
    for line in LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names.append(Name(*line.split("\t")))
    return tuple(names)


@cache
def builtin_glossary() -> Glossary:
    """The built-in names as a checked glossary."""
    return checked((f"{LIST.name}: {n.source}", n.source, n.target) for n in builtin_names())


def with_builtin(own: Glossary, builtin: bool = True) -> Glossary | None:
    """The entries to enforce: `own` over the built-in names (when `builtin`); None if none."""
    merged = own.over(builtin_glossary()) if builtin else own
    return merged or None
