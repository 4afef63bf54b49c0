"""caseqa's settings: one typed place, read from ``CASEQA_*`` variables.

Nested fields use ``__``: ``CASEQA_RETRIEVAL__K=5``, ``CASEQA_LLM__BASE_URL=...``.
``CASEQA_INDEX_DIR`` is kept as a short form of ``CASEQA_INDEX__DIR``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.settings import IndexSettings


class RetrievalSettings(BaseModel):
    """How passages are found."""

    k: int = Field(8, ge=1, le=50, description="passages returned by default")
    max_k: int = Field(50, ge=1, le=200, description="largest k a request may ask for")
    candidates: int = Field(
        50, ge=1, le=1000, description="candidates taken from each retriever before fusion"
    )
    rrf_k: int = Field(60, ge=1, le=1000, description="reciprocal rank fusion constant")
    dense_weight: float = Field(
        1.0, ge=0, le=10, description="weight of the dense ranking in fusion for English text"
    )
    keyword_weight: float = Field(
        1.0, ge=0, le=10, description="weight of the keyword ranking in fusion"
    )
    cjk_dense_weight: float = Field(
        0.25,
        ge=0,
        le=10,
        description=(
            "weight of the dense ranking for an all-Chinese query: the default model is "
            "English-only, so its Chinese neighbours are mostly noise"
        ),
    )
    mmr: bool = Field(False, description="re-rank for diversity (maximal marginal relevance)")
    mmr_lambda: float = Field(0.7, ge=0, le=1, description="MMR trade-off: 1 is pure relevance")


class AnswerSettings(BaseModel):
    """How answers are made."""

    mode: Literal["extractive", "llm"] = Field(
        "extractive", description="default answerer; a request may ask for another"
    )
    max_sentences: int = Field(3, ge=1, le=10, description="sentences in an extractive answer")
    min_support: float = Field(
        0.5,
        ge=0,
        le=1,
        description=(
            "extractive answers refuse when the best sentence's support (share of the "
            "question's terms it covers, blended with its similarity) is below this; "
            "0.5 was best on policyqa-dev and cjrc-dev (bench/calibrate_refusal.py)"
        ),
    )
    max_question_chars: int = Field(
        2000, ge=10, le=100_000, description="longest question accepted"
    )
    max_history_turns: int = Field(10, ge=0, le=100, description="earlier turns kept")


class LLMSettings(BaseModel):
    """An OpenAI-compatible chat-completions server; only needed for ``mode: llm``."""

    base_url: str | None = Field(
        None, description="server base URL, e.g. http://127.0.0.1:8080/v1"
    )
    model: str = Field("default", description="model name sent to the server")
    api_key: SecretStr | None = Field(None, description="bearer token for the server")
    timeout: float = Field(60.0, gt=0, le=600, description="seconds per request to the server")
    connect_timeout: float = Field(5.0, gt=0, le=60, description="seconds to connect")
    temperature: float = Field(0.1, ge=0, le=2, description="sampling temperature")
    max_answer_tokens: int = Field(384, ge=16, le=8192, description="room left for the answer")
    context_window: int = Field(
        8192, ge=512, le=2_000_000, description="the model's context window in tokens"
    )
    context_margin: float = Field(
        0.1, ge=0, le=0.5,
        description=("share of the context window left unused: prompts are measured with "
                     "tiktoken, and the model's own tokenizer may count more"),
    )
    retries: int = Field(2, ge=0, le=10, description="retries on transient errors")
    retry_backoff: float = Field(0.5, ge=0, le=30, description="first retry delay, doubled")

    @model_validator(mode="after")
    def _room_for_the_prompt(self) -> LLMSettings:
        if self.max_answer_tokens > self.context_window // 2:
            raise ValueError(f"max_answer_tokens ({self.max_answer_tokens}) leaves too little "
                             f"of the {self.context_window}-token context window for the "
                             "sources: lower it to at most half the window")
        return self


class ServerSettings(BaseModel):
    """The HTTP service."""

    host: str = Field("127.0.0.1", description="address to listen on")
    port: int = Field(8000, ge=0, le=65535, description="port to listen on")
    cors_origins: list[str] = Field(
        default_factory=list,
        description="origins allowed to call the API from a browser (the widget's hosts)",
    )
    max_concurrent_answers: int = Field(
        8, ge=1, le=1024, description="answers computed at once; more wait in a queue"
    )
    log_questions: bool = Field(
        False, description="write questions and answers to the log (off for privacy)"
    )


class Settings(BaseSettings):
    """Everything caseqa can be told."""

    model_config = SettingsConfigDict(
        env_prefix="CASEQA_", env_nested_delimiter="__", extra="ignore"
    )

    index: IndexSettings = Field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    index_dir: Path | None = Field(None, description="short form of index.dir")
    prompts_dir: Path | None = Field(
        None, description="folder of prompt templates; default: the project's prompts/"
    )

    @model_validator(mode="after")
    def _index_dir_short_form(self) -> Settings:
        if self.index_dir is not None:
            self.index = self.index.model_copy(update={"dir": self.index_dir})
        return self

    def with_index_dir(self, directory: Path | None) -> Settings:
        """A copy pointing at another index directory (for ``--index-dir``)."""
        if directory is None:
            return self
        return self.model_copy(update={
            "index": self.index.model_copy(update={"dir": directory}), "index_dir": directory})

    def overridden(self, **sections: dict[str, Any]) -> Settings:
        """A copy with some fields of some sections replaced."""
        update = {name: getattr(self, name).model_copy(update=fields)
                  for name, fields in sections.items()}
        return self.model_copy(update=update)
