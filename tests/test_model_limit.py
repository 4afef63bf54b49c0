"""No chunk is longer than the embedding model accepts, measured in its own tokenizer.

The model silently truncates longer input, so a chunk past its limit would be embedded
without its end. Only chunking runs here (no embedding), on every real corpus we have.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sentence_transformers import SentenceTransformer

from index.chunking import Chunk, chunk_text
from index.documents import Document, read_paths
from index.embedding import bundled_model_path
from index.ingest import Indexer
from index.settings import ChunkingSettings, EmbeddingSettings, IndexSettings
from index.tokens import tiktoken_counter

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = {
    "seeds": ROOT / "seeds",
    "zh-law": SHARED / "corpus" / "zh-law",
    "policyqa-dev": SHARED / "datasets" / "policyqa-dev" / "corpus.jsonl",
    "cjrc-dev": SHARED / "datasets" / "cjrc-dev" / "corpus.jsonl",
}

#: The model with a sequence limit that binds (the default, multilingual USE, has none).
MINILM = EmbeddingSettings(model="bundled:all-MiniLM-L6-v2")


@pytest.fixture(scope="module")
def model() -> Any:
    """The bundled model itself, loaded independently of caseqa's embedder."""
    return SentenceTransformer(str(bundled_model_path()), device="cpu")


def _documents(name: str) -> list[Document]:
    docs = list(read_paths([CORPORA[name]]))
    assert docs, f"no documents in {CORPORA[name]}"
    return docs


@pytest.mark.parametrize("max_tokens", [200, 512])
@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_no_chunk_exceeds_the_models_sequence_length(
        tmp_path: Path, model: Any, corpus: str, max_tokens: int) -> None:
    # 512 tiktoken tokens of English is far past 256 word pieces: the model's limit,
    # not the budget, must then decide where chunks end.
    settings = IndexSettings(dir=tmp_path / "index", embedding=MINILM,
                             chunking=ChunkingSettings(max_tokens=max_tokens, overlap_tokens=40))
    indexer = Indexer(settings)
    limit = int(model.max_seq_length)
    tokenizer = model.tokenizer
    budget = tiktoken_counter(settings.chunking.encoding)
    longest = 0
    chunks = 0
    for doc in _documents(corpus):
        for chunk in indexer.chunk(doc):
            text = doc.text[chunk.start:chunk.end]
            # With [CLS] and [SEP], as the model sees it.
            length = len(tokenizer(text, truncation=False, verbose=False)["input_ids"])
            assert length <= limit, (
                f"{corpus} {doc.doc_id} [{chunk.start}:{chunk.end}] is {length} word pieces "
                f"> {limit}: {text[:80]!r}")
            assert budget(text) <= max_tokens
            longest = max(longest, length)
            chunks += 1
    assert chunks > 0
    if max_tokens == 512 and corpus != "seeds":
        # The limit really binds here (chunks run up to it), so the check above means something.
        assert longest > 0.8 * limit


def test_model_limit_binds_for_section_references_at_the_default_budget(
        tmp_path: Path, model: Any) -> None:
    # Section references cost the model's WordPiece tokenizer more than tiktoken: chunks of
    # 200 tiktoken tokens would be past the model's limit, so its own count must decide.
    text = " ".join(f"§{i}.{i * 7}(a)" for i in range(400))
    settings = IndexSettings(dir=tmp_path / "index", embedding=MINILM)
    count = tiktoken_counter(settings.chunking.encoding)
    by_budget_alone = chunk_text(text, settings.chunking.max_tokens,
                                 settings.chunking.overlap_tokens, count)
    assert max(_length(model, text, c) for c in by_budget_alone) > model.max_seq_length
    chunks = Indexer(settings).chunk(Document("refs", "refs", text))
    assert max(_length(model, text, c) for c in chunks) <= model.max_seq_length


def _length(model: Any, text: str, chunk: Chunk) -> int:
    return len(model.tokenizer(text[chunk.start:chunk.end], verbose=False)["input_ids"])
