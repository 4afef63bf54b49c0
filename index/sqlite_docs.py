"""SQLite storage of documents, chunks (spans, hashes, vectors) and the BM25 keyword side.

The source of truth of the FAISS backend. One connection per thread; every change is
one transaction that also bumps the store's generation, so readers see it whole or not
at all, and a killed build leaves the previous state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from index.chunking import whole_edges
from index.documents import Document
from index.filters import filter_terms
from index.keyword import fts_document, fts_query
from index.records import ChunkRecord, DocumentInfo, Filters, PreparedDocument

DB_NAME = "index.sqlite3"


def vector_blob(vector: np.ndarray) -> bytes:
    """A vector as stored: float32 bytes."""
    return np.asarray(vector, dtype=np.float32).tobytes()


def _scope_sql(doc_ids: Sequence[str] | None, filters: Filters | None) -> tuple[str, list[Any]]:
    """SQL conditions on documents ``d`` for doc ids and equality (any-of) filters."""
    clauses: list[str] = []
    params: list[Any] = []
    for key, values in filter_terms(filters):
        marks = ",".join("?" for _ in values)
        clauses.append(f"json_extract(d.metadata, '$.\"{key}\"') IN ({marks})")
        params.extend(int(v) if isinstance(v, bool) else v for v in values)
    if doc_ids is not None:
        clauses.append(f"d.doc_id IN ({','.join('?' for _ in doc_ids)})")
        params.extend(doc_ids)
    return "".join(f" AND {c}" for c in clauses), params


class SqliteDocuments:
    """Documents and chunks in ``<dir>/index.sqlite3``; safe to use from many threads."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self._local = threading.local()

    def create(self) -> None:
        """Create the tables of an empty store at generation 0."""
        conn = self.connection()
        conn.executescript(resources.files("index").joinpath("schema.sql").read_text())
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', '0')")

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (autocommit; transactions are explicit)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.dir / DB_NAME, timeout=60, check_same_thread=False,
                                   isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def read_transaction(self) -> Iterator[None]:
        """One consistent view of the database for the reads inside."""
        conn = self.connection()
        conn.execute("BEGIN")
        try:
            yield
        finally:
            conn.execute("COMMIT")

    def generation(self) -> int:
        """The committed generation (bumped by every change)."""
        row = self.connection().execute(
            "SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    # -- reading -----------------------------------------------------------------------

    def counts(self) -> tuple[int, int]:
        """(documents, chunks)."""
        conn = self.connection()
        return (conn.execute("SELECT count(*) FROM documents").fetchone()[0],
                conn.execute("SELECT count(*) FROM chunks").fetchone()[0])

    def content_hashes(self) -> dict[str, str]:
        """doc_id -> content hash of every stored document."""
        return dict(self.connection().execute(
            "SELECT doc_id, content_hash FROM documents").fetchall())

    def existing_doc_ids(self, wanted: Sequence[str]) -> set[str]:
        """Those of ``wanted`` that are stored."""
        found: set[str] = set()
        for first in range(0, len(wanted), 500):
            part = list(wanted[first:first + 500])
            marks = ",".join("?" for _ in part)
            found.update(r[0] for r in self.connection().execute(
                f"SELECT doc_id FROM documents WHERE doc_id IN ({marks})", part))
        return found

    def list_documents(self, limit: int, offset: int) -> list[DocumentInfo]:
        """Documents in doc_id order, without their text."""
        rows = self.connection().execute(
            "SELECT d.doc_id, d.title, d.metadata, length(d.text), "
            "(SELECT count(*) FROM chunks c WHERE c.doc_id = d.doc_id), d.updated_at "
            "FROM documents d ORDER BY d.doc_id LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return [DocumentInfo(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5]) for r in rows]

    def get_document(self, doc_id: str) -> Document | None:
        """One stored document with its text, or None."""
        row = self.connection().execute("SELECT doc_id, title, text, metadata FROM documents "
                                        "WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        return Document(row[0], row[1], row[2], json.loads(row[3]))

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in doc_id order."""
        for row in self.connection().execute("SELECT doc_id, title, text, metadata "
                                             "FROM documents ORDER BY doc_id"):
            yield Document(row[0], row[1], row[2], json.loads(row[3]))

    def chunk_ids(self) -> list[int]:
        """Every stored chunk id, in document and position order."""
        return [r[0] for r in self.connection().execute(
            "SELECT id FROM chunks ORDER BY doc_id, ordinal")]

    def chunks(self, chunk_ids: Sequence[int]) -> list[ChunkRecord]:
        """Chunks by id, in the order given; ids no longer stored are left out."""
        if not chunk_ids:
            return []
        conn = self.connection()
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
        by_id = {}
        for cid, doc_id, start, end in rows:
            if doc_id in docs:
                title, text, metadata = docs[doc_id]
                first, last = whole_edges(text, start, end)
                by_id[cid] = ChunkRecord(cid, doc_id, title, text[start:end], start, end,
                                         metadata, text[first:start], text[end:last])
        return [by_id[i] for i in chunk_ids if i in by_id]

    def chunk_vectors(self, chunk_ids: Sequence[int], dimension: int) -> np.ndarray:
        """Stored vectors of the given chunks, in order (zeros for unknown ids)."""
        out = np.zeros((len(chunk_ids), dimension), dtype=np.float32)
        found = self.vectors_by_id(chunk_ids)
        for i, cid in enumerate(chunk_ids):
            vector = found.get(int(cid))
            if vector is not None:
                out[i] = vector
        return out

    def vectors_by_id(self, chunk_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """chunk id -> its stored vector (read-only float32), for the ids still stored."""
        # Plain ints: sqlite3 binds a numpy int64 as a blob, which matches no id.
        ids = [int(cid) for cid in chunk_ids]
        found: dict[int, np.ndarray] = {}
        for first in range(0, len(ids), 900):
            part = ids[first:first + 900]
            marks = ",".join("?" for _ in part)
            for cid, blob in self.connection().execute(
                    f"SELECT id, vector FROM chunks WHERE id IN ({marks})", part):
                found[cid] = np.frombuffer(blob, dtype=np.float32)
        return found

    def all_vectors(self, dimension: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vectors) of every chunk, in id order."""
        rows = self.connection().execute("SELECT id, vector FROM chunks ORDER BY id").fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        vectors = (np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
                   .reshape(len(rows), dimension) if rows
                   else np.zeros((0, dimension), np.float32))
        return ids, vectors

    def scope(self, doc_ids: Sequence[str] | None, filters: Filters | None) -> np.ndarray | None:
        """Chunk ids within the scope, or None for the whole index."""
        if doc_ids is None and not filters:
            return None
        where, params = _scope_sql(doc_ids, filters)
        rows = self.connection().execute("SELECT c.id FROM chunks c JOIN documents d "
                                         f"USING (doc_id) WHERE 1 {where}", params).fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    def search_keywords(self, query: str, k: int, doc_ids: Sequence[str] | None,
                        filters: Filters | None) -> list[tuple[int, float]]:
        """(chunk id, BM25 score) of the best matches, higher is better."""
        expression = fts_query(query)
        if expression is None or k <= 0:
            return []
        where, params = _scope_sql(doc_ids, filters)
        # Unscoped, the joins only cost: every matching row was joined before the sort
        # (100k chunks: 226 -> 157 ms for a question whose words match 80% of them).
        joins = ("JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.doc_id = c.doc_id "
                 if where else "")
        sql = ("SELECT f.rowid, -bm25(chunks_fts) AS score FROM chunks_fts f "
               f"{joins}WHERE chunks_fts MATCH ? {where} ORDER BY bm25(chunks_fts) LIMIT ?")
        rows = self.connection().execute(sql, [expression, *params, k]).fetchall()
        return [(int(cid), float(score)) for cid, score in rows]

    def cached_vectors(self, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """Vectors already embedded for these chunk content hashes (stored or pending)."""
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, np.ndarray] = {}
        conn = self.connection()
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
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT OR IGNORE INTO embed_cache VALUES (?, ?)",
                             [(h, vector_blob(v)) for h, v in items])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def write(self, upserts: Sequence[PreparedDocument], deletes: Sequence[str]
              ) -> tuple[int, list[int], list[tuple[int, np.ndarray]]]:
        """Replace ``upserts``, delete ``deletes`` and bump the generation, in one transaction.

        Returns (new generation, removed chunk ids, added (chunk id, vector) pairs).
        """
        conn = self.connection()
        added: list[tuple[int, np.ndarray]] = []
        conn.execute("BEGIN IMMEDIATE")
        try:
            generation = self.generation() + 1
            removed = self._delete_rows(conn, list(deletes) +
                                        [p.document.doc_id for p in upserts])
            for prepared in upserts:
                added.extend(self._insert_document(conn, prepared))
            conn.execute("DELETE FROM embed_cache")
            conn.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(generation),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return generation, removed, added

    @staticmethod
    def _delete_rows(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> list[int]:
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

    @staticmethod
    def _insert_document(conn: sqlite3.Connection,
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
                 vector_blob(chunk.vector)))
            chunk_id = int(cursor.lastrowid or 0)
            conn.execute("INSERT INTO chunks_fts (rowid, terms) VALUES (?, ?)",
                         (chunk_id, fts_document(doc.text[chunk.start:chunk.end], doc.title)))
            added.append((chunk_id, chunk.vector))
        return added
