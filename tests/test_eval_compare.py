"""`caseqa eval compare` on two hand-made run folders with known differences."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.compare import compare, load_run
from eval.errors import EvalError
from qa.cli import main


def _record(qid: str, score: float | None, recall: float | None) -> dict[str, Any]:
    return {"qid": qid, "question": f"question {qid}?", "score": score,
            "metrics": {"evidence_recall@8": recall, "token_f1": score, "refused": 0.0}}


def _run(folder: Path, k: int, metrics: dict[str, float | None],
         records: list[dict[str, Any]]) -> Path:
    folder.mkdir()
    run = {"gold": "gold.jsonl", "k": k, "mode": "extractive", "scope": "global",
           "retriever": "hybrid", "limit": None, "questions": len(records),
           "git_commit": "abc", "settings": {"retrieval": {"rrf_k": 60}}}
    summary = {"run": run, "metrics": metrics, "counts": {}, "curves": {}}
    (folder / "metrics.json").write_text(json.dumps(summary), encoding="utf-8")
    (folder / "results.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return folder


@pytest.fixture
def runs(tmp_path: Path) -> tuple[Path, Path]:
    a = _run(tmp_path / "a", 8, {"mrr": 0.5, "token_f1": 0.4, "latency_p50_ms": 100.0},
             [_record("up", 0.2, 0.0), _record("down", 0.9, 1.0), _record("same", 0.5, 0.5),
              _record("gone", 0.1, 0.1)])
    b = _run(tmp_path / "b", 8, {"mrr": 0.75, "token_f1": 0.3, "latency_p50_ms": 80.0},
             [_record("up", 0.8, 1.0), _record("down", 0.3, 0.0), _record("same", 0.52, 0.5),
              _record("new", 1.0, 1.0)])
    return a, b


def test_compare_finds_metric_deltas_and_moved_questions(runs: tuple[Path, Path]) -> None:
    c = compare(*runs)
    rows = {row.metric: row for row in c.metrics}
    assert rows["mrr"].delta == pytest.approx(0.25) and rows["mrr"].improved is True
    assert rows["token_f1"].improved is False
    assert rows["latency_p50_ms"].improved is True  # faster is better
    assert [q.qid for q in c.better] == ["up"]
    assert [q.qid for q in c.worse] == ["down"]  # "same" moved less than the threshold
    assert c.better[0].detail == "evidence_recall@8 0.00->1.00, token_f1 0.20->0.80"
    assert (c.common, c.only_a, c.only_b) == (3, 1, 1)
    assert c.settings == []


def test_compare_lists_settings_that_differ(tmp_path: Path) -> None:
    a = _run(tmp_path / "a", 8, {}, [])
    b = _run(tmp_path / "b", 5, {}, [])
    assert compare(a, b).settings == ["k: 8 -> 5"]


def test_compare_command_prints_and_writes(runs: tuple[Path, Path], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    a, b = runs
    out = tmp_path / "cmp"
    assert main(["eval", "compare", str(a), str(b / "metrics.json"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| mrr | 0.500 | 0.750 | +0.250 | better |" in printed
    assert "| token_f1 | 0.400 | 0.300 | -0.100 | worse |" in printed
    assert "## Better: 1 question (" in printed and "- up 0.200 -> 0.800" in printed
    assert "## Worse: 1 question (" in printed and "- down 0.900 -> 0.300" in printed
    assert (out / "compare.md").read_text(encoding="utf-8") in printed
    assert json.loads((out / "compare.json").read_text())["worse"][0]["qid"] == "down"


def test_compare_needs_two_runs(runs: tuple[Path, Path]) -> None:
    with pytest.raises(SystemExit):
        main(["eval", "compare", str(runs[0])])


def test_a_folder_without_a_run_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match=r"no metrics\.json"):
        load_run(tmp_path)
