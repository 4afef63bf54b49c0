"""Choose the extractive answerer's refusal threshold (answer.min_support) on dev data.

For every question of policyqa-dev (scoped to its document) and cjrc-dev (global), the
extractive answer is computed once with no threshold, keeping its support score. An
answer is *right to give* when its question is answerable and one of its citations
overlaps the gold evidence; otherwise refusing would have been right. For each
threshold the script prints how often the refuse/answer decision is right on each
dataset, and the threshold with the best mean of the two — chosen on dev data, never
on the seed. English questions (policyqa) set answer.min_support and Chinese ones
(cjrc) answer.min_support_cjk, since the dense side only speaks English.

    python bench/calibrate_refusal.py [--limit N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.metrics import find_evidence_spans, span_overlap  # noqa: E402
from index.documents import read_jsonl  # noqa: E402
from index.ingest import Indexer  # noqa: E402
from qa.service import QAService  # noqa: E402
from qa.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared" / "datasets"
DATASETS = (("policyqa-dev", "doc"), ("cjrc-dev", "global"))


async def collect(name: str, scope: str, limit: int | None,
                  sentence_vectors: bool) -> list[tuple[float, bool]]:
    directory = ROOT / "data" / "bench" / name
    settings = Settings().with_index_dir(directory)
    settings = settings.overridden(answer={"min_support": 0.0, "min_support_cjk": 0.0,
                                           "sentence_vectors": sentence_vectors})
    docs = {d.doc_id: d for d in read_jsonl(SHARED / name / "corpus.jsonl")}
    print(f"{name}: {Indexer(settings.index).sync(docs.values(), prune=True).summary()}")
    service = QAService.load(settings)
    gold = [json.loads(line) for line in (SHARED / name / "qa.jsonl").open(encoding="utf-8")
            if line.strip()][:limit]
    out = []
    for g in gold:
        doc_ids = [g["doc_id"]] if scope == "doc" else None
        hits = await asyncio.to_thread(service.search_sync, g["question"], 8, doc_ids)
        draft = await service.extractive.answer(g["question"], hits)
        assert draft.support is not None
        text = docs[g["doc_id"]].text
        spans = [(g["doc_id"], s, e) for s, e in find_evidence_spans(text, g["evidence"])]
        supported = bool(g["answers"]) and any(
            span_overlap((c.doc_id, c.start, c.end), span) > 0
            for c in draft.citations for span in spans)
        out.append((draft.support, supported))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="questions per dataset")
    parser.add_argument("--no-sentence-vectors", action="store_true",
                        help="score sentences by their passage's similarity instead")
    args = parser.parse_args()
    results = {name: asyncio.run(collect(name, scope, args.limit, not args.no_sentence_vectors))
               for name, scope in DATASETS}
    for name, rows in results.items():
        print(f"{name}: {sum(ok for _, ok in rows) / len(rows):.3f} of answers cite gold "
              "evidence when none is refused")
    thresholds = [round(0.05 * i, 2) for i in range(0, 17)]
    print(f"\n{'threshold':>9}" + "".join(f"{name:>16}" for name in results) + f"{'mean':>8}")
    best = (0.0, -1.0)
    for t in thresholds:
        rates = [sum((support >= t) == ok for support, ok in rows) / len(rows)
                 for rows in results.values()]
        mean = sum(rates) / len(rates)
        best = max(best, (mean, -t))
        print(f"{t:>9.2f}" + "".join(f"{r:>16.3f}" for r in rates) + f"{mean:>8.3f}")
    for name, rows in results.items():
        rates = {t: sum((support >= t) == ok for support, ok in rows) / len(rows)
                 for t in thresholds}
        top = max(rates, key=lambda t: (rates[t], -t))
        print(f"best threshold for {name} alone: {top:.2f} ({rates[top]:.3f})")
    print(f"right answer/refuse decisions are best overall at {-best[1]:.2f} "
          f"(mean {best[0]:.3f})")


if __name__ == "__main__":
    main()
