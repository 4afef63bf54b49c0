"""Vectors of the sentences and clauses the extractive answerer compares with a question,
computed when the index is built and kept beside it (``sentence-vectors.npz``).

Embedding them at question time was most of an extractive answer's time: on policyqa-dev
(60 questions in process, cProfile) 1.55 s of the answers' 2.57 s went to the index model
embedding the best passages' sentences and the best sentences' clauses and clause pairs,
against 0.25 s for the questions themselves. The file is a cache keyed by the text's
hash and the model's name: a text it does not hold (a document added while serving, a
sentence merged with the one before it) is embedded at question time as before, so it
never decides an answer.
A Chinese sentence's clauses are left out: with the default (English) model a question
compares them through the cross-lingual encoder, and they would triple the texts of a
Chinese corpus.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from index.chunking import sentence_spans
from index.embedding import Embedder, load_embedder
from index.ingest import ProgressBar, ProgressFactory
from index.locking import writer_lock
from index.store import Store, open_store
from index.text import is_chinese
from qa.answering.alignment import clauses
from qa.answering.candidates import MIN_SENTENCE
from qa.answering.headings import heading_end
from qa.settings import Settings

log = logging.getLogger("caseqa.sentence_vectors")

FILE = "sentence-vectors.npz"
#: Bumped whenever the texts or the file's layout change; another version is ignored.
FORMAT = 1
# (As ``candidates`` keeps them: a "sentence" of fewer word characters is no candidate.)
_MIN_WORD_CHARS = 4


def answer_texts(passage: str) -> list[str]:
    """The texts of a passage that the extractive answerer may embed, each once: its
    sentences (``candidates``), and of each sentence every clause and every two adjacent
    clauses (``ExtractiveAnswerer._best_clause``), but not those of a Chinese sentence."""
    out: dict[str, None] = {}
    for s, e in sentence_spans(passage):
        sentence = passage[s:e]
        if len(re.sub(r"\W", "", sentence)) < _MIN_WORD_CHARS:
            continue
        out[sentence] = None
        if is_chinese(sentence):
            continue
        # (A sentence a heading ran into is answered from after the heading too:
        # ``candidates``, ``qa.answering.headings``.)
        cut = heading_end(sentence)
        rest = sentence[cut:]
        read = [sentence, rest] if cut and len(re.sub(r"\W", "", rest)) >= MIN_SENTENCE \
            else [sentence]
        for text in read:
            out[text] = None
            parts = clauses(text) or [(0, len(text))]
            out.update((text[a:b], None) for a, b in parts)
            out.update((text[a[0]:b[1]], None) for a, b in itertools.pairwise(parts))
    return list(out)


def text_key(text: str) -> bytes:
    """The file's key of a text: 16 bytes of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


class SentenceVectors:
    """Stored vectors by text; ``get(text)`` is None for a text not stored."""

    def __init__(self, model: str, keys: np.ndarray, vectors: np.ndarray) -> None:
        self.model = model
        self.vectors = vectors
        self._rows = {bytes(k): i for i, k in enumerate(keys)}

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, text: str) -> np.ndarray | None:
        row = self._rows.get(text_key(text))
        return None if row is None else self.vectors[row]


def load(directory: Path, embedder: Embedder) -> SentenceVectors | None:
    """The index's stored sentence vectors when they are this embedder's, else None (no
    file: an index from before them, or built with them turned off; another model or
    format: the next `caseqa index` writes them anew)."""
    path = directory / FILE
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            keys, vectors = data["keys"], data["vectors"]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        log.warning("%s is unreadable (%s): sentences are embedded at question time; "
                    "`caseqa index` writes it anew", path, exc)
        return None
    if meta.get("format") != FORMAT or meta.get("model") != embedder.name \
            or vectors.shape[1:] != (embedder.dimension,) or len(keys) != len(vectors):
        log.warning("%s was written for %s (format %s): sentences are embedded at question "
                    "time; `caseqa index` writes it anew", path, meta.get("model"),
                    meta.get("format"))
        return None
    return SentenceVectors(str(meta["model"]), keys, vectors)


def save(directory: Path, model: str, items: dict[bytes, np.ndarray], dimension: int) -> None:
    """Write the file atomically: a temporary file in the same directory, flushed to disk,
    then renamed over the old one, so a reader sees the old file or the new one whole."""
    keys = np.array([np.frombuffer(k, dtype=np.uint8) for k in items],
                    dtype=np.uint8).reshape(len(items), 16)
    vectors = (np.stack(list(items.values())).astype(np.float32) if items
               else np.zeros((0, dimension), np.float32))
    meta = json.dumps({"format": FORMAT, "model": model})
    fd, tmp = tempfile.mkstemp(prefix=f".{FILE}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, 0o644)  # as readable as the index beside it (mkstemp makes 0600)
        with os.fdopen(fd, "wb") as out:
            np.savez(out, meta=np.array(meta), keys=keys, vectors=vectors)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, directory / FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def refresh(directory: Path, store: Store, embedder: Embedder, limit: int,
            batch_size: int = 32, progress: ProgressFactory | None = None) -> int:
    """Bring the file in line with the index's chunks: texts already stored keep their
    vectors, new ones are embedded (longest first, as the indexer does), texts of chunks no
    longer stored are dropped. An index with more than ``limit`` texts (or ``limit`` 0)
    gets no file. Returns how many texts were embedded."""
    path = directory / FILE
    wanted = _texts(c.text for c in store.get_chunks(store.chunk_ids())) if limit else {}
    if not wanted or len(wanted) > limit:
        if wanted:
            log.warning("the index has %d sentence texts, more than %d "
                        "(CASEQA_ANSWER__SENTENCE_VECTORS_LIMIT): they are embedded at "
                        "question time", len(wanted), limit)
        path.unlink(missing_ok=True)
        return 0
    old = load(directory, embedder)
    items: dict[bytes, np.ndarray] = {}
    missing = []
    for key, text in wanted.items():
        vector = old.get(text) if old is not None else None
        if vector is None:
            missing.append((key, text))
        else:
            items[key] = vector
    missing.sort(key=lambda kt: -len(kt[1]))
    if missing:
        bar = progress(len(missing), "sentence vectors") if progress else ProgressBar()
        try:
            vectors = embedder.embed([t for _, t in missing], batch_size, bar.update)
        finally:
            bar.close()
        items.update(zip((k for k, _ in missing), vectors, strict=True))
    if missing or old is None or len(old) != len(items):
        save(directory, embedder.name, items, embedder.dimension)
    return len(missing)


def _texts(passages: Iterable[str]) -> dict[bytes, str]:
    out: dict[bytes, str] = {}
    for passage in passages:
        for text in answer_texts(passage):
            out.setdefault(text_key(text), text)
    return out


def refresh_index(settings: Settings, progress: ProgressFactory | None = None) -> int:
    """``refresh`` for the index of ``settings`` (`caseqa index`, the evaluation and the
    benchmarks call it after a build), under the index's writer lock."""
    emb = settings.index.embedding
    with writer_lock(settings.index.dir):
        store = open_store(settings.index)
        try:
            return refresh(settings.index.dir, store,
                           load_embedder(emb.model, emb.device),
                           settings.answer.sentence_vectors_limit, emb.batch_size,
                           progress)
        finally:
            store.release()
