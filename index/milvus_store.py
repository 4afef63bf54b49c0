"""The Milvus backend: everything a replica needs to answer lives in Milvus.

Two collections, named from ``IndexSettings.milvus_collection``:

- ``<prefix>_chunks``: one row per chunk: id, the document's key, span, content hash,
  text, the dense vector, and the BM25 sparse vector Milvus computes from the text
  with its jieba analyzer (Chinese words; English words lowercased).
- ``<prefix>_docs``: one row per piece of a document's text (Milvus strings are at
  most 65,535 bytes); piece 0 also carries title, metadata, content hash and counts.
  A row with piece -1 holds the store's generation and index shape. A retrieved chunk
  reaches to the clause edges its own edges cut (``index.chunking.whole_edges``, as in
  the FAISS store), read from the pieces around it.

Scopes are filter expressions that hold only field names and hex digests made here:
a document's key is the digest of its doc_id, and every scalar metadata value is
indexed as the digest of (field, typed value). A user's doc_id or filter value never
enters an expression, so quotes, ``||``, ``)`` or ``\\`` in it match literally.
(milvus-lite 3.2 does not implement filter templating, so digests are what keeps
user strings out of expressions on both milvus-lite and a server.)

Writes are ordered so that a killed build loses nothing already committed: a
document's new chunks are inserted, its stale chunks deleted, and only then its
document rows (with the new content hash) written; a run killed before that point
leaves the old hash, so the next run redoes the document.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from index.chunking import edge_window, whole_edges
from index.documents import Document
from index.errors import IndexError_, IndexSettingsMismatch, InputError
from index.filters import Scalar, filter_terms
from index.keyword import query_terms
from index.manifest import Manifest
from index.records import ChunkRecord, DocumentInfo, Filters, PreparedDocument
from index.settings import IndexSettings
from index.store import Store

log = logging.getLogger("caseqa.index.milvus")

_PIECE_CHARS = 16_000  # 4 bytes per character at most: a piece stays under 65,535 bytes
_MAX_TERMS = 1024  # scalar metadata fields indexed per document
_BATCH = 500
_META_KEY = "~meta"
_ANALYZER = {"tokenizer": "jieba", "filter": ["lowercase"]}
_CHUNK_FIELDS = ["id", "doc_id", "start", "end"]


def digest(text: str) -> str:
    """The 32-hex-digit key of a string: what filter expressions hold instead of it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _typed(value: Scalar) -> str:
    # As SQLite's json_extract compares them: true is 1, and 2021.0 equals 2021.
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{type(value).__name__}:{value!r}" if not isinstance(value, str) else f"str:{value}"


def metadata_term(key: str, value: Scalar) -> str:
    """The digest under which a document's metadata ``key: value`` is found."""
    return digest(f"{key}\x00{_typed(value)}")


def _document_terms(metadata: dict[str, Any]) -> list[str]:
    terms = [metadata_term(k, v) for k, v in metadata.items()
             if isinstance(v, str | int | float | bool)]
    if len(terms) > _MAX_TERMS:
        raise InputError(f"a document has {len(terms)} metadata fields; the Milvus backend "
                         f"filters on at most {_MAX_TERMS}")
    return terms


def _quoted(hexes: Iterable[str]) -> str:
    return "[" + ",".join(f'"{h}"' for h in hexes) + "]"


def scope_expression(doc_ids: Sequence[str] | None, filters: Filters | None) -> str:
    """A Milvus filter expression for a scope ('' for everything); raises InputError
    for malformed filters. It holds field names and digests only."""
    clauses = [f"array_contains_any(terms, {_quoted(metadata_term(key, v) for v in values)})"
               for key, values in filter_terms(filters)]
    if doc_ids is not None:
        clauses.append(f"doc_key in {_quoted(digest(d) for d in doc_ids)}")
    return " and ".join(f"({c})" for c in clauses)


def chunk_id(doc_id: str, ordinal: int, chunk_hash: str) -> int:
    """A chunk's id, the same from every replica: 63 bits of its identity's digest."""
    raw = hashlib.sha256(f"{doc_id}\x00{ordinal}\x00{chunk_hash}".encode()).digest()
    return int.from_bytes(raw[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF


def _no_mvcc_warning(record: logging.LogRecord) -> bool:
    return "mvccTs" not in record.getMessage()


class MilvusStore(Store):
    """Chunks, vectors, BM25 and documents in Milvus (milvus-lite file or server)."""

    def __init__(self, settings: IndexSettings, manifest: Manifest) -> None:
        super().__init__(settings, manifest)
        self.chunks_name = f"{settings.milvus_collection}_chunks"
        self.docs_name = f"{settings.milvus_collection}_docs"
        self._client: Any = None
        self._client_lock = threading.Lock()
        self._generation = 0
        self._cache: sqlite3.Connection | None = None

    # -- connection ----------------------------------------------------------------------

    @property
    def client(self) -> Any:
        """The pymilvus client, connected on first use."""
        with self._client_lock:
            if self._client is None:
                self._client = self._connect()
        return self._client

    def _connect(self) -> Any:
        from pymilvus import MilvusClient

        # milvus-lite has no MVCC timestamps; pymilvus warns on every scan that it falls
        # back to the client's clock, which is right for it.
        logging.getLogger("pymilvus.client.iterator.query_iterator").addFilter(_no_mvcc_warning)

        uri = self.settings.resolved_milvus_uri()
        token = self.settings.milvus_token
        try:
            client = MilvusClient(uri=uri, token=token.get_secret_value() if token else "")
        except Exception as exc:
            where = uri.split("@")[-1]
            hint = ("milvus-lite serves one process at a time: stop the other caseqa process "
                    "using it, or run a Milvus server (`milvus-lite server --data-dir DIR`) and "
                    "set CASEQA_INDEX__MILVUS_URI=http://127.0.0.1:19530"
                    if "://" not in uri else "check CASEQA_INDEX__MILVUS_URI and the token")
            raise IndexError_(f"cannot open Milvus at {where} ({type(exc).__name__}): {hint}"
                              ) from None
        return client

    # -- lifecycle -----------------------------------------------------------------------

    def initialise(self) -> None:
        """Create the collections (or join existing ones built with the same shape)."""
        if self.client.has_collection(self.chunks_name):
            self._check_shared_shape()
            return
        self._create_collections()
        self.client.upsert(self.docs_name, [self._meta_row(0)])

    def _check_shared_shape(self) -> None:
        meta = self._meta()
        shape = meta.get("shape") if meta else None
        if shape is not None and shape != self.settings.shape():
            raise IndexSettingsMismatch(
                f"Milvus collection {self.chunks_name} was built with {shape}, these settings "
                f"say {self.settings.shape()}: use the same settings, another "
                "CASEQA_INDEX__MILVUS_COLLECTION, or `caseqa index --rebuild`")
        if meta and meta.get("dimension") not in (None, self.manifest.dimension):
            raise IndexSettingsMismatch(
                f"Milvus collection {self.chunks_name} holds {meta['dimension']}-d vectors, "
                f"the model makes {self.manifest.dimension}-d: use another "
                "CASEQA_INDEX__MILVUS_COLLECTION or `caseqa index --rebuild`")

    def _create_collections(self) -> None:
        from pymilvus import DataType, Function, FunctionType

        client = self.client
        schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("doc_key", DataType.VARCHAR, max_length=64)
        schema.add_field("doc_id", DataType.VARCHAR, max_length=4096)
        schema.add_field("ordinal", DataType.INT64)
        schema.add_field("start", DataType.INT64)
        schema.add_field("end", DataType.INT64)
        schema.add_field("hash", DataType.VARCHAR, max_length=64)
        schema.add_field("text", DataType.VARCHAR, max_length=65535, enable_analyzer=True,
                         analyzer_params=_ANALYZER)
        schema.add_field("terms", DataType.ARRAY, element_type=DataType.VARCHAR,
                         max_capacity=_MAX_TERMS, max_length=64)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.manifest.dimension)
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(Function(name="bm25", function_type=FunctionType.BM25,
                                     input_field_names=["text"], output_field_names=["sparse"]))
        params = client.prepare_index_params()
        params.add_index("vector", index_type=self.settings.milvus_index, metric_type="IP")
        params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
        client.create_collection(self.chunks_name, schema=schema, index_params=params,
                                 consistency_level="Strong")

        docs = client.create_schema(auto_id=False, enable_dynamic_field=False)
        docs.add_field("key", DataType.VARCHAR, is_primary=True, max_length=80)
        docs.add_field("doc_key", DataType.VARCHAR, max_length=64)
        docs.add_field("doc_id", DataType.VARCHAR, max_length=4096)
        docs.add_field("piece", DataType.INT64)
        docs.add_field("text", DataType.VARCHAR, max_length=65535)
        docs.add_field("info", DataType.JSON)
        # Milvus wants a vector field in every collection; documents are never searched.
        docs.add_field("unused", DataType.FLOAT_VECTOR, dim=2)
        params = client.prepare_index_params()
        params.add_index("unused", index_type="FLAT", metric_type="L2")
        client.create_collection(self.docs_name, schema=docs, index_params=params,
                                 consistency_level="Strong")

    def _meta_row(self, generation: int) -> dict[str, Any]:
        info = {"generation": generation, "shape": self.settings.shape(),
                "dimension": self.manifest.dimension}
        return {"key": _META_KEY, "doc_key": "", "doc_id": "", "piece": -1, "text": "",
                "info": info, "unused": [0.0, 0.0]}

    def _meta(self) -> dict[str, Any] | None:
        rows = self.client.query(self.docs_name, filter="piece == -1", output_fields=["info"])
        return dict(rows[0]["info"]) if rows else None

    def refresh(self) -> None:
        """Load the collections and read the shared generation."""
        client = self.client
        if not client.has_collection(self.chunks_name):
            raise IndexError_(f"Milvus has no collection {self.chunks_name}: run `caseqa index "
                              f"seeds/ --index-dir {self.dir}` with the same Milvus settings")
        for name in (self.chunks_name, self.docs_name):
            client.load_collection(name)
        meta = self._meta()
        self._generation = int(meta["generation"]) if meta else 0

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Milvus has no read transactions: each read sees what is committed when it runs."""
        yield

    @property
    def generation(self) -> int:
        """The shared generation, as of the last refresh or write of this process."""
        return self._generation

    def close(self) -> None:
        """Nothing per thread to release; the client lives as long as the store."""

    # -- reading -------------------------------------------------------------------------

    def _count(self, name: str, expression: str) -> int:
        rows = self.client.query(name, filter=expression, output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0

    def stats(self) -> dict[str, Any]:
        """Counts and the Milvus index type."""
        self.refresh()
        kind = f"milvus-{self.settings.milvus_index.lower()}"
        return {"documents": self.count_documents(), "chunks": self._count(self.chunks_name, ""),
                "generation": self._generation, "faiss": kind,
                "faiss_reason": f"backend milvus: {self.settings.milvus_index} index on "
                                f"collection {self.chunks_name}"}

    def _doc_heads(self, expression: str, fields: list[str]) -> list[dict[str, Any]]:
        where = "piece == 0" + (f" and ({expression})" if expression else "")
        if expression:  # a bounded set of keys: one query
            return list(self.client.query(self.docs_name, filter=where, output_fields=fields))
        out: list[dict[str, Any]] = []
        iterator = self.client.query_iterator(self.docs_name, batch_size=1000, filter=where,
                                              output_fields=fields)
        while True:
            batch = iterator.next()
            if not batch:
                iterator.close()
                return out
            out.extend(batch)

    def content_hashes(self) -> dict[str, str]:
        """doc_id -> content hash of every stored document."""
        return {r["doc_id"]: r["info"]["content_hash"]
                for r in self._doc_heads("", ["doc_id", "info"])}

    def missing_doc_ids(self, doc_ids: Iterable[str]) -> list[str]:
        """The given doc_ids that name no stored document."""
        wanted = list(dict.fromkeys(doc_ids))
        found: set[str] = set()
        for first in range(0, len(wanted), _BATCH):
            part = wanted[first:first + _BATCH]
            found.update(r["doc_id"] for r in self._doc_heads(
                f"doc_key in {_quoted(digest(d) for d in part)}", ["doc_id"]))
        return [d for d in wanted if d not in found]

    def list_documents(self, limit: int = 100, offset: int = 0) -> list[DocumentInfo]:
        """Documents in doc_id order, without their text."""
        heads = sorted(self._doc_heads("", ["doc_id", "info"]), key=lambda r: r["doc_id"])
        return [DocumentInfo(r["doc_id"], r["info"]["title"], r["info"]["metadata"],
                             r["info"]["chars"], r["info"]["chunks"], r["info"]["updated_at"])
                for r in heads[offset:offset + limit]]

    def count_documents(self) -> int:
        """How many documents are stored."""
        return self._count(self.docs_name, "piece == 0")

    def get_document(self, doc_id: str) -> Document | None:
        """One stored document with its text, or None."""
        rows = self.client.query(self.docs_name, filter=f'doc_key == "{digest(doc_id)}"',
                                 output_fields=["doc_id", "piece", "text", "info"])
        rows = [r for r in rows if r["doc_id"] == doc_id and r["piece"] >= 0]
        head = next((r for r in rows if r["piece"] == 0), None)
        if head is None or len(rows) != head["info"]["pieces"]:
            return None
        text = "".join(r["text"] for r in sorted(rows, key=lambda r: r["piece"]))
        return Document(doc_id, head["info"]["title"], text, head["info"]["metadata"])

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in doc_id order."""
        for doc_id in sorted(r["doc_id"] for r in self._doc_heads("", ["doc_id"])):
            doc = self.get_document(doc_id)
            if doc is not None:
                yield doc

    def chunk_ids(self) -> list[int]:
        """Every stored chunk id, in document and position order."""
        rows: list[dict[str, Any]] = []
        iterator = self.client.query_iterator(self.chunks_name, batch_size=1000, filter="",
                                              output_fields=["id", "doc_id", "ordinal"])
        while batch := iterator.next():
            rows.extend(batch)
        iterator.close()
        return [int(r["id"]) for r in sorted(rows, key=lambda r: (r["doc_id"], r["ordinal"]))]

    def _records(self, rows: Sequence[dict[str, Any]]) -> dict[int, ChunkRecord]:
        heads = {}
        keys = sorted({digest(r["doc_id"]) for r in rows})
        for first in range(0, len(keys), _BATCH):
            for head in self._doc_heads(f"doc_key in {_quoted(keys[first:first + _BATCH])}",
                                        ["doc_id", "info"]):
                heads[head["doc_id"]] = head["info"]
        rows = [r for r in rows if r["doc_id"] in heads]
        windows = self._windows(rows, heads)
        out = {}
        for r in rows:
            start, end, text = int(r["start"]), int(r["end"]), r["text"]
            before = after = ""
            window = windows.get(int(r["id"]))
            if window is not None:
                lo, around = window
                first, last = whole_edges(around, start - lo, end - lo)
                before, after = around[first:start - lo], around[end - lo:last]
            out[int(r["id"])] = ChunkRecord(int(r["id"]), r["doc_id"],
                                            heads[r["doc_id"]]["title"], text, start, end,
                                            heads[r["doc_id"]]["metadata"], before, after)
        return out

    def _windows(self, rows: Sequence[dict[str, Any]], heads: dict[str, dict[str, Any]]
                 ) -> dict[int, tuple[int, str]]:
        """chunk id -> ``(lo, text[lo:hi])``: the part of its document's text that
        ``whole_edges`` reads for it (``edge_window``), from the document's pieces, so a
        passage reaches to the clause edges its chunk's edges cut, as in the FAISS store.
        A chunk whose pieces are gone or no longer hold its text (its document was
        replaced between the two reads) gets none: its passage is the bare chunk."""
        spans: dict[int, tuple[str, int, int, range]] = {}
        wanted: set[str] = set()
        for r in rows:
            lo, hi = edge_window(int(r["start"]), int(r["end"]), heads[r["doc_id"]]["chars"])
            numbers = range(lo // _PIECE_CHARS, (hi - 1) // _PIECE_CHARS + 1)
            spans[int(r["id"])] = (r["doc_id"], lo, hi, numbers)
            key = digest(r["doc_id"])
            wanted.update(f"{key}:{n:08d}" for n in numbers)
        pieces: dict[tuple[str, int], str] = {}
        keys = sorted(wanted)
        for first in range(0, len(keys), _BATCH):
            for piece in self.client.get(self.docs_name, ids=keys[first:first + _BATCH],
                                         output_fields=["doc_id", "piece", "text"]):
                pieces[(piece["doc_id"], int(piece["piece"]))] = piece["text"]
        out = {}
        for r in rows:
            doc_id, lo, hi, numbers = spans[int(r["id"])]
            if any((doc_id, n) not in pieces for n in numbers):
                continue
            joined = "".join(pieces[(doc_id, n)] for n in numbers)
            offset = numbers[0] * _PIECE_CHARS
            around = joined[lo - offset:hi - offset]
            start, end = int(r["start"]) - lo, int(r["end"]) - lo
            if len(around) == hi - lo and around[start:end] == r["text"]:
                out[int(r["id"])] = (lo, around)
        return out

    def get_chunks(self, chunk_ids: Sequence[int]) -> list[ChunkRecord]:
        """Chunks by id, in the order given; ids no longer stored are left out."""
        if not chunk_ids:
            return []
        rows = self.client.get(self.chunks_name, ids=[int(i) for i in chunk_ids],
                               output_fields=[*_CHUNK_FIELDS, "text"])
        records = self._records(rows)
        return [records[i] for i in chunk_ids if i in records]

    def chunk_vectors(self, chunk_ids: Sequence[int]) -> np.ndarray:
        """Stored vectors of the given chunks, in order (zeros for unknown ids)."""
        out = np.zeros((len(chunk_ids), self.manifest.dimension), dtype=np.float32)
        if not chunk_ids:
            return out
        position = {int(cid): i for i, cid in enumerate(chunk_ids)}
        for row in self.client.get(self.chunks_name, ids=list(position),
                                   output_fields=["id", "vector"]):
            out[position[int(row["id"])]] = np.asarray(row["vector"], dtype=np.float32)
        return out

    def _search(self, data: Any, field: str, metric: str, k: int,
                doc_ids: Sequence[str] | None, filters: Filters | None
                ) -> list[tuple[ChunkRecord, float]]:
        expression = scope_expression(doc_ids, filters)
        if k <= 0:
            return []
        results = self.client.search(self.chunks_name, data=[data], anns_field=field, limit=k,
                                     filter=expression, search_params={"metric_type": metric},
                                     output_fields=[*_CHUNK_FIELDS, "text"])
        hits = list(results[0]) if results else []
        records = self._records([h["entity"] | {"id": h["id"]} for h in hits])
        # milvus-lite reports BM25 negated (a distance); a server reports the score.
        return [(records[int(h["id"])], abs(float(h["distance"])) if metric == "BM25"
                 else float(h["distance"])) for h in hits if int(h["id"]) in records]

    def search_vectors(self, vector: np.ndarray, k: int, doc_ids: Sequence[str] | None = None,
                       filters: Filters | None = None) -> list[tuple[ChunkRecord, float]]:
        """The chunks nearest to ``vector`` (inner product of normalised vectors)."""
        data = np.asarray(vector, dtype=np.float32).tolist()
        return self._search(data, "vector", "IP", k, doc_ids, filters)

    def search_keywords(self, query: str, k: int, doc_ids: Sequence[str] | None = None,
                        filters: Filters | None = None) -> list[tuple[ChunkRecord, float]]:
        """Milvus BM25 full-text search; the query is analysed, never parsed."""
        if not query_terms(query):
            scope_expression(doc_ids, filters)  # malformed filters are refused all the same
            return []
        return self._search(query, "sparse", "BM25", k, doc_ids, filters)

    # -- the build's vector cache (local: it only spares re-embedding after a kill) ------

    def _cache_db(self) -> sqlite3.Connection:
        if self._cache is None:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._cache = sqlite3.connect(self.dir / "embed_cache.sqlite3",
                                          check_same_thread=False, isolation_level=None)
            self._cache.execute("CREATE TABLE IF NOT EXISTS embed_cache "
                                "(hash TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return self._cache

    def cached_vectors(self, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """Vectors of these chunk hashes stored in Milvus or cached by an unfinished build."""
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, np.ndarray] = {}
        for first in range(0, len(wanted), _BATCH):
            part = wanted[first:first + _BATCH]
            safe = [h for h in part if all(c in "0123456789abcdef" for c in h)]
            if safe:
                for row in self.client.query(self.chunks_name, filter=f"hash in {_quoted(safe)}",
                                             output_fields=["hash", "vector"]):
                    found.setdefault(row["hash"], np.asarray(row["vector"], dtype=np.float32))
            marks = ",".join("?" for _ in part)
            for h, blob in self._cache_db().execute(
                    f"SELECT hash, vector FROM embed_cache WHERE hash IN ({marks})", part):
                found.setdefault(h, np.frombuffer(blob, dtype=np.float32))
        return found

    def cache_vectors(self, items: Sequence[tuple[str, np.ndarray]]) -> None:
        """Keep vectors of a build in progress, so a restart does not embed them again."""
        self._cache_db().executemany(
            "INSERT OR IGNORE INTO embed_cache VALUES (?, ?)",
            [(h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items])

    # -- writing -------------------------------------------------------------------------

    def apply(self, upserts: Sequence[PreparedDocument], deletes: Sequence[str]) -> None:
        """Write and delete documents; each document's rows are written last (see module)."""
        client = self.client
        for prepared in upserts:
            self._write_document(prepared)
        for doc_id in deletes:
            key = digest(doc_id)
            client.delete(self.docs_name, filter=f'doc_key == "{key}"')
            client.delete(self.chunks_name, filter=f'doc_key == "{key}"')
        meta = self._meta() or {}
        self._generation = int(meta.get("generation", 0)) + 1
        client.upsert(self.docs_name, [self._meta_row(self._generation)])
        self._cache_db().execute("DELETE FROM embed_cache")

    def _write_document(self, prepared: PreparedDocument) -> None:
        doc = prepared.document
        key = digest(doc.doc_id)
        terms = _document_terms(doc.metadata)
        rows = [{"id": chunk_id(doc.doc_id, n, c.hash), "doc_key": key, "doc_id": doc.doc_id,
                 "ordinal": n, "start": c.start, "end": c.end, "hash": c.hash,
                 "text": doc.text[c.start:c.end], "terms": terms,
                 "vector": np.asarray(c.vector, dtype=np.float32).tolist()}
                for n, c in enumerate(prepared.chunks)]
        for first in range(0, len(rows), _BATCH):
            self.client.upsert(self.chunks_name, rows[first:first + _BATCH])
        keep = ",".join(str(r["id"]) for r in rows)
        self.client.delete(self.chunks_name, filter=f'doc_key == "{key}"' +
                           (f" and not (id in [{keep}])" if keep else ""))
        pieces = [doc.text[i:i + _PIECE_CHARS] for i in range(0, len(doc.text), _PIECE_CHARS)]
        pieces = pieces or [""]
        info = {"title": doc.title, "metadata": doc.metadata, "chars": len(doc.text),
                "chunks": len(rows), "content_hash": prepared.content_hash,
                "updated_at": time.time(), "pieces": len(pieces)}
        docs = [{"key": f"{key}:{n:08d}", "doc_key": key, "doc_id": doc.doc_id, "piece": n,
                 "text": piece, "info": info if n == 0 else {}, "unused": [0.0, 0.0]}
                for n, piece in enumerate(pieces)]
        # Later pieces first: the head (piece 0, with the content hash) commits the document.
        for first in range(len(docs), 0, -_BATCH):
            self.client.upsert(self.docs_name, docs[max(0, first - _BATCH):first])
        self.client.delete(self.docs_name,
                           filter=f'doc_key == "{key}" and piece >= {len(pieces)}')

    def release(self) -> None:
        """Close the client and stop this process's milvus-lite server for the file."""
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None
        uri = self.settings.resolved_milvus_uri()
        if "://" not in uri:
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(uri)

    def drop_shared(self) -> None:
        """Remove both collections (``caseqa index --rebuild`` on a shared server)."""
        for name in (self.chunks_name, self.docs_name):
            if self.client.has_collection(name):
                self.client.drop_collection(name)
        log.info("dropped Milvus collections %s and %s", self.chunks_name, self.docs_name)

