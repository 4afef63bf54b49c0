"""Stems, and the per-text reads the extractive answerer repeats, cached by text.

A question's retrieved passages share most of their sentences with the last question's
(the same documents answer many questions), and one answer reads a sentence's terms
several times (coverage, the words a yes/no question leaves unmentioned, whether a
sentence says a verb or names the head asked for). What these functions return depends
on the text alone, so each is computed once per text while it stays in a bounded LRU
cache, and returned immutable so that no caller can change what the next one reads.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from functools import lru_cache

import snowballstemmer

from index.chunking import sentence_spans
from index.keyword import document_terms, is_cjk_run

#: Texts (sentences, clauses, passages) whose stemmed terms stay cached: 1.9 kB each
#: with its key (tracemalloc, policyqa-dev sentences of 150 characters; a Chinese
#: sentence's bigrams make more), so about 16 MB when full.
TERM_TEXTS = 8192
#: Passages whose sentence spans stay cached (eight a question).
PASSAGE_TEXTS = 2048

# A Snowball stemmer keeps its word in progress on itself: one shared by the worker
# threads that compose answers raised IndexError and returned wrong stems under load
# (bench/load.py). One per thread.
_STEMMERS = threading.local()


#: Words Snowball stems onto another word: a court's "ruling" is no "rule" ("the rule of
#: law" named the judgment a question asked for).
_STEM_EXCEPTIONS = {"ruling": "ruling", "rulings": "ruling"}


@lru_cache(maxsize=1 << 16)
def stem(term: str) -> str:
    """English Snowball stem ("remedies" and "remedy" meet at "remedi"); others unchanged.

    Cached: a question's sentences repeat the same words, and stemming them was most of
    an extractive answer's time (policyqa-dev, 1,200 words a question).
    """
    if not term.isascii():
        return term
    if term in _STEM_EXCEPTIONS:
        return _STEM_EXCEPTIONS[term]
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(term))


@lru_cache(maxsize=TERM_TEXTS)
def stemmed_terms(text: str) -> frozenset[str]:
    """The stems (``stem``) of the terms the keyword index reads in ``text``
    (``index.keyword.document_terms``: lowercased English words; Chinese characters,
    bigrams and dictionary words), as a set."""
    return frozenset(stem(t) for t in document_terms(text))


@lru_cache(maxsize=PASSAGE_TEXTS)
def passage_sentences(text: str, min_chars: int) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, sentence)`` of each sentence of a passage (``index.chunking.
    sentence_spans``; offsets into ``text``) holding at least ``min_chars`` word
    characters, in order."""
    return tuple((s, e, text[s:e]) for s, e in sentence_spans(text)
                 if len(re.sub(r"\W", "", text[s:e])) >= min_chars)


def any_present(group: AbstractSet[str]) -> Callable[[AbstractSet[str]], bool]:
    """A test of whether a sentence's stemmed terms (``stemmed_terms``) hold any term of
    ``group``: the term itself, or, for a Chinese word of three characters or more, each
    of its character bigrams (the keyword terms keep only bigrams of most words). Made
    once per group and question, read for every sentence: a set intersection does the
    whole words at once."""
    whole = frozenset(t for t in group if not (is_cjk_run(t) and len(t) > 2))
    long = tuple((t, tuple(t[i:i + 2] for i in range(len(t) - 1)))
                 for t in group if is_cjk_run(t) and len(t) > 2)

    def held(terms: AbstractSet[str]) -> bool:
        if not whole.isdisjoint(terms):
            return True
        return any(t in terms or all(b in terms for b in bigrams) for t, bigrams in long)

    return held
