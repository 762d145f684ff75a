"""Cost of the file outputs, as multiples of parsing the seed article in the same run.

    .venv/bin/python bench/file_outputs.py [--runs 7]

Fake engine (each text becomes "EN text of N characters"), so only our code is timed: reading a
real law's .docx (tests/fixtures/docx/statistics-law.docx) into blocks, parsing its paragraphs
one by one, writing the English back into the file; the bilingual Word file and the English PDF
(Latin font only, then with the CJK fallback font) of the seed article; the English PDF and the
English Word file of the Civil Code's PDF (234 pages, tests/fixtures/formats/laws/civil-code.pdf,
read once beforehand). Medians of `--runs` runs (at most 3 for the CJK PDF and the Civil Code),
side by side in one process; docs/formats.md quotes them. The fake English is shorter than a
model's, so the Civil Code's figures are a floor.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from service.config import Config  # noqa: E402
from service.parsing import parse_document  # noqa: E402
from service.parsing.paragraphs import blocks_json, parse_paragraphs  # noqa: E402
from service.render.docx_inplace import docx_blocks, translate_docx  # noqa: E402
from service.render.pdf import english_pdf, fonts_of  # noqa: E402
from service.render.translation import translation_json  # noqa: E402
from service.render.word import bilingual_docx, english_docx  # noqa: E402
from service.runtime.uploads import read_upload  # noqa: E402
from service.translate.document import translate_document  # noqa: E402
from tests.api.conftest import FakeEngine  # noqa: E402


def median(step: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    law = (REPO / "tests" / "fixtures" / "docx" / "statistics-law.docx").read_bytes()
    seed = (REPO / "tests" / "fixtures" / "finews-001.md").read_text(encoding="utf-8")
    blocks = docx_blocks(law)
    engine = FakeEngine("fake")
    law_body = translation_json(translate_document(parse_paragraphs(blocks_json(blocks)), engine))
    seed_body = translation_json(translate_document(parse_document(seed), engine))
    with_cjk = translation_json(translate_document(parse_document(seed), engine))
    with_cjk["sections"][0]["paragraphs"][0]["sentences"][0]["translation"] = "数字乡村"
    fonts = fonts_of(Config())
    code_pdf = (REPO / "tests" / "fixtures" / "formats" / "laws" / "civil-code.pdf").read_bytes()
    code = read_upload(code_pdf, Config())
    code_body = translation_json(
        translate_document(parse_document(code.content, code.format), engine)
    )
    steps = {
        "seed: parse_document (the unit)": (lambda: parse_document(seed), runs),
        "law .docx: read its paragraphs": (lambda: docx_blocks(law), runs),
        "law: parse each paragraph on its own": (
            lambda: parse_paragraphs(blocks_json(blocks)),
            runs,
        ),
        "law .docx: write the English back": (lambda: translate_docx(law, law_body), runs),
        "seed: bilingual Word file": (lambda: bilingual_docx(seed_body), runs),
        "seed: English PDF, Latin font only": (lambda: english_pdf(seed_body, fonts), runs),
        "seed: English PDF, CJK fallback": (lambda: english_pdf(with_cjk, fonts), min(runs, 3)),
        "Civil Code PDF: English PDF": (lambda: english_pdf(code_body, fonts), min(runs, 3)),
        "Civil Code PDF: English Word file": (lambda: english_docx(code_body), min(runs, 3)),
    }
    unit = None
    for name, (step, count) in steps.items():
        seconds = median(step, count)
        unit = unit or seconds
        print(f"{name:40s} {seconds / unit:6.1f}x")


if __name__ == "__main__":
    main()
