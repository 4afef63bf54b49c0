"""The store interface, and ``open_store``: the one way to open or create an index.

A store holds documents, their chunks with ``[start, end)`` spans and vectors, and the
keyword side, and answers dense and keyword searches within an optional scope. Every
change goes through ``apply`` and bumps the generation; readers see a change whole or
not at all. ``qa/`` and the indexer type against ``Store`` only; the backends are
``index.faiss_store`` (SQLite + FAISS files, the embedded default) and
``index.milvus_store``, chosen by ``IndexSettings.backend``.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import numpy as np

from index.documents import Document
from index.errors import IndexError_, IndexNotFound
from index.manifest import Manifest, read_manifest, write_manifest
from index.records import ChunkRecord, DocumentInfo, Filters, PreparedChunk, PreparedDocument
from index.settings import IndexSettings
from index.sqlite_docs import DB_NAME

__all__ = ["BACKENDS", "DB_NAME", "ChunkRecord", "DocumentInfo", "Filters", "PreparedChunk",
           "PreparedDocument", "Store", "open_store", "store_class"]

#: Backend name -> "module:class"; imported only when chosen.
BACKENDS = {"faiss": "index.faiss_store:FaissStore", "milvus": "index.milvus_store:MilvusStore"}


class Store(ABC):
    """One index: read it from many threads, write it from one at a time."""

    def __init__(self, settings: IndexSettings, manifest: Manifest) -> None:
        self.settings = settings
        self.dir = settings.dir
        self.manifest = manifest

    @classmethod
    def open(cls, settings: IndexSettings) -> Store:
        """Open the existing index of ``settings`` (see ``open_store``)."""
        return open_store(settings)

    @classmethod
    def create(cls, settings: IndexSettings, dimension: int) -> Store:
        """Create an empty index (or open the one there, if compatible)."""
        return open_store(settings, dimension)

    # -- lifecycle -----------------------------------------------------------------------

    @abstractmethod
    def initialise(self) -> None:
        """Create the empty storage of a new index (called once, before the manifest)."""

    @abstractmethod
    def refresh(self) -> None:
        """Catch up with changes committed by other processes."""

    @abstractmethod
    def snapshot(self) -> AbstractContextManager[None]:
        """Hold one consistent view for several reads: no write lands in between."""

    @property
    @abstractmethod
    def generation(self) -> int:
        """Increases with every committed change."""

    @abstractmethod
    def close(self) -> None:
        """Release this thread's connections."""

    def release(self) -> None:
        """Let go of everything this process holds open (before the index is moved)."""
        self.close()

    def drop_shared(self) -> None:
        """Remove what lives outside the index directory (nothing, unless the backend
        keeps its data on a server)."""
        return None

    # -- reading -------------------------------------------------------------------------

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts and the vector index's choice: documents, chunks, generation, faiss,
        faiss_reason (for /readyz, /metrics and the CLI)."""

    @abstractmethod
    def content_hashes(self) -> dict[str, str]:
        """doc_id -> content hash of every stored document."""

    @abstractmethod
    def missing_doc_ids(self, doc_ids: Iterable[str]) -> list[str]:
        """The given doc_ids that name no stored document, in the order given."""

    @abstractmethod
    def list_documents(self, limit: int = 100, offset: int = 0) -> list[DocumentInfo]:
        """Documents in doc_id order, without their text."""

    @abstractmethod
    def count_documents(self) -> int:
        """How many documents are stored."""

    @abstractmethod
    def get_document(self, doc_id: str) -> Document | None:
        """One stored document with its text, or None."""

    @abstractmethod
    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in doc_id order (for rebuilding with other settings)."""

    @abstractmethod
    def chunk_ids(self) -> list[int]:
        """Every stored chunk id, in document and position order."""

    @abstractmethod
    def get_chunks(self, chunk_ids: Sequence[int]) -> list[ChunkRecord]:
        """Chunks by id, in the order given; ids no longer stored are left out."""

    @abstractmethod
    def chunk_vectors(self, chunk_ids: Sequence[int]) -> np.ndarray:
        """Stored vectors of the given chunks, in order (len x dimension float32)."""

    @abstractmethod
    def search_vectors(self, vector: np.ndarray, k: int, doc_ids: Sequence[str] | None = None,
                       filters: Filters | None = None) -> list[tuple[ChunkRecord, float]]:
        """The chunks nearest to ``vector`` (cosine, best first), optionally within a scope.

        Raises InputError for malformed ``filters``."""

    @abstractmethod
    def search_keywords(self, query: str, k: int, doc_ids: Sequence[str] | None = None,
                        filters: Filters | None = None) -> list[tuple[ChunkRecord, float]]:
        """The best BM25 matches for ``query`` (higher score is better); the query's
        syntax is never interpreted."""

    @abstractmethod
    def cached_vectors(self, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """Vectors already embedded for these chunk content hashes (stored or pending)."""

    # -- writing -------------------------------------------------------------------------

    @abstractmethod
    def cache_vectors(self, items: Sequence[tuple[str, np.ndarray]]) -> None:
        """Keep vectors of a build in progress, so a restart does not embed them again."""

    @abstractmethod
    def apply(self, upserts: Sequence[PreparedDocument], deletes: Sequence[str]) -> None:
        """Write documents and delete others as one change; readers see before or after."""


def store_class(name: str) -> type[Store]:
    """The store backend called ``name``; a loud error lists the known names."""
    target = BACKENDS.get(name)
    if target is None:
        raise IndexError_(f"unknown index backend {name!r}: set CASEQA_INDEX__BACKEND to one "
                          f"of {', '.join(sorted(BACKENDS))}")
    module, _, attribute = target.partition(":")
    found: type[Store] = getattr(importlib.import_module(module), attribute)
    return found


def open_store(settings: IndexSettings, dimension: int | None = None,
               check_shape: bool = True) -> Store:
    """Open the index in ``settings.dir`` with its backend.

    With ``dimension``, an index that does not exist yet is created empty. Raises
    IndexNotFound (no index and no ``dimension``), IndexSettingsMismatch (built with
    other index-shaping settings, unless ``check_shape`` is False) or IndexError_.
    """
    cls = store_class(settings.backend)
    manifest = read_manifest(settings.dir)
    if manifest is None:
        if dimension is None:
            raise IndexNotFound(
                f"index not found in {settings.dir}: run `caseqa index seeds/ "
                f"--index-dir {settings.dir}`")
        settings.dir.mkdir(parents=True, exist_ok=True)
        manifest = Manifest.new(settings, dimension)
        store = cls(settings, manifest)
        store.initialise()
        write_manifest(settings.dir, manifest)
    else:
        if check_shape:
            manifest.check_shape(settings)
        store = cls(settings, manifest)
    store.refresh()
    return store
