"""bench/distinguishable.py: questions grouped by how many documents share their rarest
term, with doc hit@k per group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.distinguishable import by_rarity, by_rivals, main
from index.keyword import document_terms

DOCS = {f"d{i}": f"被告人王某某盗窃手机。第{i}号判决。" for i in range(9)}
DOCS["d0"] += "被告人在翠亨村西门行窃。"


def row(question: str, doc: str, hit: float) -> dict[str, object]:
    return {"question": question, "doc_id": doc, "gold_answers": ["x"],
            "metrics": {"doc_hit@8": hit}}


def test_questions_are_grouped_by_their_rarest_term_in_their_own_document() -> None:
    terms = {doc: set(document_terms(text)) for doc, text in DOCS.items()}
    rows = [row("被告人在翠亨村哪里行窃？", "d0", 1.0),   # 翠亨村: one judgment
            row("被告人盗窃了什么？", "d3", 0.0),          # every judgment says so
            row("被告人盗窃了什么？", "d4", 1.0),
            # 翠亨村 is rare, but not in d6: it cannot lead to d6
            row("被告人在翠亨村盗窃了什么？", "d6", 0.0),
            {**row("无答案？", "d5", 0.0), "gold_answers": []}]  # unanswerable: left out
    assert by_rarity(rows, terms) == {"in <= 2 documents": (1, 1),
                                      "in >= 8 documents": (3, 1)}


def test_questions_are_grouped_by_documents_holding_as_much_of_their_terms() -> None:
    terms = {"a": {"alpha", "beta"}, "b": {"alpha", "beta"}, "c": {"alpha"}, "d": {"gamma"}}
    rows = [row("alpha beta", "a", 1.0),   # b holds both words too: one rival
            row("gamma", "d", 1.0),        # no other document says gamma
            row("alpha", "c", 0.0),        # a and b hold alpha as well
            row("alpha beta", "c", 0.0)]   # a and b hold more of it than c
    assert by_rivals(rows, terms) == {"no rival": (1, 1), "1-7 rivals": (3, 1)}
    judgments = {doc: set(document_terms(text)) for doc, text in DOCS.items()}
    # every judgment says 被告人 and 盗窃: eight rivals, d0's 翠亨村 makes d0 no rival of d3's
    assert by_rivals([row("被告人盗窃了什么？", "d3", 0.0),
                      row("被告人在翠亨村盗窃了什么？", "d0", 1.0)], judgments) == {
        "no rival": (1, 1), ">= 8 rivals": (1, 0)}


def test_main_prints_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"doc_id": d, "text": t}, ensure_ascii=False) + "\n"
                              for d, t in DOCS.items()), encoding="utf-8")
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps(row("被告人在翠亨村哪里行窃？", "d0", 1.0),
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    main([str(results), "--corpus", str(corpus)])
    out = capsys.readouterr().out
    assert "1 answerable questions over 9 documents" in out
    assert "in <= 2 documents            1       1.000" in out
    assert "no rival                     1       1.000" in out
