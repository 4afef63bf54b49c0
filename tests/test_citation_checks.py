"""The service checks every citation before it leaves: nothing is cited that was not
retrieved, and every quote is the document's text at its span.

A fake answerer, registered through the real extension point (qa.answering.registry),
returns one chosen citation; the real service (real index, real model) must let the
good ones through and remove each kind of bad one, whole and streamed, over HTTP too.
Each bad citation is built to pass every check but one, so weakening any check fails.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import RegisterAnswerer
from litestar.testing import AsyncTestClient

from qa.answering.base import Answerer, Draft
from qa.app import create_app
from qa.models import Citation, Hit, Question
from qa.service import QAService
from qa.settings import Settings

QUESTION = "what damages did Harbour Works seek?"
REMOVED = "citations failed verification and were removed"
Cite = Callable[[Sequence[Hit], QAService], Citation]


def _exact(hits: Sequence[Hit], service: QAService) -> Citation:
    hit = hits[0]
    return Citation(1, hit.doc_id, hit.title, hit.start + 4, hit.start + 40, hit.text[4:40])


def _unretrieved(hits: Sequence[Hit], service: QAService) -> Citation:
    # A verbatim span of a stored document that was not among the retrieved passages.
    other = next(d for d in ("case-a", "case-b", "case-c") if d not in {h.doc_id for h in hits})
    doc = service.store.get_document(other)
    assert doc is not None
    return Citation(1, other, doc.title, 0, 30, doc.text[0:30])


def _one_character_off(hits: Sequence[Hit], service: QAService) -> Citation:
    hit = hits[0]
    quote = hit.text[4:40]
    changed = quote[:10] + ("X" if quote[10] != "X" else "Y") + quote[11:]
    return Citation(1, hit.doc_id, hit.title, hit.start + 4, hit.start + 40, changed)


def _past_the_passage(hits: Sequence[Hit], service: QAService) -> Citation:
    # Slicing stops at the end, so the quote equals text[start:end]: only the span check
    # can see that the citation runs past what was retrieved (and past the document).
    hit = hits[0]
    return Citation(1, hit.doc_id, hit.title, hit.end - 12, hit.end + 8, hit.text[-12:])


def _wrong_document(hits: Sequence[Hit], service: QAService) -> Citation:
    hit = hits[0]
    other = next(d for d in ("case-a", "case-b", "case-c") if d != hit.doc_id)
    return Citation(1, other, hit.title, hit.start + 4, hit.start + 40, hit.text[4:40])


def _empty_span(hits: Sequence[Hit], service: QAService) -> Citation:
    hit = hits[0]
    return Citation(1, hit.doc_id, hit.title, hit.start + 5, hit.start + 5, "")


class CitingAnswerer(Answerer):
    """Answers "See [1]." citing what ``cite`` makes of the passages it is given."""

    mode = "llm"

    def __init__(self, cite: Cite, service: list[QAService]) -> None:
        self.cite = cite
        self.service = service

    async def stream(self, question: str, passages: Sequence[Hit],
                     question_vector: Any = None) -> AsyncIterator[str | Draft]:
        yield "See [1]."
        yield Draft("See [1].", False, [self.cite(passages, self.service[0])])


@pytest.fixture
def answering(three_index: Path, register_answerer: RegisterAnswerer
              ) -> Callable[[Cite], QAService]:
    """A real service whose LLM mode is a CitingAnswerer, built by the registry."""
    def make(cite: Cite) -> QAService:
        holder: list[QAService] = []
        register_answerer("llm", lambda context: CitingAnswerer(cite, holder))
        service = QAService.load(Settings().with_index_dir(three_index), create=False)
        holder.append(service)
        return service
    return make


async def test_an_exact_retrieved_span_is_kept(answering: Callable[[Cite], QAService]) -> None:
    service = answering(_exact)
    answer = await service.ask(Question(QUESTION, k=1, mode="llm"))
    assert answer.mode == "llm" and len(answer.citations) == 1
    assert REMOVED not in answer.warnings
    c = answer.citations[0]
    doc = service.store.get_document(c.doc_id)
    assert doc is not None and doc.text[c.start:c.end] == c.quote


@pytest.mark.parametrize("cite", [_unretrieved, _one_character_off, _past_the_passage,
                                  _wrong_document, _empty_span], ids=lambda f: f.__name__)
async def test_a_bad_citation_never_leaves_the_service(
        answering: Callable[[Cite], QAService], cite: Cite) -> None:
    service = answering(cite)
    answer = await service.ask(Question(QUESTION, k=1, mode="llm"))
    assert answer.citations == []
    assert REMOVED in answer.warnings
    events = [e async for e in service.ask_stream(Question(QUESTION, k=1, mode="llm"))]
    assert [e.data for e in events if e.name == "citations"] == [[]]
    assert events[-1].data.citations == []


async def test_a_bad_citation_never_leaves_the_api(
        answering: Callable[[Cite], QAService], three_index: Path) -> None:
    answering(_one_character_off)  # registered: the app's own service builds it too
    holder_service = QAService.load(Settings().with_index_dir(three_index), create=False)
    llm = holder_service.answerers["llm"]
    assert isinstance(llm, CitingAnswerer)
    llm.service.append(holder_service)
    app = create_app(Settings().with_index_dir(three_index), holder_service)
    async with AsyncTestClient(app=app) as client:
        body = {"question": QUESTION, "k": 1, "mode": "llm"}
        answer = (await client.post("/v1/ask", json=body)).json()
        assert answer["citations"] == [] and REMOVED in answer["warnings"]
        streamed = await client.post("/v1/ask", json=body,
                                     headers={"accept": "text/event-stream"})
        done = streamed.text.split("event: done")[1].split("data: ", 1)[1].split("\n")[0]
        assert json.loads(done)["citations"] == []
