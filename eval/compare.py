"""Two runs side by side: metric deltas and the questions that got better or worse."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eval.errors import EvalError
from eval.report import fmt, lower_is_better

#: A question counts as better or worse when its score moves at least this much.
THRESHOLD = 0.05
_DETAIL = ("evidence_recall@", "doc_hit@", "token_f1", "answer_recall", "refused",
           "citation_support", "evidence_coverage")


@dataclass(frozen=True)
class SavedRun:
    """A run read back from its directory."""

    path: Path
    summary: dict[str, Any]
    records: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class MetricRow:
    """One metric in both runs."""

    metric: str
    a: float | None
    b: float | None
    delta: float | None
    improved: bool | None  # None: equal or not comparable


@dataclass(frozen=True)
class QuestionChange:
    """A question whose score moved."""

    qid: str
    question: str
    a: float | None
    b: float | None
    delta: float
    detail: str


@dataclass
class Comparison:
    """What changed from run A to run B."""

    a: str
    b: str
    settings: list[str]
    metrics: list[MetricRow]
    better: list[QuestionChange] = field(default_factory=list)
    worse: list[QuestionChange] = field(default_factory=list)
    common: int = 0
    only_a: int = 0
    only_b: int = 0


def load_run(path: Path) -> SavedRun:
    """A run directory (or its metrics.json) with its results.jsonl."""
    directory = path.parent if path.name == "metrics.json" else path
    metrics = directory / "metrics.json"
    if not metrics.exists():
        raise EvalError(f"{path}: no metrics.json there; give the --out directory of a "
                        "`caseqa eval` run")
    summary = json.loads(metrics.read_text(encoding="utf-8"))
    records: dict[str, dict[str, Any]] = {}
    results = directory / "results.jsonl"
    if results.exists():
        for line in results.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["qid"]] = record
    return SavedRun(directory, summary, records)


def _settings_changes(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    def flat(info: Mapping[str, Any]) -> dict[str, Any]:
        out = {k: info.get(k) for k in ("gold", "k", "mode", "scope", "retriever", "limit",
                                          "questions", "git_commit")}
        for section, values in (info.get("settings") or {}).items():
            out.update({f"{section}.{k}": v for k, v in values.items()})
        return out

    fa, fb = flat(a), flat(b)
    return [f"{k}: {fa.get(k)!r} -> {fb.get(k)!r}" for k in dict.fromkeys([*fa, *fb])
            if fa.get(k) != fb.get(k)]


def _metric_rows(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[MetricRow]:
    rows = []
    for name in dict.fromkeys([*a, *b]):
        va, vb = a.get(name), b.get(name)
        delta = vb - va if va is not None and vb is not None else None
        improved = None
        if delta:
            improved = (delta < 0) if lower_is_better(name) else (delta > 0)
        rows.append(MetricRow(name, va, vb, delta, improved))
    return rows


def _detail(a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    parts = []
    for name, va in a.items():
        vb = b.get(name)
        if (name.startswith(_DETAIL) and va is not None and vb is not None
                and abs(vb - va) >= 0.01):
            parts.append(f"{name} {va:.2f}->{vb:.2f}")
    return ", ".join(parts)


def compare(path_a: Path, path_b: Path, threshold: float = THRESHOLD) -> Comparison:
    """Compare two saved runs, question by question where both have results."""
    a, b = load_run(path_a), load_run(path_b)
    result = Comparison(str(a.path), str(b.path),
                        _settings_changes(a.summary["run"], b.summary["run"]),
                        _metric_rows(a.summary["metrics"], b.summary["metrics"]))
    common = [q for q in a.records if q in b.records]
    result.common = len(common)
    result.only_a = len(a.records) - len(common)
    result.only_b = len(b.records) - len(common)
    for qid in common:
        ra, rb = a.records[qid], b.records[qid]
        sa, sb = ra.get("score"), rb.get("score")
        if sa is None or sb is None or abs(sb - sa) < threshold:
            continue
        change = QuestionChange(qid, ra["question"], sa, sb, sb - sa,
                                _detail(ra["metrics"], rb["metrics"]))
        (result.better if sb > sa else result.worse).append(change)
    result.better.sort(key=lambda c: (-c.delta, c.qid))
    result.worse.sort(key=lambda c: (c.delta, c.qid))
    return result


def render(c: Comparison) -> str:
    """The comparison as Markdown (also readable in a terminal)."""
    out = ["# Comparison", "", f"- A: `{c.a}`", f"- B: `{c.b}`",
           f"- questions in both: {c.common} (only in A: {c.only_a}, only in B: {c.only_b})",
           ""]
    if c.settings:
        out += ["## Settings that differ", "", *(f"- {s}" for s in c.settings), ""]
    out += ["## Metrics", "", "| metric | A | B | delta | |", "|---|---|---|---|---|"]
    for row in c.metrics:
        sign = {True: "better", False: "worse", None: ""}[row.improved]
        delta = "–" if row.delta is None else f"{row.delta:+.3f}"
        out.append(f"| {row.metric} | {fmt(row.a, row.metric)} | {fmt(row.b, row.metric)} | "
                   f"{delta} | {sign} |")
    for title, changes in (("Better", c.better), ("Worse", c.worse)):
        plural = "" if len(changes) == 1 else "s"
        out += ["", f"## {title}: {len(changes)} question{plural} (score moved >= {THRESHOLD})",
                ""]
        out += [f"- {q.qid} {fmt(q.a)} -> {fmt(q.b)} ({q.delta:+.2f}): {q.question}"
                + (f"  \n  {q.detail}" if q.detail else "") for q in changes]
    return "\n".join(out) + "\n"


def write(c: Comparison, out: Path) -> None:
    """compare.md and compare.json in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "compare.md").write_text(render(c), encoding="utf-8")
    (out / "compare.json").write_text(json.dumps(asdict(c), indent=2, ensure_ascii=False)
                                      + "\n", encoding="utf-8")
