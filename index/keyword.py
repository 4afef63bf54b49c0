"""Keyword tokenisation for the BM25 index (SQLite FTS5), English and Chinese alike.

Text is folded first (``index.text.fold``: NFKC, traditional to simplified Chinese).
Chinese has no spaces between words, so a chunk's runs of CJK characters are indexed as
their characters, their character bigrams and the longer dictionary words jieba finds in
them; a query's Chinese is cut into WORDS (jieba's search mode, which also yields the
dictionary words inside a long word), so "被告人在几点报告" asks for 被告人, 被告, 报告,
never for the bigrams 在几 or 告需 that straddle words. Question words (什么, 多少...) and
the fragments of anonymised names that every judgment shares (某某, x1) are dropped from
queries; a whole pseudonym ("张x1", "曹0", "王某某") is one term of its own, in chunks
and queries alike, because it names one person of one case. (Dropping whole pseudonyms
such as 刘某 cost cjrc-dev keyword recall@8 0.688 -> 0.612: within a corpus of
judgments they are rare, not shared.)
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import Any

from index.text import CHINESE_SHARE, cjk_fraction, fold, is_chinese

__all__ = ["CHINESE_SHARE", "VERSION", "cjk_fraction", "document_terms", "fold",
           "fts_document", "fts_query", "is_chinese", "is_cjk_run", "query_terms",
           "term_finder", "word_frequencies"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+", re.UNICODE)
#: Changes whenever the terms indexed for a text change: an index built with another
#: version is refused until rebuilt (it is part of the index's shape).
VERSION = 4
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")
_NON_CJK_WORD = re.compile(rf"[^\W_{_CJK}]+", re.UNICODE)
_STOPWORDS = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can", "could",
    "did", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into",
    "is", "it", "its", "may", "might", "must", "of", "on", "or", "our", "shall", "should",
    "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "was", "we", "were", "what", "when", "where", "which", "who", "whom",
    "whose", "why", "will", "with", "would", "you", "your"
])
# Chinese question words and particles: the answer never contains them ("多少" asks for a
# number), so they only add noise to a query.
_CJK_QUESTION_WORDS = frozenset(
    """什么 什么样 为什么 多少 多少钱 有多 多长 多久 多大 多远 多高 哪些 哪个 哪里 哪儿 哪位
    哪家 哪年 哪天 哪种 哪项 哪一 哪 是否 何时 何地 何种 何处 何人 因何 为何 如何 怎么 怎样
    怎么样 几 几个 几年 几次 几天 几名 几点 几点钟 几月 几号 谁 是谁 请问 吗 呢 么 何 么样
    了 的 地 得 着 过 在 是 与 和 及 或 被 把 对 向 从 于 其 之 等 也 都 就 又 而 并 有 为 所 该
    其中 以及 还是 情况 具体 分别 目前 当时 主要""".split()
)
# Fragments of anonymised names that every judgment shares: "某某", "某甲", "x1".
_ANONYMISED = re.compile(r"^(?:某+[甲乙丙丁]?|[x×]+\d*)$")
# The most common Chinese surnames. A surname with the marker that anonymises the rest
# of the name ("张x1", "曹0", "马62") is one term: the marker alone ("x1") is shared by
# every judgment, the whole pseudonym names one person of one case.
_SURNAMES = (
    "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶"
    "黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹"
    "申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管"
    "柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席"
    "卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    "权郦阎"
)
_PSEUDONYM = re.compile(
    rf"([{_SURNAMES}])(某+[甲乙丙丁]?|[x×]+\d*|\d{{1,3}})(?![\d年月日号时分秒元万千百%.,岁个次件条款项])")


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()  # loads the bundled dictionary once (about 0.5 s)
    return tokenizer


def word_frequencies() -> dict[str, int]:
    """Word counts of jieba's bundled dictionary (a general Chinese corpus), as the keyword
    index's tokenizer loaded them."""
    frequencies: dict[str, int] = _jieba().FREQ
    return frequencies


def is_cjk_run(token: str) -> bool:
    """Whether a token is made only of CJK ideographs."""
    return bool(_CJK_RUN.match(token))


def _words(run: str) -> list[str]:
    """Dictionary words of a CJK run, long words with the shorter words inside them."""
    return [w for w in _jieba().cut_for_search(run, HMM=True) if is_cjk_run(w)]


def _pseudonyms(text: str) -> list[str]:
    """Anonymised names in folded, lowercased text: "张x1", "曹0", "王某某"."""
    return [m.group(1) + m.group(2).replace("×", "x") for m in _PSEUDONYM.finditer(text)]


def document_terms(text: str) -> list[str]:
    """Terms indexed for a chunk: lowercased words; for Chinese its characters, its
    character bigrams and its dictionary words of three characters or more."""
    text = fold(text).lower()
    terms = _pseudonyms(text)
    for token in _TOKEN.findall(text):
        if not is_cjk_run(token):
            terms.append(token)
            continue
        terms.extend(token)
        terms.extend(token[i:i + 2] for i in range(len(token) - 1))
        if len(token) > 2:
            terms.extend(w for w in _words(token) if len(w) > 2)
    return terms


def query_terms(text: str) -> list[str]:
    """Distinct terms of a query, in first-seen order: English words without stop words,
    Chinese words without question words and anonymised names."""
    return list(_query_terms(text))


#: Texts whose query terms stay cached (questions and the phrases cut from them).
QUERY_TEXTS = 4096


@lru_cache(maxsize=QUERY_TEXTS)
def _query_terms(text: str) -> tuple[str, ...]:
    """``query_terms``, cached by text: one question's terms are read about eight times
    (the keyword search, the document ranking, the translation, the answerer), each
    cutting its Chinese words with jieba again."""
    text = fold(text).lower()
    terms = _pseudonyms(text)
    for token in _TOKEN.findall(text):
        if is_cjk_run(token):
            terms.extend(w for w in _words(token)
                         if w not in _CJK_QUESTION_WORDS and not _ANONYMISED.match(w))
        elif token not in _STOPWORDS and not _ANONYMISED.match(token):
            terms.append(token)
    return tuple(dict.fromkeys(terms))


@lru_cache(maxsize=4096)
def _searchable(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` folded and lowercased, and its distinct words other than Chinese runs,
    sorted (so the words a term starts are found by bisection). Cached: a chunk's text
    is searched again for every question it is a candidate of."""
    folded = fold(text).lower()
    return folded, tuple(sorted(set(_NON_CJK_WORD.findall(folded))))


def term_finder(terms: Sequence[str]) -> Callable[..., set[str]]:
    """A function telling which of the query ``terms`` (``query_terms``) a text holds,
    cheaply and without cutting the text into words: a Chinese term (or pseudonym)
    anywhere in the folded text; another term as a word of it or the start of one (the
    keyword index stems: "collect" holds "collected"). Its second argument, terms
    already known to be held (by another text of the same document), are not looked
    for again nor returned."""
    anywhere = [t for t in terms if is_cjk_run(t) or _PSEUDONYM.fullmatch(t)]
    word_starts = [t for t in terms if t not in set(anywhere)]

    def held(text: str, known: AbstractSet[str] = frozenset()) -> set[str]:
        folded, words = _searchable(text)
        found = {t for t in anywhere if t not in known and t in folded}
        for t in word_starts:
            if t not in known:
                # (A term holds no space: it follows one in the text's words joined by
                # spaces exactly when it starts one of them.)
                i = bisect_left(words, t)
                if i < len(words) and words[i].startswith(t):
                    found.add(t)
        return found

    return held


def fts_document(text: str, title: str = "") -> str:
    """The string stored in the FTS5 table for a chunk: the terms of its document's
    ``title``, then its own ``text``'s.

    A chunk is matched as part of its document: a judgment's title names its cause of
    action (盗窃罪, 变更抚养关系纠纷), a statute's its law, and its chunks rarely repeat
    it. cjrc-dev global (caseqa eval --retrieval-only): evidence recall@8 0.702 -> 0.708,
    MRR 0.641 -> 0.651.
    """
    return " ".join([*document_terms(title), *document_terms(text)])


def fts_query(text: str, max_terms: int = 64) -> str | None:
    """An FTS5 MATCH expression (terms OR-ed, each quoted), or None if nothing is left."""
    terms = query_terms(text)[:max_terms]
    if not terms:
        return None
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
