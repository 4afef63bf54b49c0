"""The default answerer: picks the retrieved sentences that answer the question.

Each sentence is scored by how much of the question's (idf-weighted) terms it covers,
blended with its embedding's similarity to the question; the best few, cited
verbatim, make the answer. Weak evidence gets the refusal.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import anyio.to_thread
import numpy as np
import snowballstemmer

from index.chunking import sentence_spans
from index.embedding import Embedder
from index.keyword import cjk_fraction, document_terms, is_chinese, is_cjk_run, query_terms
from qa import lexicon
from qa.answering.base import Answerer, Draft, refusal
from qa.models import Citation, Hit
from qa.settings import AnswerSettings

_MIN_SENTENCE = 12
# A sentence without the kind of value the question asks for (a date, a number) keeps
# this share of its score.
_WRONG_TYPE = 0.3
# Sentences of the best few passages are embedded; the rest rely on their terms.
_DENSE_PASSAGES = 2


# A Snowball stemmer keeps its word in progress on itself: one shared by the worker
# threads that compose answers raised IndexError and returned wrong stems under load
# (bench/load.py). One per thread.
_STEMMERS = threading.local()


def stem(term: str) -> str:
    """English Snowball stem ("remedies" and "remedy" meet at "remedi"); others unchanged."""
    if not term.isascii():
        return term
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(term))


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage."""

    passage: int  # 1-based number of the passage it came from
    doc_id: str
    title: str
    start: int
    end: int
    text: str


def candidates(passages: Sequence[Hit]) -> list[Candidate]:
    """The distinct sentences of the passages, keeping the best-ranked passage's number."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for number, hit in enumerate(passages, start=1):
        for s, e in sentence_spans(hit.text):
            key = (hit.doc_id, hit.start + s, hit.start + e)
            text = hit.text[s:e]
            if key in seen or len(re.sub(r"\W", "", text)) < _MIN_SENTENCE // 3:
                continue
            seen.add(key)
            out.append(Candidate(number, hit.doc_id, hit.title, key[1], key[2], text))
    return out


def _synonym_stems() -> dict[str, list[frozenset[str]]]:
    """stem -> the stems of each legal concept group it belongs to."""
    table: dict[str, list[frozenset[str]]] = {}
    for group in lexicon.groups():
        stems = frozenset(stem(t) for t in group)
        for t in stems:
            table.setdefault(t, []).append(stems)
    return table


def _present(term: str, terms: set[str]) -> bool:
    """Whether a (possibly multi-character Chinese) term occurs among a sentence's terms."""
    if term in terms:
        return True
    if is_cjk_run(term) and len(term) > 2:
        return all(term[i:i + 2] in terms for i in range(len(term) - 1))
    return False


def coverage(question: str, sentences: Sequence[str],
             synonym_credit: float) -> list[float]:
    """Share of the question's idf weight that each sentence's terms cover.

    A term missing from a sentence still earns ``synonym_credit`` when a legal
    near-synonym of it is there ("remedies" against "compensation").
    """
    wanted = {stem(t) for t in query_terms(question)}
    if not wanted or not sentences:
        return [0.0] * len(sentences)
    term_sets = [{stem(t) for t in document_terms(s)} for s in sentences]
    n = len(sentences)
    idf = {t: math.log(1 + (n + 1) / (1 + sum(t in ts for ts in term_sets))) for t in wanted}
    total = sum(idf.values())
    table = _SYNONYMS()
    synonyms = {t: frozenset().union(*table.get(t, [])) - {t} for t in wanted}

    def credit(t: str, ts: set[str]) -> float:
        if t in ts:
            return 1.0
        return synonym_credit if any(_present(x, ts) for x in synonyms[t]) else 0.0

    return [sum(idf[t] * credit(t, ts) for t in wanted) / total for ts in term_sets]


_SYNONYMS = lru_cache(maxsize=1)(_synonym_stems)


_DATE_QUESTION = re.compile(
    r"\b(when|what (date|year|day|month|time)|which (date|year|day|month))\b"
    r"|什么时候|何时|哪一?年|哪一?天|几月|日期|时间", re.IGNORECASE)
_NUMBER_QUESTION = re.compile(
    r"\b(how (many|much|long|old)|what (amount|number|sum|percentage|proportion)|"
    r"amount of|number of|which (article|section|clause|paragraph))\b"
    r"|多少|几[个名次位年月天元条款项]|第几|数额|金额", re.IGNORECASE)
_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? "
    r"\d|\d+\s*[年月日天周]|[一二三四五六七八九十〇零]+[年月日天周]"
    # a time limit answers "when" too: "within thirty days", "after 2 weeks"
    r"|\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|"
    r"sixty|ninety)[\s-]+(hours?|days?|weeks?|months?|years?)\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"hundred|thousand|million|billion|dozen|half|several|all|none)\b|[一二两三四五六七八九十百千万亿]",
    re.IGNORECASE)


def answer_pattern(question: str) -> re.Pattern[str] | None:
    """What an answer to this question must contain: a date, a number, or None (anything).

    "On what date was it filed?" cannot be answered by a sentence without a date, however
    many of the question's other words it shares.
    """
    if _DATE_QUESTION.search(question):
        return _DATE
    if _NUMBER_QUESTION.search(question):
        return _NUMBER
    return None


_WHO_QUESTION = re.compile(r"^\s*(who|whom|whose)\b|谁", re.IGNORECASE)
_PERSON_CUE = re.compile(
    r"\b(expert|professor|judge|justice|lawyer|attorney|prosecutor|procurator|dean|director|"
    r"editor|author|scholar|plaintiff|defendant|counsel|chairman|president|minister|mr|ms|dr)\b"
    r"|[A-Z][a-z]+ [A-Z][a-z]+(?:$|[.,;])|专家|教授|法官|检察官|律师|原告|被告", re.IGNORECASE)
# A sentence that opens by pointing back ("This also means...") needs the one before it.
_ANAPHORA = re.compile(r"^(this|that|these|those|it|such|therefore|thus|hence|so)\b|^[这此该因]",
                       re.IGNORECASE)


class SentenceVectors:
    """A bounded cache of sentence embeddings, so repeated passages cost nothing."""

    def __init__(self, embedder: Embedder, size: int = 20_000) -> None:
        self._embedder = embedder
        self._size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self._embedder.embed_batch(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        with self._lock:
            out = []
            for text in texts:
                vector = self._cache.get(text)
                if vector is None:  # evicted meanwhile by another thread's batch
                    vector = self._embedder.embed_batch([text])[0]
                out.append(vector)
        return np.stack(out) if out else np.zeros((0, self._embedder.dimension), np.float32)


def with_antecedents(found: Sequence[Candidate], chosen: Sequence[int]) -> list[int]:
    """The chosen sentences, each preceded by the one before it when it opens by pointing
    back to it ("This also determines that...")."""
    out: list[int] = []
    for i in chosen:
        before = i - 1
        if (_ANAPHORA.match(found[i].text) and before >= 0 and before not in out
                and before not in chosen and found[before].doc_id == found[i].doc_id
                and found[before].end <= found[i].start):
            out.append(before)
        out.append(i)
    return out


class ExtractiveAnswerer(Answerer):
    """Answers with verbatim sentences of the passages, each cited."""

    mode = "extractive"

    def __init__(self, embedder: Embedder, settings: AnswerSettings) -> None:
        self.settings = settings
        self._embedder = embedder
        self._vectors = SentenceVectors(embedder)

    def scores(self, question: str, found: Sequence[Candidate],
               question_vector: np.ndarray | None = None,
               passage_similarity: Sequence[float] | None = None) -> list[float]:
        """Support of each candidate sentence for the question, in [0, 1]."""
        if not found:
            return []
        lexical = coverage(question, [c.text for c in found], self.settings.synonym_credit)
        share = cjk_fraction(question)
        dense_weight = self.settings.dense_share * (1.0 - share)
        dense = [0.0] * len(found)
        if dense_weight > 0.05 and self.settings.sentence_vectors:
            vector = (question_vector if question_vector is not None
                      else self._embedder.embed_query(question))
            near = [i for i, c in enumerate(found) if c.passage <= _DENSE_PASSAGES]
            if near:
                sims = self._vectors([found[i].text for i in near]) @ vector
                for i, sim in zip(near, sims, strict=True):
                    dense[i] = max(float(sim), 0.0)
        elif dense_weight > 0.05 and passage_similarity is not None:
            # Without sentence vectors a sentence shares its passage's similarity.
            dense = [max(passage_similarity[c.passage - 1], 0.0) for c in found]
        wanted = answer_pattern(question)
        who = bool(_WHO_QUESTION.search(question))
        return [min(1.0, ((1 - dense_weight) * lex + dense_weight * den)
                    * (1 - 0.02 * (c.passage - 1))
                    * (1.0 if wanted is None or wanted.search(c.text) else _WRONG_TYPE)
                    * (1.15 if who and _PERSON_CUE.search(c.text) else 1.0))
                for lex, den, c in zip(lexical, dense, found, strict=True)]

    def compose(self, question: str, passages: Sequence[Hit],
                question_vector: np.ndarray | None = None) -> Draft:
        """The answer: the best sentences in reading order, each followed by its marker."""
        found = candidates(passages)
        scores = self.scores(question, found, question_vector,
                             [h.similarity for h in passages])
        best = max(scores, default=0.0)
        threshold = (self.settings.min_support_cjk if is_chinese(question)
                     else self.settings.min_support)
        if best < threshold:
            draft = refusal()
            draft.support = best
            return draft
        ranked = sorted(range(len(found)), key=lambda i: -scores[i])
        chosen = [i for i in ranked if scores[i] >= 0.85 * best][: self.settings.max_sentences]
        first_seen = {c.doc_id: c.passage for c in reversed(found)}
        chosen.sort(key=lambda i: (first_seen[found[i].doc_id], found[i].start))
        citations: list[Citation] = []
        parts: list[str] = []
        for i in with_antecedents(found, chosen):
            c = found[i]
            n = len(citations) + 1
            citations.append(Citation(n, c.doc_id, c.title, c.start, c.end, c.text))
            parts.append(f"{c.text} [{n}]")
        return Draft(" ".join(parts), False, citations, support=best)

    async def stream(self, question: str, passages: Sequence[Hit],
                     question_vector: np.ndarray | None = None) -> AsyncIterator[str | Draft]:
        draft = await anyio.to_thread.run_sync(self.compose, question, passages,
                                               question_vector)
        pieces = re.split(r"(?<=\]) ", draft.answer)
        for i, piece in enumerate(pieces):
            yield piece if i == len(pieces) - 1 else piece + " "
        yield draft
