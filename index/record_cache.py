"""What a search reads of a chunk (its record, its vector), kept for one index generation.

A question's candidates come from the same documents as the last question's, and one
search reads them twice (the dense and the keyword side each look up their chunks; the
re-ranking reads their vectors). Reading a chunk's record means reading its whole
document from SQLite (the text is sliced here, see ``SqliteDocuments.chunks``) and
parsing its metadata. A chunk's record and vector change only when the generation does,
and chunk ids are reused after a delete (``INTEGER PRIMARY KEY``), so entries are kept
for the generation they were read in and dropped when a reader sees a newer one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

V = TypeVar("V")

#: Chunk records kept: a record holds its chunk's text (about 2 kB for 512 tokens) and
#: its document's metadata, so about 10 MB when full; 64 questions' candidates.
RECORDS = 4096
#: Chunk vectors kept: 1.5 kB each at 384 dimensions, so 6 MB when full.
VECTORS = 4096


class GenerationCache(Generic[V]):
    """Values by chunk id read in one index generation: a bounded LRU cache, emptied when
    a reader brings a newer generation. Safe to use from many threads."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("a cache holds at least one entry")
        self.capacity = capacity
        self._generation = -1
        self._entries: OrderedDict[int, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get_many(self, generation: int, keys: Iterable[int]) -> dict[int, V]:
        """Those of ``keys`` held for ``generation`` (none for another generation)."""
        found: dict[int, V] = {}
        with self._lock:
            if generation != self._generation:
                return found
            entries = self._entries
            for key in keys:
                value = entries.get(key)
                if value is not None:
                    entries.move_to_end(key)
                    found[key] = value
        return found

    def put_many(self, generation: int, items: Iterable[tuple[int, V]]) -> None:
        """Keep ``items`` read in ``generation``. A newer generation empties the cache
        first; items of an older one (a reader whose snapshot began before a change) are
        not kept."""
        with self._lock:
            if generation < self._generation:
                return
            if generation > self._generation:
                self._entries.clear()
                self._generation = generation
            entries = self._entries
            for key, value in items:
                entries[key] = value
                entries.move_to_end(key)
            while len(entries) > self.capacity:
                entries.popitem(last=False)

    def read(self, generation: int, keys: Sequence[int],
             load: Callable[[list[int]], Iterable[tuple[int, V]]]) -> dict[int, V]:
        """``keys`` -> value for ``generation``: those not held are read by ``load``
        (which leaves out ids no longer stored) and kept."""
        found = self.get_many(generation, keys)
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        if missing:
            loaded = list(load(missing))
            self.put_many(generation, loaded)
            found.update(loaded)
        return found
