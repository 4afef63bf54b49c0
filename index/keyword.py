"""Keyword tokenisation for the BM25 index (SQLite FTS5), English and Chinese alike.

Chinese has no spaces between words, so every run of CJK characters is indexed as its
characters and its character bigrams; queries use the bigrams (and lone characters),
which is the usual strong baseline for Chinese BM25 without a segmenter.
"""

from __future__ import annotations

import re

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+", re.UNICODE)
#: Changes whenever the terms indexed for a text change: an index built with another
#: version is refused until rebuilt (it is part of the index's shape).
VERSION = 2
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")
_STOPWORDS = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can", "could",
    "did", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into",
    "is", "it", "its", "may", "might", "must", "of", "on", "or", "our", "shall", "should",
    "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "was", "we", "were", "what", "when", "where", "which", "who", "whom",
    "whose", "why", "will", "with", "would", "you", "your"
])


# Bigrams of Chinese question words: the answer never contains them ("多少" asks for a
# number), so they only add noise to a query.
_CJK_QUESTION_BIGRAMS = frozenset(
    """什么 是什 为什 多少 是多 有多 多长 多久 多大 多远 哪些 哪个 哪里 哪儿 哪位 哪家 哪年
    哪天 哪种 哪项 是否 否为 何时 何地 何种 何处 因何 为何 如何 怎么 怎样 么样 几个 几年 几次
    几天 几名 是谁 谁的 请问 了吗 是吗 的吗 么时 么原 么理""".split()
)


def is_cjk_run(token: str) -> bool:
    """Whether a token is made only of CJK ideographs."""
    return bool(_CJK_RUN.match(token))


def _cjk_terms(run: str, unigrams: bool) -> list[str]:
    if len(run) == 1:
        return [run]
    bigrams = [run[i:i + 2] for i in range(len(run) - 1)]
    return [*run, *bigrams] if unigrams else bigrams


def document_terms(text: str) -> list[str]:
    """Terms indexed for a chunk: lowercased words, CJK characters and bigrams."""
    terms: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        terms.extend(_cjk_terms(token, unigrams=True) if is_cjk_run(token) else [token])
    return terms


def query_terms(text: str) -> list[str]:
    """Distinct terms of a query, without English stop words, in first-seen order."""
    terms: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        if is_cjk_run(token):
            terms.extend(t for t in _cjk_terms(token, unigrams=False)
                         if t not in _CJK_QUESTION_BIGRAMS)
        elif token not in _STOPWORDS:
            terms.append(token)
    return list(dict.fromkeys(terms))


def fts_document(text: str) -> str:
    """The string stored in the FTS5 table for a chunk."""
    return " ".join(document_terms(text))


def fts_query(text: str, max_terms: int = 64) -> str | None:
    """An FTS5 MATCH expression (terms OR-ed, each quoted), or None if nothing is left."""
    terms = query_terms(text)[:max_terms]
    if not terms:
        return None
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


_CJK_CHAR = re.compile(rf"[{_CJK}]")
_WORD_LETTERS = re.compile(r"[^\W\d_]{3,}")


def cjk_fraction(text: str) -> float:
    """Share of the text's language that is Chinese: CJK ideographs against the letters of
    words of three letters or more (0.0 when there is neither).

    Digits and short tokens do not count: "张x1" and "马62" (anonymised names in Chinese
    judgments) are Chinese text, not English.
    """
    cjk = len(_CJK_CHAR.findall(text))
    latin = sum(len(w) for w in _WORD_LETTERS.findall(_CJK_CHAR.sub(" ", text)))
    if cjk + latin == 0:
        return 0.0
    return cjk / (cjk + latin)
