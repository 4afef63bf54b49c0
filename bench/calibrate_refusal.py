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
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/index.py would shadow the index package

from answer_runs import cites_evidence, compose, gold_evidence, open_run  # noqa: E402

from eval.runner import Scope  # noqa: E402
from qa.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared" / "datasets"
DATASETS: tuple[tuple[str, Scope], ...] = (("policyqa-dev", "doc"), ("cjrc-dev", "global"))


def collect(name: str, scope: Scope, limit: int | None,
            sentence_vectors: bool) -> list[tuple[float, bool]]:
    """(support, right to give) of each question's extractive answer, composed with no
    refusal threshold. Evidence counts wherever its strings occur, as when
    answer.min_support was chosen."""
    settings = Settings().overridden(answer={"min_support": 0.0, "min_support_cjk": 0.0,
                                             "sentence_vectors": sentence_vectors})
    run = open_run(SHARED / name / "qa.jsonl", [SHARED / name / "corpus.jsonl"], scope, 8,
                   settings, limit)
    out = []
    for q in run.questions:
        draft = compose(run, q)
        assert draft.support is not None
        gold = gold_evidence(q, run.texts[q.doc_id], every_occurrence=True)
        out.append((draft.support, bool(q.answers) and cites_evidence(draft.citations, gold)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="questions per dataset")
    parser.add_argument("--no-sentence-vectors", action="store_true",
                        help="score sentences by their passage's similarity instead")
    args = parser.parse_args()
    results = {name: collect(name, scope, args.limit, not args.no_sentence_vectors)
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
        alone = {t: sum((support >= t) == ok for support, ok in rows) / len(rows)
                 for t in thresholds}
        top = max(alone, key=lambda t: (alone[t], -t))
        print(f"best threshold for {name} alone: {top:.2f} ({alone[top]:.3f})")
    print(f"right answer/refuse decisions are best overall at {-best[1]:.2f} "
          f"(mean {best[0]:.3f})")


if __name__ == "__main__":
    main()
