"""Scoring, gold files, floors and plots on hand-made values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.errors import EvalError
from eval.floors import check_floors, lookup, read_floors
from eval.gold import GoldQuestion, evidence_spans, read_gold
from eval.metrics import token_recall
from eval.plots import bar_chart, histogram, line_chart, nice_ticks
from eval.scoring import (
    Outcome,
    answer_text,
    curves,
    failure,
    headline_names,
    question_score,
    score_question,
)

TEXT = "Alpha beta. Gamma delta epsilon. Alpha beta."


def test_token_recall() -> None:
    assert token_recall("It was the Civil Procedure Law, article 64. [1]",
                        ["Civil Procedure Law"]) == 1.0
    assert token_recall("the Civil Law", ["Civil Procedure Law"]) == pytest.approx(2 / 3)
    assert token_recall("民事诉讼法规定", ["民事诉讼法"]) == 1.0
    assert token_recall("anything", []) == 0.0


def test_answer_text_drops_citation_markers() -> None:
    assert answer_text("Shan Pingji interpreted it [1]. He teaches law [2][3].") == (
        "Shan Pingji interpreted it. He teaches law.")


def test_score_question_on_hand_made_spans() -> None:
    # Gold evidence [5, 25) of doc d. First two chunks: d[0, 10) overlaps 5 characters,
    # x[0, 5) none. Third chunk d[20, 30) overlaps 5 more but lies beyond k = 2.
    ranked = [("d", 0, 10), ("x", 0, 5), ("d", 20, 30)]
    outcome = Outcome(ranked, "Beta gamma [1]", False, [("d", 6, 9)])
    m = score_question("d", ["beta gamma"], [("d", 5, 25)], outcome, k=2)
    assert m["doc_hit@1"] == 1.0 and m["mrr"] == 1.0
    assert m["evidence_recall@2"] == pytest.approx(5 / 20)
    assert m["evidence_precision@2"] == pytest.approx(5 / 15)
    assert m["exact_match"] == 1.0 and m["token_f1"] == 1.0
    assert m["citation_support"] == 1.0 and m["evidence_coverage"] == 1.0
    assert m["refused"] == 0.0 and m["refusal_correct"] == 1.0
    assert question_score(m, 2) == pytest.approx((0.25 + 1 + 1) / 3)


def test_a_refused_answerable_question_scores_zero_answer_metrics() -> None:
    outcome = Outcome([("x", 0, 5), ("d", 0, 10)], "The sources do not say.", True, [])
    m = score_question("d", ["alpha"], [("d", 0, 5)], outcome, k=8)
    assert m["doc_hit@1"] == 0.0 and m["mrr"] == 0.5
    assert m["token_f1"] == 0.0 and m["answer_recall"] == 0.0
    assert m["citation_support"] is None  # nothing was claimed
    assert m["evidence_coverage"] == 0.0
    assert m["refusal_correct"] == 0.0


def test_unanswerable_question_has_only_refusal_metrics() -> None:
    m = score_question("d", [], [], Outcome([("d", 0, 5)], "x", True, []), k=8)
    assert m["refusal_correct"] == 1.0 and question_score(m, 8) == 1.0
    assert all(m[n] is None for n in ("doc_hit@1", "mrr", "token_f1", "evidence_recall@8"))
    without_answers = score_question("d", [], [], Outcome([], None, False, []), k=8)
    assert question_score(without_answers, 8) is None


def test_curves_grow_with_k() -> None:
    c = curves("d", [("d", 5, 25)], [("d", 0, 10), ("x", 0, 5), ("d", 20, 30)], depth=4)
    assert c["doc_hit"] == [1.0, 1.0, 1.0, 1.0]
    assert c["evidence_recall"] == [0.25, 0.25, 0.5, 0.5]
    assert c["evidence_precision"][0] == 0.5


def test_headline_names_spell_k() -> None:
    names = headline_names(8)
    assert "evidence_recall@8" in names and "doc_hit@8" in names
    assert len(headline_names(5)) == len(set(headline_names(5)))


def _question(evidence: tuple[str, ...], offsets: object = None) -> GoldQuestion:
    meta = {} if offsets is None else {"evidence_offsets": offsets}
    return GoldQuestion("q", "?", ("a",), "d", evidence, meta)


def test_evidence_spans_search_every_occurrence() -> None:
    spans, source = evidence_spans(_question(("Alpha beta.",)), TEXT)
    assert spans == [(0, 11), (33, 44)] and source == "search"


def test_evidence_spans_prefer_checked_annotated_offsets() -> None:
    spans, source = evidence_spans(_question(("Alpha beta.",), [[33, 44]]), TEXT)
    assert spans == [(33, 44)] and source == "offsets"
    # Offsets that do not quote the evidence are ignored, not trusted.
    spans, source = evidence_spans(_question(("Alpha beta.",), [[1, 12]]), TEXT)
    assert source == "search" and len(spans) == 2


def test_evidence_spans_reject_missing_evidence() -> None:
    with pytest.raises(EvalError, match="verbatim"):
        evidence_spans(_question(("Omega",)), TEXT)


def test_read_gold_checks_lines(tmp_path: Path) -> None:
    good = {"qid": "a", "question": "Q?", "answers": [], "doc_id": "d", "evidence": []}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(good) + "\n\n" + json.dumps({**good, "qid": "b"}) + "\n")
    questions = read_gold(path)
    assert [q.qid for q in questions] == ["a", "b"]
    assert questions[0].answer_type == "unanswerable" and questions[0].lang == "en"
    assert len(read_gold(path, limit=1)) == 1
    path.write_text(json.dumps(good) + "\n" + json.dumps(good) + "\n")
    with pytest.raises(EvalError, match=r"gold.jsonl:2: qid 'a' is used twice"):
        read_gold(path)
    path.write_text(json.dumps({"qid": "a", "question": "Q?"}) + "\n")
    with pytest.raises(EvalError, match="missing field"):
        read_gold(path)
    path.write_text(json.dumps({**good, "answers": "yes"}) + "\n")
    with pytest.raises(EvalError, match="answers must be a list"):
        read_gold(path)


def test_check_floors_names_each_breach() -> None:
    metrics: dict[str, float | None] = {"mrr": 0.8, "token_f1": 0.2, "refusal_recall": None}
    floors = {"mrr": 0.75, "token_f1": 0.25, "refusal_recall": 0.1, "nope": 0.0}
    breaches = check_floors(metrics, floors)
    assert [b.metric for b in breaches] == ["token_f1", "refusal_recall", "nope"]
    assert str(breaches[0]) == "token_f1: 0.2000 < floor 0.2500"
    assert "not measured" in str(breaches[1])


def test_floors_can_name_points_of_the_curves() -> None:
    curves_ = {"evidence_recall": [0.5, 0.75, 1.0]}
    assert lookup("evidence_recall@2", {}, curves_) == 0.75
    assert lookup("evidence_recall@4", {}, curves_) is None
    assert check_floors({}, {"evidence_recall@3": 0.9}, curves_) == []


def test_read_floors(tmp_path: Path) -> None:
    path = tmp_path / "floors.json"
    path.write_text('{"floors": {"mrr": 0.5}, "note": "seed set"}')
    assert read_floors(path) == {"mrr": 0.5}
    path.write_text('{"mrr": 0.5}')
    with pytest.raises(EvalError, match="expected"):
        read_floors(path)


def test_nice_ticks_cover_the_range() -> None:
    assert nice_ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    ticks = nice_ticks(0, 43, 4)
    assert ticks[0] == 0 and ticks[-1] >= 43
    assert nice_ticks(0, 0)[-1] > 0


def test_charts_are_inline_svg() -> None:
    line = line_chart([1, 2, 3], {"recall": [0.1, 0.5, 0.9]}, title="R", x_label="k",
                      y_label="mean", mark_x=2)
    assert line.startswith("<svg") and line.count("<circle") == 3 and "<polyline" in line
    hist = histogram([10.0, 12.0, 95.0], title="L", x_label="ms", marks={"p50": 12.0})
    assert hist.count("<rect") == 2 and "p50 12" in hist
    assert "<rect" not in histogram([], title="E", x_label="ms")
    bars = bar_chart(["a & b", "c"], {"F1": [0.5, None], "recall": [0.0, 1.0]},
                     title="T", y_label="mean")
    assert "a &amp; b" in bars
    assert bars.count("<rect") == 2 + 3  # legend squares, and no bar for None


@pytest.mark.parametrize(
    ("metrics", "answerable", "expected"),
    [
        ({"refused": 0.0}, False, "answered_unanswerable"),
        ({"refused": 1.0}, False, None),
        ({"doc_hit@8": 0.0, "evidence_recall@8": 0.0, "refused": 1.0}, True, "doc_missed"),
        ({"doc_hit@8": 1.0, "evidence_recall@8": 0.0, "refused": 1.0}, True,
         "evidence_missed"),
        ({"doc_hit@8": 1.0, "evidence_recall@8": 0.4, "refused": 1.0}, True,
         "refused_with_evidence"),
        ({"doc_hit@8": 1.0, "evidence_recall@8": 1.0, "refused": 0.0, "answer_recall": 0.2},
         True, "answer_missed"),
        ({"doc_hit@8": 1.0, "evidence_recall@8": 1.0, "refused": 0.0, "answer_recall": 0.5},
         True, None),
        ({"doc_hit@8": 1.0, "evidence_recall@8": None, "refused": None}, True, None),
    ],
)
def test_failure_names_the_first_thing_that_went_wrong(
        metrics: dict[str, float | None], answerable: bool, expected: str | None) -> None:
    assert failure(metrics, 8, answerable) == expected
