"""report.html: one self-contained page (inline CSS and SVG, no scripts, no links out)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from eval.plots import bar_chart, histogram, line_chart
from eval.report import (
    WORST,
    describe,
    fmt,
    headline,
    overlaps_evidence,
    run_line,
    snippet,
    worst,
)
from eval.runner import Run
from eval.scoring import CURVE_DEPTH, FAILURES

_CSS = """
body { font: 14px/1.45 system-ui, sans-serif; color: #111827; margin: 24px auto;
       max-width: 1100px; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; }
.run { color: #4b5563; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid #e5e7eb; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f9fafb; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.plots { display: flex; flex-wrap: wrap; gap: 12px; }
.plots svg { border: 1px solid #e5e7eb; width: 536px; max-width: 100%; height: auto; }
.q { border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.q h3 { font-size: 15px; margin: 4px 0; }
.hit { margin: 4px 0 4px 12px; font-size: 13px; }
.hit.evidence { border-left: 3px solid #16a34a; padding-left: 6px; }
.hit.other { border-left: 3px solid #d1d5db; padding-left: 6px; }
mark { background: #bbf7d0; }
.muted { color: #6b7280; }
"""


_SHORT = {"token_f1": "F1", "answer_recall": "answer recall",
          "citation_support": "citation support", "refusal_correct": "right refusal call"}


def _metrics_table(run: Run) -> str:
    rows = "".join(
        f"<tr><td>{escape(n)}</td><td class=num>{fmt(v, n)}</td>"
        f"<td class=num>{'' if c is None else c}</td><td>{escape(describe(n))}</td></tr>"
        for n, v, c in headline(run))
    return ("<table><tr><th>metric</th><th>value</th><th>n</th><th>what it measures</th>"
            f"</tr>{rows}</table>")


def _plots(run: Run) -> str:
    ks = list(range(1, CURVE_DEPTH + 1))
    names = {"evidence_recall": "evidence char recall", "doc_hit": "doc hit",
             "evidence_precision": "evidence char precision"}
    recall = line_chart(ks, {names[n]: v for n, v in run.curves.items()},
                        title="Recall at k", x_label="k (retrieved chunks)",
                        y_label="mean over questions", mark_x=run.k)
    timing = "ask" if run.info["mode"] else "retrieve"
    times = [r["timing_ms"][timing] for r in run.records]
    marks = {"p50": run.metrics["latency_p50_ms"], "p95": run.metrics["latency_p95_ms"]}
    latency = histogram(times, title="Latency per question",
                        x_label=f"milliseconds ({timing})",
                        marks={k: v for k, v in marks.items() if v is not None})
    types = list(run.by_type)
    columns = [c for c in next(iter(run.by_type.values())) if c != "n"]
    by_type = bar_chart([f"{t} ({run.by_type[t]['n']})" for t in types],
                        {_SHORT.get(c, c): [run.by_type[t][c] for t in types] for c in columns},
                        title="Scores by answer type", y_label="mean")
    return f'<div class="plots">{recall}{latency}{by_type}</div>'


def _type_table(run: Run) -> str:
    columns = [c for c in next(iter(run.by_type.values())) if c != "n"]
    head = "".join(f"<th>{escape(c)}</th>" for c in ["answer type", "n", *columns])
    rows = "".join(
        f"<tr><td>{escape(t)}</td><td class=num>{row['n']}</td>"
        + "".join(f"<td class=num>{fmt(row[c])}</td>" for c in columns) + "</tr>"
        for t, row in run.by_type.items())
    return f"<table><tr>{head}</tr>{rows}</table>"


def _failure_table(run: Run) -> str:
    counts = run.info["failures"]
    rows = "".join(f"<tr><td>{escape(kind)}</td><td class=num>{counts.get(kind, 0)}</td>"
                   f"<td>{escape(text)}</td></tr>" for kind, text in FAILURES.items())
    return ("<p class=muted>The first failure of each question, in this order:</p>"
            f"<table><tr><th>failure</th><th>questions</th><th>meaning</th></tr>{rows}</table>")


def _marked(record: Mapping[str, Any], hit: Mapping[str, Any]) -> str:
    """The chunk's text with the gold evidence in it highlighted."""
    text = hit.get("text", "")
    if hit["doc_id"] != record["doc_id"]:
        return escape(snippet(text, 600))
    local = sorted((max(s - hit["start"], 0), min(e - hit["start"], len(text)))
                   for s, e in record["evidence"])
    out, at = [], 0
    for s, e in local:
        if e <= s or e <= at:
            continue
        s = max(s, at)
        out += [escape(text[at:s]), f"<mark>{escape(text[s:e])}</mark>"]
        at = e
    out.append(escape(text[at:]))
    return "".join(out)


def _question(i: int, record: Mapping[str, Any], k: int) -> str:
    m = record["metrics"]
    answer = record["answer"]
    answer_text = "(not asked)" if answer is None else answer["text"]
    gold = " / ".join(record["gold_answers"]) or "(unanswerable: should be refused)"
    facts = (f"evidence recall@{k} {fmt(m.get(f'evidence_recall@{k}'))} · doc hit@{k} "
             f"{fmt(m.get(f'doc_hit@{k}'))} · F1 {fmt(m.get('token_f1'))} · answer recall "
             f"{fmt(m.get('answer_recall'))} · refused {fmt(m.get('refused'))}")
    hits = []
    for hit in record["retrieved"][:k]:
        kind = "evidence" if overlaps_evidence(record, hit) else "other"
        hits.append(f'<div class="hit {kind}"><span class=muted>{hit["rank"]}. '
                    f'{escape(hit["doc_id"])} [{hit["start"]}, {hit["end"]}) '
                    f'score {hit["score"]:.4f}</span><br>{_marked(record, hit)}</div>')
    failure = f", {record['failure']}" if record["failure"] else ""
    return (f'<div class="q"><h3>{i}. {escape(record["qid"])} '
            f'<span class=muted>({escape(record["answer_type"])}, score '
            f'{fmt(record["score"])}{escape(failure)})</span></h3>'
            f'<div><b>Question:</b> {escape(record["question"])}</div>'
            f'<div><b>Gold:</b> {escape(gold)}</div>'
            f'<div><b>Answer:</b> {escape(answer_text)}</div>'
            f'<div class=muted>{facts}</div>'
            f'<details><summary>retrieved passages (evidence in green)</summary>'
            f'{"".join(hits)}</details></div>')


def _worst(records: Sequence[Mapping[str, Any]], k: int) -> str:
    return "".join(_question(i, r, k) for i, r in enumerate(worst(records), start=1))


def html_report(run: Run) -> str:
    """The whole page."""
    info = run.info
    title = f"Evaluation of {Path(info['gold']).name}"
    notes = ""
    if info.get("served_passages_differ"):
        notes = (f"<p class=muted>{info['served_passages_differ']} questions were served "
                 "passages other than the first k of the ranking (MMR); retrieval metrics "
                 "use the ranking.</p>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title><style>{_CSS}</style></head>
<body><h1>{escape(title)}</h1>
<p class="run">{escape(run_line(info)).replace("`", "")}</p>
<h2>Metrics</h2>{_metrics_table(run)}
<p class=muted>Run time {info['seconds']:.1f} s; index {info['index']['documents']} documents,
{info['index']['chunks']} chunks, {info['index']['embedded']} embedded in this run.</p>
{notes}
<h2>Plots</h2>{_plots(run)}
<h2>By answer type</h2>{_type_table(run)}
<h2>What went wrong</h2>{_failure_table(run)}
<h2>The {WORST} worst questions</h2>{_worst(run.records, run.k)}
</body></html>
"""
