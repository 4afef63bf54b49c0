"""bench/sentence_rank.py: the gold sentence's rank among the answerer's candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.sentence_rank import gold_ranks, main
from index.embedding import Embedder
from qa.answering.extractive import ExtractiveAnswerer
from qa.settings import AnswerSettings

TEXT = ("The court met on Monday. The defendant was ordered to pay 800 yuan in damages. "
        "The weather was fine.")


def write_run(tmp_path: Path, evidence: list[list[int]]) -> Path:
    row = {"question": "How much was the defendant ordered to pay?", "evidence": evidence,
           "retrieved": [{"chunk_id": 1, "doc_id": "d", "text": TEXT, "start": 0,
                          "end": len(TEXT), "score": 1.0}]}
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return results


def test_the_gold_sentence_ranks_where_its_support_puts_it(tmp_path: Path,
                                                           embedder: Embedder) -> None:
    answerer = ExtractiveAnswerer(embedder, AnswerSettings())
    start = TEXT.index("The defendant")
    assert gold_ranks(write_run(tmp_path, [[start, start + 20]]), answerer) == [0]
    weather = TEXT.index("The weather")
    assert gold_ranks(write_run(tmp_path, [[weather, weather + 5]]), answerer) == [2]


def test_a_directory_without_results_is_a_clear_error(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([str(tmp_path)])
    assert exit_.value.code == 2
    assert "give the --out directory of a caseqa eval" in capsys.readouterr().err
