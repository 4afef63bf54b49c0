"""A bounded, thread-safe cache of text embeddings."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

from index.embedding.base import Embedder


class TextVectors:
    """Passage vectors of texts through a bounded cache (the oldest entries leave first), so
    texts seen again cost nothing: ``cache(texts)`` is a (len(texts), dimension) array;
    ``cache.query(text)`` is one query vector, (dimension,), from a small cache of its own.
    ``stored`` looks texts up in vectors computed before (by the same embedder) and
    returns None for those it does not hold: only those are embedded."""

    def __init__(self, embedder: Embedder, size: int = 20_000, queries: int = 64,
                 stored: Callable[[str], np.ndarray | None] | None = None) -> None:
        self.embedder = embedder
        self._stored = stored
        self._size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_size = queries
        self._lock = threading.Lock()

    def query(self, text: str) -> np.ndarray:
        """``embedder.embed_query(text)``, computed once while the text stays cached."""
        with self._lock:
            found = self._queries.get(text)
        if found is None:
            found = self.embedder.embed_query(text)
            with self._lock:
                self._queries[text] = found
                while len(self._queries) > self._query_size:
                    self._queries.popitem(last=False)
        return found

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        found: dict[str, np.ndarray] = {}
        if missing and self._stored is not None:
            found = {t: v for t in missing if (v := self._stored(t)) is not None}
            missing = [t for t in missing if t not in found]
        if missing:
            found.update(zip(missing, self.embedder.embed_batch(missing), strict=True))
        if found:
            with self._lock:
                self._cache.update(found)
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        with self._lock:
            out = []
            for text in texts:
                vector = self._cache.get(text)
                if vector is None:  # evicted meanwhile by another thread's batch
                    vector = self.embedder.embed_batch([text])[0]
                out.append(vector)
        return np.stack(out) if out else np.zeros((0, self.embedder.dimension), np.float32)
