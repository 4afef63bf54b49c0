"""Retrieval quality of dense, keyword and fused (hybrid) retrieval, side by side.

Runs the evaluation runner (retrieval only) three times per dataset and prints evidence
char recall@k, MRR and doc hit@5, and whether fusion is at least as good as the better
of its two parts. A benchmark, not a test: it prints figures and never fails on them.

    python bench/retrieval_quality.py                 # both datasets, all questions
    python bench/retrieval_quality.py --limit 100     # quicker

Datasets come from ../shared/datasets (DESIGN.md); their indexes are built on first use
under data/eval-index/ and reused afterwards.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# bench/index.py would otherwise shadow the index package.
sys.path.insert(0, str(ROOT))

from eval.runner import RunConfig, Scope, Strategy, run  # noqa: E402
from qa.settings import Settings  # noqa: E402

DATASETS = ROOT.parent / "shared" / "datasets"
#: (dataset, scope): PolicyQA reuses its question templates across policies, so only
#: searching each question's own policy is fair; CJRC's questions name their case.
RUNS: tuple[tuple[str, Scope], ...] = (("policyqa-dev", "doc"), ("cjrc-dev", "global"))
RETRIEVERS: tuple[Strategy, ...] = ("dense", "keyword", "hybrid")


def _progress(total: int, what: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=what, unit="chunk", file=sys.stderr)


def measure(dataset: Path, scope: Scope, k: int, limit: int | None) -> dict[str, dict[str, Any]]:
    """Headline retrieval metrics of each retriever on one dataset."""
    settings = Settings()
    out: dict[str, dict[str, Any]] = {}
    for retriever in RETRIEVERS:
        config = RunConfig(gold=dataset / "qa.jsonl", corpus=(dataset / "corpus.jsonl",),
                           k=k, scope=scope, retriever=retriever, limit=limit, answers=False)
        started = time.perf_counter()
        result = run(config, settings, _progress, progress_bar=False)
        out[retriever] = {
            "recall": result.metrics[f"evidence_recall@{k}"], "mrr": result.metrics["mrr"],
            "hit5": result.metrics["doc_hit@5"], "n": result.info["questions"],
            "p50_ms": result.metrics["latency_p50_ms"],
            "seconds": time.perf_counter() - started,
        }
    return out


def report(name: str, scope: str, k: int, rows: dict[str, dict[str, Any]]) -> None:
    """One dataset's table and the fusion check."""
    n = rows["hybrid"]["n"]
    print(f"\n{name} (scope {scope}, {n} questions)")
    print(f"  {'retriever':<9} {f'recall@{k}':>10} {'MRR':>7} {'hit@5':>7} {'p50 ms':>8}")
    for retriever, row in rows.items():
        label = "fused" if retriever == "hybrid" else retriever
        print(f"  {label:<9} {row['recall']:>10.3f} {row['mrr']:>7.3f} {row['hit5']:>7.3f} "
              f"{row['p50_ms']:>8.1f}")
    for key, label in (("recall", f"recall@{k}"), ("mrr", "MRR"), ("hit5", "hit@5")):
        best = max(rows["dense"][key], rows["keyword"][key])
        verdict = "yes" if rows["hybrid"][key] >= best else "NO"
        print(f"  fused >= max(dense, keyword) on {label}: {verdict} "
              f"({rows['hybrid'][key]:.3f} vs {best:.3f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=DATASETS,
                        help="folder holding policyqa-dev/ and cjrc-dev/")
    parser.add_argument("--k", type=int, default=8, help="k of evidence recall@k")
    parser.add_argument("--limit", type=int, default=None, help="first N questions only")
    args = parser.parse_args()
    for name, scope in RUNS:
        dataset = args.datasets / name
        if not (dataset / "qa.jsonl").exists():
            print(f"{dataset}: not found; pass --datasets", file=sys.stderr)
            return 2
        report(name, scope, args.k, measure(dataset, scope, args.k, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
