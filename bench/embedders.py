"""The embedding models side by side: speed of every candidate against torch MiniLM.

One run, every candidate of ``--models`` (default: all built-in ones), one markdown
table: dimension; whether torch was imported; indexing throughput of the whole
``caseqa index`` pipeline (chunking, embedding, storing; the model already loaded) in
chunks/s on ``--corpus``; query embedding p50/p95 (one ``embed_query`` per gold question
of ``--gold``: English policyqa-dev and Chinese cjrc-dev by default); the wall time of a
whole ``caseqa ask`` from a fresh process on a seed index built with that model; the
index's bytes on disk per chunk. Each figure has its ratio to the torch MiniLM row
(``bundled:all-MiniLM-L6-v2``), the targets for a new default beside them.

Each measurement runs in a fresh child process (``CASEQA_INDEX__EMBEDDING__MODEL`` picks
the model, HF_HUB_OFFLINE=1), so no model runs beside another's runtime; the models take
turns in an order rotated every run, so none always runs on a warmer machine, and the
medians over ``--runs`` are reported. The ONNX models' one-time export (from the torch
weights into ~/.cache/caseqa/onnx) is done before any timing; its cost, measured into an
empty cache directory, is printed apart.

    python bench/embedders.py --runs 3       # the figures: ~10-20 min on 2 quiet cores
    python bench/embedders.py --limit-docs 5 --runs 1 --questions 20 \\
        --models bundled:all-MiniLM-L6-v2,onnx:all-MiniLM-L6-v2   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # bench/index.py must not shadow index/

from hardening import child_env  # noqa: E402

from bench.cold_start import ask_seconds, build_seed_index  # noqa: E402
from bench.index import index_once  # noqa: E402
from bench.query import query_seconds  # noqa: E402
from eval.gold import read_gold  # noqa: E402
from eval.metrics import percentile  # noqa: E402
from index.documents import read_jsonl  # noqa: E402
from index.embedding import BUILTIN, load_embedder  # noqa: E402

BASELINE = "bundled:all-MiniLM-L6-v2"
ONNX = ("onnx:all-MiniLM-L6-v2", "onnx-int8:all-MiniLM-L6-v2")
DATA = ROOT.parent / "shared" / "datasets"
TARGETS = "targets for a new default: indexing >= 1.5x, query p50 <= 1x, cold ask <= 0.5x"

EXPORT = r"""
import json, time
from index.embedding.minilm_onnx import cache_dir, onnx_file
t = time.perf_counter(); onnx_file(int8=False); fp32 = time.perf_counter() - t
t = time.perf_counter(); onnx_file(int8=True); int8 = time.perf_counter() - t
print(json.dumps({"fp32": fp32, "int8": int8, "dir": str(cache_dir())}))
"""


@dataclass(frozen=True)
class Sample:
    """One model's figures from one run (seconds)."""

    dimension: int
    torch: bool
    chunks: int
    index_seconds: float
    index_bytes: int
    query_seconds: list[float]
    ask_seconds: float


@dataclass(frozen=True)
class Row:
    """One model's line of the table: medians over the runs."""

    model: str
    dimension: int
    torch: bool
    chunks: int
    chunks_per_s: float
    query_p50_ms: float
    query_p95_ms: float
    ask_s: float
    bytes_per_chunk: float


def summarise(model: str, samples: Sequence[Sample]) -> Row:
    """The medians over runs of each figure (p50 and p95 are per run, then the median)."""
    last = samples[-1]
    return Row(
        model=model, dimension=last.dimension, torch=any(s.torch for s in samples),
        chunks=last.chunks,
        chunks_per_s=statistics.median(s.chunks / s.index_seconds for s in samples),
        query_p50_ms=statistics.median(percentile(s.query_seconds, 50) for s in samples) * 1e3,
        query_p95_ms=statistics.median(percentile(s.query_seconds, 95) for s in samples) * 1e3,
        ask_s=statistics.median(s.ask_seconds for s in samples),
        bytes_per_chunk=last.index_bytes / max(last.chunks, 1))


def ratio(value: float, base: float | None) -> str:
    """``value / base`` as "1.23x", or "–" without a (positive) baseline figure."""
    return f"{value / base:.2f}x" if base else "–"


def markdown_table(rows: Sequence[Row], baseline: str = BASELINE) -> str:
    """The rows as a markdown table, each figure with its ratio to the ``baseline`` row
    ("–" when that model is not among the rows)."""
    base = next((r for r in rows if r.model == baseline), None)
    lines = ["| model | dim | torch | chunks | index chunks/s | ratio | query p50 ms "
             "| query p95 ms | ratio p50 | cold ask s | ratio | bytes/chunk |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
             "| ---: |"]
    for r in rows:
        speed, p50, ask = ((None, None, None) if base is None else
                           (base.chunks_per_s, base.query_p50_ms, base.ask_s))
        lines.append(
            f"| `{r.model}` | {r.dimension} | {'yes' if r.torch else 'no'} | {r.chunks} "
            f"| {r.chunks_per_s:.1f} | {ratio(r.chunks_per_s, speed)} "
            f"| {r.query_p50_ms:.1f} | {r.query_p95_ms:.1f} | {ratio(r.query_p50_ms, p50)} "
            f"| {r.ask_s:.2f} | {ratio(r.ask_s, ask)} | {r.bytes_per_chunk:.0f} |")
    return "\n".join(lines)


def run_order(models: Sequence[str], run: int) -> list[str]:
    """The models in run ``run``'s order: rotated by one place a run, so that over the
    runs each model takes each place (first on a cool machine, last on a warm one)."""
    shift = run % len(models) if models else 0
    return [*models[shift:], *models[:shift]]


def questions(golds: Sequence[Path], limit: int | None) -> list[str]:
    """The questions of each gold file (the first ``limit`` of each when given)."""
    return [q.question for gold in golds for q in read_gold(gold, limit)]


def child(args: list[str], env: dict[str, str]) -> dict[str, object]:
    """Run this Python with ``args``; the JSON object its last stdout line holds."""
    done = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args[:3])} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def worker(args: argparse.Namespace) -> None:
    """In the child process: load the model, index the corpus, embed the questions."""
    from qa.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings().with_index_dir(Path(tmp) / "index").index
        embedder = load_embedder(settings.embedding.model, settings.embedding.device)
        embedder.embed_batch(["warm up"])
        docs = list(read_jsonl(args.corpus))[: args.limit_docs]
        chunks, seconds, size = index_once(settings, docs)
        times = query_seconds(embedder, questions(args.gold, args.questions))
    print(json.dumps({"dimension": embedder.dimension, "torch": "torch" in sys.modules,
                      "chunks": chunks, "index_seconds": seconds, "index_bytes": size,
                      "query_seconds": times}))


def export_onnx() -> None:
    """Export the ONNX files before any timing; print what the first export costs."""
    with tempfile.TemporaryDirectory() as tmp:
        cost = child(["-c", EXPORT], child_env(XDG_CACHE_HOME=tmp))
    where = child(["-c", EXPORT], child_env())["dir"]
    print(f"ONNX export, once per machine, done before timing (into {where}): first use "
          f"costs {cost['fp32']:.1f} s for fp32 and {cost['int8']:.1f} s more for int8 "
          "(measured into an empty cache directory)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=",".join(dict.fromkeys([BASELINE, *BUILTIN])),
                        help="comma-separated model names (default: every built-in one, "
                             "the torch MiniLM first)")
    parser.add_argument("--corpus", type=Path, default=DATA / "policyqa-dev" / "corpus.jsonl")
    parser.add_argument("--limit-docs", type=int, default=None,
                        help="index only the corpus's first N documents")
    parser.add_argument("--gold", type=Path, nargs="+",
                        default=[DATA / "policyqa-dev" / "qa.jsonl",
                                 DATA / "cjrc-dev" / "qa.jsonl"])
    parser.add_argument("--questions", type=int, default=None,
                        help="embed only the first N questions of each gold file")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    work = ["--corpus", str(args.corpus), "--gold", *map(str, args.gold)]
    for flag, value in (("--limit-docs", args.limit_docs), ("--questions", args.questions)):
        work += [flag, str(value)] if value is not None else []
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
    if any(m in ONNX for m in models):
        export_onnx()
    samples: dict[str, list[Sample]] = {m: [] for m in models}
    with tempfile.TemporaryDirectory() as tmp:
        envs = {m: child_env(CASEQA_INDEX__EMBEDDING__MODEL=m) for m in models}
        seeds = {m: Path(tmp) / f"seeds-{n}" for n, m in enumerate(models)}
        for m in models:
            build_seed_index(seeds[m], envs[m])
        for run in range(args.runs):
            for m in run_order(models, run):
                got = child([__file__, "--worker", m, *work], envs[m])
                sample = Sample(**got,  # type: ignore[arg-type]
                                ask_seconds=ask_seconds(seeds[m], envs[m]))
                samples[m].append(sample)
                print(f"run {run + 1}/{args.runs} {m}: "
                      f"{sample.chunks / sample.index_seconds:.1f} chunks/s, query p50 "
                      f"{percentile(sample.query_seconds, 50) * 1e3:.1f} ms, "
                      f"ask {sample.ask_seconds:.2f} s", flush=True)
    n_questions = len(samples[models[0]][0].query_seconds)
    docs = args.limit_docs or "all"
    print(f"\ncorpus {args.corpus} ({docs} documents); {n_questions} questions of "
          f"{', '.join(str(g) for g in args.gold)} (one embed_query each, after a warm-up); "
          f"cold ask: `caseqa ask` on seeds/; medians of {args.runs} runs; load average "
          f"{os.getloadavg()[0]:.2f}\n")
    print(markdown_table([summarise(m, samples[m]) for m in models]))
    print(f"\nratios against `{BASELINE}`; {TARGETS}")


if __name__ == "__main__":
    main()
