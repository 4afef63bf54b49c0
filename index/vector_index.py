"""The vector-index interface: chunk vectors keyed by chunk id, searched by cosine.

A store keeps its documents and chunks elsewhere and asks a vector index only for the
nearest chunk ids. Backends persist one file (or set of files) per generation of the
store, so a reader loads exactly the vectors of the generation it reads.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.settings import VectorSettings


@dataclass(frozen=True)
class IndexChoice:
    """Which index type a collection gets, and why (written to the manifest)."""

    kind: str
    reason: str
    nlist: int = 0


class VectorIndex(ABC):
    """Vectors keyed by int64 chunk id; inner product of normalised vectors is cosine."""

    choice: IndexChoice

    @classmethod
    @abstractmethod
    def build(cls, dimension: int, ids: np.ndarray, vectors: np.ndarray,
              settings: VectorSettings) -> VectorIndex:
        """A new index over ``vectors`` (n x dimension) keyed by ``ids``."""

    @classmethod
    @abstractmethod
    def load(cls, directory: Path, generation: int, settings: VectorSettings) -> VectorIndex:
        """The index saved as ``generation``; raises RuntimeError if it is unreadable."""

    @classmethod
    @abstractmethod
    def kind_for(cls, n: int, settings: VectorSettings) -> str:
        """The index type ``n`` vectors call for (a change of type means a rebuild)."""

    @property
    @abstractmethod
    def size(self) -> int:
        """How many vectors the index holds."""

    @abstractmethod
    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add ``vectors`` (n x dim float32) under ``ids`` (n int64)."""

    @abstractmethod
    def remove(self, ids: np.ndarray) -> None:
        """Remove the vectors of these ids (unknown ids are ignored)."""

    @abstractmethod
    def search(self, query: np.ndarray, k: int,
               allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The ``k`` nearest ids with cosine scores, best first, only among ``allowed``
        ids when given (an empty ``allowed`` finds nothing)."""

    @abstractmethod
    def save(self, directory: Path, generation: int) -> None:
        """Persist atomically as ``generation``: readers see the old files or the new."""

    @staticmethod
    @abstractmethod
    def saved(directory: Path, generation: int) -> bool:
        """Whether ``generation`` was saved in ``directory``."""

    @staticmethod
    @abstractmethod
    def discard_other_generations(directory: Path, generation: int) -> None:
        """Remove what older (or abandoned) generations left in ``directory``."""
