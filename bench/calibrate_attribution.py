"""Choose CASEQA_LLM__MIN_ATTRIBUTION: the support above which a passage is cited for an
answer sentence.

For each answerable gold question, the claim is the sentence a model would write: the
question with its gold answer ("Who interpreted the case? Shan Pingji."). Among the k
passages retrieved for the question, those holding a gold evidence span should support
the claim (positives) and the others not (negatives). The report gives, per threshold,
precision and recall of "supports", and the threshold with the best F1 (ties: the
higher one, as an uncited sentence costs less than a wrong citation).

    python bench/calibrate_attribution.py --gold eval/gold/seeds.jsonl --index-dir IDX \\
        --gold /work/shared/datasets/policyqa-dev/qa.jsonl --index-dir IDX2 --limit 200
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/index.py must not shadow the index package

from qa.answering.attribution import Attributor  # noqa: E402
from qa.service import QAService  # noqa: E402
from qa.settings import Settings  # noqa: E402


def pairs(gold: Path, index_dir: Path, limit: int, k: int) -> tuple[list[float], list[float]]:
    """Support of evidence passages (positives) and other retrieved passages (negatives)."""
    settings = Settings().with_index_dir(index_dir)
    service = QAService.load(settings, create=False)
    answer = settings.answer
    attributor = Attributor(service.embedder, 0.0, answer.dense_share, answer.synonym_credit)
    positives: list[float] = []
    negatives: list[float] = []
    lines = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    for q in [q for q in lines if q["answers"]][:limit]:
        hits = service.search_sync(q["question"], k, [q["doc_id"]])  # within its document:
        # policyqa questions are generic ("how are users told of changes?"), so passages of
        # other policies may well support the claim too
        doc = service.store.get_document(q["doc_id"])
        if doc is None:
            continue
        spans = [(doc.text.find(e), doc.text.find(e) + len(e)) for e in q["evidence"]
                 if doc.text.find(e) >= 0]
        claim = f"{q['question'].rstrip('?？ ')}: {q['answers'][0]}."
        support = attributor.support([claim], hits)[0]
        for j, hit in enumerate(hits):
            holds = hit.doc_id == q["doc_id"] and any(s < hit.end and hit.start < e
                                                       for s, e in spans)
            (positives if holds else negatives).append(float(support[j]))
    service.store.close()
    return positives, negatives


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", required=True)
    parser.add_argument("--index-dir", type=Path, action="append", required=True)
    parser.add_argument("--limit", type=int, default=200, help="questions per gold file")
    parser.add_argument("--k", type=int, default=8)
    args = parser.parse_args()
    pos: list[float] = []
    neg: list[float] = []
    for gold, index_dir in zip(args.gold, args.index_dir, strict=True):
        p, n = pairs(gold, index_dir, args.limit, args.k)
        print(f"{gold}: {len(p)} supporting pairs (mean {np.mean(p):.3f}), {len(n)} others "
              f"(mean {np.mean(n):.3f})")
        pos += p
        neg += n
    positives, negatives = np.array(pos), np.array(neg)
    best = (0.0, 0.0)
    print("threshold precision recall f1")
    for threshold in np.arange(0.2, 0.91, 0.05):
        tp = float((positives >= threshold).sum())
        fp = float((negatives >= threshold).sum())
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / len(positives) if len(positives) else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{threshold:.2f} {precision:.3f} {recall:.3f} {f1:.3f}")
        if f1 >= best[1]:
            best = (float(threshold), f1)
    print(f"best threshold {best[0]:.2f} (F1 {best[1]:.3f})")


if __name__ == "__main__":
    main()
