"""Citation checks: nothing leaves the service that is not an exact, retrieved span."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from index.pages import pages_of
from qa.models import Citation, Hit

MARKER = re.compile(r"\[(\d{1,3})\]")


class CitationError(ValueError):
    """A citation that does not hold; raised before anything is returned."""


def check_citations(citations: Sequence[Citation], passages: Sequence[Hit]) -> None:
    """Raise CitationError unless every citation is a verbatim span of a retrieved passage.

    A passage's text was read from its document at ``[start, end)`` in the same snapshot
    as the rest of the answer, so a quote equal to the passage text at the citation's
    offsets is equal to the document text there.
    """
    for citation in citations:
        if not 0 <= citation.start < citation.end:
            raise CitationError(f"citation [{citation.n}] has an empty or negative span")
        inside = [h for h in passages
                  if h.doc_id == citation.doc_id and h.start <= citation.start
                  and citation.end <= h.end]
        if not inside:
            raise CitationError(f"citation [{citation.n}] is not inside a retrieved passage")
        hit = inside[0]
        if hit.text[citation.start - hit.start:citation.end - hit.start] != citation.quote:
            raise CitationError(f"citation [{citation.n}] quote differs from the document")
        if (citation.answer_start is None) != (citation.answer_end is None):
            raise CitationError(f"citation [{citation.n}] has half an answer span")
        if citation.answer_start is not None and citation.answer_end is not None and not (
                citation.start <= citation.answer_start < citation.answer_end <= citation.end):
            raise CitationError(f"citation [{citation.n}] answer span is not inside its quote")


def with_pages(citations: Sequence[Citation], passages: Sequence[Hit]) -> list[Citation]:
    """The citations with the pages they span, from the page map of the passage each lies
    in (checked citations always lie in one)."""
    out = []
    for citation in citations:
        hit = next((h for h in passages if h.doc_id == citation.doc_id
                    and h.start <= citation.start and citation.end <= h.end), None)
        starts = hit.page_starts if hit is not None else None
        out.append(replace(citation, pages=pages_of(starts, citation.start, citation.end)))
    return out


def markers(answer: str) -> list[int]:
    """The marker numbers in an answer, in order of appearance."""
    return [int(m.group(1)) for m in MARKER.finditer(answer)]


def renumber(answer: str, mapping: dict[int, int]) -> str:
    """Rewrite ``[n]`` markers through ``mapping``; markers not in it are dropped."""
    def swap(match: re.Match[str]) -> str:
        new = mapping.get(int(match.group(1)))
        return f"[{new}]" if new is not None else ""

    text = MARKER.sub(swap, answer)
    return re.sub(r"[ \t]+([.,;:!?。，；：！？])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()
