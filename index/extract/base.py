"""What an extractor returns, and the error it raises."""

from __future__ import annotations

from dataclasses import dataclass

from index.errors import InputError


class ExtractionError(InputError):
    """A PDF or Word file whose text cannot be read; the message says why and what to do.

    Raised without the file name: the loader adds it.
    """


@dataclass(frozen=True)
class Extracted:
    """A file's text, the character offset where each page starts (None: the format has
    no pages), and the title its properties give ("" when none)."""

    text: str
    page_starts: list[int] | None
    title: str = ""
