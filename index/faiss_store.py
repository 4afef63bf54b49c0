"""The embedded backend: SQLite (documents, chunks, vectors, BM25) plus FAISS files.

SQLite is the source of truth. Every change is one SQLite transaction, so a build that
is killed leaves the previous index as it was. The FAISS file is derived from the
vectors in SQLite and named by the generation it reflects; when it is missing or stale
(a crash between the commit and the file write) it is rebuilt from SQLite on open.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from index.documents import Document
from index.faiss_index import FaissIndex
from index.locking import ReadWriteLock
from index.manifest import Manifest, write_manifest
from index.record_cache import RECORDS, VECTORS, GenerationCache
from index.records import ChunkRecord, DocumentInfo, Filters, PreparedDocument
from index.settings import IndexSettings
from index.sqlite_docs import SqliteDocuments
from index.store import Store
from index.vector_index import VectorIndex

# Scopes this small are searched exactly over their own vectors: an IVF index with a
# selector may miss them entirely when their lists are not probed.
_EXACT_SCOPE = 20_000


class FaissStore(Store):
    """SQLite documents and a FAISS index of the same generation."""

    vector_index: type[VectorIndex] = FaissIndex

    def __init__(self, settings: IndexSettings, manifest: Manifest) -> None:
        super().__init__(settings, manifest)
        self.db = SqliteDocuments(settings.dir)
        self._local = threading.local()
        self._lock = ReadWriteLock()
        self._vectors: VectorIndex | None = None
        self._generation = -1
        self._refresh_lock = threading.Lock()
        # What searches read of their candidate chunks, for the generation read in.
        self._records: GenerationCache[ChunkRecord] = GenerationCache(RECORDS)
        self._chunk_vectors: GenerationCache[np.ndarray] = GenerationCache(VECTORS)

    def initialise(self) -> None:
        """Create the SQLite tables."""
        self.db.create()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Hold one consistent view for several reads: no write lands in between."""
        if getattr(self._local, "snapshot", False):
            yield
            return
        self.refresh()
        with self._lock.read(), self.db.read_transaction():
            self._local.snapshot = True
            # The generation this transaction reads (a change committed by another
            # process after ``refresh`` is in it): what cached chunks are kept under.
            self._local.generation = self.db.generation()
            try:
                yield
            finally:
                self._local.snapshot = False

    def refresh(self) -> None:
        """Load the FAISS index for the current generation if another process changed it."""
        if self.db.generation() == self._generation:
            return
        with self._refresh_lock, self._lock.write():
            generation = self.db.generation()
            if generation == self._generation:
                return
            loaded = None
            if self.vector_index.saved(self.dir, generation):
                # The file is derived from SQLite: a damaged one is rebuilt, not fatal.
                with contextlib.suppress(RuntimeError):
                    loaded = self.vector_index.load(self.dir, generation, self.settings.vectors)
            if loaded is not None:
                self._vectors = loaded
            else:
                self._vectors = self._rebuild_vectors()
                self._save_vectors(generation)
            self._generation = generation

    def _rebuild_vectors(self) -> VectorIndex:
        ids, vectors = self.db.all_vectors(self.manifest.dimension)
        return self.vector_index.build(self.manifest.dimension, ids, vectors,
                                       self.settings.vectors)

    def _save_vectors(self, generation: int) -> None:
        assert self._vectors is not None
        self._vectors.save(self.dir, generation)
        self.vector_index.discard_other_generations(self.dir, generation)

    def close(self) -> None:
        """Close this thread's connection."""
        self.db.close()

    # -- reading -----------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """Increases with every committed change."""
        return self._generation

    def stats(self) -> dict[str, Any]:
        """Counts and the FAISS choice, for /readyz, /metrics and the CLI."""
        with self.snapshot():
            docs, chunks = self.db.counts()
            assert self._vectors is not None
            return {"documents": docs, "chunks": chunks, "generation": self._generation,
                    "faiss": self._vectors.choice.kind, "faiss_reason": self._vectors.choice.reason}

    def content_hashes(self) -> dict[str, str]:
        """doc_id -> content hash of every stored document."""
        with self.snapshot():
            return self.db.content_hashes()

    def missing_doc_ids(self, doc_ids: Iterable[str]) -> list[str]:
        """The given doc_ids that name no stored document."""
        wanted = list(dict.fromkeys(doc_ids))
        with self.snapshot():
            found = self.db.existing_doc_ids(wanted)
        return [d for d in wanted if d not in found]

    def list_documents(self, limit: int = 100, offset: int = 0) -> list[DocumentInfo]:
        """Documents in doc_id order, without their text."""
        with self.snapshot():
            return self.db.list_documents(limit, offset)

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self.snapshot():
            return int(self.db.counts()[0])

    def get_document(self, doc_id: str) -> Document | None:
        """One stored document with its text, or None."""
        with self.snapshot():
            return self.db.get_document(doc_id)

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document (for rebuilding with other settings)."""
        return self.db.iter_documents()

    def chunk_ids(self) -> list[int]:
        """Every stored chunk id, in document and position order."""
        with self.snapshot():
            return self.db.chunk_ids()

    def get_chunks(self, chunk_ids: Sequence[int]) -> list[ChunkRecord]:
        """Chunks by id, in the order given; ids no longer stored are left out."""
        with self.snapshot():
            return self.db.chunks(chunk_ids)

    def chunk_vectors(self, chunk_ids: Sequence[int]) -> np.ndarray:
        """Stored vectors of the given chunks, in order (for MMR and exact scoped search)."""
        with self.snapshot():
            return self._vectors_of(chunk_ids)

    def _records_of(self, chunk_ids: Sequence[int]) -> dict[int, ChunkRecord]:
        """chunk id -> record of those still stored, through the cache (in a snapshot)."""
        return self._records.read(self._local.generation, [int(c) for c in chunk_ids],
                                  lambda ids: ((r.chunk_id, r) for r in self.db.chunks(ids)))

    def _vectors_of(self, chunk_ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Vectors of the given chunks, in order, zeros for unknown ids, through the cache
        (in a snapshot); a scope larger than the cache is read past it."""
        ids = [int(c) for c in chunk_ids]
        if len(ids) > self._chunk_vectors.capacity // 4:
            return self.db.chunk_vectors(ids, self.manifest.dimension)
        found = self._chunk_vectors.read(self._local.generation, ids,
                                         lambda missing: self.db.vectors_by_id(missing).items())
        out = np.zeros((len(ids), self.manifest.dimension), dtype=np.float32)
        for i, cid in enumerate(ids):
            vector = found.get(cid)
            if vector is not None:
                out[i] = vector
        return out

    def search_vectors(self, vector: np.ndarray, k: int, doc_ids: Sequence[str] | None = None,
                       filters: Filters | None = None) -> list[tuple[ChunkRecord, float]]:
        """The chunks nearest to ``vector`` (cosine), optionally within a scope."""
        with self.snapshot():
            allowed = self.db.scope(doc_ids, filters)
            assert self._vectors is not None
            if allowed is not None and len(allowed) <= _EXACT_SCOPE:
                scores = self._vectors_of(allowed) @ vector.astype(np.float32)
                order = np.argsort(-scores)[:k]
                found = [(int(allowed[i]), float(scores[i])) for i in order]
            else:
                found = self._vectors.search(vector, k, allowed)
            records = self._records_of([cid for cid, _ in found])
        return [(records[cid], score) for cid, score in found if cid in records]

    def search_keywords(self, query: str, k: int, doc_ids: Sequence[str] | None = None,
                        filters: Filters | None = None) -> list[tuple[ChunkRecord, float]]:
        """The best BM25 matches for ``query`` (higher score is better)."""
        with self.snapshot():
            rows = self.db.search_keywords(query, k, doc_ids, filters)
            records = self._records_of([cid for cid, _ in rows])
        return [(records[cid], score) for cid, score in rows if cid in records]

    def cached_vectors(self, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """Vectors already embedded for these chunk content hashes (stored or pending)."""
        return self.db.cached_vectors(hashes)

    # -- writing -----------------------------------------------------------------------

    def cache_vectors(self, items: Sequence[tuple[str, np.ndarray]]) -> None:
        """Keep vectors of a build in progress, so a restart does not embed them again."""
        self.db.cache_vectors(items)

    def apply(self, upserts: Sequence[PreparedDocument], deletes: Sequence[str]) -> None:
        """Write documents and delete others in one transaction; readers see before or after."""
        with self._lock.write():
            generation, removed, added = self.db.write(upserts, deletes)
            self._update_vectors(removed, added)
            self._generation = generation
            self._save_vectors(generation)
            assert self._vectors is not None
            self.manifest = self.manifest.updated({"kind": self._vectors.choice.kind,
                                                   "reason": self._vectors.choice.reason})
            write_manifest(self.dir, self.manifest)

    def _update_vectors(self, removed: list[int], added: list[tuple[int, np.ndarray]]) -> None:
        assert self._vectors is not None
        size = self._vectors.size - len(removed) + len(added)
        # The index type follows the collection's size: rebuild when it crosses the line.
        if self.vector_index.kind_for(size, self.settings.vectors) != self._vectors.choice.kind:
            self._vectors = self._rebuild_vectors()
            return
        self._vectors.remove(np.array(removed, dtype=np.int64))
        if added:
            self._vectors.add(np.array([cid for cid, _ in added], dtype=np.int64),
                              np.stack([v for _, v in added]))
