"""eval/gold/mixed.jsonl: Chinese questions about the English seed, English questions
about the Chinese statutes (seeds/ and ../shared/corpus/zh-law indexed together)."""

from __future__ import annotations

import json
from pathlib import Path

from eval.metrics import is_cjk
from index.documents import read_paths

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold" / "mixed.jsonl"
CORPORA = [ROOT / "seeds", ROOT.parent / "shared" / "corpus" / "zh-law"]


def test_every_evidence_string_is_verbatim_in_its_document() -> None:
    docs = {d.doc_id: d.text for d in read_paths(CORPORA)}
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 30 and len({r["qid"] for r in rows}) == len(rows)
    for row in rows:
        assert row["doc_id"] in docs, row["qid"]
        assert bool(row["answers"]) == bool(row["evidence"]), row["qid"]
        for evidence in row["evidence"]:
            assert evidence in docs[row["doc_id"]], (row["qid"], evidence)
    answerable = [r for r in rows if r["answers"]]
    zh_about_en = [r for r in answerable if is_cjk(r["question"]) and r["doc_id"] in
                   {d.doc_id for d in read_paths(CORPORA[:1])}]
    assert len(zh_about_en) >= 15 and len(answerable) - len(zh_about_en) >= 15
    assert len(rows) - len(answerable) >= 3
