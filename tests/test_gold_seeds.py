"""The hand-written gold questions about the seed document are well formed and verbatim."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.metrics import is_cjk

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold" / "seeds.jsonl"
DOC_ID = "000_90df5011d1b6acdd"
KEYS = {"qid", "question", "answers", "doc_id", "evidence", "meta"}
ANSWER_TYPES = {"fact", "remedy", "reason", "paraphrase", "zh", "list", "unanswerable"}


@pytest.fixture(scope="module")
def doc_text() -> str:
    return (ROOT / "seeds" / f"{DOC_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_line_has_the_gold_keys(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        assert row.keys() >= KEYS, row.get("qid")
        assert row["doc_id"] == DOC_ID
        assert isinstance(row["question"], str) and row["question"].strip()
        assert all(isinstance(a, str) and a for a in row["answers"])
        assert row["meta"]["answer_type"] in ANSWER_TYPES


def test_qids_are_unique(rows: list[dict[str, Any]]) -> None:
    qids = [row["qid"] for row in rows]
    assert len(qids) == len(set(qids))


def test_every_evidence_string_is_verbatim(rows: list[dict[str, Any]], doc_text: str) -> None:
    for row in rows:
        for evidence in row["evidence"]:
            assert evidence and evidence in doc_text, (row["qid"], evidence)


def test_answerable_questions_have_evidence(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        assert bool(row["answers"]) == bool(row["evidence"]), row["qid"]


def test_question_mix(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 30
    assert sum(not row["answers"] for row in rows) >= 6
    assert sum(is_cjk(row["question"]) for row in rows) >= 3
