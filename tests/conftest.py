"""Shared fixtures: index settings on tmp_path, the real bundled embedder, and fakes
registered through the real extension point (``index.embedding.register``)."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from browser import (  # noqa: F401 - the browser tests' fixtures, registered once here
    browser,
    foreign_site,
    live_server,
    page,
    seed_index,
    server_factory,
)

from index.documents import read_paths
from index.embedding import Embedder, load_embedder, register
from index.ingest import Indexer
from index.settings import DEFAULT_MODEL, EmbeddingSettings, IndexSettings
from qa.answering import registry
from qa.answering.extractive import ExtractiveAnswerer
from qa.models import Mode
from qa.settings import AnswerSettings, RetrievalSettings, Settings

FAKE_PREFIX = "fake:"
COUNTING_PREFIX = "counting:"
_FAKE_DIM = 64
THREE_CASES = Path(__file__).resolve().parent / "cases" / "corpus-three-cases.jsonl"
_REAL: dict[str, Embedder] = {}


class FakeEmbedder(Embedder):
    """Fast deterministic bag-of-words vectors: equal texts get equal vectors."""

    def __init__(self, name: str, device: str = "cpu") -> None:
        self.name = name
        self.dimension = _FAKE_DIM

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()) or [text]:
                digest = hashlib.sha256(word.encode("utf-8")).digest()
                out[row, digest[0] % self.dimension] += 1.0 + digest[1] / 255
            out[row] /= np.linalg.norm(out[row]) or 1.0
        return out


class CountingEmbedder(Embedder):
    """Wraps the real model and counts every text it embeds."""

    def __init__(self, name: str, device: str = "cpu") -> None:
        # Set by the session fixture: load_embedder holds its lock while calling us.
        self.inner = _REAL[DEFAULT_MODEL]
        self.name = name
        self.dimension = self.inner.dimension
        self.max_tokens = self.inner.max_tokens
        self.embedded: list[str] = []

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return self.inner.embed_batch(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


register(FAKE_PREFIX, FakeEmbedder)
register(COUNTING_PREFIX, CountingEmbedder)
_fresh = itertools.count()


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled all-MiniLM-L6-v2, loaded once for the whole run."""
    _REAL[DEFAULT_MODEL] = load_embedder(DEFAULT_MODEL)
    return _REAL[DEFAULT_MODEL]


RegisterAnswerer = Callable[[Mode, registry.Factory], None]


@pytest.fixture
def register_answerer() -> Iterator[RegisterAnswerer]:
    """Register an answerer factory through the real extension point for one test."""
    saved: list[tuple[Mode, registry.Factory | None]] = []

    def use(mode: Mode, factory: registry.Factory) -> None:
        saved.append((mode, registry.register(mode, factory)))

    yield use
    for mode, previous in reversed(saved):
        if previous is not None:
            registry.register(mode, previous)


@pytest.fixture
def index_settings(tmp_path: Path, embedder: Embedder) -> IndexSettings:
    """Default settings (real model) with the index in a fresh temporary directory."""
    return IndexSettings(dir=tmp_path / "index")


@pytest.fixture
def counting_embedder(embedder: Embedder) -> CountingEmbedder:
    """A fresh counting wrapper of the real model, as load_embedder hands it out."""
    counting = load_embedder(f"{COUNTING_PREFIX}{next(_fresh)}")
    assert isinstance(counting, CountingEmbedder)
    return counting


@pytest.fixture
def embedded(counting_embedder: CountingEmbedder) -> list[str]:
    """Every text ``counting_embedder`` has embedded so far (clear it to start counting)."""
    return counting_embedder.embedded


@pytest.fixture
def counting_settings(tmp_path: Path, counting_embedder: CountingEmbedder) -> IndexSettings:
    """Settings whose model is ``counting_embedder``."""
    return IndexSettings(dir=tmp_path / "index",
                         embedding=EmbeddingSettings(model=counting_embedder.name))


@pytest.fixture
def fake_settings(tmp_path: Path) -> IndexSettings:
    """Settings using the fast fake embedder (for tests about structure, not meaning)."""
    return IndexSettings(dir=tmp_path / "index",
                         embedding=EmbeddingSettings(model=f"{FAKE_PREFIX}bow"))


@pytest.fixture(scope="module")
def three_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of tests/cases/corpus-three-cases.jsonl (real model, default settings),
    built once per test module; copy it before changing it."""
    directory = tmp_path_factory.mktemp("three") / "index"
    Indexer(Settings().with_index_dir(directory).index).sync(read_paths([THREE_CASES]))
    return directory


WriteFiles = Callable[..., Path]


def write_file(path: Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` (text as UTF-8) and return ``path``."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def write_files(tmp_path: Path) -> WriteFiles:
    """A helper writing ``{relative path: text or bytes}`` under a folder of tmp_path."""

    def write(files: dict[str, str | bytes], folder: str = "docs") -> Path:
        root = tmp_path / folder
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            write_file(path, content)
        return root

    return write


@pytest.fixture(scope="module")
def answerer(embedder: Embedder) -> ExtractiveAnswerer:
    """The default extractive answerer on the bundled embedder (``asking.ask`` asks it);
    a test module may define its own."""
    return ExtractiveAnswerer(embedder, AnswerSettings(),
                              RetrievalSettings().cross_lingual_model)
