"""Glossaries: fixed renderings of terms (source term → target term), read and checked.

Entries come as DeepL's TSV (`source<TAB>target`, one entry a line), its CSV (`source,target`
or `source,target,source_lang,target_lang`, RFC 4180 quoting), or a JSON object
`{"source term": "target term"}`. Every entry is checked as DeepL checks it, and the first bad
one is refused with a message naming its line (or its key):

- neither term may be empty or hold a control character (C0, C1, U+2028/2029);
- a term has at most 1,024 UTF-8 bytes, a glossary at most 10 MiB (DeepL's limits);
- a source term appears once; two spellings of one term in traditional and simplified script
  (國務院, 国务院) are the same term, because terms are matched on normalized text.

Blank lines are skipped, as DeepL's clients skip them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from service.config import GLOSSARY_TECHNIQUES
from service.errors import InvalidGlossary
from service.parsing.normalize import to_norm

MAX_TERM_BYTES = 1024
MAX_GLOSSARY_BYTES = 10 * 1024 * 1024
FORMATS = ("tsv", "csv")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")

Entry = tuple[str, str]
Row = tuple[str, str, str]  # (where: "line 3" or "entry '…'", source, target)


@dataclass(frozen=True)
class Glossary:
    """Entries in their given order (a source term appears once, compared normalized) and how
    terms inside sentences reach the model (service.translate.terms)."""

    entries: tuple[Entry, ...] = ()
    technique: str = GLOSSARY_TECHNIQUES[0]

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def digest(self) -> str:
        """A hash of the entries (what translation-memory keys and matcher caches use)."""
        return entries_digest(self.entries)

    def over(self, base: Glossary) -> Glossary:
        """This glossary's entries, then those of `base` whose source term it lacks: on a term
        both hold, this one wins."""
        mine = {term_key(source) for source, _ in self.entries}
        kept = tuple(entry for entry in base.entries if term_key(entry[0]) not in mine)
        return Glossary(self.entries + kept, self.technique)

    def using(self, technique: str) -> Glossary:
        """The same entries, enforced with `technique` (one of GLOSSARY_TECHNIQUES)."""
        if technique not in GLOSSARY_TECHNIQUES:
            raise ValueError(f"unknown glossary technique {technique!r}")
        return replace(self, technique=technique)

    def as_tsv(self) -> str:
        """The entries as DeepL's TSV (no trailing line break)."""
        return "\n".join(f"{source}\t{target}" for source, target in self.entries)

    def as_dict(self) -> dict[str, str]:
        return dict(self.entries)


def entries_digest(entries: Iterable[Entry]) -> str:
    """A short, stable hash of entries in order."""
    text = json.dumps([list(entry) for entry in entries], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def term_key(term: str) -> str:
    """The form terms are compared and matched in: simplified script, folded width."""
    return to_norm(term).strip()


def read_glossary(text: str, fmt: str, languages: tuple[str, str] | None = None) -> Glossary:
    """The glossary in DeepL's `tsv` or `csv` text; CSV language columns must match `languages`.

    Raises:
        InvalidGlossary: a malformed line or a bad entry (the message names the line).
    """
    if fmt not in FORMATS:
        raise InvalidGlossary(f"entries_format must be one of {list(FORMATS)}, not {fmt!r}")
    if len(text.encode()) > MAX_GLOSSARY_BYTES:
        raise InvalidGlossary(
            f"the entries have {len(text.encode())} bytes, over the limit of "
            f"{MAX_GLOSSARY_BYTES} (10 MiB)",
            {"max_bytes": MAX_GLOSSARY_BYTES},
        )
    rows = _tsv_rows(text) if fmt == "tsv" else _csv_rows(text, languages)
    return checked(rows)


def glossary_from_mapping(value: Mapping[str, Any]) -> Glossary:
    """The glossary of a JSON object {"source term": "target term"} (same checks as a file)."""
    rows = []
    for source, target in value.items():
        if not isinstance(target, str):
            raise InvalidGlossary(f"entry {source!r}: the target term must be a string")
        rows.append((f"entry {source!r}", source, target))
    return checked(rows)


def checked(rows: Iterable[Row]) -> Glossary:
    """The glossary of `rows` after every check (see module docstring)."""
    entries: list[Entry] = []
    seen: dict[str, tuple[str, str]] = {}
    size = 0
    for where, raw_source, raw_target in rows:
        source, target = raw_source.strip(), raw_target.strip()
        _check_term(where, "source", source)
        _check_term(where, "target", target)
        key = term_key(source)
        if key in seen:
            first_where, first = seen[key]
            same = repr(first) + ("" if first == source else " (the same term, other script)")
            raise InvalidGlossary(
                f"{where}: the source term {source!r} duplicates {same} on {first_where}",
                {"where": where, "first": first_where},
            )
        seen[key] = (where, source)
        size += len(source.encode()) + len(target.encode()) + 2
        entries.append((source, target))
    if not entries:
        raise InvalidGlossary("the glossary has no entries")
    if size > MAX_GLOSSARY_BYTES:
        raise InvalidGlossary(
            f"the entries have {size} bytes, over the limit of {MAX_GLOSSARY_BYTES} (10 MiB)",
            {"max_bytes": MAX_GLOSSARY_BYTES},
        )
    return Glossary(tuple(entries))


def _check_term(where: str, side: str, term: str) -> None:
    if not term:
        raise InvalidGlossary(f"{where}: the {side} term is empty", {"where": where})
    if _CONTROL.search(term):
        raise InvalidGlossary(
            f"{where}: the {side} term holds a control character or a line break",
            {"where": where},
        )
    size = len(term.encode())
    if size > MAX_TERM_BYTES:
        raise InvalidGlossary(
            f"{where}: the {side} term has {size} bytes, over the limit of {MAX_TERM_BYTES}",
            {"where": where, "max_term_bytes": MAX_TERM_BYTES},
        )


def _tsv_rows(text: str) -> Iterator[Row]:
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise InvalidGlossary(
                f"line {number}: expected a source and a target term separated by one tab, "
                f"found {len(parts) - 1} tabs",
                {"where": f"line {number}"},
            )
        yield f"line {number}", parts[0], parts[1]


def _csv_rows(text: str, languages: tuple[str, str] | None) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) not in (2, 4):
                raise InvalidGlossary(
                    f"{where}: expected 2 columns (source, target) or 4 (with source and target "
                    f"language), found {len(row)}",
                    {"where": where},
                )
            if len(row) == 4 and languages is not None:
                _check_languages(where, (row[2], row[3]), languages)
            yield where, row[0], row[1]
    except csv.Error as exc:
        where = f"line {reader.line_num}"
        raise InvalidGlossary(f"{where}: malformed CSV: {exc}", {"where": where}) from exc


def _check_languages(where: str, found: tuple[str, str], wanted: tuple[str, str]) -> None:
    codes = tuple(code.strip().lower() for code in found)
    if codes != tuple(code.lower() for code in wanted):
        raise InvalidGlossary(
            f"{where}: the languages {found[0]}, {found[1]} differ from the glossary's "
            f"{wanted[0]}, {wanted[1]}",
            {"where": where},
        )
