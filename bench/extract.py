"""PDF text extraction: pages per second and character error rate, per library.

Compares, on PDFs made here with reportlab (the test suite's makers, tests/docfiles.py):
pypdf's plain ``extract_text``, pdfminer.six's ``extract_text`` (default layout
analysis), and caseqa's extractor (pypdf with line positions: headers, footers and
page numbers out, lines and hyphens joined). The character error rate compares each
output with the source text, whitespace runs counted as one space. Also Word files
through python-docx (caseqa's extractor), in pages of the PDF made from the same text.

    python bench/extract.py [--repeat 3] [--long-pages 30]

The figures for the README/issue come from a quiet machine; on a busy one, the rates
are only comparable within one run.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import docfiles  # noqa: E402  (tests/docfiles.py: the makers the tests use too)

from index.extract import extract  # noqa: E402

Extractor = Callable[[bytes], str]


def pypdf_plain(data: bytes) -> str:
    import pypdf

    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def pdfminer_plain(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(io.BytesIO(data)))


def caseqa_pdf(data: bytes) -> str:
    return extract(data, ".pdf").text


LIBRARIES: dict[str, Extractor] = {"pypdf": pypdf_plain, "pdfminer.six": pdfminer_plain,
                                   "caseqa (pypdf)": caseqa_pdf}
TWO_LEFT = ["Left column on consent and notice, first of all. " * 6,
            "Left column on the burden of proof, second. " * 5]
TWO_RIGHT = ["Right column on remedies and a public apology, last. " * 6]


def long_source(pages: int) -> list[str]:
    """Paragraphs of about ``pages`` pages: the seed's body repeated (one copy is about
    1.3 pages at 11 points)."""
    return [p for _ in range(max(1, round(pages * 0.75))) for p in docfiles.seed_paragraphs()[1:]]


def row(name: str, library: str, pages: int, seconds: float, source: str,
        out: str) -> str:
    """One line of the table; the CER is ``-`` where there is no source to compare."""
    error = f"{docfiles.cer(source, out):>7.2%}" if source else f"{'-':>7}"
    return f"{name:<20} {library:<16} {pages:>5} {pages / seconds:>9.1f} {error}"


def files(folder: Path, long_pages: int) -> list[tuple[str, Path, str, int]]:
    """(name, path, source text, pages) of each test PDF."""
    import pypdf

    made = [
        ("seed (3 pages)", docfiles.seed_pdf(folder / "seed.pdf"), docfiles.seed_text()),
        ("zh statute", docfiles.zh_pdf(folder / "zh.pdf"),
         "\n\n".join(docfiles.zh_statute_paragraphs())),
        ("two columns", docfiles.two_column_pdf(folder / "two.pdf", TWO_LEFT, TWO_RIGHT),
         "\n\n".join([*TWO_LEFT, *TWO_RIGHT])),
        # Its text repeats, which defeats the CER's alignment: speed only.
        ("long", docfiles.make_pdf(folder / "long.pdf", long_source(long_pages), size=11), ""),
    ]
    return [(name, path, source, len(pypdf.PdfReader(path).pages))
            for name, path, source in made]


def timed(function: Callable[[bytes], str], data: bytes, repeat: int) -> tuple[str, float]:
    """The output and the median seconds of ``repeat`` runs."""
    times = []
    out = ""
    for _ in range(repeat):
        started = time.perf_counter()
        out = function(data)
        times.append(time.perf_counter() - started)
    return out, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per file and library")
    parser.add_argument("--long-pages", type=int, default=30,
                        help="about how many pages the long PDF has")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'file':<20} {'library':<16} {'pages':>5} {'pages/s':>9} {'CER':>7}")
        for name, path, source, pages in files(folder, args.long_pages):
            data = path.read_bytes()
            for library, function in LIBRARIES.items():
                out, seconds = timed(function, data, args.repeat)
                print(row(name, library, pages, seconds, source, out))
        docx = docfiles.seed_docx(folder / "seed.docx")
        long_docx = docfiles.make_docx(folder / "long.docx", long_source(args.long_pages))
        for name, path, source, pages in (("seed .docx", docx, docfiles.seed_text(), 3),
                                          ("long .docx", long_docx, "", args.long_pages)):
            data = path.read_bytes()
            out, seconds = timed(lambda d: extract(d, ".docx").text, data, args.repeat)
            print(row(name, "python-docx", pages, seconds, source, out)
                  + "   (pages: of the same text as a PDF)")


if __name__ == "__main__":
    main()
