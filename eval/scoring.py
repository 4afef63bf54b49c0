"""Per-question scores and their averages: pure functions over spans, answers and timings.

Each question gets every metric that applies to it and ``None`` for the rest, so an
average is taken over exactly the questions a metric is defined for (its ``n`` is kept
beside it): ranking metrics over answerable questions, evidence metrics over questions
with evidence spans, refusal metrics over all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eval.metrics import (
    DocSpan,
    binary_relevances,
    citation_support_rate,
    doc_hit_at,
    evidence_char_precision,
    evidence_char_recall,
    evidence_coverage,
    exact_match,
    item_recall,
    merge_spans,
    mrr,
    ndcg_at,
    percentile,
    refusal_precision_recall,
    token_f1,
    token_recall,
)

#: Recall curves run from k = 1 to this, from prefixes of one retrieval per question.
CURVE_DEPTH = 20
_MARKER = re.compile(r"\s*\[\d{1,3}\]")

Scores = dict[str, float | None]


@dataclass(frozen=True)
class Outcome:
    """What the service did for one question, reduced to what the metrics need."""

    retrieved: list[DocSpan]  # ranked, at least CURVE_DEPTH deep when the index allows
    answer: str | None  # None when answers were not asked for
    refused: bool
    citations: list[DocSpan]


def question_names(k: int) -> list[str]:
    """The metrics of one question (``@k`` spelled with the run's k)."""
    return list(dict.fromkeys([
        "doc_hit@1", "doc_hit@5", f"doc_hit@{k}", "mrr", f"ndcg@{k}",
        f"evidence_recall@{k}", f"evidence_precision@{k}",
        "exact_match", "token_f1", "answer_recall", "item_recall", "citation_support",
        "evidence_coverage",
        "refused", "refusal_correct",
    ]))


def headline_names(k: int) -> list[str]:
    """The metrics of a run, in report order."""
    per_question = [n for n in question_names(k) if n not in ("refused", "refusal_correct")]
    at = per_question.index("citation_support")
    return [*per_question[:at], "refusal_precision", "refusal_recall", *per_question[at:],
            "latency_p50_ms", "latency_p95_ms", "index_build_s", "index_last_build_s"]


def answer_text(answer: str) -> str:
    """The answer without its ``[n]`` citation markers, as it is compared to gold answers."""
    return _MARKER.sub("", answer).strip()


def _retrieval_scores(doc_id: str, gold: list[DocSpan], ranked: list[DocSpan],
                      k: int) -> Scores:
    doc_ids = [d for d, _, _ in ranked]
    scores: Scores = {f"doc_hit@{n}": doc_hit_at(doc_ids, doc_id, n) for n in (1, 5, k)}
    scores["mrr"] = mrr(doc_ids, doc_id)
    relevances = binary_relevances(ranked, gold, doc_id)
    scores[f"ndcg@{k}"] = ndcg_at(relevances, k)
    if gold:
        scores[f"evidence_recall@{k}"] = evidence_char_recall(ranked[:k], gold)
        scores[f"evidence_precision@{k}"] = evidence_char_precision(ranked[:k], gold)
    return scores


def _answer_scores(golds: Sequence[str], gold: list[DocSpan], outcome: Outcome) -> Scores:
    assert outcome.answer is not None
    predicted = "" if outcome.refused else answer_text(outcome.answer)
    scores: Scores = {
        "exact_match": exact_match(predicted, golds),
        "token_f1": token_f1(predicted, golds),
        "answer_recall": token_recall(predicted, golds),
        "item_recall": item_recall(predicted, golds),
    }
    if gold:
        scores["evidence_coverage"] = evidence_coverage(outcome.citations, gold)
        if not outcome.refused:
            scores["citation_support"] = citation_support_rate(outcome.citations, gold)
    return scores


def score_question(doc_id: str, golds: Sequence[str], evidence: Sequence[DocSpan],
                   outcome: Outcome, k: int) -> Scores:
    """Every metric of one question; ``None`` where a metric does not apply to it."""
    gold = merge_spans(evidence)
    scores: Scores = dict.fromkeys(question_names(k))
    if golds:
        scores.update(_retrieval_scores(doc_id, gold, outcome.retrieved, k))
    if outcome.answer is not None:
        scores["refused"] = float(outcome.refused)
        scores["refusal_correct"] = float(outcome.refused == (not golds))
        if golds:
            scores.update(_answer_scores(golds, gold, outcome))
    return scores


def curves(doc_id: str, evidence: Sequence[DocSpan], ranked: list[DocSpan],
           depth: int = CURVE_DEPTH) -> dict[str, list[float]]:
    """Doc hit and evidence recall/precision at k = 1..depth, from prefixes of one ranking."""
    doc_ids = [d for d, _, _ in ranked]
    gold = merge_spans(evidence)
    out = {"doc_hit": [doc_hit_at(doc_ids, doc_id, k) for k in range(1, depth + 1)]}
    if gold:
        out["evidence_recall"] = [evidence_char_recall(ranked[:k], gold)
                                  for k in range(1, depth + 1)]
        out["evidence_precision"] = [evidence_char_precision(ranked[:k], gold)
                                     for k in range(1, depth + 1)]
    return out


def mean(values: Iterable[float | None]) -> tuple[float | None, int]:
    """The mean of the values that are not None, and how many there were."""
    present = [v for v in values if v is not None]
    return (sum(present) / len(present) if present else None), len(present)


def average(records: Sequence[Mapping[str, Any]], names: Iterable[str]
            ) -> tuple[dict[str, float | None], dict[str, int]]:
    """Means of per-question metrics (``record["metrics"]``) and their counts."""
    values: dict[str, float | None] = {}
    counts: dict[str, int] = {}
    for name in names:
        values[name], counts[name] = mean(r["metrics"].get(name) for r in records)
    return values, counts


def refusal_scores(records: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    """Refusal precision and recall over the questions that were answered at all."""
    pairs = [(bool(r["metrics"]["refused"]), not r["gold_answers"])
             for r in records if r["metrics"].get("refused") is not None]
    if not pairs:
        return {"refusal_precision": None, "refusal_recall": None}
    precision, recall = refusal_precision_recall(pairs)
    return {"refusal_precision": precision, "refusal_recall": recall}


def latency(values_ms: Sequence[float]) -> dict[str, float | None]:
    """p50, p95 and max of per-question latencies in milliseconds."""
    if not values_ms:
        return {"latency_p50_ms": None, "latency_p95_ms": None, "latency_max_ms": None}
    return {"latency_p50_ms": percentile(values_ms, 50),
            "latency_p95_ms": percentile(values_ms, 95),
            "latency_max_ms": max(values_ms)}


def mean_curves(records: Sequence[Mapping[str, Any]]) -> dict[str, list[float]]:
    """Per-k means of the per-question curves, each over the questions that have it."""
    out: dict[str, list[float]] = {}
    for name in ("doc_hit", "evidence_recall", "evidence_precision"):
        rows = [r["curves"][name] for r in records if name in r.get("curves", {})]
        if rows:
            out[name] = [sum(col) / len(rows) for col in zip(*rows, strict=True)]
    return out


def question_score(metrics: Mapping[str, float | None], k: int) -> float | None:
    """One number per question to rank the worst and compare runs.

    Answerable: the mean of evidence recall@k, token F1 and answer recall (those present);
    unanswerable: 1 if refused, else 0.
    """
    if metrics.get("exact_match") is None and metrics.get(f"doc_hit@{k}") is None:
        return metrics.get("refusal_correct")
    parts = [metrics.get(f"evidence_recall@{k}"), metrics.get("token_f1"),
             metrics.get("answer_recall")]
    return mean(parts)[0]


FAILURES = {
    "answered_unanswerable": "answered a question the corpus cannot answer",
    "doc_missed": "no chunk of the gold document in the first k",
    "evidence_missed": "gold document retrieved, but none of its evidence in the first k",
    "refused_with_evidence": "refused although gold evidence was retrieved",
    "answer_missed": "answered, but with under half of the gold answer's tokens",
}


def failure(metrics: Mapping[str, float | None], k: int, answerable: bool) -> str | None:
    """What went wrong first for a question (a key of FAILURES), or None."""
    if not answerable:
        return "answered_unanswerable" if metrics.get("refused") == 0.0 else None
    if metrics.get(f"doc_hit@{k}") == 0.0:
        return "doc_missed"
    if metrics.get(f"evidence_recall@{k}") == 0.0:
        return "evidence_missed"
    if metrics.get("refused") == 1.0:
        return "refused_with_evidence"
    recall = metrics.get("answer_recall")
    if recall is not None and recall < 0.5:
        return "answer_missed"
    return None
