"""One conformance suite over every store backend: FAISS flat, FAISS approximate (IVF)
and Milvus (through milvus-lite). Same documents in, the real model, the real engines:
exact search, scoping and filters, hostile ids and values, replace and delete, reload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from index.chunking import whole_edges
from index.documents import Document
from index.embedding import Embedder
from index.errors import IndexError_, InputError
from index.ingest import Indexer
from index.records import ChunkRecord
from index.settings import IndexSettings, VectorSettings
from index.store import Store, open_store

BACKENDS = {
    "faiss-flat": {},
    # Above exact_max_chunks=0 every collection gets IVF (nlist=1 at this size).
    "faiss-ivf": {"vectors": VectorSettings(exact_max_chunks=0)},
    "milvus": {"backend": "milvus"},
}
HOSTILE_ID = 'case "7" || x) \\ \' or 1=1 --'
HOSTILE_VALUE = 'Court "A" || (B) \\ \'C\''
LONG_TEXT = "".join(f"Paragraph {i}: the tribunal heard witness number {i} at length.\n\n"
                    for i in range(400))
# A judgment as the cjrc ones are written: a comma every few dozen characters, no full
# stop, so chunks are cut by the token budget inside clauses; longer than one of the
# Milvus store's 16,000-character pieces of a document's text.
UNPUNCTUATED = "".join(f"第{i}次庭审中被告人王x{i}驾驶车牌号为苏D{i:05d}的重型普通货车行驶至"
                       f"{i}号路口处与原告车辆相撞造成车辆损坏及财产损失{i * 37}元"
                       f"{'，' if i % 3 == 0 else ''}" for i in range(330))

CORPUS = [
    Document("face", "Facial recognition case",
             "The procuratorate sued a property company for collecting residents' facial "
             "images at the gate without their consent. The court ordered the company to "
             "delete the facial data and to apologise publicly.",
             {"kind": "case", "year": 2021, "final": True}),
    Document("burden", "Burden of proof",
             "Under the general tort rule, a person who says his personal information was "
             "mishandled must prove the processor's fault. The Personal Information Protection "
             "Law reverses this: the processor has to show that it was not at fault.",
             {"kind": "statute", "year": 2020}),
    Document("weather", "Weather report",
             "Heavy rain is expected across the southern provinces this weekend, with "
             "flooding possible in low-lying areas and strong winds along the coast.",
             {"kind": "news", "year": 2021}),
    Document("zh-case", "公益诉讼案例",
             "人民检察院对侵害众多消费者个人信息的行为提起民事公益诉讼。法院判决被告删除人脸识别"
             "数据，并在国家级媒体上公开赔礼道歉。",
             {"kind": "case", "year": 2021}),
    Document(HOSTILE_ID, "Hostile id",
             "Garden sheds must be painted green under the municipal bylaw on outbuildings.",
             {"kind": HOSTILE_VALUE, "year": 2019}),
    Document("case", "Near miss of the hostile id",
             "Garden sheds may be painted any colour the owner likes, the appeal court held.",
             {"kind": "Court", "year": 2019}),
    Document("long", "Long hearing record", LONG_TEXT, {"kind": "record", "year": 2018}),
    Document("zh-long", "交通事故庭审记录", UNPUNCTUATED, {"kind": "record", "year": 2017}),
]


def _settings(root: Path, backend: str) -> IndexSettings:
    return IndexSettings(dir=root / "index", **BACKENDS[backend])  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=list(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
          embedder: Embedder) -> Iterator[Store]:
    """The corpus above in one backend, shared by this module's read-only tests."""
    settings = _settings(tmp_path_factory.mktemp(request.param), request.param)
    report = Indexer(settings, embedder).sync(CORPUS)
    assert sorted(report.added) == sorted(d.doc_id for d in CORPUS)
    opened = open_store(settings)
    yield opened
    opened.close()


def _assert_exact(store: Store, vector: np.ndarray, hits: list[tuple[ChunkRecord, float]],
                  k: int, allowed: set[str] | None = None) -> None:
    """The hits are the true top ``k`` by brute force over every stored vector (ties
    between equal scores may come in any order), each with its true score."""
    records = [r for r in store.get_chunks(store.chunk_ids())
               if allowed is None or r.doc_id in allowed]
    scores = store.chunk_vectors([r.chunk_id for r in records]) @ vector
    truth = {(r.doc_id, r.start, r.end): float(s) for r, s in zip(records, scores, strict=True)}
    best = sorted(truth.values(), reverse=True)[:k]
    assert len(hits) == len(best)
    assert np.allclose([s for _, s in hits], best, atol=1e-4)
    for record, score in hits:
        assert truth[(record.doc_id, record.start, record.end)] == pytest.approx(score, abs=1e-4)


def _spans(hits: list[tuple[ChunkRecord, float]]) -> list[tuple[str, int, int]]:
    return [(r.doc_id, r.start, r.end) for r, _ in hits]


def test_stored_documents_and_chunks_are_what_went_in(store: Store) -> None:
    assert store.count_documents() == len(CORPUS)
    assert store.missing_doc_ids([HOSTILE_ID, "case", "nope", 'case "7"']) == [
        "nope", 'case "7"']
    for doc in CORPUS:
        assert store.get_document(doc.doc_id) == doc
    assert [d.doc_id for d in store.list_documents()] == sorted(d.doc_id for d in CORPUS)
    assert [d.doc_id for d in store.list_documents(limit=2, offset=1)] == sorted(
        d.doc_id for d in CORPUS)[1:3]
    assert sorted(d.doc_id for d in store.iter_documents()) == sorted(d.doc_id for d in CORPUS)
    texts = {d.doc_id: d.text for d in CORPUS}
    chunks = store.get_chunks(store.chunk_ids())
    assert len(chunks) == store.stats()["chunks"] > len(CORPUS)
    assert all(c.text == texts[c.doc_id][c.start:c.end] for c in chunks)
    assert store.get_chunks([chunks[1].chunk_id, 123456789, chunks[0].chunk_id]) == [
        chunks[1], chunks[0]]


def test_passages_reach_the_clause_edges_their_chunks_cut(store: Store) -> None:
    """Every backend widens a chunk to the clauses its edges cut, as ``whole_edges`` does
    over the whole document (the Milvus store from the pieces it keeps a text in,
    across a piece's edge too)."""
    texts = {d.doc_id: d.text for d in CORPUS}
    chunks = store.get_chunks(store.chunk_ids())
    for c in chunks:
        first, last = whole_edges(texts[c.doc_id], c.start, c.end)
        assert (c.before, c.after) == (texts[c.doc_id][first:c.start],
                                       texts[c.doc_id][c.end:last]), (c.doc_id, c.start)
    widened = [c for c in chunks if c.doc_id == "zh-long" and (c.before or c.after)]
    assert len(widened) > 10
    assert any(c.start - len(c.before) < 16_000 < c.end + len(c.after) for c in widened)


@pytest.mark.parametrize("query", ["collecting face images without permission",
                                   "who must prove fault for personal data",
                                   "witness heard by the tribunal", "检察院 公益诉讼"])
def test_vector_search_is_exact(store: Store, embedder: Embedder, query: str) -> None:
    vector = embedder.embed_query(query)
    _assert_exact(store, vector, store.search_vectors(vector, 5), 5)


def test_vector_search_finds_the_paraphrased_chunk(store: Store, embedder: Embedder) -> None:
    hits = store.search_vectors(embedder.embed_query("who has to prove fault"), 1)
    assert hits[0][0].doc_id == "burden" and 0 < hits[0][1] <= 1


@pytest.mark.parametrize(("query", "expected"), [("facial images consent", "face"),
                                                  ("人脸识别", "zh-case"),
                                                  ("flooding coast", "weather")])
def test_keyword_search_english_and_chinese(store: Store, query: str, expected: str) -> None:
    hits = store.search_keywords(query, 3)
    assert hits and hits[0][0].doc_id == expected and hits[0][1] > 0


@pytest.mark.parametrize("query", ['"a" OR b)', "x || y", 'NEAR("a") *', "\\", "doc_id == 1"])
def test_keyword_query_syntax_is_never_interpreted(store: Store, query: str) -> None:
    assert isinstance(store.search_keywords(query, 5), list)


def test_scopes_hold_in_both_searches(store: Store, embedder: Embedder) -> None:
    vector = embedder.embed_query("facial images deleted")
    scopes: list[tuple[list[str] | None, dict[str, object] | None, set[str]]] = [
        (["weather", "burden"], None, {"weather", "burden"}),
        (None, {"kind": "case"}, {"face", "zh-case"}),
        (None, {"year": [2020, 2018]}, {"burden", "long"}),
        (None, {"year": 2021.0, "kind": ["news", "case"]}, {"face", "zh-case", "weather"}),
        (None, {"final": True}, {"face"}),
        (["face", "weather"], {"kind": "case"}, {"face"}),
        (None, {"kind": "nothing"}, set()),
    ]
    for doc_ids, filters, allowed in scopes:
        dense = store.search_vectors(vector, 50, doc_ids, filters)
        assert {r.doc_id for r, _ in dense} == allowed, (doc_ids, filters)
        _assert_exact(store, vector, dense[:5], 5, allowed)
        keyword = store.search_keywords("facial images court rain paragraph", 50, doc_ids,
                                        filters)
        assert {r.doc_id for r, _ in keyword} <= allowed


def test_hostile_ids_and_filter_values_match_literally(store: Store, embedder: Embedder
                                                       ) -> None:
    vector = embedder.embed_query("garden sheds painted")
    for doc_ids, filters in (([HOSTILE_ID], None), (None, {"kind": HOSTILE_VALUE})):
        for hits in (store.search_vectors(vector, 10, doc_ids, filters),
                     store.search_keywords("garden sheds", 10, doc_ids, filters)):
            assert {r.doc_id for r, _ in hits} == {HOSTILE_ID}
    for near_miss in (['case "7"'], ["case"], ['" || "1" == "1']):
        found = {r.doc_id for r, _ in store.search_vectors(vector, 10, near_miss)}
        assert HOSTILE_ID not in found
    assert store.search_vectors(vector, 10, None, {"kind": 'Court "A"'}) == []
    assert store.search_vectors(vector, 10, None, {"kind": '") or ("1"=="1'}) == []


@pytest.mark.parametrize("filters", [{"bad key!": 1}, {"kind": {"nested": 1}}, {"kind": []},
                                     {"kind": [None]}])
def test_bad_filters_are_refused(store: Store, embedder: Embedder,
                                 filters: dict[str, object]) -> None:
    with pytest.raises(InputError):
        store.search_vectors(embedder.embed_query("x"), 3, None, filters)
    with pytest.raises(InputError):
        store.search_keywords("facial", 3, None, filters)


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_replace_delete_and_reload(tmp_path: Path, embedder: Embedder, backend: str) -> None:
    settings = _settings(tmp_path, backend)
    indexer = Indexer(settings, embedder)
    indexer.sync(CORPUS[:4])
    store = open_store(settings)
    generation = store.generation
    changed = Document("face", "Facial recognition case",
                       "Later the company installed a card reader at the gate instead.",
                       {"kind": "case", "year": 2022})
    report = indexer.upsert(store, [changed])
    assert report.replaced == ["face"] and store.generation > generation
    assert store.get_document("face") == changed
    assert store.search_keywords("apologise", 5) == []
    vector = embedder.embed_query("card reader at the gate")
    assert store.search_vectors(vector, 1)[0][0].text == changed.text
    assert store.search_vectors(vector, 5, None, {"year": 2021}) and all(
        r.doc_id != "face" for r, _ in store.search_vectors(vector, 5, None, {"year": 2021}))

    assert indexer.delete(store, ["weather", "nope"]) == ["weather"]
    assert store.missing_doc_ids(["weather"]) == ["weather"]
    assert all(r.doc_id != "weather" for r, _ in store.search_keywords("flooding rain", 5))
    before = (_spans(store.search_vectors(vector, 10)), store.content_hashes(),
              store.stats()["chunks"])
    store.close()

    reopened = open_store(settings)
    assert (_spans(reopened.search_vectors(vector, 10)), reopened.content_hashes(),
            reopened.stats()["chunks"]) == before
    assert reopened.get_document("face") == changed
    assert indexer.sync(CORPUS[:4]).replaced == ["face"]  # back to the original, via sync
    assert reopened.search_keywords("apologise", 5)[0][0].doc_id == "face"


def test_unknown_backend_is_refused_with_the_known_names(tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match="faiss, milvus"):
        open_store(IndexSettings(dir=tmp_path, backend="elastic"), 384)
