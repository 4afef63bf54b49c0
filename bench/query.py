"""Query latency through the real HTTP server, next to the query embedding alone.

Builds (or reuses) an index of policyqa-dev, starts `caseqa serve` on a loopback port,
and measures /v1/search and /v1/ask (extractive) with 1 client and with 16 concurrent
clients: p50, p95, requests per second. In the same run it times the query embedding
alone and prints the ratio p50(/v1/ask, 1 client) / p50(embedding) (target: < 2), and
GET /healthz, the floor under every route (httpx's own time is most of it: 2.1 ms
against 0.7 ms with http.client on a kept-alive connection, 2026-12-02, busy machine).

    python bench/query.py [--corpus ...corpus.jsonl] [--gold ...qa.jsonl] [--requests 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.metrics import percentile  # noqa: E402
from index.documents import read_jsonl  # noqa: E402
from index.embedding import Embedder, load_embedder  # noqa: E402
from index.errors import IndexSettingsMismatch  # noqa: E402
from index.ingest import Indexer, rebuild  # noqa: E402
from index.settings import IndexSettings  # noqa: E402
from qa.answering.sentence_vectors import refresh_index  # noqa: E402
from qa.settings import Settings  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets" / "policyqa-dev"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def run_clients(base: str, route: str, bodies: list[dict[str, object]],
                      clients: int) -> tuple[list[float], float]:
    latencies: list[float] = []
    queue = list(bodies)

    async def client(http: httpx.AsyncClient) -> None:
        while queue:
            body = queue.pop()
            started = time.perf_counter()
            response = await http.post(f"{base}{route}", json=body)
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=120) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return latencies, len(bodies) / (time.perf_counter() - started)


async def floor_seconds(base: str, requests: int) -> list[float]:
    """Seconds of each ``GET /healthz`` (no work behind it), one client, as the routes are
    timed: what any route pays for the client, the server and the middleware."""
    latencies = []
    async with httpx.AsyncClient(timeout=120) as http:
        for _ in range(requests):
            started = time.perf_counter()
            response = await http.get(f"{base}/healthz")
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()
    return latencies


def query_seconds(embedder: Embedder, questions: Sequence[str]) -> list[float]:
    """Seconds of ``embed_query`` for each question, one call each, after a warm-up call."""
    embedder.embed_query("warm up")
    seconds = []
    for question in questions:
        started = time.perf_counter()
        embedder.embed_query(question)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DATA / "corpus.jsonl")
    parser.add_argument("--gold", type=Path, default=DATA / "qa.jsonl")
    parser.add_argument("--index-dir", type=Path, default=ROOT / "data" / "bench" / "policyqa")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()

    settings = IndexSettings(dir=args.index_dir)
    try:
        report = Indexer(settings).sync(read_jsonl(args.corpus), prune=True)
    except IndexSettingsMismatch:  # built with another model or chunking: start afresh
        print(f"index {args.index_dir}: built with other settings, rebuilt")
        rebuild(settings)
        report = Indexer(settings).sync(read_jsonl(args.corpus), prune=True)
    # What `caseqa index` keeps beside the index: the sentence and clause vectors.
    print(f"index {args.index_dir}: {report.summary()}; sentence texts embedded: "
          f"{refresh_index(Settings().with_index_dir(args.index_dir))}")
    questions = [json.loads(line)["question"]
                 for line in args.gold.read_text(encoding="utf-8").splitlines()
                 if line.strip()][: args.requests]

    embed_times = query_seconds(load_embedder(settings.embedding.model), questions)

    port = free_port()
    # The benchmark measures the service, not the rate limiter: turn it off.
    env = {**os.environ, "CASEQA_INDEX_DIR": str(args.index_dir),
           "CASEQA_SECURITY__RATE_PER_MINUTE": "0"}
    log_path = args.index_dir.parent / "bench-query-server.log"
    log_file = log_path.open("w")
    server = subprocess.Popen([sys.executable, "-m", "qa.cli", "-v", "serve", "--port",
                               str(port)], env=env, cwd=ROOT, stdout=log_file,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        # Ready, and warmed up: the warm-up's first questions share the cores for some
        # seconds after /readyz turns 200 (measured while it ran, /v1/search p50 was
        # 20.5 ms against 7 ms after it).
        for _ in range(600):
            try:
                ready = httpx.get(f"{base}/readyz", timeout=1)
                if ready.status_code == 200 and ready.json().get("warm", True):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("server did not become ready and warm")
        asyncio.run(floor_seconds(base, 5))  # warm up
        floor = asyncio.run(floor_seconds(base, len(questions)))
        rows = []
        for route, key in (("/v1/search", "query"), ("/v1/ask", "question")):
            bodies: list[dict[str, object]] = [{key: q, "k": 8} for q in questions]
            asyncio.run(run_clients(base, route, bodies[:5], 1))  # warm up
            for clients in (1, 16):
                latencies, rps = asyncio.run(run_clients(base, route, bodies, clients))
                rows.append((route, clients, percentile(latencies, 50),
                             percentile(latencies, 95), rps))
    except Exception:
        print(f"failed; the server's log is in {log_path}:", file=sys.stderr)
        print(log_path.read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        server.terminate()
        server.wait(timeout=30)
        log_file.close()

    embed_p50 = statistics.median(embed_times)
    print(f"\n{len(questions)} questions of {args.gold}")
    print(f"query embedding alone: p50 {embed_p50 * 1000:.1f} ms, "
          f"p95 {percentile(embed_times, 95) * 1000:.1f} ms")
    print(f"GET /healthz (the floor: client, server, middleware): p50 "
          f"{statistics.median(floor) * 1000:.1f} ms, p95 {percentile(floor, 95) * 1000:.1f} ms")
    print(f"{'route':<12}{'clients':>8}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>9}")
    for route, clients, p50, p95, rps in rows:
        print(f"{route:<12}{clients:>8}{p50 * 1000:>10.1f}{p95 * 1000:>10.1f}{rps:>9.1f}")
    ask_p50 = next(r[2] for r in rows if r[0] == "/v1/ask" and r[1] == 1)
    print(f"\nratio p50(/v1/ask, 1 client) / p50(query embedding): "
          f"{ask_p50 / embed_p50:.2f}  (target < 2)")


if __name__ == "__main__":
    main()
