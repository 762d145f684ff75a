"""Real law PDFs against the same laws' published text (tests/fixtures/formats/laws, SOURCES.md
there): read by the PDF reader, every article pairs with its counterpart in place, and the only
changes are what the PDF itself prints differently."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from service.compare import Pair, compare_documents
from service.parsing import parse_document

LAWS = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "laws"
# What the PDF prints differently from the published text (each checked in the PDF's text layer).
PDF_DIFFERS = {
    "data-security-law": set(),
    "labour-contract-law": set(),
    # the PDF's last article has no full stop: "本法自 2021 年 11 月 1 日起施行"
    "personal-information-protection-law": {"第七十四条"},
    # a course handout: notes (（六）关键信息基础设施…《网络空间安全战略》…) follow 第七十六条
    "cybersecurity-law": {"第七十六条"},
    # 1,260 articles under 第X编, 第X分编 and a bare 附则 line, each a heading of its own
    "civil-code": set(),
}


@cache  # each law is read once for both tests
def article_pairs(law: str) -> list[Pair]:
    pdf = parse_document((LAWS / f"{law}.pdf").read_bytes())
    published = parse_document((LAWS / f"{law}.md").read_bytes())
    pairs = compare_documents(pdf, published).pairs
    return [p for p in pairs if (p.old or p.new).kind == "article"]  # type: ignore[union-attr]


@pytest.mark.parametrize("law", PDF_DIFFERS)
def test_every_article_of_a_laws_pdf_pairs_in_place(law: str) -> None:
    pairs = article_pairs(law)
    assert all(p.old and p.new and p.old.label == p.new.label for p in pairs)
    assert not any(p.renumbered or p.moved or p.split or p.merged for p in pairs)


@pytest.mark.parametrize("law", PDF_DIFFERS)
def test_only_what_the_pdf_prints_differently_changed(law: str) -> None:
    pairs = article_pairs(law)
    changed = {p.old.label for p in pairs if p.status == "changed"}  # type: ignore[union-attr]
    assert changed == PDF_DIFFERS[law]
