"""Load: 32 concurrent clients mixing /v1/search and /v1/ask against a real `caseqa serve`
on loopback, for --minutes (10 by default) or --max-requests, whichever comes first.

The index holds the seed, policyqa-dev (20 privacy policies, English) and cjrc-dev (200
Chinese judgments); the questions are their gold questions. The server runs as it would
in production: API keys configured (the clients use a read key whose rate limit is
lifted), default answer gate. Reports errors (any non-200 or transport error), latency
p50/p95/p99 per route and overall, requests per second, and the server's resident
memory after the warm-up and at the end (the run fails if it grew more than 10%).

    python bench/load.py [--minutes 10] [--clients 32] [--max-requests 2000000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hardening import (  # noqa: E402
    ADMIN_KEY,
    READ_KEY,
    SEEDS,
    Server,
    keys_setting,
    rss_bytes,
)

from eval.metrics import percentile  # noqa: E402
from index.documents import read_paths  # noqa: E402
from index.ingest import Indexer  # noqa: E402
from index.settings import IndexSettings  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets"
CORPORA = [DATA / "policyqa-dev" / "corpus.jsonl", DATA / "cjrc-dev" / "corpus.jsonl"]
GOLD = [DATA / "policyqa-dev" / "qa.jsonl", DATA / "cjrc-dev" / "qa.jsonl",
        ROOT / "eval" / "gold" / "seeds.jsonl"]


def questions() -> list[str]:
    """The gold questions of the corpora in the index."""
    found = []
    for path in GOLD:
        if path.exists():
            found += [json.loads(line)["question"] for line in path.open(encoding="utf-8")
                      if line.strip()]
    return found


def build_index(directory: Path) -> None:
    """Index the corpora (an index already there is brought up to date: a no-op)."""
    paths = [SEEDS, *[p for p in CORPORA if p.exists()]]
    report = Indexer(IndexSettings(dir=directory)).sync(read_paths(paths))
    print(f"index {directory}: {report.summary()}", flush=True)


class Run:
    """The clients' shared state and figures."""

    def __init__(self, deadline: float, max_requests: int, warmup_until: float) -> None:
        self.deadline = deadline
        self.max_requests = max_requests
        self.warmup_until = warmup_until
        self.sent = 0
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.measured_from = 0.0
        self.measured = 0

    def more(self) -> bool:
        return time.monotonic() < self.deadline and self.sent < self.max_requests


async def client(http: httpx.AsyncClient, run: Run, asked: list[str], seed: int) -> None:
    """One client: a search or an ask at a time, back to back."""
    rng = random.Random(seed)
    while run.more():
        run.sent += 1
        route = "/v1/ask" if rng.random() < 0.5 else "/v1/search"
        text = rng.choice(asked)
        body = {"question": text} if route == "/v1/ask" else {"query": text, "k": 8}
        started = time.monotonic()
        try:
            response = await http.post(route, json=body)
            status = response.status_code
            if status != 200:
                run.errors[f"{route} {status}: {response.text[:120]}"] += 1
        except httpx.HTTPError as exc:
            status = 0
            run.errors[f"{route} {type(exc).__name__}"] += 1
        run.statuses[status] += 1
        if started >= run.warmup_until:
            run.latencies[route].append(time.monotonic() - started)
            run.measured += 1


async def sample_memory(pid: int, run: Run, samples: list[tuple[float, int]]) -> None:
    """The server's RSS every 5 s."""
    while run.more():
        samples.append((time.monotonic(), rss_bytes(pid)))
        await asyncio.sleep(5)


async def drive(server: Server, clients: int, minutes: float, max_requests: int,
                warmup: float) -> tuple[Run, list[tuple[float, int]], float]:
    asked = questions()
    started = time.monotonic()
    run = Run(started + minutes * 60, max_requests, started + warmup)
    samples: list[tuple[float, int]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits,
                                 headers={"X-API-Key": READ_KEY}) as http:
        await asyncio.gather(sample_memory(server.pid, run, samples),
                             *(client(http, run, asked, i) for i in range(clients)))
    return run, samples, time.monotonic() - started


def report(run: Run, samples: list[tuple[float, int]], elapsed: float, warmup: float,
           started: float) -> bool:
    every = [v for values in run.latencies.values() for v in values]
    print(f"\n{run.sent} requests in {elapsed:.0f} s by the clients; statuses "
          f"{dict(run.statuses)}; errors: {sum(run.errors.values())}")
    for error, n in run.errors.most_common(10):
        print(f"  {n} x {error}")
    measured_seconds = max(1e-9, elapsed - warmup)
    print(f"after the {warmup:.0f} s warm-up: {len(every)} requests, "
          f"{len(every) / measured_seconds:.1f} req/s")
    for route, values in [*sorted(run.latencies.items()), ("all", every)]:
        if values:
            print(f"  {route:>10}: p50 {percentile(values, 50) * 1000:7.1f} ms  "
                  f"p95 {percentile(values, 95) * 1000:7.1f} ms  "
                  f"p99 {percentile(values, 99) * 1000:7.1f} ms  "
                  f"mean {statistics.fmean(values) * 1000:7.1f} ms  n={len(values)}")
    after_warmup = next((rss for t, rss in samples if t >= started + warmup), samples[-1][1])
    end = samples[-1][1]
    peak = max(rss for _, rss in samples)
    growth = (end - after_warmup) / after_warmup
    print(f"server RSS: {after_warmup / 2**20:.0f} MiB after warm-up, {end / 2**20:.0f} MiB "
          f"at the end ({growth:+.1%}), peak {peak / 2**20:.0f} MiB")
    ok = not run.errors and abs(growth) <= 0.10
    print("PASS" if ok else "FAIL", "(zero errors, memory within 10%)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the run")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients")
    parser.add_argument("--max-requests", type=int, default=2_000_000,
                        help="stop after this many requests even if time is left")
    parser.add_argument("--warmup", type=float, default=None,
                        help="seconds not measured at the start (default: 10%% of the run, "
                             "at most 60)")
    parser.add_argument("--index-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "caseqa-load-index",
                        help="index to build or reuse")
    args = parser.parse_args()
    warmup = args.warmup if args.warmup is not None else min(60.0, args.minutes * 6)
    build_index(args.index_dir)
    # The clients share one read key; its rate limit is lifted (0), the rest as default.
    keys = keys_setting({"bench": (READ_KEY, "read"), "ops": (ADMIN_KEY, "admin")}, rate=0)
    log = Path(tempfile.gettempdir()) / "caseqa-load-serve.log"
    with Server(args.index_dir, log, CASEQA_SECURITY__API_KEYS=keys) as server:
        print(f"caseqa serve pid {server.pid} at {server.url}; {args.clients} clients for "
              f"{args.minutes:g} min (at most {args.max_requests} requests)", flush=True)
        started = time.monotonic()
        run, samples, elapsed = asyncio.run(drive(server, args.clients, args.minutes,
                                                  args.max_requests, warmup))
        ok = report(run, samples, elapsed, warmup, started)
        if "Traceback" in server.output():
            print(f"the server logged a traceback; see {log}")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
