"""Pure parts of structured answers and attribution: the schema, the streaming JSON
parser, the dialect memory, and sentence-to-passage attribution with the real model."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.embedding import Embedder
from qa.answering.attribution import Attributor, answer_sentences
from qa.answering.llm import DialectMemory, render
from qa.answering.structured import (
    NotStructured,
    Sentence,
    SentenceParser,
    answer_schema,
    dialect_fields,
    offered,
    quote_schema,
)
from qa.models import Hit

REPLY = {"sentences": [{"text": "The law says \"x\" [1].", "sources": [1, 3]},
                       {"text": "Second  one.", "sources": [2]}]}
EXPECTED = [Sentence('The law says "x" [1].', (1, 3)), Sentence("Second one.", (2,))]


def feed_all(parts: list[str]) -> list[Sentence]:
    parser = SentenceParser()
    out = [s for part in parts for s in parser.feed(part)]
    parser.close()
    return out


@given(st.lists(st.integers(min_value=1, max_value=len(json.dumps(REPLY)) - 1), max_size=12))
def test_sentences_come_out_whole_wherever_the_pieces_split(cuts: list[int]) -> None:
    text = json.dumps(REPLY, indent=1)
    bounds = [0, *sorted(set(cuts)), len(text)]
    assert feed_all([text[a:b] for a, b in itertools.pairwise(bounds)]) == EXPECTED


def test_each_sentence_is_returned_as_soon_as_its_object_closes() -> None:
    text = json.dumps(REPLY)
    parser = SentenceParser()
    first_end = text.index("}") + 1
    assert parser.feed(text[:first_end - 1]) == []
    assert parser.feed(text[first_end - 1:first_end]) == EXPECTED[:1]
    assert parser.feed(text[first_end:]) == EXPECTED[1:]


@pytest.mark.parametrize("text", ["The law is [1].", "Sure! Here is", '{"answer": "x"}'])
def test_text_that_is_not_the_answer_json_is_not_structured(text: str) -> None:
    with pytest.raises(NotStructured):
        SentenceParser().feed(text)


def test_a_reply_cut_off_mid_json_is_incomplete() -> None:
    parser = SentenceParser()
    assert parser.feed('{"sentences": [{"text": "A.", "sources": [1]}, {"te') == [
        Sentence("A.", (1,))]
    with pytest.raises(NotStructured, match="incomplete"):
        parser.close()


def test_schema_limits_sources_to_the_passage_numbers() -> None:
    item = answer_schema(3)["properties"]["sentences"]["items"]
    assert item["properties"]["sources"]["items"]["enum"] == [1, 2, 3]
    # Sources first: a grammar-constrained model picks its passage before it writes.
    assert list(item["properties"]) == item["required"] == ["sources", "text"]
    assert answer_schema(3)["properties"]["sentences"]["maxItems"] == 3


def test_quote_schema_offers_each_passage_only_its_own_sentences() -> None:
    schema = quote_schema([['The "X" rule.', "Second  one."], [], ["Third."]], "No.")
    answers, refusal = schema["properties"]["sentences"]["anyOf"]
    assert answers["maxItems"] == 3
    choices = answers["items"]["anyOf"]
    # Passage 2 offers nothing, so no sentence may cite it.
    assert [c["properties"]["sources"]["items"]["const"] for c in choices] == [1, 3]
    assert [c["properties"]["text"]["enum"] for c in choices] == [
        ["The 'X' rule.", "Second one."], ["Third."]]
    assert all(list(c["properties"]) == c["required"] == ["sources", "text"]
               for c in choices)
    assert refusal["maxItems"] == 1 and refusal["items"]["properties"] == {
        "sources": {"const": []}, "text": {"const": "No."}}


def test_offered_quotes_hold_no_character_a_grammar_must_escape() -> None:
    assert offered('He said "stop"\\n  now.') == "He said 'stop'/n now."


def test_dialect_fields() -> None:
    schema = answer_schema(2)
    assert dialect_fields("json_schema", schema)["response_format"]["json_schema"][
        "schema"] is schema
    assert dialect_fields("json_object", schema) == {
        "response_format": {"type": "json_object", "schema": schema}}
    assert dialect_fields("guided_json", schema) == {"guided_json": schema}
    assert dialect_fields("format", schema) == {"format": schema}
    with pytest.raises(ValueError, match="unknown"):
        dialect_fields("xml", schema)  # type: ignore[arg-type]


def test_render_puts_the_sources_after_the_words() -> None:
    assert render(EXPECTED[0]) == 'The law says "x". [1][3]'
    assert render(Sentence("No sources.", ())) == "No sources."


def test_dialect_memory_is_per_server_and_prefers_what_worked() -> None:
    memory = DialectMemory()
    wanted = ("json_schema", "json_object", "guided_json")
    memory.record("a", ["json_schema"], "json_object")
    assert memory.plan("a", wanted) == ["json_object"]
    assert memory.plan("b", wanted) == list(wanted)
    memory.record("a", ["json_object"], None)  # it stopped taking it
    assert memory.plan("a", wanted) == ["guided_json"]


def test_answer_sentences_keep_their_markers_and_skip_empty_ones() -> None:
    answer = "First claim. [1] Second claim [2]. [3]"
    assert [answer[s:e] for s, e in answer_sentences(answer)] == [
        "First claim. [1]", "Second claim [2]. [3]"]


PASSAGES = [
    Hit(1, "d", "D", "The court met in May 2020 in Guangzhou. The weather was fine.", 0, 62, 1.0),
    Hit(2, "d", "D", "The victim must prove the infringement under the Civil Procedure Law.",
        62, 132, 0.9),
]


def test_attribution_cites_supporting_passages_and_marks_the_rest(embedder: Embedder) -> None:
    attributor = Attributor(embedder, 0.45)
    answer = ("Under the Civil Procedure Law the victim must prove the infringement. "
              "Bananas are yellow. The court met in May 2020. [2]")
    found = attributor.attribute(answer, PASSAGES)
    assert found.answer == ("Under the Civil Procedure Law the victim must prove the "
                            "infringement. [2] Bananas are yellow. The court met in May "
                            "2020. [1]")
    assert [found.answer[s:e] for s, e in found.unsupported] == ["Bananas are yellow."]
    assert (found.sentences, found.cited_by_model, found.attributed, found.replaced) == (
        3, 0, 2, 1)


def test_a_marker_that_supports_its_sentence_is_kept(embedder: Embedder) -> None:
    found = Attributor(embedder, 0.45).attribute("The court met in May 2020 [1].", PASSAGES)
    assert found.answer == "The court met in May 2020 [1]."
    assert (found.cited_by_model, found.unsupported) == (1, [])


def test_support_is_lexical_only_without_an_embedder() -> None:
    table = Attributor(None, 0.45).support(["victim must prove infringement"], PASSAGES)
    assert table.shape == (1, 2) and table[0, 0] == 0.0 and table[0, 1] == pytest.approx(1.0)
