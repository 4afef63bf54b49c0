"""Checking a model's answer against its numbered passages, with plain values."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.answering.base import REFUSAL
from qa.answering.llm import (
    MarkerFilter,
    check_answer,
    clean_standalone,
    format_history,
    is_refusal,
    quote_sources,
    quoted_phrases,
)
from qa.citations import MARKER, check_citations
from qa.llm_client import LLMUnavailable
from qa.models import Hit, Turn

PASSAGES = [
    Hit(7, "case", "The case", "The procuratorate sued the company.", 40, 75, 0.9),
    Hit(3, "law", "Civil Procedure Law",
        "the victim generally needs to provide evidence to prove the facts", 300, 365, 0.8),
    Hit(9, "case", "The case", "The court ordered an apology in national media.", 500, 548, 0.7),
]


def test_valid_markers_become_citations_of_whole_passages() -> None:
    draft = check_answer("The Civil Procedure Law [2]. The court agreed [3][2].", PASSAGES)
    assert draft.answer == "The Civil Procedure Law [2]. The court agreed [3][2]."
    assert not draft.refused and draft.dropped_markers == 0 and draft.warnings == []
    assert [(c.n, c.doc_id, c.start, c.end) for c in draft.citations] == [
        (2, "law", 300, 365), (3, "case", 500, 548)]
    assert draft.citations[0].quote == PASSAGES[1].text
    check_citations(draft.citations, PASSAGES)  # exact spans of retrieved passages


def test_markers_pointing_to_no_passage_are_dropped_and_counted() -> None:
    draft = check_answer("It was sued [1] [4]. Also [0] and [12].", PASSAGES)
    assert draft.answer == "It was sued [1]. Also and."
    assert draft.dropped_markers == 3
    assert [c.n for c in draft.citations] == [1]
    assert any("3 citation markers" in w for w in draft.warnings)


def test_every_marker_left_in_the_answer_has_its_citation() -> None:
    draft = check_answer("A [3]. B [5]. C [1].", PASSAGES)
    assert sorted(set(map(int, MARKER.findall(draft.answer)))) == [c.n for c in draft.citations]


def test_an_answer_without_valid_markers_has_no_citations() -> None:
    draft = check_answer("The company was sued [8].", PASSAGES)
    assert draft.citations == [] and not draft.refused and draft.dropped_markers == 1


@pytest.mark.parametrize("raw", [REFUSAL, f"  {REFUSAL.upper()} ", f"{REFUSAL} [2]",
                                 f"I am sorry. {REFUSAL}"])
def test_the_refusal_sentence_is_a_refusal_without_citations(raw: str) -> None:
    draft = check_answer(raw, PASSAGES)
    assert draft.refused and draft.answer == REFUSAL and draft.citations == []


def test_refusal_sentence_beside_a_cited_answer_is_an_answer() -> None:
    draft = check_answer(f"The procuratorate sued [1]. Otherwise {REFUSAL}", PASSAGES)
    assert not draft.refused and [c.n for c in draft.citations] == [1]
    assert is_refusal(REFUSAL) and not is_refusal("The sources say.")


@pytest.mark.parametrize("raw", ["", "   ", "[1]", " [2] [9] "])
def test_an_answer_without_words_is_garbage(raw: str) -> None:
    with pytest.raises(LLMUnavailable, match="no words"):
        check_answer(raw, PASSAGES)


def test_a_quote_found_in_its_cited_passage_passes() -> None:
    draft = check_answer('The victim must "provide evidence to prove  the facts" [2].',
                         PASSAGES)
    assert draft.warnings == []


def test_a_quote_missing_from_its_cited_passage_is_flagged() -> None:
    draft = check_answer('The court said "the burden is reversed" [2]. It sued [1].', PASSAGES)
    assert draft.warnings == ['the quoted phrase "the burden is reversed" is not in the '
                              "cited source ([2])"]


def test_a_quote_is_checked_against_its_own_sentence_citation() -> None:
    # In passage 1, but the sentence cites passage 3.
    draft = check_answer('It was "The procuratorate sued" [3]. Later [1].', PASSAGES)
    assert len(draft.warnings) == 1 and "([3])" in draft.warnings[0]


def test_chinese_quotes_are_checked() -> None:
    passages = [Hit(1, "zh", "案", "被告应当公开赔礼道歉。", 0, 11, 1.0)]
    assert check_answer("被告须「公开赔礼道歉」[1]。", passages).warnings == []
    assert check_answer("被告须“赔偿一百万元”[1]。", passages).warnings


def test_quote_sources_prefers_markers_after_the_quote_in_its_sentence() -> None:
    answer = 'First [1]. He said "x. y" and more [3] [2]. Then [1].'
    ((start, end, phrase),) = quoted_phrases(answer)
    assert phrase == "x. y"
    assert quote_sources(answer, start, end) == [3, 2]
    answer = 'See [2] "quoted words". Next [3].'
    ((start, end, _),) = quoted_phrases(answer)
    assert quote_sources(answer, start, end) == [2]
    answer = '"quoted words" stands alone. Elsewhere [3].'
    ((start, end, _),) = quoted_phrases(answer)
    assert quote_sources(answer, start, end) == [3]


def test_marker_filter_drops_invalid_markers_split_across_pieces() -> None:
    shield = MarkerFilter(3)
    pieces = ["Sued [", "1", "] and [1", "2] [", "3]. [", "x] [7"]
    out = "".join(shield.feed(p) for p in pieces) + shield.flush()
    assert out == "Sued [1] and  [3]. [x] [7"
    assert shield.dropped == 1


@given(st.lists(st.sampled_from(["[", "]", "1", "2", "9", "12", "[3]", "[40]", "a", " ", "."]),
                max_size=40),
       st.lists(st.integers(min_value=0, max_value=60), max_size=10))
def test_marker_filter_equals_filtering_the_whole_text(tokens: list[str],
                                                       cuts: list[int]) -> None:
    text = "".join(tokens)
    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    pieces = [text[a:b] for a, b in itertools.pairwise(bounds)]
    shield = MarkerFilter(3)
    streamed = "".join(shield.feed(p) for p in pieces) + shield.flush()
    expected = MARKER.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= 3 else "", text)
    assert streamed == expected


def test_history_and_standalone_question_cleanup() -> None:
    turns = [Turn("user", "Who sued\nthe company?"), Turn("assistant", "The procuratorate [1].")]
    assert format_history(turns) == ("User: Who sued the company?\n"
                                     "Assistant: The procuratorate [1].")
    assert clean_standalone('Standalone question: "What remedies were sought?"\nMore') == \
        "What remedies were sought?"
    assert clean_standalone("\n  问题：法院支持了哪些请求？") == "法院支持了哪些请求？"
    assert clean_standalone("  \n ") == ""
