"""An interrupted or failed build leaves the previous index intact and loadable, readers
never see a half-written index, and the derived FAISS file is rebuilt when it is lost."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from index.documents import Document, read_paths
from index.embedding import Embedder, register
from index.ingest import Indexer, rebuild
from index.settings import EmbeddingSettings, IndexSettings
from index.store import DB_NAME, Store

CAUSES = ["consent", "deletion", "compensation", "apology", "notice", "storage", "sharing"]


def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"case-{i:04d}.txt").write_text(
            f"Case {i} concerns {CAUSES[i % len(CAUSES)]} of facial images. "
            f"The court in district {i} ordered remedy number {i * 31 % 997}.",
            encoding="utf-8")


def _state(settings: IndexSettings) -> tuple[int, dict[str, str]]:
    store = Store.open(settings)
    try:
        return store.generation, store.content_hashes()
    finally:
        store.close()


def _assert_loadable(settings: IndexSettings, embedder: Embedder, documents: int) -> None:
    """Open the index, search both ways, and check every chunk against its document."""
    store = Store.open(settings)
    try:
        assert store.count_documents() == documents
        chunks = store.stats()["chunks"]
        hits = store.search_vectors(embedder.embed_query("facial images consent"), chunks)
        assert len(hits) == chunks, "every chunk has its vector"
        texts = {d: store.get_document(d) for d in {r.doc_id for r, _ in hits}}
        for record, _ in hits:
            doc = texts[record.doc_id]
            assert doc is not None and doc.text[record.start:record.end] == record.text
        assert store.search_keywords("compensation", 5)
    finally:
        store.close()


def _cached(directory: Path) -> int:
    """Vectors a build in progress has kept (read without taking any lock)."""
    try:
        with sqlite3.connect(f"file:{directory / DB_NAME}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM embed_cache").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def test_killed_build_leaves_the_previous_index_and_resumes_from_its_cache(
        tmp_path: Path, index_settings: IndexSettings, embedder: Embedder) -> None:
    before_docs = 20
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, before_docs)
    Indexer(index_settings).sync(read_paths([corpus]))
    before = _state(index_settings)
    # More new chunks than one cache flush (256), so the kill lands after some are kept.
    _write_corpus(corpus, 400)  # the first 20 files stay the same

    reader = Store.open(index_settings)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEQA_")}
    caseqa = Path(sys.executable).with_name("caseqa")
    err_path = tmp_path / "stderr.txt"
    with err_path.open("w") as err:
        proc = subprocess.Popen(
            [str(caseqa), "index", str(corpus), "--index-dir", str(index_settings.dir)],
            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + 180
            while _cached(index_settings.dir) == 0:
                assert proc.poll() is None, "the build ended before it could be killed"
                assert time.monotonic() < deadline, "the build never started embedding"
                # Meanwhile a reader sees the old index, whole.
                assert reader.count_documents() == before_docs
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert "embedding" in err_path.read_text(), "no progress bar was shown"
    reader.close()

    assert _state(index_settings) == before
    _assert_loadable(index_settings, embedder, before_docs)

    cached = _cached(index_settings.dir)
    assert cached >= 256
    report = Indexer(index_settings).sync(read_paths([corpus]))
    assert len(report.added) == 380 and len(report.unchanged) == before_docs
    assert report.embedded == report.chunks - cached
    _assert_loadable(index_settings, embedder, 400)
    assert _cached(index_settings.dir) == 0


class _FailingEmbedder(Embedder):
    """Embeds one batch, then fails like a model running out of memory."""

    def __init__(self, name: str, device: str = "cpu") -> None:
        self.name = name
        self.dimension = 8
        self.calls = 0

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if self.calls > 9:
            raise MemoryError("out of memory")
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        out[:, 0] = 1.0
        return out


register("failing:", _FailingEmbedder)


def test_failed_build_leaves_the_previous_index(tmp_path: Path) -> None:
    settings = IndexSettings(dir=tmp_path / "index",
                             embedding=EmbeddingSettings(model="failing:once", batch_size=32))
    _write_corpus(tmp_path / "big", 400)
    docs = list(read_paths([tmp_path / "big"]))
    Indexer(settings).sync(docs[:10])
    before = _state(settings)
    with pytest.raises(MemoryError):
        Indexer(settings).sync(docs)
    assert _state(settings) == before
    # The vectors of the batches that did succeed are kept for the next run.
    assert _cached(settings.dir) == 256


def test_missing_faiss_file_is_rebuilt_from_sqlite(index_settings: IndexSettings,
                                                   embedder: Embedder, tmp_path: Path) -> None:
    _write_corpus(tmp_path / "small", 12)
    Indexer(index_settings).sync(read_paths([tmp_path / "small"]))
    files = list(index_settings.dir.glob("*.faiss"))
    assert len(files) == 1
    files[0].unlink()
    _assert_loadable(index_settings, embedder, 12)
    assert [p.name for p in index_settings.dir.glob("*.faiss")] == [files[0].name]


def test_stale_faiss_file_is_not_used(index_settings: IndexSettings, embedder: Embedder,
                                      tmp_path: Path) -> None:
    # A crash between the SQLite commit and the FAISS write leaves the previous
    # generation's file: it must not be served for the new generation.
    indexer = Indexer(index_settings)
    _write_corpus(tmp_path / "small", 12)
    indexer.sync(read_paths([tmp_path / "small"]))
    (old,) = index_settings.dir.glob("*.faiss")
    kept = tmp_path / "kept.faiss"
    shutil.copy(old, kept)
    late = Document("late", "Late", "A late document about biometric gate cards.")
    indexer.sync([*read_paths([tmp_path / "small"]), late])
    for path in index_settings.dir.glob("*.faiss"):
        path.unlink()
    shutil.copy(kept, old)

    store = Store.open(index_settings)
    hits = store.search_vectors(embedder.embed_query("biometric gate cards"), 1)
    assert hits[0][0].doc_id == "late"
    store.close()
    _assert_loadable(index_settings, embedder, 13)
    assert old.name not in {p.name for p in index_settings.dir.glob("*.faiss")}


def test_unreadable_faiss_file_is_rebuilt_from_sqlite(
        index_settings: IndexSettings, embedder: Embedder, tmp_path: Path) -> None:
    _write_corpus(tmp_path / "small", 12)
    Indexer(index_settings).sync(read_paths([tmp_path / "small"]))
    (path,) = index_settings.dir.glob("*.faiss")
    path.write_bytes(path.read_bytes()[:100])
    _assert_loadable(index_settings, embedder, 12)


def test_failed_rebuild_leaves_the_old_index_and_no_leftovers(tmp_path: Path) -> None:
    old = IndexSettings(dir=tmp_path / "index",
                        embedding=EmbeddingSettings(model="fake:bow"))
    _write_corpus(tmp_path / "big", 400)
    Indexer(old).sync(read_paths([tmp_path / "big"]))
    before = _state(old)
    new = old.model_copy(update={"embedding": EmbeddingSettings(model="failing:rebuild")})
    with pytest.raises(MemoryError):
        rebuild(new)
    assert _state(old) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big", "index"]
