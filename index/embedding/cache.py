"""A bounded, thread-safe cache of text embeddings."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from index.embedding.base import Embedder


class TextVectors:
    """Passage vectors of texts through a bounded cache (the oldest entries leave first), so
    texts seen again cost nothing: ``cache(texts)`` is a (len(texts), dimension) array."""

    def __init__(self, embedder: Embedder, size: int = 20_000) -> None:
        self.embedder = embedder
        self._size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self.embedder.embed_batch(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
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
