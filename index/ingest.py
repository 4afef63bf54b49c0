"""Incremental indexing: chunk and embed only what changed, then write it in one step."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from index.chunking import Chunk, chunk_text, has_paragraphs
from index.documents import Document, unique
from index.embedding import Embedder, load_embedder
from index.errors import IndexNotFound
from index.locking import writer_lock
from index.manifest import MANIFEST, read_manifest
from index.records import PreparedChunk, PreparedDocument
from index.settings import IndexSettings
from index.store import Store, open_store
from index.tokens import ChunkCounter, tiktoken_counter

Progress = Callable[[int], None]
REBUILD_DOCUMENTS = "rebuild-documents.jsonl"
ProgressFactory = Callable[[int, str], "ProgressBar"]
# Vectors of a build are kept in the database every this many, so a killed build resumes.
_CACHE_EVERY = 256


class ProgressBar:
    """What the indexer reports progress to; the CLI passes a tqdm bar."""

    def update(self, n: int) -> None:
        """``n`` more items are done."""

    def close(self) -> None:
        """The work is over."""


@dataclass
class IngestReport:
    """What one indexing run did."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the terminal."""
        return (f"{len(self.added)} added, {len(self.replaced)} replaced, "
                f"{len(self.unchanged)} unchanged, {len(self.deleted)} deleted; "
                f"{self.chunks} chunks written, {self.embedded} embedded; "
                f"{self.seconds:.1f} s")


def content_hash(doc: Document) -> str:
    """Hash of everything stored for a document: unchanged hash, nothing to do."""
    payload = json.dumps([doc.title, doc.text, doc.metadata], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chunk_hash(text: str) -> str:
    """Key of the embedding cache: the chunk's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Indexer:
    """Turns documents into stored, embedded chunks for one index's settings."""

    def __init__(self, settings: IndexSettings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._counters: dict[int, ChunkCounter] = {}

    @property
    def embedder(self) -> Embedder:
        """The embedding model, loaded on first use."""
        if self._embedder is None:
            emb = self.settings.embedding
            self._embedder = load_embedder(emb.model, emb.device)
        return self._embedder

    def chunk(self, doc: Document) -> list[Chunk]:
        """The document's chunks, within the token budget and the model's limit."""
        ch = self.settings.chunking
        budget = (ch.block_max_tokens if ch.block_max_tokens and not has_paragraphs(doc.text)
                  else ch.max_tokens)
        counter = self._counters.get(budget)
        if counter is None:
            counter = ChunkCounter(budget, tiktoken_counter(ch.encoding),
                                   self.embedder.count_tokens, self.embedder.max_tokens)
            self._counters[budget] = counter
        return chunk_text(doc.text, budget, ch.overlap_tokens, counter)

    def open_or_create(self) -> Store:
        """The index in the settings' directory, created if there is none."""
        if read_manifest(self.settings.dir) is None:
            return open_store(self.settings, self.embedder.dimension)
        return open_store(self.settings)

    def prepare(self, store: Store, docs: Sequence[Document],
                progress: ProgressFactory | None = None) -> tuple[list[PreparedDocument], int]:
        """Chunk and embed documents, reusing every vector already computed."""
        chunked = [(doc, self.chunk(doc)) for doc in docs]
        texts = {chunk_hash(d.text[c.start:c.end]): d.text[c.start:c.end]
                 for d, chunks in chunked for c in chunks}
        vectors = store.cached_vectors(texts)
        missing = [h for h in texts if h not in vectors]
        vectors.update(self._embed(store, missing, texts, progress))
        prepared = []
        for doc, chunks in chunked:
            parts = []
            for c in chunks:
                h = chunk_hash(doc.text[c.start:c.end])
                parts.append(PreparedChunk(c.start, c.end, h, vectors[h]))
            prepared.append(PreparedDocument(doc, content_hash(doc), parts))
        return prepared, len(missing)

    def _embed(self, store: Store, hashes: list[str], texts: dict[str, str],
               progress: ProgressFactory | None) -> dict[str, np.ndarray]:
        # Longest first in one sorted pass, as SentenceTransformer.encode would do:
        # batches of similar lengths waste no time on padding.
        order = sorted(hashes, key=lambda h: -len(texts[h]))
        bar = progress(len(order), "embedding") if progress and order else ProgressBar()
        out: dict[str, np.ndarray] = {}
        batch_size = self.settings.embedding.batch_size
        try:
            for first in range(0, len(order), _CACHE_EVERY):
                group = order[first:first + _CACHE_EVERY]
                vectors = self.embedder.embed([texts[h] for h in group], batch_size,
                                              bar.update)
                pairs = list(zip(group, vectors, strict=True))
                store.cache_vectors(pairs)
                out.update(pairs)
        finally:
            bar.close()
        return out

    def sync(self, docs: Iterable[Document], prune: bool = False,
             progress: ProgressFactory | None = None) -> IngestReport:
        """Bring the index in line with ``docs``: add new, replace changed, keep the rest.

        With ``prune``, stored documents not among ``docs`` are deleted. Nothing is
        visible to readers until the single final write.
        """
        started = time.perf_counter()
        batch = unique(docs)
        report = IngestReport()
        with writer_lock(self.settings.dir):
            store = self.open_or_create()
            stored = store.content_hashes()
            changed = []
            for doc in batch:
                old = stored.get(doc.doc_id)
                if old is None:
                    report.added.append(doc.doc_id)
                elif old != content_hash(doc):
                    report.replaced.append(doc.doc_id)
                else:
                    report.unchanged.append(doc.doc_id)
                    continue
                changed.append(doc)
            if prune:
                seen = {d.doc_id for d in batch}
                report.deleted = sorted(d for d in stored if d not in seen)
            if changed or report.deleted:
                prepared, report.embedded = self.prepare(store, changed, progress)
                report.chunks = sum(len(p.chunks) for p in prepared)
                store.apply(prepared, report.deleted)
            store.close()
        report.seconds = time.perf_counter() - started
        return report

    def delete(self, store: Store, doc_ids: Sequence[str]) -> list[str]:
        """Delete documents from an open store; returns those that existed."""
        existing = [d for d in doc_ids if d not in set(store.missing_doc_ids(doc_ids))]
        if existing:
            with writer_lock(self.settings.dir):
                store.apply([], existing)
        return existing

    def upsert(self, store: Store, docs: Sequence[Document]) -> IngestReport:
        """Add or replace documents in an open store (the service's path)."""
        started = time.perf_counter()
        batch = unique(docs)
        report = IngestReport()
        with writer_lock(self.settings.dir):
            stored = store.content_hashes()
            changed = []
            for doc in batch:
                old = stored.get(doc.doc_id)
                bucket = (report.added if old is None else
                          report.unchanged if old == content_hash(doc) else report.replaced)
                bucket.append(doc.doc_id)
                if bucket is not report.unchanged:
                    changed.append(doc)
            if changed:
                prepared, report.embedded = self.prepare(store, changed)
                report.chunks = sum(len(p.chunks) for p in prepared)
                store.apply(prepared, [])
        report.seconds = time.perf_counter() - started
        return report


def rebuild(settings: IndexSettings, extra: Iterable[Document] = (),
            progress: ProgressFactory | None = None) -> IngestReport:
    """Rebuild the index with the current settings from the documents it stores.

    The new index is built beside the old one and swapped in when complete, so an
    interrupted rebuild leaves the old index untouched. The old index may have another
    backend (``CASEQA_INDEX__BACKEND=milvus caseqa index --rebuild`` moves a FAISS index
    into Milvus). Collections on a Milvus server outlive index directories: they are
    rebuilt in place (see ``_rebuild_shared``).
    """
    manifest = read_manifest(settings.dir)
    if manifest is None:
        raise IndexNotFound(f"index not found in {settings.dir}: nothing to rebuild")
    old_settings = settings.model_copy(update={"backend": manifest.shape.get("backend", "faiss")})
    old = open_store(old_settings, check_shape=False)
    docs = {d.doc_id: d for d in old.iter_documents()}
    docs.update({d.doc_id: d for d in unique(extra)})
    if old_settings.backend == settings.backend == "milvus" and settings.milvus_uri:
        return _rebuild_shared(settings, old, list(docs.values()), progress)
    old.release()
    tmp = settings.dir.with_name(f".{settings.dir.name}.rebuild-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp_settings = settings.model_copy(update={"dir": tmp})
    try:
        report = Indexer(tmp_settings).sync(docs.values(), progress=progress)
        open_store(tmp_settings).release()  # a milvus-lite file is moved below
    except BaseException:
        # Its name holds this process id, so no later rebuild would reuse or remove it.
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    with writer_lock(settings.dir):
        backup = settings.dir.with_name(f".{settings.dir.name}.old-{os.getpid()}")
        os.rename(settings.dir, backup)
        os.rename(tmp, settings.dir)
        shutil.rmtree(backup, ignore_errors=True)
    return report


def _rebuild_shared(settings: IndexSettings, old: Store, docs: list[Document],
                    progress: ProgressFactory | None) -> IngestReport:
    """Rebuild collections on a Milvus server in place. The documents are first written
    to ``<dir>/rebuild-documents.jsonl``: if the rebuild is killed, ``caseqa index`` that
    file to get them back."""
    saved = settings.dir / REBUILD_DOCUMENTS
    tmp = saved.with_name(saved.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps({"doc_id": doc.doc_id, "title": doc.title, "text": doc.text,
                                  "metadata": doc.metadata}, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, saved)
    with writer_lock(settings.dir):
        old.drop_shared()
        (settings.dir / MANIFEST).unlink()
    report = Indexer(settings).sync(docs, progress=progress)
    saved.unlink()
    return report
