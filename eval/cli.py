"""``caseqa eval``: run a gold set through the service, report, compare, gate on floors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.models import MODES

if TYPE_CHECKING:
    from eval.runner import Run
    from qa.settings import Settings

OUT_ROOT = Path("out/eval")
EXAMPLES = """examples:
  caseqa eval eval/gold/seeds.jsonl
  caseqa eval eval/gold/seeds.jsonl --check-floors eval/floors.json
  caseqa eval ../shared/datasets/policyqa-dev/qa.jsonl \\
      --corpus ../shared/datasets/policyqa-dev/corpus.jsonl --scope doc
  caseqa eval ../shared/datasets/cjrc-dev/qa.jsonl \\
      --corpus ../shared/datasets/cjrc-dev/corpus.jsonl --retriever keyword --limit 100
  caseqa eval compare out/eval/seeds-20260101-120000 out/eval/seeds-20260102-090000

Without --corpus the seed documents (seeds/) are indexed. The index of a corpus lives
under data/eval-index/, named after the corpus and the index-shaping settings, and is
synced incrementally: a second run embeds nothing. --index-dir uses (and, with --corpus,
adds to) that index instead."""


def default_out(gold: Path, scope: str, retriever: str) -> Path:
    """out/eval/<gold name>[-doc][-dense]-<timestamp>, never an existing directory."""
    name = gold.stem if gold.parent.name in ("gold", "") else f"{gold.parent.name}-{gold.stem}"
    tags = [t for t in (scope, retriever) if t not in ("global", "hybrid")]
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = OUT_ROOT / "-".join([name, *tags, stamp])
    out, n = base, 1
    while out.exists():
        n += 1
        out = base.with_name(f"{base.name}-{n}")
    return out


def _progress_factory(quiet: bool) -> Any:
    from tqdm import tqdm

    def factory(total: int, what: str) -> Any:
        return tqdm(total=total, desc=what, unit="chunk", disable=quiet, file=sys.stderr)

    return factory


def _print_summary(run: Run, out: Path) -> None:
    from eval.llm_metrics import report_rows
    from eval.report import fmt, headline

    width = max(len(name) for name, _, _ in headline(run))
    for name, value, count in headline(run):
        n = "" if count is None else f"  (n={count})"
        print(f"{name:<{width}}  {fmt(value, name):>8}{n}")
    for name, value, _ in report_rows(run.metrics):  # an LLM run's attribution figures
        print(f"{name:<{width}}  {fmt(value, name):>8}")
    print(f"report: {out / 'report.html'}")


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from eval.floors import check_floors, read_floors
    from eval.runner import RunConfig, run
    from eval.write import write_run

    if args.runs:
        args.parser.error(f"unexpected arguments {' '.join(args.runs)} (did you mean "
                          "`caseqa eval compare A B`?)")
    floors = read_floors(args.check_floors) if args.check_floors else None
    config = RunConfig(
        gold=args.target, corpus=tuple(args.corpus), index_dir=args.index_dir,
        k=args.k or settings.retrieval.k, mode=args.mode, scope=args.scope,
        retriever=args.retriever, limit=args.limit, answers=not args.retrieval_only)
    result = run(config, settings, _progress_factory(args.quiet), progress_bar=not args.quiet)
    out = args.out or default_out(args.target, args.scope, args.retriever)
    write_run(result, out)
    _print_summary(result, out)
    if floors is None:
        return 0
    breaches = check_floors(result.metrics, floors, result.curves)
    for breach in breaches:
        print(f"below floor: {breach}")
    if breaches:
        print(f"caseqa eval: {len(breaches)} metric(s) below their floors in "
              f"{args.check_floors}", file=sys.stderr)
        return 1
    print(f"all {len(floors)} floors in {args.check_floors} hold")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from eval.compare import compare, render, write

    if len(args.runs) != 2:
        args.parser.error("compare takes two run directories: caseqa eval compare A B")
    a, b = (Path(r) for r in args.runs)
    comparison = compare(a, b)
    out = args.out or (b.parent if b.name == "metrics.json" else b)
    write(comparison, out)
    print(render(comparison), end="")
    print(f"written: {out / 'compare.md'}, {out / 'compare.json'}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Run an evaluation, or compare two runs."""
    from eval.errors import EvalError

    try:
        if str(args.target) == "compare" and not args.target.is_file():
            return _compare(args)
        return _run(args, settings)
    except EvalError as exc:
        print(f"caseqa: error: {exc}", file=sys.stderr)
        return 2


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def register(sub: Any, formatter_class: type[argparse.HelpFormatter],
             add_index_dir: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``caseqa eval`` to the CLI's sub-commands."""
    class Formatter(formatter_class):  # type: ignore[misc, valid-type]
        # Options whose help says its own default get no "(default: None)" appended.
        def _get_help_string(self, action: argparse.Action) -> str | None:
            if action.help and "default:" in action.help:
                return action.help
            return super()._get_help_string(action)

    p = sub.add_parser(
        "eval", formatter_class=Formatter, help="evaluate against gold answers",
        description="Run every question of a gold JSONL file through the answering service "
                    "and write metrics.json, results.jsonl, report.md and report.html; or "
                    "compare two such runs.",
        epilog=EXAMPLES)
    p.add_argument("target", type=Path, metavar="GOLD.jsonl|compare",
                   help="gold questions, or the word compare followed by two run folders")
    p.add_argument("runs", nargs="*", metavar="RUN",
                   help="with compare: run folders A and B (default: none)")
    p.add_argument("--corpus", type=Path, action="append", default=[],
                   help="corpus JSONL (or folder) the gold questions are about; repeatable "
                        "(default: seeds/)")
    # Not add_index_dir: eval's default is an index per corpus, not $CASEQA_INDEX_DIR.
    del add_index_dir
    p.add_argument("--index-dir", type=Path, default=None,
                   help="index to use (with --corpus: to sync the corpus into, never pruned) "
                        "(default: data/eval-index/<corpus>-<settings hash>)")
    p.add_argument("--k", type=_positive, default=None,
                   help="passages per answer, and the k of @k metrics "
                        "(default: CASEQA_RETRIEVAL__K, 8)")
    p.add_argument("--mode", choices=MODES, default=None,
                   help="answerer (default: CASEQA_ANSWER__MODE, extractive)")
    p.add_argument("--scope", choices=["global", "doc"], default="global",
                   help="doc: search only each question's own document (default: global)")
    p.add_argument("--retriever", choices=["hybrid", "dense", "keyword"], default="hybrid",
                   help="retrieval strategy; hybrid, the default, is what the service uses")
    p.add_argument("--out", type=Path, default=None,
                   help="output folder (default: out/eval/<gold>-<time>/; for compare: B)")
    p.add_argument("--limit", type=_positive, default=None,
                   help="only the first N questions (default: all)")
    p.add_argument("--retrieval-only", action="store_true",
                   help="score retrieval only, without answering")
    p.add_argument("--check-floors", type=Path, default=None, metavar="FLOORS.json",
                   help="exit 1 if a metric is below its floor in this file (default: none)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.set_defaults(handler=cmd_eval, parser=p)
