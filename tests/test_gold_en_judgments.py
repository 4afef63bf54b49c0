"""eval/gold/en-judgments.jsonl: English questions about Chinese judgments (cjrc-dev's),
asked of one index of the seed, ../shared/corpus/zh-law and cjrc-dev's judgments."""

from __future__ import annotations

import json
from pathlib import Path

from eval.metrics import is_cjk
from index.documents import read_paths

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold" / "en-judgments.jsonl"
JUDGMENTS = ROOT.parent / "shared" / "datasets" / "cjrc-dev" / "corpus.jsonl"


def test_every_evidence_string_is_verbatim_at_its_offsets() -> None:
    docs = {d.doc_id: d.text for d in read_paths([JUDGMENTS])}
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 25 and len({r["qid"] for r in rows}) == len(rows)
    for row in rows:
        assert not is_cjk(row["question"]), row["qid"]
        assert row["doc_id"] in docs, row["qid"]
        offsets = row["meta"].get("evidence_offsets", [])
        assert len(offsets) == len(row["evidence"]), row["qid"]
        for evidence, (start, end) in zip(row["evidence"], offsets, strict=True):
            assert docs[row["doc_id"]][start:end] == evidence, (row["qid"], evidence)
        for answer in row["answers"]:
            # A span answer is written in its judgment; YES/NO by polarity.
            assert answer in ("YES", "NO") or answer in docs[row["doc_id"]], row["qid"]
    assert len({r["doc_id"] for r in rows}) >= 5
    assert sum(not r["answers"] for r in rows) >= 4
