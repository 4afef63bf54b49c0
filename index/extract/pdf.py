"""PDF text through pypdf, with each line's position so running headers and footers can
be told from the body (pypdf's documented visitor hook)."""

from __future__ import annotations

import io
import math
from typing import Any

from index.extract.base import Extracted, ExtractionError
from index.extract.layout import Line, Page, drop_running_lines, join_pages, paragraphs

#: Titles that PDF writers fill in when they know none.
_PLACEHOLDER_TITLES = frozenset({"untitled", "(anonymous)", "anonymous", "unknown", "title"})


def _open(data: bytes) -> Any:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    if b"%%EOF" not in data[-2048:]:
        raise ExtractionError("truncated PDF: no %%EOF marker at its end (the file is "
                              "incomplete; copy or download it again)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are encrypted with an empty user password: they open for anyone.
            try:
                opened = reader.decrypt("")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise ExtractionError(f"encrypted PDF ({exc}): remove the password "
                                      "protection and index it again") from None
            if not opened:
                raise ExtractionError("encrypted PDF: it needs a password; remove the "
                                      "protection and index it again")
        len(reader.pages)  # reads the page tree now, inside this error handling
    except ExtractionError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError) as exc:
        raise ExtractionError(f"corrupt PDF: {type(exc).__name__}: {exc}") from None
    return reader


def _lines(page: Any) -> Page:
    """The page's lines in pypdf's reading order, each with its baseline height."""
    lines: list[Line] = []
    parts: list[str] = []
    where: list[tuple[float, float]] = []
    bottom = float(page.mediabox.bottom)

    def flush() -> None:
        text = "".join(parts).strip()
        if text:
            y, size = where[0] if where else (0.0, 0.0)
            lines.append(Line(text, y, size))
        parts.clear()
        where.clear()

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        del font
        if not text:
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5] - bottom
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
        height = float(size) * scale if isinstance(size, int | float) else 0.0
        pieces = text.split("\n")
        for n, piece in enumerate(pieces):
            if piece.strip() and not where:
                where.append((y, height))
            parts.append(piece)
            if n < len(pieces) - 1:
                flush()

    page.extract_text(visitor_text=visit)
    flush()
    return Page(lines, float(page.mediabox.height))


def extract_pdf(data: bytes) -> Extracted:
    """The text of a PDF with its page map; raises ExtractionError saying what is wrong."""
    reader = _open(data)
    from pypdf.errors import PyPdfError

    try:
        pages = [_lines(page) for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "").strip()
        title = "" if title.lower() in _PLACEHOLDER_TITLES else title
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, ZeroDivisionError) as exc:
        raise ExtractionError(f"corrupt PDF: {type(exc).__name__}: {exc}") from None
    if not pages:
        raise ExtractionError("the PDF has no pages")
    kept = drop_running_lines(pages)
    text, starts = join_pages([paragraphs(lines) for lines in kept])
    if not text.strip():
        raise ExtractionError(f"no text layer on any of its {len(pages)} page(s) "
                              "(a scan?): OCR it first")
    return Extracted(text, starts, title)
