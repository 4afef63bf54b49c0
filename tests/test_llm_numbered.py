"""Quote mode in plain text (no JSON schema): the passages' best-matching sentences are
listed numbered, the model answers with numbers, and each number becomes its sentence,
verbatim and cited. Pure parsing with plain values; a fake server that answers by number
(what is sent and what comes back is then obvious); the real llama.cpp server with
SmolLM2-135M, which writes its own text when asked for plain text and nothing is listed."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from llm_server import *  # noqa: F403  (the fixtures: llm_server, fake_llm, index_dir, ...)
from llm_server import FakeLLM, LlamaServer, Reply, llm_service, llm_settings
from test_llm_dialects import CLAIM, NONSENSE, REJECTIONS, pieces, server_of

from qa.answering.attribution import answer_sentences
from qa.answering.base import REFUSAL
from qa.answering.llm import NUMBERED_FIELDS
from qa.answering.numbered import MAX_CHOICES, ChoiceParser, numbered_sentences
from qa.answering.prompts import load_prompt
from qa.answering.structured import Sentence
from qa.citations import MARKER
from qa.models import Answer, Question

pytestmark = pytest.mark.usefixtures("fresh_dialects")
BURDEN = "which law puts the burden of proof on the victim?"
OFFER = [(2, "The victim must  prove it."), (1, "The court met."), (2, "Third one.")]
_LISTED = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)


# -- parsing (pure) ------------------------------------------------------------------


def choose(parts: list[str]) -> tuple[list[Sentence], int]:
    parser = ChoiceParser(OFFER)
    out = [s for part in parts for s in parser.feed(part)]
    return out + parser.close(), parser.unknown


@pytest.mark.parametrize("reply", ["[1]", "1", "1.", " (1) ", "Sentence 1 answers it.",
                                   "The answer is [1]: the victim must prove it.", "#1",
                                   "number 1"])
def test_a_number_in_any_common_form_chooses_its_sentence(reply: str) -> None:
    assert choose([reply]) == ([Sentence("The victim must prove it.", (2,))], 0)


def test_numbers_choose_their_sentences_once_in_order_with_their_passages() -> None:
    chosen, unknown = choose(["[3] and [1], again [3]; [9]"])
    assert chosen == [Sentence("Third one.", (2,)), Sentence("The victim must prove it.", (2,))]
    assert unknown == 1  # [9] names no listed sentence


def test_at_most_max_choices_sentences() -> None:
    offer = [(1, f"Sentence {k}.") for k in range(1, 8)]
    parser = ChoiceParser(offer)
    assert len(parser.feed(" ".join(f"[{k}]" for k in range(1, 8))) + parser.close()) == \
        MAX_CHOICES


@pytest.mark.parametrize("reply", ["The Civil Procedure Law applies.", "Article 3 of 2020",
                                   REFUSAL, ""])
def test_text_without_a_sentence_number_chooses_nothing(reply: str) -> None:
    assert choose([reply]) == ([], 0)


@given(st.lists(st.integers(min_value=1, max_value=30), max_size=8))
def test_the_choice_is_the_same_wherever_the_pieces_split(cuts: list[int]) -> None:
    reply = "Sentence 3, then [1] (12) and [2]."
    bounds = [0, *sorted({c for c in cuts if c < len(reply)}), len(reply)]
    assert choose([reply[a:b] for a, b in itertools.pairwise(bounds)]) == choose([reply])


def test_a_number_is_returned_as_soon_as_it_cannot_grow() -> None:
    parser = ChoiceParser(OFFER)
    assert parser.feed("[1") == []  # may still be [12]
    assert parser.feed("] and 3") == [Sentence("The victim must prove it.", (2,))]
    assert parser.feed(" ") == []  # "3" is no sentence number in running text
    assert parser.feed("[3") == [] and parser.close() == [Sentence("Third one.", (2,))]


def test_the_reply_is_read_until_its_choice_is_made() -> None:
    parser = ChoiceParser(OFFER)
    parser.feed("[2] The court met in May")
    assert not parser.done  # the line may still name another sentence
    parser.feed(" [1]\n[3] the model goes on")
    assert parser.done and parser.chosen == 2  # [3] is on the next line
    assert ChoiceParser(OFFER).done is False
    three = ChoiceParser(OFFER)
    three.feed("[1] [2] [3] ")
    assert three.done


def test_the_listing_numbers_sentences_best_first_and_the_prompt_shows_it() -> None:
    listing = numbered_sentences(OFFER)
    assert listing == "[1] The victim must prove it.\n[2] The court met.\n[3] Third one."
    template = load_prompt("answer_numbered")
    assert template.placeholders == NUMBERED_FIELDS
    messages = template.messages(sentences=listing, question="who?", refusal=REFUSAL)
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert REFUSAL in messages[0]["content"]
    # The question first, the listing after it, and the request for a number last:
    # SmolLM2-135M, shown the listing first, went on numbering it ("[7] ...") in 5 of 47
    # seed questions, and wrote its own answer with no number in 2 more.
    last = messages[-1]["content"]
    assert last.startswith("Question: who?\n")
    assert last.index("who?") < last.index(listing)
    assert last.endswith("Reply with its number.")


# -- a fake server that answers by number -------------------------------------------


def listed(body: dict[str, Any]) -> dict[int, str]:
    """The sentences the last user message lists, by number."""
    return {int(k): text for k, text in _LISTED.findall(body["messages"][-1]["content"])}


def number_of(body: dict[str, Any], start: str) -> int:
    [k] = [k for k, text in listed(body).items() if text.startswith(start)]
    return k


def answers_by_number(body: dict[str, Any]) -> Reply:
    """A server without structured output whose model names the listed sentence that
    states the burden of proof (and one that names no listed sentence)."""
    assert "response_format" not in body
    return Reply(pieces(f"Sentence [{number_of(body, CLAIM[:40])}] answers it. [42]", 5))


async def test_plain_text_answers_are_the_listed_sentences_verbatim(fake_llm: FakeLLM,
                                                                    index_dir: Path) -> None:
    fake_llm.judge = answers_by_number
    settings = llm_settings(index_dir, fake_llm.base_url, retries=0, structured="off")
    async with llm_service(settings) as service:
        events = [e async for e in service.ask_stream(Question(BURDEN, k=3, mode="llm"))]
    done: Answer = events[-1].data
    assert done.mode == "llm" and not done.refused, done.warnings
    body = fake_llm.requests[0]["body"]
    said = listed(body)[number_of(body, CLAIM[:40])]
    [n] = [c.n for c in done.citations]
    assert said in " ".join(done.passages[n - 1].text.split())
    # The sentence as its passage says it, cited; the model's own words are not shown.
    assert done.answer == f"{said} [{n}]" and done.unsupported == []
    assert [e.data for e in events if e.name == "delta"] == [done.answer]
    assert done.dropped_markers == 1 and any("named no sentence" in w for w in done.warnings)
    # The same sentences the quote schema offers, best first: the claim leads.
    assert number_of(body, CLAIM[:40]) == 1
    assert len(listed(body)) == settings.llm.quote_sentences


async def test_the_reply_is_not_read_past_its_first_line_of_numbers(fake_llm: FakeLLM,
                                                                    index_dir: Path) -> None:
    # SmolLM2-135M writes "[1] <its own words>" and goes on listing: the first line
    # chooses, and the stream is closed there (the server stops generating).
    fake_llm.judge = lambda body: Reply(["[1] The law of", " the victim.\n[2] More", " [3]"])
    settings = llm_settings(index_dir, fake_llm.base_url, retries=0, structured="off")
    async with llm_service(settings) as service:
        answer = await service.ask(Question(BURDEN, k=3, mode="llm"))
    assert len(answer_sentences(answer.answer)) == 1
    assert answer.answer.startswith(CLAIM[:-1]) and answer.unsupported == []


async def test_a_server_that_rejects_the_schema_is_asked_by_number(fake_llm: FakeLLM,
                                                                   index_dir: Path) -> None:
    def judge(body: dict[str, Any]) -> Reply:
        schema = {"response_format", "guided_json"} & set(body)
        return REJECTIONS["openai 400"] if schema else answers_by_number(body)
    fake_llm.judge = judge
    async with llm_service(llm_settings(index_dir, fake_llm.base_url, retries=0)) as service:
        answer = await service.ask(Question(BURDEN, k=3, mode="llm"))
    assert answer.mode == "llm" and answer.answer.startswith(CLAIM[:-1])
    assert answer.unsupported == [] and answer.citations
    assert listed(fake_llm.requests[-1]["body"])


async def test_a_reply_without_numbers_is_the_models_own_text(fake_llm: FakeLLM,
                                                              index_dir: Path) -> None:
    fake_llm.script = [Reply(pieces(f"{CLAIM} {NONSENSE}"))]
    settings = llm_settings(index_dir, fake_llm.base_url, retries=0, structured="off")
    async with llm_service(settings) as service:
        answer = await service.ask(Question(BURDEN, k=3, mode="llm"))
    assert answer.mode == "llm" and answer.answer.startswith(CLAIM)
    # Attributed after the fact: the claim gets its passage's marker, the nonsense is
    # returned marked unsupported.
    assert [answer.answer[s:e] for s, e in answer.unsupported] == [NONSENSE]
    assert MARKER.search(answer.answer[:answer.answer.index(NONSENSE)])


async def test_quote_sentences_0_asks_for_the_models_own_sentences(fake_llm: FakeLLM,
                                                                   index_dir: Path) -> None:
    fake_llm.judge = server_of("none", REJECTIONS["openai 400"])
    settings = llm_settings(index_dir, fake_llm.base_url, retries=0, structured="off",
                            quote_sentences=0)
    async with llm_service(settings) as service:
        answer = await service.ask(Question(BURDEN, k=3, mode="llm"))
    assert answer.answer.startswith(CLAIM)
    assert "<source" in fake_llm.requests[0]["body"]["messages"][-1]["content"]
    assert not listed(fake_llm.requests[0]["body"])


# -- the real server -------------------------------------------------------------------


@pytest.mark.llm
async def test_the_real_model_answers_plain_text_by_number_or_in_its_own_words(
        llm_server: LlamaServer, index_dir: Path) -> None:
    # llama-cpp-python takes the numbered prompt (with its worked example's assistant
    # turn). SmolLM2-135M names a listed sentence for most seed questions (12 of 14 in
    # the trial of the prompt) but not for every one: a named sentence is shown as its
    # passage says it, and anything else is its own text, attributed or marked unsupported.
    settings = llm_settings(index_dir, llm_server.base_url, structured="off")
    async with llm_service(settings) as service:
        events = [e async for e in service.ask_stream(Question(BURDEN, k=3, mode="llm"))]
    answer: Answer = events[-1].data
    assert answer.mode == "llm" and not answer.refused, answer.warnings
    spans = answer_sentences(answer.answer)
    assert spans and set(answer.unsupported) <= set(spans)
    said = [" ".join(p.text.split()) for p in answer.passages]
    for start, end in spans:
        sentence = answer.answer[start:end]
        markers = [int(n) for n in MARKER.findall(sentence)]
        assert markers or (start, end) in answer.unsupported, sentence
        text = MARKER.sub("", sentence).strip()
        if any(text in s for s in said):  # a chosen sentence: cited by its own passage
            assert any(text in said[n - 1] for n in markers), sentence
    deltas = [e.data for e in events if e.name == "delta"]
    assert MARKER.sub("", "".join(deltas)).split() == MARKER.sub("", answer.answer).split()
