"""Indexing throughput: the whole `caseqa index` pipeline against raw encode.

Prints chunks per second for the pipeline (chunking, embedding, storing, bookkeeping)
next to the model's own encoding of the same chunk texts (SentenceTransformer.encode for a
torch model, the embedder's batches otherwise), in the same run, and their
ratio (target: >= 0.9); also the index's bytes on disk per chunk. Runs alternate and
the medians are reported, since the machine is shared and noisy.

    python bench/index.py [--corpus ../shared/datasets/policyqa-dev/corpus.jsonl] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.documents import Document, read_jsonl  # noqa: E402
from index.embedding import SentenceTransformerEmbedder, load_embedder  # noqa: E402
from index.ingest import Indexer  # noqa: E402
from index.settings import IndexSettings  # noqa: E402
from index.store import open_store  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "datasets" / "policyqa-dev" / "corpus.jsonl"


def disk_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def index_once(settings: IndexSettings, docs: Sequence[Document]) -> tuple[int, float, int]:
    """``docs`` indexed into ``settings.dir`` by the whole pipeline (as ``caseqa index``
    does, the model already loaded): (chunks, seconds, bytes of the index on disk)."""
    started = time.perf_counter()
    report = Indexer(settings).sync(docs)
    seconds = time.perf_counter() - started
    return report.chunks, seconds, disk_bytes(settings.dir)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    docs = list(read_jsonl(args.corpus))
    base = IndexSettings()
    embedder = load_embedder(base.embedding.model)
    embedder.embed_batch(["warm up"])
    pipeline: list[float] = []
    raw: list[float] = []
    texts: list[str] = []
    per_chunk = 0.0

    def run_pipeline(directory: Path) -> None:
        nonlocal texts, per_chunk
        settings = base.model_copy(update={"dir": directory})
        chunks, seconds, size = index_once(settings, docs)
        pipeline.append(chunks / seconds)
        store = open_store(settings)
        texts = [r.text for r in store.get_chunks(store.chunk_ids())]
        store.close()
        per_chunk = size / chunks

    def run_raw() -> None:
        started = time.perf_counter()
        if isinstance(embedder, SentenceTransformerEmbedder):
            embedder.encode_raw(texts, base.embedding.batch_size)
        else:
            embedder.embed(texts, base.embedding.batch_size)
        raw.append(len(texts) / (time.perf_counter() - started))

    with tempfile.TemporaryDirectory() as tmp:
        run_pipeline(Path(tmp) / "first")  # also collects the chunk texts for raw encode
        pipeline.clear()
        for run in range(args.runs):
            # Alternate the order so neither side always runs on a warmer machine.
            if run % 2:
                run_raw()
                run_pipeline(Path(tmp) / f"run{run}")
            else:
                run_pipeline(Path(tmp) / f"run{run}")
                run_raw()
            print(f"run {run + 1}: pipeline {pipeline[-1]:.1f} chunks/s, "
                  f"raw encode {raw[-1]:.1f} chunks/s", flush=True)
    p, r = statistics.median(pipeline), statistics.median(raw)
    print(f"\ncorpus: {args.corpus} ({len(docs)} documents, {len(texts)} chunks)")
    print(f"pipeline (caseqa index): {p:.1f} chunks/s (median of {args.runs})")
    print(f"raw SentenceTransformer.encode: {r:.1f} chunks/s (median of {args.runs})")
    print(f"ratio pipeline / raw: {p / r:.3f}  (target >= 0.9)")
    print(f"index on disk: {per_chunk:.0f} bytes per chunk")


if __name__ == "__main__":
    main()
