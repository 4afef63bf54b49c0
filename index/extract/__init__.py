"""Text out of PDF and Word files: the extractor for a file's kind, chosen by its content
as much as by its suffix (a suffix that lies is an error that says so)."""

from __future__ import annotations

from pathlib import Path

from index.extract.base import Extracted, ExtractionError

__all__ = ["EXTRACTED_SUFFIXES", "Extracted", "ExtractionError", "extract", "sniff"]

EXTRACTED_SUFFIXES = (".pdf", ".docx")
#: Default bound of what a .docx may inflate to, in bytes (index.settings.ExtractSettings).
MAX_DOCX_INFLATED_BYTES = 64 * 1024 * 1024
_KINDS = {".pdf": "PDF", ".docx": "Word .docx"}


def sniff(head: bytes) -> str | None:
    """The kind of file its first bytes show: "PDF", "ZIP" (so maybe .docx), "OLE" (old
    .doc, .xls), or None (text or unknown). Text that merely mentions "%PDF-" is text."""
    if head.lstrip(b"\xef\xbb\xbf\r\n\t ")[:5] == b"%PDF-":
        return "PDF"
    if head[:4] == b"PK\x03\x04":
        return "ZIP"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "OLE"
    return None


def extract(data: bytes, suffix: str,
            max_docx_inflated: int = MAX_DOCX_INFLATED_BYTES) -> Extracted:
    """Text, page map and title of a .pdf or .docx file's bytes.

    Raises ExtractionError (without the file name; callers add it) for a suffix that
    lies about the content, an encrypted or corrupt file, a PDF without a text layer,
    a zip bomb, or a file without text.
    """
    suffix = suffix.lower()
    kind = sniff(data[:1024])
    if not data:
        raise ExtractionError(f"empty file: no {_KINDS.get(suffix, suffix)} content")
    if suffix == ".pdf":
        # A PDF's header may come after up to 1 KB of junk; readers accept that.
        if kind != "PDF" and b"%PDF-" not in data[:1024]:
            raise ExtractionError(f"not a PDF: its content is {_describe(kind)}; "
                                  "give it the right suffix")
        from index.extract.pdf import extract_pdf

        return extract_pdf(data)
    if suffix == ".docx":
        if kind != "ZIP":
            raise ExtractionError(f"not a Word .docx file: its content is {_describe(kind)}"
                                  + ("; save it as .docx" if kind == "OLE" else
                                     "; give it the right suffix"))
        from index.extract.docx import extract_docx

        return extract_docx(data, max_docx_inflated)
    raise ExtractionError(f"cannot extract text from {suffix!r} files; "
                          f"give one of {', '.join(EXTRACTED_SUFFIXES)}")


def _describe(kind: str | None) -> str:
    return {"PDF": "a PDF", "ZIP": "a ZIP archive", "OLE": "an old Office file (.doc/.xls)",
            None: "text or an unknown format"}[kind]


def extract_path(path: Path, max_docx_inflated: int = MAX_DOCX_INFLATED_BYTES) -> Extracted:
    """:func:`extract` on a file; its read errors are ExtractionErrors too."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read ({exc.strerror})") from exc
    return extract(data, path.suffix, max_docx_inflated)
