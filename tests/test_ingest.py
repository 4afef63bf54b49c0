"""Incremental indexing with the real model: nothing is embedded twice, a change
re-embeds only its own chunks, and deleted documents leave no vectors or keywords."""

from __future__ import annotations

from pathlib import Path

from index.documents import Document
from index.embedding import Embedder
from index.ingest import Indexer
from index.settings import IndexSettings
from index.store import Store

SEED = Path(__file__).resolve().parents[1] / "seeds"
TOPICS = ["consent", "deletion", "compensation", "apology", "evidence", "jurisdiction"]


def _long_doc(doc_id: str, tag: str = "") -> Document:
    paragraphs = [
        " ".join(f"Paragraph {p} sentence {s} explains {TOPICS[p % len(TOPICS)]} in the "
                 f"facial recognition case{tag if p == 5 else ''}." for s in range(6))
        for p in range(6)
    ]
    return Document(doc_id, doc_id.title(), "\n\n".join(paragraphs), {"kind": "test"})


SMALL = [
    Document("alpha", "Alpha", "The processor must delete facial images on request."),
    Document("beta", "Beta", "人民法院判决被告删除人脸识别数据。"),
    Document("gamma", "Gamma", "Compensation was claimed for the harm to many consumers."),
]


def _chunk_texts(indexer: Indexer, doc: Document) -> list[str]:
    return [doc.text[c.start:c.end] for c in indexer.chunk(doc)]


def test_first_run_embeds_every_distinct_chunk_once(
        counting_settings: IndexSettings, embedded: list[str]) -> None:
    indexer = Indexer(counting_settings)
    twin = Document("twin", "Twin", SMALL[0].text)  # same text: its chunk is embedded once
    report = indexer.sync([*SMALL, _long_doc("long"), twin])
    texts = [t for d in [*SMALL, _long_doc("long")] for t in _chunk_texts(indexer, d)]
    assert sorted(report.added) == ["alpha", "beta", "gamma", "long", "twin"]
    assert report.chunks == len(texts) + 1
    assert report.embedded == len(texts) == len(embedded)
    assert sorted(embedded) == sorted(texts)


def test_rerun_on_the_same_input_embeds_nothing_and_writes_nothing(
        counting_settings: IndexSettings, embedded: list[str]) -> None:
    # (Speed is bench/index.py's to measure, not a test's: a wall-clock bound here failed
    # on a busy machine.)
    docs = [*SMALL, _long_doc("long")]
    Indexer(counting_settings).sync(docs)
    generation = Store.open(counting_settings).generation
    embedded.clear()

    report = Indexer(counting_settings).sync(docs)
    assert report.embedded == 0 and embedded == []
    assert sorted(report.unchanged) == sorted(d.doc_id for d in docs)
    assert report.added == report.replaced == report.deleted == []
    assert report.chunks == 0
    assert Store.open(counting_settings).generation == generation, "nothing was written"


def test_changing_one_document_re_embeds_only_its_changed_chunks(
        counting_settings: IndexSettings, embedded: list[str]) -> None:
    indexer = Indexer(counting_settings)
    old = _long_doc("long")
    indexer.sync([*SMALL, old])
    embedded.clear()

    new = _long_doc("long", tag=" and the appeal")
    report = indexer.sync([*SMALL, new])
    old_texts, new_texts = _chunk_texts(indexer, old), _chunk_texts(indexer, new)
    changed = set(new_texts) - set(old_texts)
    assert report.replaced == ["long"]
    assert sorted(report.unchanged) == ["alpha", "beta", "gamma"]
    assert 0 < report.embedded == len(changed) < len(new_texts)
    assert set(embedded) == changed
    store = Store.open(counting_settings)
    stored = store.get_document("long")
    assert stored == new
    hits = store.search_keywords("appeal", 50)
    assert hits and {r.doc_id for r, _ in hits} == {"long"}
    assert all(new.text[r.start:r.end] == r.text for r, _ in hits)


def test_metadata_or_title_change_replaces_without_embedding(
        counting_settings: IndexSettings, embedded: list[str], embedder: Embedder) -> None:
    indexer = Indexer(counting_settings)
    indexer.sync(SMALL)
    embedded.clear()
    renamed = Document("alpha", "Alpha, renamed", SMALL[0].text, {"year": 2022})
    report = indexer.sync([renamed, *SMALL[1:]])
    assert report.replaced == ["alpha"] and report.embedded == 0
    store = Store.open(counting_settings)
    assert store.get_document("alpha") == renamed
    assert store.search_vectors(embedder.embed_query("delete facial images"), 1,
                                filters={"year": 2022})[0][0].title == "Alpha, renamed"


def test_prune_removes_a_document_its_vectors_and_keywords(
        index_settings: IndexSettings) -> None:
    indexer = Indexer(index_settings)
    indexer.sync(SMALL)
    report = indexer.sync(SMALL[1:])
    assert report.deleted == [] and Store.open(index_settings).get_document("alpha") is not None

    report = indexer.sync(SMALL[1:], prune=True)
    assert report.deleted == ["alpha"]
    assert sorted(report.unchanged) == ["beta", "gamma"]
    _assert_gone(index_settings, indexer, "alpha", SMALL[0].text)


def test_delete_through_the_api(index_settings: IndexSettings) -> None:
    indexer = Indexer(index_settings)
    indexer.sync(SMALL)
    store = Store.open(index_settings)
    assert indexer.delete(store, ["beta", "missing"]) == ["beta"]
    assert indexer.delete(store, ["missing"]) == []
    _assert_gone(index_settings, indexer, "beta", SMALL[1].text)


def _assert_gone(settings: IndexSettings, indexer: Indexer, doc_id: str, text: str) -> None:
    store = Store.open(settings)
    assert store.get_document(doc_id) is None
    assert doc_id not in {d.doc_id for d in store.list_documents()}
    assert store.search_keywords(text, 50) == [] or doc_id not in {
        r.doc_id for r, _ in store.search_keywords(text, 50)}
    chunks = store.stats()["chunks"]
    # Ask for exactly as many neighbours as there are live chunks, with the deleted text
    # as the query: a vector left behind would take a place and be dropped from the hits.
    hits = store.search_vectors(indexer.embedder.embed_query(text), chunks)
    assert len(hits) == chunks
    assert doc_id not in {r.doc_id for r, _ in hits}


def test_upsert_adds_replaces_and_keeps(index_settings: IndexSettings) -> None:
    indexer = Indexer(index_settings)
    indexer.sync(SMALL[:2])
    store = Store.open(index_settings)
    changed = Document("beta", "Beta", "法院判决被告公开赔礼道歉。")
    report = indexer.upsert(store, [SMALL[0], changed, SMALL[2]])
    assert report.added == ["gamma"] and report.replaced == ["beta"]
    assert report.unchanged == ["alpha"]
    assert store.get_document("beta") == changed
    assert store.search_keywords("人脸识别", 5) == []
    assert store.search_keywords("赔礼道歉", 5)[0][0].doc_id == "beta"


def test_the_seed_is_indexed_with_exact_offsets(index_settings: IndexSettings) -> None:
    from index.documents import read_paths

    report = Indexer(index_settings).sync(read_paths([SEED]))
    store = Store.open(index_settings)
    (doc,) = [store.get_document(d) for d in report.added]
    assert doc is not None
    hits = store.search_keywords("compensation lawsuit facial recognition", 100)
    assert len(hits) == report.chunks
    for record, _ in hits:
        assert doc.text[record.start:record.end] == record.text
