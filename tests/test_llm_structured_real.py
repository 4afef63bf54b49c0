"""Structured and plain-text answers from the real llama.cpp server (llama-cpp-python,
SmolLM2-135M): the server rejects OpenAI's ``json_schema`` form (with a 500) and takes
``json_object`` with a schema, which ``auto`` finds and remembers; every sentence of the
tiny model's answer ends up cited by a passage that supports it or marked unsupported."""

from __future__ import annotations

from pathlib import Path

import pytest
from llm_server import *  # noqa: F403  (the fixtures: llm_server, index_dir, fresh_dialects)
from llm_server import LlamaServer, llm_service, llm_settings

from qa.answering.attribution import Attributor, answer_sentences
from qa.answering.llm import DIALECTS
from qa.citations import MARKER, check_citations
from qa.models import Answer, Question

BURDEN = "which law puts the burden of proof on the victim?"
pytestmark = [pytest.mark.llm, pytest.mark.usefixtures("fresh_dialects")]




def assert_attributed(answer: Answer, attributor: Attributor) -> None:
    """Each sentence is cited by a passage that supports it, or marked unsupported."""
    check_citations(answer.citations, answer.passages)
    assert {c.n for c in answer.citations} == {int(n) for n in MARKER.findall(answer.answer)}
    if answer.refused:
        return
    spans = answer_sentences(answer.answer)
    assert spans and set(answer.unsupported) <= set(spans)
    claims = [" ".join(MARKER.sub("", answer.answer[s:e]).split()) for s, e in spans]
    table = attributor.support(claims, answer.passages)
    for row, span in enumerate(spans):
        cited = [int(n) for n in MARKER.findall(answer.answer[span[0]:span[1]])]
        supported = any(table[row, n - 1] >= attributor.threshold for n in cited)
        assert supported != (span in answer.unsupported), answer.answer[span[0]:span[1]]


async def test_auto_finds_the_servers_form_and_streams_sentences(llm_server: LlamaServer,
                                                                  index_dir: Path) -> None:
    settings = llm_settings(index_dir, llm_server.base_url)
    async with llm_service(settings) as service:
        answerer = service.answerers["llm"]
        events = [e async for e in service.ask_stream(Question(BURDEN, k=2, mode="llm"))]
        done: Answer = events[-1].data
        assert done.mode == "llm", done.warnings
        assert DIALECTS.plan(answerer.server, ("json_schema", "json_object")) == [  # type: ignore[attr-defined]
            "json_object"]
        assert_attributed(done, answerer.attributor)  # type: ignore[attr-defined]
    deltas = [e.data for e in events if e.name == "delta"]
    if not done.refused:
        # Sentence by sentence: every delta is whole sentences, markers included.
        assert deltas and all(d.strip() and not d.strip().endswith("[") for d in deltas)


async def test_plain_text_answers_are_attributed(llm_server: LlamaServer,
                                                 index_dir: Path) -> None:
    settings = llm_settings(index_dir, llm_server.base_url, structured="off")
    async with llm_service(settings) as service:
        answer = await service.ask(Question(BURDEN, k=2, mode="llm"))
        assert answer.mode == "llm", answer.warnings
        assert_attributed(answer, service.answerers["llm"].attributor)  # type: ignore[attr-defined]


async def test_structured_answers_are_their_passages_own_sentences(llm_server: LlamaServer,
                                                                   index_dir: Path) -> None:
    # The tiny model, writing freely, makes up most of what it says; choosing among the
    # passages' sentences, each of its sentences is one its cited passage says.
    settings = llm_settings(index_dir, llm_server.base_url)
    async with llm_service(settings) as service:
        answer = await service.ask(Question(BURDEN, k=3, mode="llm"))
    assert answer.mode == "llm" and not answer.refused, answer.warnings
    assert answer.unsupported == [] and answer.citations
    for start, end in answer_sentences(answer.answer):
        sentence = answer.answer[start:end]
        [n] = [int(n) for n in MARKER.findall(sentence)]
        said = " ".join(answer.passages[n - 1].text.split())
        assert MARKER.sub("", sentence).strip() in said, sentence
