"""Asking the real extractive answerer about given sentences: each text is one retrieved
passage of its own document (doc-1, doc-2, ...), best first. The ``answerer`` fixture
(conftest.py) is the default one."""

from __future__ import annotations

from qa.answering.base import Draft
from qa.answering.extractive import ExtractiveAnswerer
from qa.citations import check_citations
from qa.models import Hit


def ask(answerer: ExtractiveAnswerer, question: str, *texts: str) -> tuple[str, str]:
    """The answer, and the document its first citation quotes ("" when refused); every
    citation is checked against the passages (``qa.citations.check_citations``)."""
    hits = [Hit(n, f"doc-{n}", f"Doc {n}", text, 0, len(text), 1.0 / n, 0.5)
            for n, text in enumerate(texts, start=1)]
    draft = answerer.compose(question, hits)
    check_citations(draft.citations, hits)
    return draft.answer, draft.citations[0].doc_id if draft.citations else ""


def titled_hits(*passages: tuple[str, str, int]) -> list[Hit]:
    """Hits of (title, text, offset of the text in its document), best first: the title
    is the document's id too (a statute's passages, read where they stand in it)."""
    return [Hit(n, title, title, text, start, start + len(text), 1.0 / n, 0.5)
            for n, (title, text, start) in enumerate(passages, start=1)]


def compose_checked(answerer: ExtractiveAnswerer, question: str, hits: list[Hit]) -> Draft:
    """The answerer's Draft for ``hits``, its citations checked against them."""
    draft = answerer.compose(question, hits)
    check_citations(draft.citations, hits)
    return draft
