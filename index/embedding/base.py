"""The embedder interface: one abstract method, ``embed_batch``; the rest derives from it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

import numpy as np


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors."""

    name: str = ""
    dimension: int = 0
    #: The model's maximum sequence length in its own tokens (as ``count_tokens``
    #: counts them), or None when it has no limit that matters to chunking.
    max_tokens: int | None = None
    #: Whether texts of different languages share one space (a Chinese question lies
    #: near the English sentence that answers it).
    multilingual: bool = False

    @abstractmethod
    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts`` (passages), shape (len(texts), dimension), normalised."""

    def count_tokens(self, text: str) -> int:
        """The text's length in the model's tokenizer; 0 when the model has no limit."""
        return 0

    def embed(self, texts: Sequence[str], batch_size: int = 32,
              progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Vectors for any number of texts, in batches, reporting progress per batch."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for first in range(0, len(texts), batch_size):
            batch = texts[first:first + batch_size]
            out[first:first + len(batch)] = self.embed_batch(batch)
            if progress is not None:
                progress(len(batch))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        """One vector for a query (models trained with query prefixes override this)."""
        return self.embed_batch([text])[0]


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)
