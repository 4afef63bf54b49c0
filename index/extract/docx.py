"""Word (.docx) text through python-docx: body paragraphs and tables in document order.

Running headers and footers live in their own parts of the file and are left out.
A .docx has no fixed pages; the page map comes from where Word last broke the pages
(``w:lastRenderedPageBreak``, written by Word when it saves), else from hard page
breaks, else from the page count Word stored (a one-page document); otherwise the
document has no page map.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from index.extract.base import Extracted, ExtractionError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RENDERED = f"{_W}lastRenderedPageBreak"
_TABLE_CELL_SEPARATOR = "\t"


def _check_zip(data: bytes, max_inflated: int) -> None:
    """Refuse what is not a .docx, and zip bombs, before anything is inflated."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ExtractionError("not a Word .docx file (not a ZIP archive; a .doc from old "
                              "Word? save it as .docx)") from None
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ExtractionError("not a Word .docx file (no word/document.xml inside)")
        # zipfile never inflates an entry past its declared size, so the sum bounds it.
        inflated = sum(item.file_size for item in archive.infolist())
        if inflated > max_inflated:
            raise ExtractionError(f"refused: it would inflate to {inflated:,} bytes, more than "
                                  f"the limit of {max_inflated:,} (a zip bomb?)")


def _paragraph(element: Any, rendered: bool) -> tuple[str, list[int]]:
    """A paragraph's text and the offsets in it where a new page starts."""
    parts: list[str] = []
    breaks: list[int] = []
    size = 0
    props = element.find(f"{_W}pPr")
    if not rendered and props is not None and props.find(f"{_W}pageBreakBefore") is not None:
        breaks.append(0)
    for node in element.iter():
        tag = node.tag
        piece = ""
        if tag == f"{_W}t":
            piece = node.text or ""
        elif tag == f"{_W}tab":
            piece = "\t"
        elif tag in (f"{_W}cr",):
            piece = "\n"
        elif tag == f"{_W}br":
            if node.get(f"{_W}type") == "page":
                if not rendered:
                    breaks.append(size)
            else:
                piece = "\n"
        elif tag == f"{_W}noBreakHyphen":
            piece = "-"
        elif tag == _RENDERED and rendered:
            breaks.append(size)
        if piece:
            parts.append(piece)
            size += len(piece)
    return "".join(parts), breaks


def _blocks(document: Any, rendered: bool) -> list[tuple[str, list[int]]]:
    """(text, page-break offsets) of each paragraph and table row, in document order."""
    from docx.table import Table

    out: list[tuple[str, list[int]]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                row_breaks: list[int] = []
                for cell in row.cells:
                    for para in cell.paragraphs:
                        text, breaks = _paragraph(para._p, rendered)
                        offset = sum(len(c) + 1 for c in cells)
                        row_breaks.extend(offset + b for b in breaks)
                        if text.strip():
                            cells.append(text.strip())
                out.append((_TABLE_CELL_SEPARATOR.join(cells), row_breaks))
        else:
            out.append(_paragraph(block._p, rendered))
    return out


def extract_docx(data: bytes, max_inflated: int) -> Extracted:
    """The text of a .docx with its page map when it has one; ExtractionError says why not."""
    _check_zip(data, max_inflated)
    import docx
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        rendered = next(document.element.body.iter(_RENDERED), None) is not None
        blocks = _blocks(document, rendered)
        title = (document.core_properties.title or "").strip()
    except (KeyError, ValueError, LxmlError, zipfile.BadZipFile, AttributeError) as exc:
        raise ExtractionError(f"corrupt Word file: {type(exc).__name__}: {exc}") from None
    text = ""
    starts = [0]
    for para, breaks in blocks:
        stripped = para.strip()
        lead = len(para) - len(para.lstrip())
        begin = len(text) + 2 if text else 0
        if stripped:
            text = f"{text}\n\n{stripped}" if text else stripped
        for offset in breaks:
            inside = min(max(offset - lead, 0), len(stripped))
            at = begin + inside if inside < len(stripped) else len(text) + 2
            if text and at > 0:  # a break before any text starts no page
                starts.append(at)
    if not text:
        raise ExtractionError("no text in the Word file (only images or empty?)")
    # Kept in order, equal ones too: a blank page between two others still counts.
    starts = [min(s, len(text)) for s in starts]
    # Without breaks nothing says where pages end (the page count in docProps/app.xml is
    # often stale: python-docx's template says 1 page whatever the text).
    return Extracted(text, starts if len(starts) > 1 else None, title)
