"""LLM answers refuse what the passages do not answer: the extractive answerer's own
refusal (support and answer type, over the passages the model would see) decides, and the
model is not asked. The real llama.cpp server (SmolLM2-135M), offered the refusal beside
the passages' sentences, never chose it on the seed gold; a fake server shows that no
request is sent, and which sentences a Chinese question over English passages is offered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from llm_server import *  # noqa: F403  (the fixtures: llm_server, fake_llm, index_dir, ...)
from llm_server import FakeLLM, LlamaServer, Reply, llm_service, llm_settings
from test_llm_dialects import offered_quotes, pieces, schema_in

from qa.answering.base import REFUSAL
from qa.models import Question

pytestmark = pytest.mark.usefixtures("fresh_dialects")

# seed-54 and seed-56: unanswerable (the seed names no court that ruled, and no date);
# the best passage sentence's support is high (0.83, 0.87: "court", "compensation
# lawsuit"; "procuratorial organs file ... civil public interest litigation").
UNANSWERABLE = ("Which court supported the compensation lawsuit?",
                "When did the procuratorial organs file the civil public interest litigation?")
BURDEN = "which law puts the burden of proof on the victim?"
# seed-39 (解读专家来自哪所大学？, "which university is the interpreting expert from?"):
# Southeast University, in the sentence that starts so.
UNIVERSITY = "解读专家来自哪所大学？"
EXPERT = "Interpretation expert: "


def picks_first_quote(body: dict[str, Any]) -> Reply:
    """A grammar-bound server's answer: the first sentence the schema offers."""
    schema = schema_in(body, "json_object")
    assert schema is not None
    text, numbers = next(iter(offered_quotes(schema).items()))
    return Reply(pieces(json.dumps({"sentences": [{"sources": numbers[:1], "text": text}]})))


@pytest.mark.parametrize("question", UNANSWERABLE)
async def test_what_the_passages_do_not_answer_is_refused_without_asking(
        fake_llm: FakeLLM, index_dir: Path, question: str) -> None:
    fake_llm.judge = picks_first_quote
    settings = llm_settings(index_dir, fake_llm.base_url, retries=0,
                            schema_dialect="json_object")
    async with llm_service(settings) as service:
        refused = await service.ask(Question(question, k=5, mode="llm"))
        assert fake_llm.requests == []
        answered = await service.ask(Question(BURDEN, k=5, mode="llm"))
    assert refused.mode == "llm" and refused.refused and refused.answer == REFUSAL
    assert refused.citations == [] and refused.warnings == []
    # An answerable question is still the model's to answer.
    assert len(fake_llm.requests) == 1
    assert answered.mode == "llm" and not answered.refused and answered.citations
    # Without the extractive refusal, the model is asked, and answers.
    settings = settings.overridden(llm={"extractive_refusal": False})
    async with llm_service(settings) as service:
        asked = await service.ask(Question(question, k=5, mode="llm"))
    assert len(fake_llm.requests) == 2 and not asked.refused


async def test_a_chinese_question_is_offered_the_english_sentence_that_answers(
        fake_llm: FakeLLM, index_dir: Path) -> None:
    # Attribution's scoring shares no terms across languages (the passages' order decided:
    # "Interpretation case: ..." came first); the extractive answerer's cross-lingual
    # scoring finds the sentence naming the expert's university.
    fake_llm.judge = picks_first_quote
    settings = llm_settings(index_dir, fake_llm.base_url, retries=0,
                            schema_dialect="json_object", quote_sentences=1)
    async with llm_service(settings) as service:
        answer = await service.ask(Question(UNIVERSITY, k=5, mode="llm"))
    [request] = fake_llm.requests
    schema = schema_in(request["body"], "json_object")
    assert schema is not None
    [quote] = offered_quotes(schema)
    assert quote.startswith(EXPERT) and "Southeast University" in quote, quote
    assert answer.mode == "llm" and not answer.refused and "Southeast University" in answer.answer


@pytest.mark.llm
async def test_the_real_model_refuses_what_the_passages_do_not_answer(
        llm_server: LlamaServer, index_dir: Path) -> None:
    settings = llm_settings(index_dir, llm_server.base_url)
    async with llm_service(settings) as service:
        refused = [await service.ask(Question(q, k=5, mode="llm")) for q in UNANSWERABLE]
        answered = await service.ask(Question(BURDEN, k=5, mode="llm"))
    assert all(a.mode == "llm" and a.refused and a.answer == REFUSAL for a in refused), [
        (a.mode, a.answer, a.warnings) for a in refused]
    assert answered.mode == "llm" and not answered.refused and answered.citations, (
        answered.answer, answered.warnings)
