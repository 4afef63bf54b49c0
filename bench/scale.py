"""FAISS at size, and milvus-lite beside it: build time, memory, search p50/p95 and
recall@10 against exact search, at 100k and 1M chunks; `/v1/search` p50 through the real
server on the 100k index.

Vectors: a real caseqa index of ../shared/corpus/zh-law-full.jsonl.gz (real model, real
chunker), grown document by document until it holds the first size; larger sizes reuse
those vectors with Gaussian noise (renormalised). Queries: chunks of documents that are
not indexed (held out), embedded as queries. Recall@10 is the share of the exact top 10
(flat inner product) that a variant returns.

Variants: `faiss-flat` (exact), `caseqa` (what the store chooses at that size, with its
reason; for IVF one row per --nprobe, `caseqa*` the default nprobe), `faiss-hnsw` (for
comparison: the store does not use it, FAISS HNSW cannot remove ids), `milvus-lite`
(HNSW asked of milvus-lite's engine).

    python bench/scale.py                               # the full run (hours on 2 cores)
    python bench/scale.py --sizes 1000 5000 --queries 20 --exact-max-chunks 1000 \
        --index-dir data/bench/scale-small               # a sanity run
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import faiss
import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.metrics import percentile  # noqa: E402
from index.documents import Document  # noqa: E402
from index.embedding import Embedder, load_embedder  # noqa: E402
from index.faiss_index import FaissIndex  # noqa: E402
from index.faiss_index import probes as ivf_probes  # noqa: E402
from index.ingest import Indexer  # noqa: E402
from index.settings import IndexSettings, VectorSettings  # noqa: E402
from index.store import open_store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "zh-law-full.jsonl.gz"
K = 10


def documents(path: Path) -> Iterator[Document]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                yield Document(row["doc_id"], row.get("title", ""), row["text"],
                               row.get("metadata") or {})


def rss_mb() -> float:
    """This process's resident memory now, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_index(settings: IndexSettings, target: int, queries: int, embedder: Embedder
                ) -> tuple[np.ndarray, list[str]]:
    """Grow the real index to ``target`` chunks; return its vectors and held-out texts."""
    indexer = Indexer(settings, embedder)
    docs = documents(CORPUS)
    batch: list[Document] = []
    chunks = 0
    store = open_store(settings) if (settings.dir / "manifest.json").exists() else None
    if store is not None:
        chunks = store.stats()["chunks"]
        stored = set(store.content_hashes())
        docs = (d for d in docs if d.doc_id not in stored)
    started = time.perf_counter()
    for doc in docs:
        if chunks >= target:
            break
        batch.append(doc)
        # About 400 characters a chunk: never index much more than the target.
        if sum(len(d.text) for d in batch) > min(400_000, 400 * (target - chunks)):
            report = indexer.sync(batch)
            chunks += report.chunks
            batch = []
            print(f"  indexed {chunks} chunks ({time.perf_counter() - started:.0f} s)",
                  flush=True)
    if batch and chunks < target:
        chunks += indexer.sync(batch).chunks
    store = open_store(settings)
    vectors = store.chunk_vectors(store.chunk_ids()[:target])
    held_out: list[str] = []
    for doc in docs:
        held_out.extend(doc.text[i:i + 300] for i in range(0, len(doc.text), 3000))
        if len(held_out) >= queries:
            break
    return vectors, held_out[:queries]


def grow(vectors: np.ndarray, n: int, noise: float, seed: int = 0) -> np.ndarray:
    """``n`` vectors: the real ones, then noisy copies of them, all unit length."""
    if n <= len(vectors):
        return np.ascontiguousarray(vectors[:n])
    rng = np.random.default_rng(seed)
    out = np.empty((n, vectors.shape[1]), dtype=np.float32)
    out[:len(vectors)] = vectors
    for first in range(len(vectors), n, len(vectors)):
        last = min(n, first + len(vectors))
        part = vectors[: last - first] + rng.normal(0, noise, (last - first, vectors.shape[1]))
        out[first:last] = part / np.linalg.norm(part, axis=1, keepdims=True)
    return out


def timed(search: Callable[[np.ndarray], list[int]], queries: np.ndarray,
          truth: list[set[int]]) -> dict[str, float]:
    """p50/p95 of one query at a time (ms) and recall@10 against ``truth``."""
    for q in queries[:5]:
        search(q)  # warm up
    latencies, found = [], []
    for q in queries:
        started = time.perf_counter()
        ids = search(q)
        latencies.append((time.perf_counter() - started) * 1000)
        found.append(ids)
    recall = float(np.mean([len(set(f[:K]) & t) / K for f, t in zip(found, truth, strict=True)]))
    return {"p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
            "recall_at_10": recall}


def faiss_rows(base: np.ndarray, queries: np.ndarray, truth: list[set[int]],
               args: argparse.Namespace) -> list[dict[str, Any]]:
    n, dim = base.shape
    ids = np.arange(n, dtype=np.int64)
    rows = []
    exact_max = args.exact_max_chunks
    variants: list[tuple[str, VectorSettings, list[int]]] = [
        ("faiss-flat", VectorSettings(exact_max_chunks=max(n, exact_max)), [0])]
    chosen = VectorSettings(exact_max_chunks=exact_max)
    if chosen.exact_max_chunks < n:
        variants.append(("caseqa", chosen, args.nprobe))
    for name, settings, probes in variants:
        before, started = rss_mb(), time.perf_counter()
        index = FaissIndex.build(dim, ids, base, settings)
        build_s, memory = time.perf_counter() - started, rss_mb() - before
        for nprobe in probes:
            # The sweep reuses one trained index (a bench may reach inside; tests do not).
            # 0 is what caseqa probes by default at this size.
            default = ivf_probes(index.choice.nlist, settings) if index.choice.nlist else 0
            index._nprobe = nprobe or default
            row = {"variant": name if nprobe or not default else f"{name}*", "n": n,
                   "kind": index.choice.kind, "nprobe": nprobe or default or None,
                   "build_s": build_s, "memory_mb": memory,
                   "index_mb": len(faiss.serialize_index(index._index)) / 2**20,
                   **timed(lambda q, ix=index: [i for i, _ in ix.search(q, K)], queries, truth),
                   "reason": index.choice.reason}
            rows.append(row)
            print_row(row)
        del index
    before, started = rss_mb(), time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 80
    hnsw.add(base)
    build_s, memory = time.perf_counter() - started, rss_mb() - before
    for ef in args.ef:
        hnsw.hnsw.efSearch = ef

        def search(q: np.ndarray, ix: Any = hnsw) -> list[int]:
            return [int(i) for i in ix.search(q.reshape(1, -1), K)[1][0]]

        row = {"variant": "faiss-hnsw", "n": n, "kind": f"HNSW32 ef={ef}", "build_s": build_s,
               "memory_mb": memory, **timed(search, queries, truth)}
        rows.append(row)
        print_row(row)
    return rows


def milvus_row(base: np.ndarray, queries: np.ndarray, truth: list[set[int]],
               ef: int) -> dict[str, Any]:
    from pymilvus import DataType, MilvusClient

    folder = Path(tempfile.mkdtemp(prefix="caseqa-scale-milvus-"))
    try:
        before, started = rss_mb(), time.perf_counter()
        client = MilvusClient(str(folder / "milvus.db"))
        schema = client.create_schema(auto_id=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=base.shape[1])
        params = client.prepare_index_params()
        params.add_index("vector", index_type="HNSW", metric_type="IP",
                         params={"M": 32, "efConstruction": 80})
        client.create_collection("scale", schema=schema, index_params=params)
        for first in range(0, len(base), 5000):
            part = base[first:first + 5000]
            client.insert("scale", [{"id": first + i, "vector": v.tolist()}
                                    for i, v in enumerate(part)])
        client.flush("scale")
        client.load_collection("scale")
        build_s, memory = time.perf_counter() - started, rss_mb() - before

        def search(q: np.ndarray) -> list[int]:
            hits = client.search("scale", data=[q.tolist()], limit=K,
                                 search_params={"metric_type": "IP", "params": {"ef": ef}})
            return [int(h["id"]) for h in hits[0]]

        row = {"variant": "milvus-lite", "n": len(base), "kind": f"HNSW32 ef={ef}",
               "build_s": build_s, "memory_mb": memory, **timed(search, queries, truth)}
        client.close()
        return row
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def server_row(index_dir: Path, questions: list[str]) -> dict[str, Any]:
    """/v1/search through `caseqa serve` on the index, one request at a time."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # No rate limit: a 429 is no search time.
    env = {**os.environ, "CASEQA_SECURITY__RATE_PER_MINUTE": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--index-dir",
                             str(index_dir), "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("caseqa serve did not start")
            time.sleep(0.5)
        latencies = []
        with httpx.Client(timeout=120) as http:
            for question in questions[:5] + questions:
                started = time.perf_counter()
                http.post(f"{base}/v1/search", json={"query": question, "k": 8}
                          ).raise_for_status()
                latencies.append((time.perf_counter() - started) * 1000)
        latencies = latencies[5:]
        return {"variant": "/v1/search", "n": None, "p50_ms": percentile(latencies, 50),
                "p95_ms": percentile(latencies, 95)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def print_row(row: dict[str, Any]) -> None:
    cells = [f"{row['variant']:<12}", f"{row.get('n') or '':>8}", f"{row.get('kind', ''):<16}",
             f"nprobe={row['nprobe']}" if row.get("nprobe") else " " * 9,
             *(f"{row[key]:8.2f}" if row.get(key) is not None else " " * 8
               for key in ("build_s", "memory_mb", "p50_ms", "p95_ms", "recall_at_10"))]
    print(" | ".join(cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--index-dir", type=Path, default=ROOT / "data" / "bench" / "scale")
    parser.add_argument("--noise", type=float, default=0.02,
                        help="per-dimension sigma of the noise added to reused vectors")
    parser.add_argument("--exact-max-chunks", type=int,
                        default=VectorSettings().exact_max_chunks)
    parser.add_argument("--nprobe", type=int, nargs="+", default=[0, 16, 32, 64, 128],
                        help="IVF lists probed per query; 0: caseqa's default at that size "
                        "(its row is marked caseqa*)")
    parser.add_argument("--ef", type=int, nargs="+", default=[64, 128])
    parser.add_argument("--milvus-max", type=int, default=1_000_000,
                        help="skip milvus-lite above this many vectors")
    parser.add_argument("--no-server", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench" / "scale.json")
    args = parser.parse_args()

    settings = IndexSettings(dir=args.index_dir)
    embedder = load_embedder(settings.embedding.model)
    print(f"index {args.index_dir}: growing to {args.sizes[0]} chunks of {CORPUS.name}")
    vectors, held_out = build_index(settings, args.sizes[0], args.queries, embedder)
    queries = np.stack([embedder.embed_query(t) for t in held_out]).astype(np.float32)
    print(f"{len(vectors)} real vectors, {len(queries)} held-out queries\n")
    print("variant      |        n | kind             |           |  build_s | memory_mb "
          "|   p50_ms |   p95_ms | recall@10")
    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        base = grow(vectors, n, args.noise)
        exact = faiss.IndexFlatIP(base.shape[1])
        exact.add(base)
        truth = [set(map(int, row)) for row in exact.search(queries, K)[1]]
        del exact
        rows.extend(faiss_rows(base, queries, truth, args))
        if n <= args.milvus_max:
            row = milvus_row(base, queries, truth, max(args.ef))
            rows.append(row)
            print_row(row)
    if not args.no_server:
        row = server_row(args.index_dir, held_out)
        row["n"] = len(vectors)
        rows.append(row)
        print_row(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\n{args.out}")


if __name__ == "__main__":
    main()
