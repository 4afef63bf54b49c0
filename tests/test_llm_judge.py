"""What an LLM is offered when the passages are in another language than the question
(a fake server shows the schema it gets)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from llm_server import *  # noqa: F403  (the fixtures: fake_llm, index_dir, fresh_dialects)
from llm_server import FakeLLM, Reply, llm_service, llm_settings
from test_llm_dialects import offered_quotes, pieces, schema_in

from qa.models import Question

pytestmark = pytest.mark.usefixtures("fresh_dialects")

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
