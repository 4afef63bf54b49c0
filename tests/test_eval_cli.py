"""`caseqa eval` end to end on a tiny hand-made corpus: the real model, index and service."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qa.cli import main

DOCS = [
    ("bread", "Baking sourdough",
     "To bake sourdough bread, let the dough rise for four hours in a warm kitchen. "
     "Then bake the loaf in a hot oven for forty minutes until the crust is dark."),
    ("face", "A facial recognition case",
     "Guangdong prosecutors sued a property company that collected residents' facial "
     "images without consent. The court ordered the company to delete the images."),
    ("tax", "Tax deadlines",
     "The annual tax return is due at the end of March. Late filers pay a penalty of "
     "two percent of the unpaid tax for every month of delay."),
    ("harbour", "The storm",
     "The storm brought heavy rain to the northern coast and closed the harbour for two "
     "days. Fishing boats stayed at their moorings until the wind dropped."),
    ("garden", "Growing tomatoes",
     "Tomatoes need six hours of direct sunlight a day and deep watering twice a week. "
     "Stake the plants early so the stems do not break under the fruit."),
    ("zh", "判决", "法院判决被告删除人脸信息，并赔偿原告五千元。被告当庭表示服从判决。"),
]
GOLD = [
    {"qid": "rise", "question": "How long should sourdough dough rise?",
     "answers": ["four hours"], "doc_id": "bread",
     "evidence": ["let the dough rise for four hours in a warm kitchen"],
     "meta": {"answer_type": "fact"}},
    {"qid": "tax", "question": "When is the annual tax return due?",
     "answers": ["at the end of March"], "doc_id": "tax",
     "evidence": ["The annual tax return is due at the end of March."],
     "meta": {"answer_type": "fact"}},
    {"qid": "company", "question": "Which company collected facial images without consent?",
     "answers": ["a property company"], "doc_id": "face",
     "evidence": ["Guangdong prosecutors sued a property company that collected residents' "
                  "facial images without consent."],
     "meta": {"answer_type": "fact"}},
    {"qid": "lighthouse", "question": "What colour is the lighthouse on the pier?",
     "answers": [], "doc_id": "harbour", "evidence": [],
     "meta": {"answer_type": "unanswerable"}},
    {"qid": "zh", "question": "法院判决被告赔偿多少钱？", "answers": ["五千元"],
     "doc_id": "zh", "evidence": ["赔偿原告五千元"], "meta": {"answer_type": "zh"}},
]
FILES = ("metrics.json", "results.jsonl", "report.md", "report.html")


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A working folder (the cwd, so data/ and out/ land there) with corpus and gold."""
    root = tmp_path_factory.mktemp("eval")
    _write_jsonl(root / "corpus.jsonl",
                 [{"doc_id": d, "title": t, "text": x} for d, t, x in DOCS])
    _write_jsonl(root / "gold.jsonl", GOLD)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        yield root


def _eval(*args: str) -> int:
    return main(["eval", "gold.jsonl", "--corpus", "corpus.jsonl", "--k", "2", "-q", *args])


@pytest.fixture(scope="module")
def first_run(workdir: Path) -> Path:
    """The first run, with the default output folder (out/eval/<gold>-<time>/)."""
    assert _eval() == 0
    runs = sorted((workdir / "out" / "eval").iterdir())
    assert len(runs) == 1
    return runs[0]


def _summary(run: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    return data


def _results(run: Path) -> dict[str, dict[str, Any]]:
    lines = (run / "results.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["qid"]: r for r in map(json.loads, lines)}


def test_run_writes_every_file_under_the_default_out(first_run: Path) -> None:
    assert re.fullmatch(r"gold-\d{8}-\d{6}", first_run.name)
    for name in FILES:
        assert (first_run / name).stat().st_size > 0, name


def test_metrics_json_has_the_headline_metrics_and_curves(first_run: Path) -> None:
    summary = _summary(first_run)
    assert summary.keys() >= {"run", "metrics", "counts", "curves", "by_answer_type"}
    metrics = summary["metrics"]
    for name in ("doc_hit@1", "doc_hit@5", "doc_hit@2", "mrr", "ndcg@2",
                 "evidence_recall@2", "evidence_precision@2", "exact_match", "token_f1",
                 "answer_recall", "refusal_precision", "refusal_recall", "citation_support",
                 "evidence_coverage", "latency_p50_ms", "latency_p95_ms", "index_build_s"):
        assert name in metrics, name
    for name, value in metrics.items():
        if value is not None and not name.startswith(("latency", "index")):
            assert 0.0 <= value <= 1.0, name
    assert metrics["latency_p50_ms"] <= metrics["latency_p95_ms"]
    assert summary["counts"]["evidence_recall@2"] == 4  # the unanswerable one has none
    curves = summary["curves"]
    assert curves["k"] == list(range(1, 21))
    assert len(curves["evidence_recall"]) == 20
    # Recall can only grow with k; the corpus has 6 one-chunk documents.
    assert curves["evidence_recall"] == sorted(curves["evidence_recall"])
    assert curves["doc_hit"][5] == 1.0
    run = summary["run"]
    assert run["questions"] == 5 and run["unanswerable"] == 1
    assert run["index"]["documents"] == 6 and run["index"]["embedded"] == 6
    assert set(summary["by_answer_type"]) == {"fact", "unanswerable", "zh"}


def test_a_clearly_retrieved_question_scores_full_marks(first_run: Path) -> None:
    record = _results(first_run)["rise"]
    m = record["metrics"]
    assert m["doc_hit@1"] == 1.0 and m["mrr"] == 1.0
    assert m["evidence_recall@2"] == 1.0
    assert m["ndcg@2"] == 1.0
    assert 0.0 < m["evidence_precision@2"] < 1.0  # the chunk is more than the evidence
    assert m["refused"] == 0.0 and m["refusal_correct"] == 1.0
    assert m["answer_recall"] == 1.0  # the answer quotes "four hours"
    assert m["citation_support"] == 1.0 and m["evidence_coverage"] == 1.0
    assert record["retrieved"][0]["doc_id"] == "bread"
    assert record["retrieved"][0]["text"].startswith("To bake sourdough")
    assert "text" not in record["retrieved"][2]  # texts only for the k served passages
    assert record["evidence_source"] == "search"
    assert record["served_passages_match"] is True
    assert record["timing_ms"]["ask"] > 0


def test_an_unanswerable_question_is_scored_by_refusal_only(first_run: Path) -> None:
    record = _results(first_run)["lighthouse"]
    m = record["metrics"]
    assert m["doc_hit@1"] is None and m["evidence_recall@2"] is None
    assert m["token_f1"] is None
    assert m["refusal_correct"] == m["refused"]
    assert record["score"] == m["refused"]


def test_a_second_run_reuses_the_index(workdir: Path, first_run: Path, tmp_path: Path) -> None:
    assert _eval("--out", str(tmp_path / "again")) == 0
    index = _summary(tmp_path / "again")["run"]["index"]
    assert index["embedded"] == 0
    assert index["dir"] == _summary(first_run)["run"]["index"]["dir"]
    assert index["dir"].startswith("data/eval-index/")
    assert index["last_build"]["embedded"] == 6


def test_scope_doc_searches_only_the_questions_document(workdir: Path, tmp_path: Path
                                                        ) -> None:
    assert _eval("--scope", "doc", "--retrieval-only", "--out", str(tmp_path)) == 0
    for record in _results(tmp_path).values():
        assert {h["doc_id"] for h in record["retrieved"]} == {record["doc_id"]}
        assert record["answer"] is None
    assert _summary(tmp_path)["metrics"]["doc_hit@1"] == 1.0


def test_report_html_is_self_contained_with_its_plots(first_run: Path) -> None:
    page = (first_run / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    for outside in ("http://", "https://", "<script", "<link", "src=", "url("):
        assert outside not in page, outside
    assert page.count("<svg") == 3
    for title in ("Recall at k", "Latency per question", "Scores by answer type"):
        assert f"<title>{title}</title>" in page
    assert "<polyline" in page  # the recall curve is drawn
    assert "lighthouse" in page  # the worst questions are listed
    report = (first_run / "report.md").read_text(encoding="utf-8")
    assert "| evidence_recall@2 |" in report and "## The 10 worst questions" in report


def _floors(path: Path, floors: dict[str, float]) -> str:
    path.write_text(json.dumps({"floors": floors}), encoding="utf-8")
    return str(path)


def test_check_floors_fails_below_a_floor(workdir: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    floors = _floors(tmp_path / "floors.json",
                     {"evidence_recall@2": 1.01, "mrr": 0.0, "evidence_recall@20": 1.5})
    assert _eval("--out", str(tmp_path / "run"), "--check-floors", floors) == 1
    out = capsys.readouterr().out
    assert "below floor: evidence_recall@2" in out
    assert "below floor: evidence_recall@20" in out  # read from the curve
    assert "below floor: mrr" not in out


def test_check_floors_passes_when_every_floor_holds(workdir: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    floors = _floors(tmp_path / "floors.json", {"doc_hit@1": 0.5, "evidence_recall@1": 0.2})
    assert _eval("--out", str(tmp_path / "run"), "--check-floors", floors) == 0
    assert "all 2 floors" in capsys.readouterr().out


def test_compare_prints_deltas_and_writes_files(workdir: Path, first_run: Path,
                                                tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert _eval("--retriever", "keyword", "--out", str(tmp_path / "b")) == 0
    capsys.readouterr()
    assert main(["eval", "compare", str(first_run), str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "| metric | A | B | delta |" in out
    assert "retriever: 'hybrid' -> 'keyword'" in out
    assert re.search(r"\| mrr \| [\d.]+ \| [\d.]+ \| [+-]\d\.\d{3}|\| mrr \| .* \| – \|", out)
    assert (tmp_path / "b" / "compare.md").exists()
    assert json.loads((tmp_path / "b" / "compare.json").read_text())["common"] == 5


def test_gold_about_documents_not_in_the_corpus_is_refused(
        workdir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_jsonl(tmp_path / "gold.jsonl", [{**GOLD[0], "doc_id": "nowhere"}])
    code = main(["eval", str(tmp_path / "gold.jsonl"), "--corpus", "corpus.jsonl", "-q",
                 "--out", str(tmp_path / "run")])
    assert code == 2
    assert "'nowhere'" in capsys.readouterr().err


def test_evidence_that_is_not_verbatim_is_refused(
        workdir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_jsonl(tmp_path / "gold.jsonl", [{**GOLD[0], "evidence": ["dough rises slowly"]}])
    code = main(["eval", str(tmp_path / "gold.jsonl"), "--corpus", "corpus.jsonl", "-q",
                 "--out", str(tmp_path / "run")])
    assert code == 2
    assert "verbatim" in capsys.readouterr().err
