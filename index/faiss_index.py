"""The FAISS vector index: exact for small collections, IVF for large ones.

Vectors are L2-normalised, so inner product is cosine similarity. Ids are the chunk
ids of the SQLite store. One file per generation: ``vectors.<generation>.faiss``.
"""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from index.settings import VectorSettings
from index.vector_index import IndexChoice, VectorIndex


def search_in_one_thread() -> None:
    """Let FAISS use one OpenMP thread in this process: a process that answers questions
    searches with one query at a time, and requests run in threads of their own. A query's
    parallel region waited for a second core busy with the embedding model: on 2 cores,
    after each onnxruntime query embedding, a flat search of policyqa-dev's 309 vectors took
    8.2 ms on 2 threads against 0.05 ms on one; of 100k vectors 28 / 6.7 ms against 7.2 /
    5.7 ms (no embedding between). Index builds in other processes keep every core."""
    faiss.omp_set_num_threads(1)


def choose(n: int, settings: VectorSettings) -> IndexChoice:
    """The index type for ``n`` vectors, with the reason written beside it."""
    if n <= settings.exact_max_chunks:
        return IndexChoice(
            "flat-ip",
            f"{n} chunks <= exact_max_chunks={settings.exact_max_chunks}: exact inner product "
            "costs a few ms per query at this size and never misses a neighbour",
        )
    return _ivf(n, max(1, min(int(4 * math.sqrt(n)), n // 39)), settings)


#: With ``nprobe`` 0, one IVF list in this many is probed (at least ``_MIN_PROBES``).
#: bench/scale.py, 1M chunks (nlist 4000), recall@10 against exact / p50: nprobe 16
#: 0.79 / 0.7 ms, 32 0.89 / 1.2 ms, 64 0.95 / 2.0 ms, 128 0.99 / 3.7 ms.
_PROBED_SHARE = 32
_MIN_PROBES = 16


def probes(nlist: int, settings: VectorSettings) -> int:
    """IVF lists probed per query: ``settings.nprobe``, or when 0 one list in 32 (at
    least 16, at most ``nlist``); 1 for an index without lists (``nlist`` 0, flat)."""
    wanted = settings.nprobe or max(_MIN_PROBES, math.ceil(nlist / _PROBED_SHARE))
    return max(1, min(wanted, nlist))


def _ivf(n: int, nlist: int, settings: VectorSettings) -> IndexChoice:
    nprobe = probes(nlist, settings)
    how = (f"nprobe={nprobe}" if settings.nprobe
           else f"nprobe={nprobe}: one list in {_PROBED_SHARE}, at least {_MIN_PROBES}")
    return IndexChoice(
        "ivf-flat",
        f"{n} chunks > exact_max_chunks={settings.exact_max_chunks}: IVF with nlist={nlist} "
        "(4*sqrt(n) at build time, at most n/39 so every list has training points) probes "
        f"{nprobe} lists per query ({how}) instead of scanning every vector",
        nlist,
    )


def _path(directory: Path, generation: int) -> Path:
    return directory / f"vectors.{generation}.faiss"


class FaissIndex(VectorIndex):
    """A FAISS index keyed by chunk id, with add, remove, scoped search and atomic save."""

    def __init__(self, index: Any, choice: IndexChoice, nprobe: int) -> None:
        self._index = index
        self.choice = choice
        self._nprobe = nprobe

    @classmethod
    def kind_for(cls, n: int, settings: VectorSettings) -> str:
        """``flat-ip`` or ``ivf-flat`` (see ``choose``)."""
        return choose(n, settings).kind

    @classmethod
    def build(cls, dimension: int, ids: np.ndarray, vectors: np.ndarray,
              settings: VectorSettings) -> FaissIndex:
        """A new index over the given vectors, of the type their number calls for."""
        choice = choose(len(ids), settings)
        if choice.kind == "flat-ip":
            index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        else:
            quantizer = faiss.IndexFlatIP(dimension)
            index = faiss.IndexIVFFlat(quantizer, dimension, choice.nlist,
                                       faiss.METRIC_INNER_PRODUCT)
            index.train(np.ascontiguousarray(vectors, dtype=np.float32))
        built = cls(index, choice, probes(choice.nlist, settings))
        built.add(ids, vectors)
        return built

    @property
    def size(self) -> int:
        """How many vectors the index holds."""
        return int(self._index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under their chunk ids."""
        if len(ids):
            self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32),
                                     np.asarray(ids, dtype=np.int64))

    def remove(self, ids: np.ndarray) -> None:
        """Remove the vectors of these chunk ids (unknown ids are ignored)."""
        if len(ids):
            self._index.remove_ids(np.asarray(ids, dtype=np.int64))

    def search(self, query: np.ndarray, k: int,
               allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The ``k`` nearest chunk ids with their cosine scores, optionally within ``allowed``."""
        if self.size == 0 or k <= 0:
            return []
        if allowed is not None and len(allowed) == 0:
            return []
        params: Any = None
        selector = (faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
                    if allowed is not None else None)
        if self.choice.kind == "ivf-flat":
            params = faiss.SearchParametersIVF(sel=selector, nprobe=self._nprobe)  # type: ignore[call-arg]
        elif selector is not None:
            params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        scores, ids = self._index.search(query, min(k, self.size), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, directory: Path, generation: int) -> None:
        """Write the index atomically: readers see the old file or the new one."""
        path = _path(directory, generation)
        # A name of its own per writer: two processes saving at once must not collide.
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        faiss.write_index(self._index, str(tmp))
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    @staticmethod
    def saved(directory: Path, generation: int) -> bool:
        """Whether ``vectors.<generation>.faiss`` exists."""
        return _path(directory, generation).exists()

    @staticmethod
    def discard_other_generations(directory: Path, generation: int) -> None:
        """Remove the files of every other generation."""
        keep = _path(directory, generation).name
        for old in directory.glob("vectors.*.faiss"):
            if old.name != keep:
                old.unlink(missing_ok=True)

    @classmethod
    def load(cls, directory: Path, generation: int, settings: VectorSettings) -> FaissIndex:
        """Read an index written by ``save``."""
        index: Any = faiss.read_index(str(_path(directory, generation)))
        inner: Any = faiss.downcast_index(index)
        if isinstance(inner, faiss.IndexIVF):
            choice = _ivf(int(index.ntotal), int(inner.nlist), settings)
        else:
            choice = choose(int(index.ntotal), settings)
        return cls(index, choice, probes(choice.nlist, settings))
