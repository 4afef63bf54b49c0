"""The document ranking of hybrid retrieval: over many documents, a chunk is ranked also
as its document is, by how many of the question's terms that document's candidates hold
together (qa.retrieval, qa.fusion.document_ranking)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.documents import Document
from index.ingest import Indexer
from index.settings import ChunkingSettings, IndexSettings
from index.store import Store
from qa.retrieval import Retriever
from qa.settings import RetrievalSettings

# One judgment tells the marriage and the divorce in two chunks; three others say 原告,
# 被告 and 离婚 together in one chunk each, and nothing of 重庆 or 结婚.
OWN = Document("own", "离婚纠纷",
               "原告张某与被告李某于2010年在重庆登记结婚，婚后育有一子。\n\n"
               "二人感情不和，于2015年3月到民政局协议离婚。")
OTHERS = [Document(f"other-{n}", "离婚纠纷",
                   f"原告与被告协议离婚后，原告要求被告支付离婚补偿{n}万元。")
          for n in range(1, 4)]
QUESTION = "原告与被告在重庆结婚后何时离婚？"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    settings = IndexSettings(dir=tmp_path_factory.mktemp("documents") / "index",
                             chunking=ChunkingSettings(max_tokens=48, overlap_tokens=0))
    Indexer(settings).sync([OWN, *OTHERS])
    store = Store.open(settings)
    yield store
    store.close()


def _divorce_rank(store: Store, embedder: object, weight: float) -> int:
    retriever = Retriever(store, embedder,  # type: ignore[arg-type]
                          RetrievalSettings(document_weight=weight))
    hits = retriever.search(QUESTION, k=8)
    assert len({h.chunk_id for h in hits}) == 5  # the own judgment is in two chunks
    return next(n for n, h in enumerate(hits) if h.doc_id == "own" and "协议离婚" in h.text)


def test_a_chunk_rises_with_the_document_that_holds_the_whole_question(
        store: Store, embedder: object) -> None:
    # Alone, the divorce chunk holds one term of the question (离婚): the other judgments'
    # chunks hold three and come first. Its judgment holds them all (重庆, 结婚 in its other
    # chunk), the others hold no 重庆 and no 结婚.
    assert _divorce_rank(store, embedder, 0.0) == 4
    assert _divorce_rank(store, embedder, 0.25) <= 2


@pytest.fixture(scope="module")
def two_language_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    english = Document("english", "Divorce case",
                       "The plaintiff and the defendant married in Chongqing in 2010 and "
                       "divorced by agreement in 2015.")
    settings = IndexSettings(dir=tmp_path_factory.mktemp("two") / "index",
                             chunking=ChunkingSettings(max_tokens=48, overlap_tokens=0))
    Indexer(settings).sync([OWN, *OTHERS, english])
    store = Store.open(settings)
    yield store
    store.close()


def _order(store: Store, embedder: object, weight: float) -> list[int]:
    retriever = Retriever(store, embedder,  # type: ignore[arg-type]
                          RetrievalSettings(document_weight=weight))
    return [h.chunk_id for h in retriever.search(QUESTION, k=8)]


def test_candidates_in_two_languages_are_left_as_fused(two_language_store: Store,
                                                       embedder: object) -> None:
    # The English judgment is a candidate through the translated question; its terms are
    # a dictionary's senses, not the question's words, and are not weighed against them.
    order = _order(two_language_store, embedder, 0.0)
    assert len(order) == 6
    assert _order(two_language_store, embedder, 0.25) == order
