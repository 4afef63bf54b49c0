"""The Markdown report of a run, and the helpers the HTML report shares with it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.llm_metrics import report_rows
from eval.runner import Run
from eval.scoring import CURVE_DEPTH, FAILURES, headline_names

WORST = 10
CURVE_POINTS = (1, 2, 3, 5, 8, 10, 15, 20)
_DESCRIPTIONS = {
    "doc_hit@1": "a chunk of the gold document is ranked first",
    "doc_hit@5": "a chunk of the gold document is among the first 5",
    "doc_hit@k": "a chunk of the gold document is among the first k",
    "mrr": f"reciprocal rank of the first chunk of the gold document ({CURVE_DEPTH} deep)",
    "ndcg@k": "binary nDCG of the chunks that overlap gold evidence",
    "evidence_recall@k": "share of gold evidence characters inside the first k chunks",
    "evidence_precision@k": "share of the first k chunks' characters that are gold evidence",
    "exact_match": "answer equals a gold answer (SQuAD normalisation)",
    "token_f1": "token-overlap F1 with the best gold answer (characters for Chinese)",
    "answer_recall": "share of the best gold answer's tokens found in the answer",
    "refusal_precision": "share of refusals that were on unanswerable questions",
    "refusal_recall": "share of unanswerable questions that were refused",
    "citation_support": "share of an answer's citations that overlap gold evidence",
    "evidence_coverage": "share of gold evidence spans that some citation overlaps",
    "latency_p50_ms": "median time to answer one question (ask, in process)",
    "latency_p95_ms": "95th percentile time to answer one question",
    "index_build_s": "seconds this run spent building or syncing the index",
    "index_last_build_s": "seconds of the last run that embedded chunks into this index",
}


def describe(name: str) -> str:
    """What a metric measures, for report tables."""
    generic = name if name in _DESCRIPTIONS else re.sub(r"@\d+$", "@k", name)
    return _DESCRIPTIONS.get(generic, "")


def lower_is_better(name: str) -> bool:
    """Timings improve downwards; every other metric upwards."""
    return name.startswith(("latency", "index_"))


def fmt(value: Any, name: str = "") -> str:
    """A metric value for a table: 3 decimals, 1 for milliseconds and seconds, – for none."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if name.endswith("_ms") or name.endswith("_s"):
        return f"{value:.1f}"
    return f"{value:.3f}"


def headline(run: Run) -> list[tuple[str, float | None, int | None]]:
    """The report's metric rows: name, value, and how many questions it averages."""
    return [(name, run.metrics.get(name), run.counts.get(name))
            for name in headline_names(run.k)]


def worst(records: Sequence[Mapping[str, Any]], n: int = WORST) -> list[Mapping[str, Any]]:
    """The ``n`` lowest-scoring questions (see ``scoring.question_score``)."""
    scored = [r for r in records if r.get("score") is not None]
    return sorted(scored, key=lambda r: (r["score"], r["qid"]))[:n]


def overlaps_evidence(record: Mapping[str, Any], hit: Mapping[str, Any]) -> bool:
    """Whether a retrieved chunk overlaps the question's gold evidence."""
    return hit["doc_id"] == record["doc_id"] and any(
        min(hit["end"], e) > max(hit["start"], s) for s, e in record["evidence"])


def snippet(text: str, limit: int = 240) -> str:
    """One line of at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def run_line(info: Mapping[str, Any]) -> str:
    """The run's settings in one line."""
    corpus = ", ".join(info["corpus"]) or "(the index as it is)"
    parts = [f"gold `{info['gold']}`", f"corpus {corpus}", f"index `{info['index']['dir']}`",
             f"k={info['k']}", f"mode {info['mode'] or 'none (retrieval only)'}",
             f"scope {info['scope']}", f"retriever {info['retriever']}",
             f"{info['questions']} questions ({info['answerable']} answerable, "
             f"{info['unanswerable']} unanswerable)",
             f"commit {info['git_commit'] or '?'}", f"started {info['started_at']}"]
    modes = info.get("answer_modes") or {}
    if set(modes) - {info["mode"]}:  # an LLM run that fell back to extractive answers
        parts.append("answered by " + ", ".join(f"{m} {n}" for m, n in modes.items()))
    return " · ".join(parts)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
              for row in rows]
    return lines


def markdown(run: Run) -> str:
    """report.md: the metrics, recall at k, per-type scores and the worst questions."""
    info = run.info
    out = [f"# Evaluation of {Path(info['gold']).name}", "", run_line(info), ""]
    out += ["## Metrics", ""]
    out += _table(["metric", "value", "n", "what it measures"],
                  [(n, fmt(v, n), "" if c is None else str(c), describe(n))
                   for n, v, c in headline(run)])
    out += ["", f"Run time {info['seconds']:.1f} s; index: {info['index']['documents']} "
            f"documents, {info['index']['chunks']} chunks, "
            f"{info['index']['embedded']} chunks embedded in this run.", ""]
    llm_rows = report_rows(run.metrics)
    if llm_rows:
        out += ["## LLM answers", ""]
        out += _table(["metric", "value", "what it measures"],
                      [(n, fmt(v, n), text) for n, v, text in llm_rows])
        out += [""]
    out += ["## Recall at k", ""]
    ks = [k for k in CURVE_POINTS if k <= CURVE_DEPTH]
    out += _table(["k", *map(str, ks)],
                  [(name, *(fmt(values[k - 1]) for k in ks))
                   for name, values in run.curves.items()])
    out += ["", "## By answer type", ""]
    names = list(next(iter(run.by_type.values()), {}).keys())[1:]
    out += _table(["answer type", "n", *names],
                  [(t, str(row["n"]), *(fmt(row[n]) for n in names))
                   for t, row in run.by_type.items()])
    out += ["", "## What went wrong", "", "The first failure of each question, in this order:",
            ""]
    out += _table(["failure", "questions", "meaning"],
                  [(kind, str(info["failures"].get(kind, 0)), text)
                   for kind, text in FAILURES.items()])
    out += ["", f"## The {WORST} worst questions", ""]
    for i, record in enumerate(worst(run.records), start=1):
        out += _worst_markdown(i, record, run.k)
    return "\n".join(out) + "\n"


def _worst_markdown(i: int, record: Mapping[str, Any], k: int) -> list[str]:
    m = record["metrics"]
    answer = record["answer"]
    lines = [f"### {i}. {record['qid']} ({record['answer_type']}), score "
             f"{fmt(record['score'])}" + (f", {record['failure']}" if record["failure"] else ""),
             "",
             f"- question: {record['question']}",
             f"- gold: {' / '.join(record['gold_answers']) or '(unanswerable)'}",
             f"- answer: {'(not asked)' if answer is None else snippet(answer['text'], 400)}",
             f"- evidence recall@{k} {fmt(m.get(f'evidence_recall@{k}'))}, "
             f"doc hit@{k} {fmt(m.get(f'doc_hit@{k}'))}, F1 {fmt(m.get('token_f1'))}, "
             f"answer recall {fmt(m.get('answer_recall'))}, "
             f"refused {fmt(m.get('refused'))}",
             "- retrieved:"]
    for hit in record["retrieved"][:3]:
        mark = "evidence" if overlaps_evidence(record, hit) else "other"
        lines.append(f"  {hit['rank']}. `{hit['doc_id']}` [{hit['start']}, {hit['end']}) "
                     f"{mark}: {snippet(hit.get('text', ''), 200)}")
    return [*lines, ""]
