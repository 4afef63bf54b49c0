"""Structured output against fake OpenAI-compatible servers, one per ``response_format``
dialect, one that rejects it and one that ignores it (the real llama.cpp server is in
test_llm_structured_real.py): what is sent, how a refusal is survived and remembered,
and how sentences stream."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from llm_server import *  # noqa: F403  (the fixtures: fake_llm, index_dir, fresh_dialects)
from llm_server import FakeLLM, Reply, llm_service, llm_settings

from qa.answering.attribution import answer_sentences
from qa.citations import MARKER
from qa.models import Answer, Question

BURDEN = "which law puts the burden of proof on the victim?"
CLAIM = ("According to the provisions of the Civil Procedure Law, if the victim wants to hold "
         "the infringer liable for civil liability, they generally need to provide evidence to "
         "prove the facts of the infringement.")
NONSENSE = "The moon is made of green cheese."
ANSWER = {"sentences": [{"text": CLAIM, "sources": [1]}, {"text": NONSENSE, "sources": [2]}]}
PLAIN = f"{CLAIM} [1]"


def schema_in(body: dict[str, Any], dialect: str) -> dict[str, Any] | None:
    """The schema a server of ``dialect`` would find in a request, or None."""
    rf = body.get("response_format")
    if dialect == "json_schema" and isinstance(rf, dict) and rf.get("type") == "json_schema":
        assert rf["json_schema"]["strict"] is True and rf["json_schema"]["name"]
        found: dict[str, Any] = rf["json_schema"]["schema"]
        return found
    if dialect == "json_object" and isinstance(rf, dict) and rf.get("type") == "json_object":
        return rf.get("schema")
    if dialect in ("guided_json", "format"):
        return body.get(dialect)
    return None


def numbers_in(schema: dict[str, Any]) -> list[int]:
    """The passage numbers an answer sentence may cite under ``schema``."""
    sentences = schema["properties"]["sentences"]
    if "anyOf" not in sentences:  # the model writes its own sentences
        return list(sentences["items"]["properties"]["sources"]["items"]["enum"])
    return [c["properties"]["sources"]["items"]["const"]
            for c in sentences["anyOf"][0]["items"]["anyOf"]]


def offered_quotes(schema: dict[str, Any]) -> dict[str, list[int]]:
    """Each quote ``schema`` offers, with the passage numbers it is offered under."""
    out: dict[str, list[int]] = {}
    for choice in schema["properties"]["sentences"]["anyOf"][0]["items"]["anyOf"]:
        for text in choice["properties"]["text"]["enum"]:
            out.setdefault(text, []).append(choice["properties"]["sources"]["items"]["const"])
    return out


def pieces(text: str, size: int = 7) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


def server_of(dialect: str, reject: Reply) -> Callable[[dict[str, Any]], Reply]:
    """A server that takes the schema only in ``dialect``'s form and refuses another
    ``response_format`` with ``reject`` (top-level fields it does not know it ignores)."""
    def judge(body: dict[str, Any]) -> Reply:
        schema = schema_in(body, dialect)
        if schema is not None:
            assert numbers_in(schema)[0] == 1
            return Reply(pieces(json.dumps(ANSWER)))
        if "response_format" in body:
            return reject
        return Reply(pieces(PLAIN))
    return judge


REJECTIONS = {
    "openai 400": Reply(status=400, content_type="application/json", body=json.dumps(
        {"error": {"message": "Invalid parameter: 'response_format' of type 'json_schema' "
                              "is not supported with this model."}}).encode()),
    "vllm 422": Reply(status=422, content_type="application/json",
                      body=b'{"detail": [{"loc": ["body", "response_format"]}]}'),
    "llama-cpp-python 500": Reply(status=500, content_type="application/json", body=json.dumps(
        {"error": {"message": "1 validation error: ('body', 'response_format', 'type') "
                              "Input should be 'text' or 'json_object'"}}).encode()),
}


pytestmark = pytest.mark.usefixtures("fresh_dialects")


async def ask(fake: FakeLLM, index_dir: Path, times: int = 1, **llm: Any) -> list[Answer]:
    settings = llm_settings(index_dir, fake.base_url, retries=0, **llm)
    async with llm_service(settings) as service:
        return [await service.ask(Question(BURDEN, k=3, mode="llm")) for _ in range(times)]


def assert_structured(answer: Answer) -> None:
    assert answer.mode == "llm" and not answer.refused
    assert answer.answer.startswith(CLAIM) and NONSENSE in answer.answer
    # The supported claim keeps a marker; the nonsense is returned, marked unsupported.
    start = answer.answer.index(NONSENSE)
    assert [answer.answer[s:e] for s, e in answer.unsupported] == [
        answer.answer[start:answer.answer.index("]", start) + 1]]
    assert MARKER.search(answer.answer[:start])
    assert {c.n for c in answer.citations} == {int(n) for n in MARKER.findall(answer.answer)}


@pytest.mark.parametrize("dialect", ["json_schema", "json_object", "guided_json", "format"])
async def test_each_dialect_carries_the_schema_where_its_server_reads_it(
        fake_llm: FakeLLM, index_dir: Path, dialect: str) -> None:
    fake_llm.judge = server_of(dialect, REJECTIONS["openai 400"])
    [answer] = await ask(fake_llm, index_dir, structured="json_schema", schema_dialect=dialect)
    assert_structured(answer)
    assert len(fake_llm.requests) == 1
    assert schema_in(fake_llm.requests[0]["body"], dialect) is not None


@pytest.mark.parametrize("rejection", list(REJECTIONS))
@pytest.mark.parametrize("dialect", ["json_schema", "json_object", "guided_json"])
async def test_auto_finds_the_dialect_and_remembers_it(fake_llm: FakeLLM, index_dir: Path,
                                                       dialect: str, rejection: str) -> None:
    fake_llm.judge = server_of(dialect, REJECTIONS[rejection])
    first, second = await ask(fake_llm, index_dir, times=2)
    assert_structured(first)
    assert_structured(second)
    tried = [b["body"] for b in fake_llm.requests]
    order = ["json_schema", "json_object", "guided_json"]
    assert len(tried) == order.index(dialect) + 2  # the first answer's tries, then one
    assert schema_in(tried[-1], dialect) is not None
    assert all(schema_in(b, d) is not None for b, d in zip(tried[:-1], order, strict=False))


@pytest.mark.parametrize("rejection", list(REJECTIONS))
async def test_a_server_that_rejects_structured_output_gets_plain_text(
        fake_llm: FakeLLM, index_dir: Path, rejection: str) -> None:
    fake_llm.judge = server_of("none", REJECTIONS[rejection])
    first, second = await ask(fake_llm, index_dir, times=2)
    for answer in (first, second):
        # Asked for plain text, by number: "[1]" of PLAIN names the first listed sentence,
        # the claim's, shown whole (CLAIM is its start).
        assert answer.mode == "llm" and answer.answer.startswith(CLAIM[:-1])
        assert answer.citations and answer.unsupported == []
    last = fake_llm.requests[-1]["body"]
    # Remembered: the second answer is asked for as plain text straight away.
    assert not {"response_format", "guided_json", "format"} & set(last)
    assert "JSON" not in last["messages"][0]["content"]


async def test_insisting_on_json_schema_with_a_rejecting_server_falls_back(
        fake_llm: FakeLLM, index_dir: Path) -> None:
    fake_llm.judge = server_of("none", REJECTIONS["openai 400"])
    [answer] = await ask(fake_llm, index_dir, structured="json_schema",
                         schema_dialect="json_object")
    assert answer.mode == "extractive"
    assert any("CASEQA_LLM__STRUCTURED" in w for w in answer.warnings)


async def test_off_sends_no_schema(fake_llm: FakeLLM, index_dir: Path) -> None:
    fake_llm.judge = server_of("json_schema", REJECTIONS["openai 400"])
    [answer] = await ask(fake_llm, index_dir, structured="off")
    assert answer.answer.startswith(CLAIM[:-1]) and len(fake_llm.requests) == 1
    assert "response_format" not in fake_llm.requests[0]["body"]


async def test_structured_sentences_stream_as_they_complete(fake_llm: FakeLLM,
                                                            index_dir: Path) -> None:
    fake_llm.judge = server_of("json_schema", REJECTIONS["openai 400"])
    settings = llm_settings(index_dir, fake_llm.base_url)
    async with llm_service(settings) as service:
        events = [e async for e in service.ask_stream(Question(BURDEN, k=3, mode="llm"))]
    deltas = [e.data for e in events if e.name == "delta"]
    assert deltas == [f"{CLAIM} [1]", f" {NONSENSE} [2]"]
    done: Answer = events[-1].data
    assert MARKER.sub("", done.answer).split() == MARKER.sub("", "".join(deltas)).split()


TECHNOLOGY = "What technology was involved in the lawsuit?"


async def test_a_chosen_quote_is_its_passages_sentence_verbatim(fake_llm: FakeLLM,
                                                                index_dir: Path) -> None:
    # The server picks the offered quotes that name 'facial recognition' (offered without
    # their double quotes): the answer has them as the passages say them, cited.
    def judge(body: dict[str, Any]) -> Reply:
        schema = schema_in(body, "json_object")
        assert schema is not None
        picked = [{"sources": numbers[:1], "text": text}
                  for text, numbers in offered_quotes(schema).items()
                  if "'facial recognition'" in text][:3]
        assert picked
        return Reply(pieces(json.dumps({"sentences": picked})))
    fake_llm.judge = judge
    settings = llm_settings(index_dir, fake_llm.base_url, retries=0,
                            schema_dialect="json_object", quote_sentences=200)
    async with llm_service(settings) as service:
        answer = await service.ask(Question(TECHNOLOGY, k=3, mode="llm"))
    assert answer.mode == "llm" and not answer.refused and answer.unsupported == []
    assert '"facial recognition"' in answer.answer
    assert "'facial recognition'" not in answer.answer
    assert not [w for w in answer.warnings if "quoted phrase" in w]
    for start, end in answer_sentences(answer.answer):
        [n] = [int(n) for n in MARKER.findall(answer.answer[start:end])]
        said = " ".join(answer.passages[n - 1].text.split())
        assert MARKER.sub("", answer.answer[start:end]).strip() in said


async def test_only_the_best_matching_sentences_are_offered(fake_llm: FakeLLM,
                                                            index_dir: Path) -> None:
    fake_llm.judge = server_of("json_object", REJECTIONS["openai 400"])
    [answer] = await ask(fake_llm, index_dir, schema_dialect="json_object",
                         quote_sentences=2)
    schema = schema_in(fake_llm.requests[0]["body"], "json_object")
    assert schema is not None
    quotes = offered_quotes(schema)
    assert len(quotes) == 2
    # The sentence that answers the question is among them.
    assert any(CLAIM[:-1] in quote for quote in quotes)
    # A sentence the schema did not offer (a server that is not grammar-bound) is the
    # model's own: attribution decides, and nothing supports the nonsense.
    assert [answer.answer[s:e] for s, e in answer.unsupported] == [f"{NONSENSE} [2]"]
