"""The on-disk store: SQLite (documents, chunks, vectors, BM25) plus a FAISS index.

SQLite is the source of truth. Every change is one SQLite transaction, so a build that
is killed leaves the previous index as it was. The FAISS file is derived from the
vectors in SQLite and named by the generation it reflects; when it is missing or stale
(a crash between the commit and the file write) it is rebuilt from SQLite on open.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from index.documents import Document
from index.errors import IndexNotFound, InputError
from index.keyword import fts_document, fts_query
from index.locking import ReadWriteLock
from index.manifest import Manifest, read_manifest, write_manifest
from index.settings import IndexSettings
from index.vectors import VectorIndex, choose

DB_NAME = "index.sqlite3"
Filters = Mapping[str, Any]
_FILTER_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
# Scopes this small are searched exactly over their own vectors: an IVF index with a
# selector may miss them entirely when their lists are not probed.
_EXACT_SCOPE = 20_000


@dataclass(frozen=True)
class ChunkRecord:
    """A stored chunk, with its document's title and metadata."""

    chunk_id: int
    doc_id: str
    title: str
    text: str
    start: int
    end: int
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document without its text."""

    doc_id: str
    title: str
    metadata: dict[str, Any]
    chars: int
    chunks: int
    updated_at: float


@dataclass(frozen=True)
class PreparedChunk:
    """A chunk ready to store: its span, content hash and vector."""

    start: int
    end: int
    hash: str
    vector: np.ndarray


@dataclass(frozen=True)
class PreparedDocument:
    """A document with its chunks embedded, ready to be written in one transaction."""

    document: Document
    content_hash: str
    chunks: list[PreparedChunk]


def _vector_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def _filter_sql(filters: Filters | None) -> tuple[str, list[Any]]:
    """SQL conditions on documents.metadata for equality (or any-of for lists) filters."""
    if not filters:
        return "", []
    clauses: list[str] = []
    params: list[Any] = []
    for key, wanted in filters.items():
        if not _FILTER_KEY.match(key):
            raise InputError(f"filter key {key!r} is not a plain metadata field name")
        values = wanted if isinstance(wanted, list) else [wanted]
        if not values or not all(isinstance(v, str | int | float | bool) for v in values):
            raise InputError(f"filter {key!r} must be a string, number, boolean or a list of them")
        marks = ",".join("?" for _ in values)
        clauses.append(f"json_extract(d.metadata, '$.\"{key}\"') IN ({marks})")
        params.extend(int(v) if isinstance(v, bool) else v for v in values)
    return " AND " + " AND ".join(clauses), params


class Store:
    """One index directory: read it from many threads, write it from one at a time."""

    def __init__(self, settings: IndexSettings, manifest: Manifest) -> None:
        self.settings = settings
        self.dir = settings.dir
        self.manifest = manifest
        self._local = threading.local()
        self._lock = ReadWriteLock()
        self._vectors: VectorIndex | None = None
        self._generation = -1
        self._refresh_lock = threading.Lock()

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, settings: IndexSettings) -> Store:
        """Open an existing index; refuse one built with other settings."""
        manifest = read_manifest(settings.dir)
        if manifest is None:
            raise IndexNotFound(
                f"index not found in {settings.dir}: run `caseqa index seeds/ "
                f"--index-dir {settings.dir}`"
            )
        manifest.check_shape(settings)
        store = cls(settings, manifest)
        store.refresh()
        return store

    @classmethod
    def create(cls, settings: IndexSettings, dimension: int) -> Store:
        """Create an empty index (or open the one there, if compatible)."""
        existing = read_manifest(settings.dir)
        if existing is not None:
            return cls.open(settings)
        settings.dir.mkdir(parents=True, exist_ok=True)
        manifest = Manifest.new(settings, dimension)
        store = cls(settings, manifest)
        with store._connection() as conn:
            conn.executescript(resources.files("index").joinpath("schema.sql").read_text())
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', '0')")
            conn.commit()
        write_manifest(settings.dir, manifest)
        store.refresh()
        return store

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.dir / DB_NAME, timeout=60, check_same_thread=False,
                                   isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Hold one consistent view for several reads: no write lands in between."""
        if getattr(self._local, "snapshot", False):
            yield
            return
        self.refresh()
        with self._lock.read():
            conn = self._connection()
            conn.execute("BEGIN")
            self._local.snapshot = True
            try:
                yield
            finally:
                self._local.snapshot = False
                conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent view: FAISS and SQLite as of the same generation."""
        with self.snapshot():
            yield self._connection()

    def _db_generation(self, conn: sqlite3.Connection) -> int:
        row = conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def _faiss_path(self, generation: int) -> Path:
        return self.dir / f"vectors.{generation}.faiss"

    def refresh(self) -> None:
        """Load the FAISS index for the current generation if another process changed it."""
        generation = self._db_generation(self._connection())
        if generation == self._generation:
            return
        with self._refresh_lock, self._lock.write():
            generation = self._db_generation(self._connection())
            if generation == self._generation:
                return
            path = self._faiss_path(generation)
            loaded = None
            if path.exists():
                # The file is derived from SQLite: a damaged one is rebuilt, not fatal.
                with contextlib.suppress(RuntimeError):
                    loaded = VectorIndex.load(path, self.settings.vectors)
            if loaded is not None:
                self._vectors = loaded
            else:
                self._vectors = self._rebuild_vectors(self._connection())
                self._save_vectors(generation)
            self._generation = generation

    def _rebuild_vectors(self, conn: sqlite3.Connection) -> VectorIndex:
        rows = conn.execute("SELECT id, vector FROM chunks ORDER BY id").fetchall()
        dim = self.manifest.dimension
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        vectors = (np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
                   .reshape(len(rows), dim) if rows else np.zeros((0, dim), np.float32))
        return VectorIndex.build(dim, ids, vectors, self.settings.vectors)

    def _save_vectors(self, generation: int) -> None:
        assert self._vectors is not None
        self._vectors.save(self._faiss_path(generation))
        for old in self.dir.glob("vectors.*.faiss"):
            if old.name != self._faiss_path(generation).name:
                old.unlink(missing_ok=True)

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- reading -----------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """Increases with every committed change."""
        return self._generation

    def stats(self) -> dict[str, Any]:
        """Counts and the FAISS choice, for /readyz, /metrics and the CLI."""
        with self._read() as conn:
            docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            chunks = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
            assert self._vectors is not None
            return {"documents": docs, "chunks": chunks, "generation": self._generation,
                    "faiss": self._vectors.choice.kind, "faiss_reason": self._vectors.choice.reason}

    def content_hashes(self) -> dict[str, str]:
        """doc_id -> content hash of every stored document."""
        with self._read() as conn:
            return dict(conn.execute("SELECT doc_id, content_hash FROM documents").fetchall())

    def missing_doc_ids(self, doc_ids: Iterable[str]) -> list[str]:
        """The given doc_ids that name no stored document."""
        wanted = list(dict.fromkeys(doc_ids))
        with self._read() as conn:
            found: set[str] = set()
            for first in range(0, len(wanted), 500):
                part = wanted[first:first + 500]
                marks = ",".join("?" for _ in part)
                found.update(r[0] for r in conn.execute(
                    f"SELECT doc_id FROM documents WHERE doc_id IN ({marks})", part))
        return [d for d in wanted if d not in found]

    def list_documents(self, limit: int = 100, offset: int = 0) -> list[DocumentInfo]:
        """Documents in doc_id order, without their text."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT d.doc_id, d.title, d.metadata, length(d.text), "
                "(SELECT count(*) FROM chunks c WHERE c.doc_id = d.doc_id), d.updated_at "
                "FROM documents d ORDER BY d.doc_id LIMIT ? OFFSET ?", (limit, offset)
            ).fetchall()
        return [DocumentInfo(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5]) for r in rows]

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def get_document(self, doc_id: str) -> Document | None:
        """One stored document with its text, or None."""
        with self._read() as conn:
            row = conn.execute("SELECT doc_id, title, text, metadata FROM documents "
                               "WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        return Document(row[0], row[1], row[2], json.loads(row[3]))

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document (for rebuilding with other settings)."""
        conn = self._connection()
        for row in conn.execute("SELECT doc_id, title, text, metadata FROM documents "
                                "ORDER BY doc_id"):
            yield Document(row[0], row[1], row[2], json.loads(row[3]))

    def chunk_ids(self) -> list[int]:
        """Every stored chunk id, in document and position order."""
        with self._read() as conn:
            return [r[0] for r in conn.execute("SELECT id FROM chunks ORDER BY doc_id, ordinal")]

    def get_chunks(self, chunk_ids: Sequence[int]) -> list[ChunkRecord]:
        """Chunks by id, in the order given; ids no longer stored are left out."""
        with self._read() as conn:
            return self._chunks(conn, chunk_ids)

    def _chunks(self, conn: sqlite3.Connection, chunk_ids: Sequence[int]) -> list[ChunkRecord]:
        if not chunk_ids:
            return []
        marks = ",".join("?" for _ in chunk_ids)
        rows = conn.execute(f"SELECT id, doc_id, start, \"end\" FROM chunks WHERE id IN ({marks})",
                            list(chunk_ids)).fetchall()
        # Each document is read once and sliced here: substr() on a joined row read (and
        # counted characters through) the whole text again for every chunk, ~12 ms per
        # chunk of a 10 MB document, so one large document made every search slow.
        wanted = list({r[1] for r in rows})
        docs: dict[str, tuple[str, str, dict[str, Any]]] = {}
        for first in range(0, len(wanted), 500):
            part = wanted[first:first + 500]
            for doc_id, title, text, metadata in conn.execute(
                    "SELECT doc_id, title, text, metadata FROM documents WHERE doc_id IN "
                    f"({','.join('?' for _ in part)})", part):
                docs[doc_id] = (title, text, json.loads(metadata))
        by_id = {cid: ChunkRecord(cid, doc_id, docs[doc_id][0], docs[doc_id][1][start:end],
                                  start, end, docs[doc_id][2])
                 for cid, doc_id, start, end in rows if doc_id in docs}
        return [by_id[i] for i in chunk_ids if i in by_id]

    def chunk_vectors(self, chunk_ids: Sequence[int]) -> np.ndarray:
        """Stored vectors of the given chunks, in order (for MMR and exact scoped search)."""
        with self._read() as conn:
            return self._chunk_vectors(conn, chunk_ids)

    def _chunk_vectors(self, conn: sqlite3.Connection, chunk_ids: Sequence[int]) -> np.ndarray:
        dim = self.manifest.dimension
        out = np.zeros((len(chunk_ids), dim), dtype=np.float32)
        # numpy ints (FAISS ids) match no row in sqlite3: plain ints only.
        ids = [int(c) for c in chunk_ids]
        position = {cid: i for i, cid in enumerate(ids)}
        for first in range(0, len(ids), 900):
            part = ids[first:first + 900]
            marks = ",".join("?" for _ in part)
            for cid, blob in conn.execute(
                    f"SELECT id, vector FROM chunks WHERE id IN ({marks})", part):
                out[position[cid]] = np.frombuffer(blob, dtype=np.float32)
        return out

    def _scope(self, conn: sqlite3.Connection, doc_ids: Sequence[str] | None,
               filters: Filters | None) -> np.ndarray | None:
        """Chunk ids within the scope, or None for the whole index."""
        if doc_ids is None and not filters:
            return None
        where, params = _filter_sql(filters)
        if doc_ids is not None:
            marks = ",".join("?" for _ in doc_ids)
            where += f" AND d.doc_id IN ({marks})"
            params += list(doc_ids)
        rows = conn.execute("SELECT c.id FROM chunks c JOIN documents d USING (doc_id) "
                            f"WHERE 1 {where}", params).fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    def search_vectors(self, vector: np.ndarray, k: int, doc_ids: Sequence[str] | None = None,
                       filters: Filters | None = None) -> list[tuple[ChunkRecord, float]]:
        """The chunks nearest to ``vector`` (cosine), optionally within a scope."""
        with self._read() as conn:
            allowed = self._scope(conn, doc_ids, filters)
            assert self._vectors is not None
            if allowed is not None and len(allowed) <= _EXACT_SCOPE:
                scores = self._chunk_vectors(conn, list(allowed)) @ vector.astype(np.float32)
                order = np.argsort(-scores)[:k]
                found = [(int(allowed[i]), float(scores[i])) for i in order]
            else:
                found = self._vectors.search(vector, k, allowed)
            records = {r.chunk_id: r for r in self._chunks(conn, [cid for cid, _ in found])}
        return [(records[cid], score) for cid, score in found if cid in records]

    def search_keywords(self, query: str, k: int, doc_ids: Sequence[str] | None = None,
                        filters: Filters | None = None) -> list[tuple[ChunkRecord, float]]:
        """The best BM25 matches for ``query`` (higher score is better)."""
        expression = fts_query(query)
        if expression is None or k <= 0:
            return []
        where, params = _filter_sql(filters)
        if doc_ids is not None:
            marks = ",".join("?" for _ in doc_ids)
            where += f" AND d.doc_id IN ({marks})"
            params += list(doc_ids)
        sql = ("SELECT f.rowid, -bm25(chunks_fts) AS score FROM chunks_fts f "
               "JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.doc_id = c.doc_id "
               f"WHERE chunks_fts MATCH ? {where} ORDER BY bm25(chunks_fts) LIMIT ?")
        with self._read() as conn:
            rows = conn.execute(sql, [expression, *params, k]).fetchall()
            records = {r.chunk_id: r for r in self._chunks(conn, [r[0] for r in rows])}
        return [(records[cid], float(score)) for cid, score in rows if cid in records]

    def cached_vectors(self, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """Vectors already embedded for these chunk content hashes (stored or pending)."""
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, np.ndarray] = {}
        conn = self._connection()
        for first in range(0, len(wanted), 900):
            part = wanted[first:first + 900]
            marks = ",".join("?" for _ in part)
            for table in ("chunks", "embed_cache"):
                for h, blob in conn.execute(
                        f"SELECT hash, vector FROM {table} WHERE hash IN ({marks})", part):
                    found.setdefault(h, np.frombuffer(blob, dtype=np.float32))
        return found

    # -- writing -----------------------------------------------------------------------

    def cache_vectors(self, items: Sequence[tuple[str, np.ndarray]]) -> None:
        """Keep vectors of a build in progress, so a restart does not embed them again."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT OR IGNORE INTO embed_cache VALUES (?, ?)",
                             [(h, _vector_blob(v)) for h, v in items])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def apply(self, upserts: Sequence[PreparedDocument], deletes: Sequence[str]) -> None:
        """Write documents and delete others in one transaction; readers see before or after."""
        with self._lock.write():
            conn = self._connection()
            removed_ids: list[int] = []
            added: list[tuple[int, np.ndarray]] = []
            conn.execute("BEGIN IMMEDIATE")
            try:
                generation = self._db_generation(conn)
                gone = list(deletes) + [p.document.doc_id for p in upserts]
                removed_ids = self._delete_rows(conn, gone)
                for prepared in upserts:
                    added.extend(self._insert_document(conn, prepared))
                conn.execute("DELETE FROM embed_cache")
                conn.execute("UPDATE meta SET value = ? WHERE key = 'generation'",
                             (str(generation + 1),))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            self._update_vectors(conn, removed_ids, added)
            self._generation = generation + 1
            self._save_vectors(self._generation)
            self.manifest = self.manifest.updated(self._vectors_choice())
            write_manifest(self.dir, self.manifest)

    def _vectors_choice(self) -> dict[str, str]:
        assert self._vectors is not None
        return {"kind": self._vectors.choice.kind, "reason": self._vectors.choice.reason}

    def _update_vectors(self, conn: sqlite3.Connection, removed: list[int],
                        added: list[tuple[int, np.ndarray]]) -> None:
        assert self._vectors is not None
        size = self._vectors.size - len(removed) + len(added)
        # The index type follows the collection's size: rebuild when it crosses the line.
        if choose(size, self.settings.vectors).kind != self._vectors.choice.kind:
            self._vectors = self._rebuild_vectors(conn)
            return
        self._vectors.remove(np.array(removed, dtype=np.int64))
        if added:
            self._vectors.add(np.array([cid for cid, _ in added], dtype=np.int64),
                              np.stack([v for _, v in added]))

    def _delete_rows(self, conn: sqlite3.Connection, doc_ids: Sequence[str]) -> list[int]:
        removed: list[int] = []
        for first in range(0, len(doc_ids), 500):
            part = list(doc_ids[first:first + 500])
            marks = ",".join("?" for _ in part)
            ids = [r[0] for r in conn.execute(
                f"SELECT id FROM chunks WHERE doc_id IN ({marks})", part)]
            conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(i,) for i in ids])
            conn.execute(f"DELETE FROM chunks WHERE doc_id IN ({marks})", part)
            conn.execute(f"DELETE FROM documents WHERE doc_id IN ({marks})", part)
            removed.extend(ids)
        return removed

    def _insert_document(self, conn: sqlite3.Connection,
                         prepared: PreparedDocument) -> list[tuple[int, np.ndarray]]:
        doc = prepared.document
        conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc.doc_id, doc.title, doc.text, json.dumps(doc.metadata, ensure_ascii=False),
             prepared.content_hash, doc.metadata.get("source"), time.time()))
        added = []
        for ordinal, chunk in enumerate(prepared.chunks):
            cursor = conn.execute(
                "INSERT INTO chunks (doc_id, ordinal, start, \"end\", hash, vector) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (doc.doc_id, ordinal, chunk.start, chunk.end, chunk.hash,
                 _vector_blob(chunk.vector)))
            chunk_id = int(cursor.lastrowid or 0)
            conn.execute("INSERT INTO chunks_fts (rowid, terms) VALUES (?, ?)",
                         (chunk_id, fts_document(doc.text[chunk.start:chunk.end])))
            added.append((chunk_id, chunk.vector))
        return added
