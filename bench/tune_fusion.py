"""Choose the fusion weights on the dev datasets, from rankings computed once.

For every question of policyqa-dev (scoped to its document) and cjrc-dev (global) the
dense and the keyword rankings (top 50) are computed once; weighted reciprocal rank
fusion is then pure arithmetic, so a grid of weights costs seconds. Prints evidence
char recall@8, MRR and doc hit@5 for dense, keyword and each fused setting.

    python bench/tune_fusion.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.metrics import (  # noqa: E402
    doc_hit_at,
    evidence_char_recall,
    find_evidence_spans,
    mrr,
)
from index.documents import read_jsonl  # noqa: E402
from index.ingest import Indexer  # noqa: E402
from qa.fusion import reciprocal_rank_fusion  # noqa: E402
from qa.models import Hit  # noqa: E402
from qa.service import QAService  # noqa: E402
from qa.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared" / "datasets"
DATASETS = (("policyqa-dev", "doc"), ("cjrc-dev", "global"))
Row = tuple[list[Hit], list[Hit], list[tuple[str, int, int]], str]


def rankings(name: str, scope: str, limit: int | None) -> list[Row]:
    settings = Settings().with_index_dir(ROOT / "data" / "bench" / name)
    docs = {d.doc_id: d for d in read_jsonl(SHARED / name / "corpus.jsonl")}
    Indexer(settings.index).sync(docs.values(), prune=True)
    service = QAService.load(settings)
    gold = [json.loads(line) for line in (SHARED / name / "qa.jsonl").open(encoding="utf-8")
            if line.strip()]
    rows = []
    for g in gold[:limit]:
        if not g["evidence"]:
            continue
        doc_ids = [g["doc_id"]] if scope == "doc" else None
        vector = service.embedder.embed_query(g["question"])
        dense = service.search_sync(g["question"], 50, doc_ids, None, "dense", vector)
        keyword = service.search_sync(g["question"], 50, doc_ids, None, "keyword", vector)
        spans = [(g["doc_id"], s, e)
                 for s, e in find_evidence_spans(docs[g["doc_id"]].text, g["evidence"])]
        rows.append((dense, keyword, spans, g["doc_id"]))
    return rows


def score(ranked: list[Hit], spans: list[tuple[str, int, int]], doc: str) -> tuple[float, ...]:
    top = ranked[:8]
    recall = evidence_char_recall([(h.doc_id, h.start, h.end) for h in top], spans)
    docs = [h.doc_id for h in ranked]
    return recall, mrr(docs, doc), doc_hit_at(docs, doc, 5)


def fused(dense: list[Hit], keyword: list[Hit], wd: float, wk: float, k: int) -> list[Hit]:
    by_id = {h.chunk_id: h for h in (*dense, *keyword)}
    order = reciprocal_rank_fusion([[h.chunk_id for h in dense], [h.chunk_id for h in keyword]],
                                   [wd, wk], k)
    return [by_id[cid] for cid, _ in order]


def mean(rows: list[tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(sum(col) / len(rows) for col in zip(*rows, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    for name, scope in DATASETS:
        rows = rankings(name, scope, args.limit)
        print(f"\n{name} (scope {scope}, {len(rows)} questions with evidence)")
        print(f"  {'retriever':<28}{'recall@8':>9}{'MRR':>8}{'hit@5':>8}")
        for label, pick in (("dense", 0), ("keyword", 1)):
            m = mean([score(r[pick], r[2], r[3]) for r in rows])
            print(f"  {label:<28}{m[0]:>9.3f}{m[1]:>8.3f}{m[2]:>8.3f}")
        for wd in (0.0, 0.05, 0.1, 0.25, 0.5, 1.0):
            for wk in (0.25, 0.5, 1.0):
                for k in (10, 60):
                    m = mean([score(fused(r[0], r[1], wd, wk, k), r[2], r[3]) for r in rows])
                    label = f"fused wd={wd} wk={wk} k={k}"
                    print(f"  {label:<28}{m[0]:>9.3f}{m[1]:>8.3f}{m[2]:>8.3f}")


if __name__ == "__main__":
    main()
