"""Metrics on hand-made cases (expected numbers worked out by hand) and property tests."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.metrics import (
    DocSpan,
    answer_tokens,
    binary_relevances,
    citation_support_rate,
    doc_hit_at,
    evidence_char_precision,
    evidence_char_recall,
    evidence_coverage,
    exact_match,
    find_evidence_spans,
    is_cjk,
    merge_spans,
    mrr,
    ndcg_at,
    normalize_answer,
    percentile,
    refusal_precision_recall,
    span_overlap,
    token_f1,
)

# --- answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The Civil Procedure Law!", "civil procedure law"),
        ("  A  quick, brown-fox ", "quick brownfox"),
        ("an apple and THE pear", "apple and pear"),
        ("Theory", "theory"),
        ("", ""),
    ],
)
def test_normalize_answer(raw: str, expected: str) -> None:
    assert normalize_answer(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("民事诉讼法", True), ("Law 法", True), ("カメラ", True), ("Civil", False), ("。，", False)],
)
def test_is_cjk(text: str, expected: bool) -> None:
    assert is_cjk(text) is expected


def test_answer_tokens_english_words_and_cjk_characters() -> None:
    assert answer_tokens("The Civil Procedure Law.") == ["civil", "procedure", "law"]
    assert answer_tokens("民事 诉讼法。") == ["民", "事", "诉", "讼", "法"]
    assert answer_tokens("根据Law，") == ["根", "据", "l", "a", "w"]


def test_exact_match() -> None:
    golds = ["Criminal Law", "Civil Procedure Law"]
    assert exact_match("the Civil Procedure Law.", golds) == 1.0
    assert exact_match("Civil Law", golds) == 0.0
    assert exact_match("东南大学。", ["东南 大学"]) == 1.0
    assert exact_match("anything", []) == 0.0


def test_token_f1_takes_best_gold() -> None:
    # pred has 5 tokens, 3 shared with the second gold: P = 3/5, R = 1, F1 = 0.75;
    # the first gold shares only "law": P = 1/5, R = 1/2, F1 = 2/7.
    golds = ["Criminal Law", "Civil Procedure Law"]
    assert token_f1("Civil Procedure Law of China", golds) == pytest.approx(0.75)
    assert token_f1("Civil Procedure Law of China", golds[:1]) == pytest.approx(2 / 7)


def test_token_f1_cjk_counts_characters() -> None:
    # 7 predicted characters, 4 gold, 4 shared: P = 4/7, R = 1, F1 = 8/11.
    assert token_f1("东南大学法学院", ["东南大学"]) == pytest.approx(8 / 11)


def test_token_f1_edge_cases() -> None:
    assert token_f1("the", ["a"]) == 1.0  # both empty after normalization
    assert token_f1("", ["Shan Pingji"]) == 0.0
    assert token_f1("law law", ["law"]) == pytest.approx(2 / 3)  # P = 1/2, R = 1
    assert token_f1("Shan Pingji", []) == 0.0


@given(st.text(max_size=30))
def test_answer_matches_itself(text: str) -> None:
    assert exact_match(text, [text]) == 1.0
    assert token_f1(text, [text]) == 1.0


@given(st.text(max_size=30), st.lists(st.text(max_size=30), max_size=3))
def test_answer_scores_in_unit_interval(pred: str, golds: list[str]) -> None:
    assert 0.0 <= token_f1(pred, golds) <= 1.0
    assert exact_match(pred, golds) in (0.0, 1.0)
    assert exact_match(pred, golds) <= token_f1(pred, golds)


# --- spans ---------------------------------------------------------------------------


def test_span_overlap() -> None:
    assert span_overlap(("d", 0, 10), ("d", 5, 15)) == 5
    assert span_overlap(("d", 0, 10), ("d", 2, 4)) == 2
    assert span_overlap(("d", 0, 5), ("d", 5, 9)) == 0  # half-open: touching is not overlapping
    assert span_overlap(("d", 0, 10), ("e", 0, 10)) == 0


def test_merge_spans() -> None:
    spans: list[DocSpan] = [
        ("d", 5, 8),
        ("d", 0, 3),
        ("d", 2, 4),
        ("e", 0, 1),
        ("d", 8, 9),
        ("d", 7, 7),
    ]
    before = list(spans)
    assert merge_spans(spans) == [("d", 0, 4), ("d", 5, 9), ("e", 0, 1)]
    assert spans == before


@pytest.mark.parametrize("bad", [("d", 5, 3), ("d", -1, 2)])
def test_merge_spans_rejects_invalid(bad: DocSpan) -> None:
    with pytest.raises(ValueError, match="invalid span"):
        merge_spans([bad])


def test_evidence_char_recall_and_precision() -> None:
    gold: list[DocSpan] = [("d", 10, 20)]
    retrieved: list[DocSpan] = [("d", 0, 15), ("d", 12, 18), ("e", 10, 20)]
    # retrieved union: d[0,18) + e[10,20) = 28 chars, of which d[10,18) = 8 are gold.
    assert evidence_char_recall(retrieved, gold) == pytest.approx(8 / 10)
    assert evidence_char_precision(retrieved, gold) == pytest.approx(8 / 28)


def test_evidence_char_metrics_merge_overlapping_gold() -> None:
    gold: list[DocSpan] = [("d", 0, 10), ("d", 5, 15), ("d", 30, 40)]  # union: 15 + 10 chars
    retrieved: list[DocSpan] = [("d", 10, 35)]  # shares d[10,15) and d[30,35): 10 chars
    assert evidence_char_recall(retrieved, gold) == pytest.approx(10 / 25)
    assert evidence_char_precision(retrieved, gold) == pytest.approx(10 / 25)


def test_evidence_char_metrics_empty() -> None:
    assert evidence_char_recall([("d", 0, 5)], []) == 0.0
    assert evidence_char_recall([], [("d", 0, 5)]) == 0.0
    assert evidence_char_precision([], [("d", 0, 5)]) == 0.0


def test_find_evidence_spans() -> None:
    assert find_evidence_spans("abcabc", ["bc"]) == [(1, 3), (4, 6)]
    assert find_evidence_spans("abcabc", ["bc"], first_only=True) == [(1, 3)]
    assert find_evidence_spans("aaa", ["aa"]) == [(0, 2), (1, 3)]
    assert find_evidence_spans("the cat. the dog", ["dog", "the", "dog"]) == [
        (0, 3),
        (9, 12),
        (13, 16),
    ]
    assert find_evidence_spans("民事诉讼法规定", ["诉讼法"]) == [(2, 5)]


def test_find_evidence_spans_rejects_missing_and_empty() -> None:
    with pytest.raises(ValueError, match="not found verbatim"):
        find_evidence_spans("abc", ["abd"])
    with pytest.raises(ValueError, match="empty evidence"):
        find_evidence_spans("abc", [""])


_doc_spans = st.builds(
    lambda doc, start, length: (doc, start, start + length),
    st.sampled_from(["a", "b"]),
    st.integers(0, 50),
    st.integers(0, 20),
)
_span_lists = st.lists(_doc_spans, max_size=8)


def _chars(spans: list[DocSpan]) -> set[tuple[str, int]]:
    return {(doc, i) for doc, start, end in spans for i in range(start, end)}


@given(_span_lists)
def test_merge_spans_is_idempotent_disjoint_and_keeps_characters(spans: list[DocSpan]) -> None:
    merged = merge_spans(spans)
    assert merge_spans(merged) == merged
    assert _chars(merged) == _chars(spans)
    for left, right in itertools.pairwise(merged):
        assert left[0] < right[0] or left[2] < right[1]


@given(_span_lists, _span_lists)
def test_char_metrics_match_brute_force(retrieved: list[DocSpan], gold: list[DocSpan]) -> None:
    recall = evidence_char_recall(retrieved, gold)
    precision = evidence_char_precision(retrieved, gold)
    assert 0.0 <= recall <= 1.0
    assert 0.0 <= precision <= 1.0
    shared = len(_chars(retrieved) & _chars(gold))
    if _chars(gold):
        assert recall == pytest.approx(shared / len(_chars(gold)))
    if _chars(retrieved):
        assert precision == pytest.approx(shared / len(_chars(retrieved)))


@given(_span_lists, _span_lists)
def test_recall_is_one_when_retrieval_covers_gold(
    gold: list[DocSpan], extra: list[DocSpan]
) -> None:
    if _chars(gold):
        assert evidence_char_recall(gold + extra, gold) == pytest.approx(1.0)
        assert evidence_char_precision(gold, gold + extra) == pytest.approx(1.0)


@given(st.text(alphabet="ab民", max_size=20), st.lists(st.text(alphabet="ab民", min_size=1)))
def test_found_spans_quote_the_evidence(text: str, evidence: list[str]) -> None:
    present = [e for e in evidence if e in text]
    for start, end in find_evidence_spans(text, present):
        assert text[start:end] in present


# --- ranking -------------------------------------------------------------------------


def test_doc_hit_at() -> None:
    ranked = ["a", "b", "c"]
    assert doc_hit_at(ranked, "c", 2) == 0.0
    assert doc_hit_at(ranked, "c", 3) == 1.0
    assert doc_hit_at(ranked, "c", 10) == 1.0
    with pytest.raises(ValueError):
        doc_hit_at(ranked, "c", 0)


def test_mrr() -> None:
    assert mrr(["a", "b", "c", "b"], "b") == 0.5
    assert mrr(["a"], "a") == 1.0
    assert mrr(["a", "c"], "b") == 0.0


def test_ndcg_at() -> None:
    l3, l5 = math.log2(3), math.log2(5)
    # relevant at ranks 2 and 4; the ideal has them at ranks 1 and 2.
    assert ndcg_at([False, True, False, True], 4) == pytest.approx((1 / l3 + 1 / l5) / (1 + 1 / l3))
    # cut at 2: only rank 2 counts, but both relevant results are in the ideal.
    assert ndcg_at([False, True, False, True], 2) == pytest.approx((1 / l3) / (1 + 1 / l3))
    assert ndcg_at([True, True], 5) == 1.0
    assert ndcg_at([False, False], 2) == 0.0
    assert ndcg_at([True, False, True], 3, n_relevant=3) == pytest.approx(1.5 / (1 + 1 / l3 + 0.5))
    assert ndcg_at([True], 1, n_relevant=3) == 1.0


@given(st.lists(st.booleans(), max_size=12), st.integers(1, 15))
def test_ndcg_in_unit_interval(relevances: list[bool], k: int) -> None:
    assert 0.0 <= ndcg_at(relevances, k) <= 1.0 + 1e-12


def test_binary_relevances() -> None:
    retrieved: list[DocSpan] = [("d", 0, 10), ("d", 15, 30), ("e", 10, 20)]
    assert binary_relevances(retrieved, [("d", 10, 20)], "d") == [False, True, False]
    assert binary_relevances(retrieved, [], "d") == [True, True, False]


# --- refusals and citations ----------------------------------------------------------


def test_refusal_precision_recall() -> None:
    pairs = [(True, True), (True, False), (False, True), (False, False), (True, True)]
    precision, recall = refusal_precision_recall(pairs)
    assert precision == pytest.approx(2 / 3)
    assert recall == pytest.approx(2 / 3)
    assert refusal_precision_recall([(True, True), (False, True), (False, False)]) == (1.0, 0.5)


def test_refusal_precision_recall_zero_denominators() -> None:
    assert refusal_precision_recall([]) == (1.0, 1.0)
    assert refusal_precision_recall([(False, True)]) == (1.0, 0.0)  # never refuses
    assert refusal_precision_recall([(True, False)]) == (0.0, 1.0)  # nothing to refuse


def test_citation_support_and_coverage() -> None:
    gold: list[DocSpan] = [("d", 10, 20), ("d", 40, 50)]
    citations: list[DocSpan] = [("d", 15, 16), ("d", 20, 30), ("e", 10, 20), ("d", 45, 60)]
    # supported: the first and the last; d[20,30) only touches gold, e is another document.
    assert citation_support_rate(citations, gold) == 0.5
    assert evidence_coverage(citations, gold) == 1.0
    assert citation_support_rate(citations[:1], gold) == 1.0
    assert evidence_coverage(citations[:1], gold) == 0.5
    assert citation_support_rate([], gold) == 0.0
    assert evidence_coverage(citations, []) == 0.0


# --- latency -------------------------------------------------------------------------


def test_percentile() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([10.0, 20.0, 30.0, 40.0, 50.0], 95) == pytest.approx(48.0)
    assert percentile([3.0, 1.0, 2.0], 0) == 1.0
    assert percentile([3.0, 1.0, 2.0], 100) == 3.0
    assert percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=30),
    st.floats(0, 100),
)
def test_percentile_matches_numpy(values: list[float], q: float) -> None:
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)), abs=1e-6)
