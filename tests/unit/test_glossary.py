"""Glossary entries: DeepL's TSV and CSV, inline objects, every refusal naming its line, limits,
and the built-in names of state organs with their sources."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from service.errors import InvalidGlossary
from service.translate.builtin_glossary import builtin_glossary, builtin_names
from service.translate.glossary import (
    MAX_GLOSSARY_BYTES,
    MAX_TERM_BYTES,
    Glossary,
    glossary_from_mapping,
    read_glossary,
)

REPO = Path(__file__).resolve().parents[2]


def refused(text: str, fmt: str = "tsv", languages: tuple[str, str] | None = None) -> str:
    with pytest.raises(InvalidGlossary) as caught:
        read_glossary(text, fmt, languages)
    return caught.value.message


def test_tsv_entries_in_order_blank_lines_and_blanks_around_terms_skipped() -> None:
    text = "国务院\tState Council\r\n\n  乡村振兴 \t rural revitalization\n"
    assert read_glossary(text, "tsv").entries == (
        ("国务院", "State Council"),
        ("乡村振兴", "rural revitalization"),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("国务院\tState Council\n乡村振兴\t\n", "line 2: the target term is empty"),
        ("国务院\tState Council\n\t rural\n", "line 2: the source term is empty"),
        ("国务院 State Council\n", "line 1: expected a source and a target term separated"),
        ("国务院\tState\tCouncil\n", "line 1: expected a source and a target term separated"),
        ("国务院\tState\n\n国务院\tthe State\n", "line 3: the source term '国务院' duplicates"),
        ("国务院\tA\n國務院\tB\n", "line 2: the source term '國務院' duplicates '国务院' (the"),
        ("国务院\tState\x07Council\n", "line 1: the target term holds a control character"),
        ("", "the glossary has no entries"),
    ],
)  # fmt: skip
def test_bad_tsv_is_refused_naming_the_line(text: str, message: str) -> None:
    assert refused(text).startswith(message)


def test_deepl_limits_per_term_and_per_glossary() -> None:
    long_term = "国" * (MAX_TERM_BYTES // 3 + 1)  # 3 bytes a character in UTF-8
    assert "over the limit of 1024" in refused(f"{long_term}\tx\n")
    read_glossary(f"{'国' * (MAX_TERM_BYTES // 3)}\tx\n", "tsv")  # exactly at the limit
    huge = "".join(f"词{i}\t{'x' * 1000}\n" for i in range(MAX_GLOSSARY_BYTES // 1000 + 10))
    assert "10 MiB" in refused(huge)


def test_csv_as_deepl_writes_it_quotes_and_language_columns() -> None:
    text = (
        '国务院,State Council\n"中国人民银行","People\'s Bank of China, the"\n'
        "乡村振兴,rural revitalization,zh,en\n"
    )
    glossary = read_glossary(text, "csv", ("zh", "en"))
    assert glossary.as_dict()["中国人民银行"] == "People's Bank of China, the"
    assert len(glossary) == 3
    assert refused("乡村振兴,rural revitalization,zh,de\n", "csv", ("zh", "en")).startswith(
        "line 1: the languages zh, de differ from the glossary's zh, en"
    )
    assert refused("a,b,c\n", "csv").startswith("line 1: expected 2 columns")
    assert refused("国务院,State Council\n国务院,State\n", "csv").startswith("line 2:")


def test_unknown_format_is_refused() -> None:
    assert "entries_format" in refused("a\tb", "xlsx")


def test_inline_object_is_checked_like_a_file() -> None:
    glossary = glossary_from_mapping({"国务院": "State Council"})
    assert glossary.entries == (("国务院", "State Council"),)
    with pytest.raises(InvalidGlossary, match="entry '乡村振兴': the target term is empty"):
        glossary_from_mapping({"国务院": "State Council", "乡村振兴": " "})
    with pytest.raises(InvalidGlossary, match="must be a string"):
        glossary_from_mapping({"国务院": 1})


def test_a_users_entry_wins_over_a_builtin_one() -> None:
    mine = Glossary((("國務院", "the Cabinet"),))
    merged = mine.over(builtin_glossary())
    assert merged.as_dict()["國務院"] == "the Cabinet"
    assert "国务院" not in merged.as_dict()  # the same term in the other script: mine wins
    assert merged.as_dict()["教育部"] == "Ministry of Education"
    assert merged.digest != builtin_glossary().digest


def test_builtin_names_each_have_a_public_source() -> None:
    names = builtin_names()
    assert len(names) >= 40
    for name in names:
        assert name.url.startswith(("http://", "https://")) and ".gov.cn" in name.url, name
        assert name.checked in {"stored", "site"}, name
    sources = {n.source for n in names}
    assert {"国务院", "全国人民代表大会", "国家发展和改革委员会"} <= sources
    assert len(builtin_glossary()) == len(names)  # every entry passes the checks


def test_the_docs_count_the_unverified_builtin_names() -> None:
    """docs/glossaries.md and the README state how many names are `site` (unverified)."""
    counts = Counter(name.checked for name in builtin_names())
    docs = (REPO / "docs" / "glossaries.md").read_text(encoding="utf-8")
    assert f"{len(builtin_names())} entries ({counts['stored']} read on a stored copy" in docs
    assert f"- `site` ({counts['site']} entries): **unverified**" in docs
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"{counts['site']} of the {len(builtin_names())} built-in names are unverified" in readme
