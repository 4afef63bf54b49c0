"""The chunks a search reads are kept for one index generation (``index.record_cache``):
bounded, and never read across a change, whether this process or another one made it
(chunk ids are reused after a document is replaced, so a stale entry would hand out the
old text under the new chunk's id). Real model, FAISS and SQLite."""

from __future__ import annotations

import numpy as np
import pytest

from index.documents import Document
from index.embedding import Embedder
from index.ingest import Indexer
from index.record_cache import GenerationCache
from index.settings import IndexSettings
from index.store import Store

FACE = Document("face", "Facial recognition case",
                "The procuratorate sued a property company for collecting residents' facial "
                "images at the gate without their consent.")
WEATHER = Document("weather", "Weather report",
                   "Heavy rain is expected across the southern provinces this weekend, with "
                   "flooding possible in low-lying areas.")
# The same document, replaced: its new chunk takes the id its old chunk had.
SNOW = Document("weather", "Weather report",
                "Snowstorms will close the mountain passes of the northern provinces on "
                "Monday, and avalanches are likely.")


def test_a_cache_is_bounded_and_keeps_the_last_used() -> None:
    cache: GenerationCache[str] = GenerationCache(3)
    cache.put_many(1, [(1, "a"), (2, "b"), (3, "c")])
    assert cache.get_many(1, [1]) == {1: "a"}  # 1 is now the last used
    cache.put_many(1, [(4, "d")])
    assert len(cache) == 3
    assert cache.get_many(1, [1, 2, 3, 4]) == {1: "a", 3: "c", 4: "d"}
    with pytest.raises(ValueError):
        GenerationCache(0)


def test_a_cache_holds_one_generation() -> None:
    cache: GenerationCache[str] = GenerationCache(10)
    cache.put_many(1, [(1, "old")])
    assert cache.get_many(2, [1]) == {}  # a reader of a newer generation reads afresh
    cache.put_many(2, [(2, "new")])
    assert cache.get_many(2, [1, 2]) == {2: "new"}  # the older generation's are gone
    cache.put_many(1, [(1, "old")])  # a reader still in the older one keeps nothing
    assert cache.get_many(2, [1]) == {} and cache.get_many(1, [1]) == {}


def test_read_loads_only_what_is_not_held() -> None:
    cache: GenerationCache[str] = GenerationCache(10)
    asked: list[list[int]] = []

    def load(ids: list[int]) -> list[tuple[int, str]]:
        asked.append(ids)
        return [(i, f"text {i}") for i in ids if i != 9]  # 9 is no longer stored

    assert cache.read(1, [1, 2, 9], load) == {1: "text 1", 2: "text 2"}
    assert cache.read(1, [2, 3, 2], load) == {2: "text 2", 3: "text 3"}
    assert asked == [[1, 2, 9], [3]]
    assert cache.read(2, [2], load) == {2: "text 2"} and asked[-1] == [2]


def _texts(hits: list[tuple[object, float]]) -> list[str]:
    return [record.text for record, _ in hits]  # type: ignore[attr-defined]


@pytest.mark.parametrize("writer", ["this process", "another process"])
def test_a_search_after_a_change_reads_the_changed_chunk(
        index_settings: IndexSettings, embedder: Embedder, writer: str) -> None:
    indexer = Indexer(index_settings)
    indexer.sync([FACE, WEATHER])
    reader = Store.open(index_settings)
    rain = reader.search_keywords("rain flooding", 1)
    old_id = rain[0][0].chunk_id
    assert _texts(rain) == [WEATHER.text]
    old_vector = reader.chunk_vectors([old_id])[0].copy()
    dense = reader.search_vectors(embedder.embed_query("heavy rain and floods"), 1)
    assert _texts(dense) == [WEATHER.text]

    if writer == "this process":
        indexer.upsert(reader, [SNOW])
    else:  # a second store on the same files, as `caseqa index` in another process
        indexer.sync([FACE, SNOW])
    snow = reader.search_keywords("snowstorms avalanches", 1)
    assert snow[0][0].chunk_id == old_id  # the id was reused: only the generation differs
    assert _texts(snow) == [SNOW.text]
    assert _texts(reader.search_keywords("facial consent", 1)) == [FACE.text]
    new_vector = reader.chunk_vectors([old_id])[0]
    assert np.allclose(new_vector, embedder.embed_batch([SNOW.text])[0], atol=1e-5)
    assert not np.allclose(new_vector, old_vector)
    dense = reader.search_vectors(embedder.embed_query("snow closing mountain passes"), 1)
    assert _texts(dense) == [SNOW.text]
    reader.close()


def test_a_scoped_search_reads_the_changed_vectors(index_settings: IndexSettings,
                                                   embedder: Embedder) -> None:
    indexer = Indexer(index_settings)
    indexer.sync([FACE, WEATHER])
    reader = Store.open(index_settings)
    query = embedder.embed_query("snow closing mountain passes")
    before = reader.search_vectors(query, 1, doc_ids=["weather"])[0][1]
    indexer.sync([FACE, SNOW])
    after = reader.search_vectors(query, 1, doc_ids=["weather"])
    assert _texts(after) == [SNOW.text]
    assert after[0][1] > before + 0.1  # scored with the new chunk's vector
    reader.close()
