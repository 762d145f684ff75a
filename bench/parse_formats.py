"""Document readers' speed: pages per second for PDF, DOCX and OFD, beside plain extractors.

Each file is parsed into a Document (reader in its sandboxed child, structure, sentences) by
two worker processes at once (the machine's two cores), and the same PDFs go through
pdfminer.six's `extract_text` and pypdfium2's text extraction, the anchors, in the same pool.
A DOCX has no pages of its own: its pages are those of LibreOffice's PDF of it (skipped
without `soffice`). Then a 500-page PDF (the Civil Code's pages repeated) is parsed once and
the sandboxed reader's peak RSS is read from getrusage.

    .venv/bin/python bench/parse_formats.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium

from service.parsing import parse_document

FORMATS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "formats"
WORKERS = 2


def ours(path: str) -> int:
    parse_document(Path(path).read_bytes())
    return 1


def pdfminer_text(path: str) -> int:
    from pdfminer.high_level import extract_text

    extract_text(path)
    return 1


def pdfium_text(path: str) -> int:
    document = pdfium.PdfDocument(path)
    for page in document:
        page.get_textpage().get_text_range()
    document.close()
    return 1


def pdf_pages(path: Path) -> int:
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def docx_pages(path: Path, folder: Path) -> int | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return pdf_pages(folder / f"{path.stem}.pdf")


def rate(work: Callable[[str], int], files: list[Path], pages: int, rounds: int) -> float:
    """Pages per second with WORKERS processes, best of `rounds`."""
    best = float("inf")
    with ProcessPoolExecutor(WORKERS) as pool:
        list(pool.map(work, [str(files[0])] * WORKERS))  # warm both workers
        for _ in range(rounds):
            started = time.perf_counter()
            list(pool.map(work, [str(f) for f in files]))
            best = min(best, time.perf_counter() - started)
    return pages / best


def big_pdf(folder: Path, pages: int = 500) -> Path:
    source = pdfium.PdfDocument(str(FORMATS / "laws" / "civil-code.pdf"))
    target = pdfium.PdfDocument.new()
    while len(target) < pages:
        count = min(len(source), pages - len(target))
        target.import_pages(source, list(range(count)))
    path = folder / "big.pdf"
    target.save(str(path))
    return path


def big_pdf_memory(folder: Path) -> None:
    """Parse a 500-page PDF first, so the children's peak RSS is its sandboxed reader's."""
    path = big_pdf(folder)
    started = time.perf_counter()
    document = parse_document(path.read_bytes())
    seconds = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = document.metadata["pages"]
    print(
        f"{pages}-page PDF: {seconds:.2f} s ({pages / seconds:.0f} pages/s in one stream); "
        f"peak RSS: reader child {child:.0f} MB, parsing process {parent:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big_pdf_memory(folder)
        pdfs = sorted((FORMATS / "laws").glob("*.pdf"))
        pdf_total = sum(pdf_pages(p) for p in pdfs)
        ofds = sorted(FORMATS.glob("gongwen-*.ofd"))
        ofd_total = sum(int(parse_document(p.read_bytes()).metadata["pages"]) for p in ofds)
        docxs = sorted(FORMATS.glob("*.docx"))
        counted = [docx_pages(p, folder) for p in docxs]
        print(f"{WORKERS} worker processes, best of {args.rounds} rounds; pages per second")
        print(f"PDF  {len(pdfs)} files {pdf_total} pages")
        print(f"  policy-digest (Document)   {rate(ours, pdfs, pdf_total, args.rounds):8.1f}")
        print(
            f"  pypdfium2 text only        {rate(pdfium_text, pdfs, pdf_total, args.rounds):8.1f}"
        )
        print(f"  pdfminer.six extract_text  {rate(pdfminer_text, pdfs, pdf_total, 1):8.1f}")
        print(f"OFD  {len(ofds)} files {ofd_total} pages")
        print(f"  policy-digest (Document)   {rate(ours, ofds, ofd_total, args.rounds):8.1f}")
        if None in counted:
            print("DOCX skipped: no soffice to count its pages")
        else:
            total = sum(c for c in counted if c)
            print(f"DOCX {len(docxs)} files {total} pages (as LibreOffice lays them out)")
            print(f"  policy-digest (Document)   {rate(ours, docxs, total, args.rounds):8.1f}")


if __name__ == "__main__":
    main()
