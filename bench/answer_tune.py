"""Answer quality on cached passages: fast loops over the extractive answerer.

Retrieval runs once per gold set (its passages and query vectors are cached under
/tmp), then every run only composes answers and scores them, in seconds. The figures are
the ones `caseqa eval` reports (token F1, exact match, refusals, citation support) plus
the median answer and gold lengths; `caseqa eval` stays the measure of record.

    python bench/answer_tune.py eval/gold/seeds.jsonl
    python bench/answer_tune.py ../shared/datasets/cjrc-dev/qa.jsonl \
        --corpus ../shared/datasets/cjrc-dev/corpus.jsonl --scope doc --show 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/index.py would shadow the index package

from answer_runs import cited_spans, compose, gold_evidence, open_run  # noqa: E402

from eval.metrics import citation_support_rate, exact_match, token_f1, token_recall  # noqa: E402
from eval.scoring import answer_text  # noqa: E402
from qa.citations import check_citations  # noqa: E402
from qa.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold")
    parser.add_argument("--corpus", action="append", default=[])
    parser.add_argument("--scope", choices=["global", "doc"], default="global")
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--show", type=int, default=0, help="print N answers")
    parser.add_argument("--only", default="", help="print only questions of this kind: "
                        "wrong, short, refused, unanswerable")
    args = parser.parse_args()
    run = open_run(Path(args.gold), [Path(c) for c in args.corpus], args.scope, args.k,
                   Settings())
    questions = run.questions
    f1s, ems, recalls, supports, lengths, gold_lengths = [], [], [], [], [], []
    refused_answerable = answered_unanswerable = refused_unanswerable = 0
    answerable = sum(bool(q.answers) for q in questions)
    shown = 0
    started = time.perf_counter()
    for q in questions:
        draft = compose(run, q)
        check_citations(draft.citations, run.retrieved[q.qid][0])
        predicted = "" if draft.refused else answer_text(draft.answer)
        if q.answers:
            f1 = token_f1(predicted, q.answers)
            f1s.append(f1)
            ems.append(exact_match(predicted, q.answers))
            recalls.append(token_recall(predicted, q.answers))
            gold_lengths.append(len(q.answers[0]))
            if draft.refused:
                refused_answerable += 1
            else:
                lengths.append(len(predicted))
                gold = gold_evidence(q, run.texts[q.doc_id])
                if gold:
                    supports.append(citation_support_rate(cited_spans(draft.citations), gold))
        else:
            f1 = 1.0 if draft.refused else 0.0
            refused_unanswerable += draft.refused
            answered_unanswerable += not draft.refused
        recall = token_recall(predicted, q.answers) if q.answers else 1.0
        kind = ("unanswerable" if not q.answers else "refused" if draft.refused
                else "wrong" if f1 < 0.5 else "short" if recall < 1.0 else "right")
        if shown < args.show and (not args.only or kind == args.only):
            shown += 1
            print(f"[{kind} f1={f1:.2f} recall={recall:.2f} "
                  f"support={draft.support or 0:.2f}] {q.qid} {q.question}\n"
                  f"   gold: {q.answers[:2]}\n   got:  {draft.answer[:300]}")
    elapsed = time.perf_counter() - started
    unanswerable = len(questions) - answerable
    refusals = refused_answerable + refused_unanswerable
    print(f"\n{args.gold} scope={args.scope} n={len(questions)} "
          f"({answerable} answerable) compose {elapsed / len(questions) * 1000:.1f} ms/q")
    print(f"token_f1 {statistics.mean(f1s):.3f}  exact_match {statistics.mean(ems):.3f}  "
          f"answer_recall {statistics.mean(recalls):.3f}  "
          f"answerable refused {refused_answerable / max(answerable, 1):.1%}")
    if unanswerable:
        print(f"refusal precision {refused_unanswerable / max(refusals, 1):.3f}  "
              f"recall {refused_unanswerable / unanswerable:.3f}")
    if supports:
        print(f"citation support {statistics.mean(supports):.3f}")
    if lengths:
        print(f"median answer {statistics.median(lengths):.0f} chars, median gold "
              f"{statistics.median(gold_lengths):.0f} "
              f"({statistics.median(lengths) / statistics.median(gold_lengths):.1f}x)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
