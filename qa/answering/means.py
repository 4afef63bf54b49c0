"""By what means: "被告人以何种手段实施盗窃？", "徐某用什么方式欺骗范某…？", "How did the
procuratorial organs protect public interests?".

A judgment names the means in a set form: a verb of using, the means, then the word for
a means (采用翻墙的手段, 通过电话编造谎言的方式, 以打“三公”…的方式, 采用撬坏车窗玻璃等手段);
English commentary after "through", "by means of", "by way of", "via", or "by" and a
gerund ("through warning education, public welfare publicity, …"). The answerer read
such questions as any "what"/"how" and gave the best sentence's first clause
(一、寻衅滋事罪被告人李一某为发泄不满情绪; "事后徐某纠集被告人王2某、张某") or the whole
sentence. "如何<verb>" asks the means only where a set form is followed by that verb
(是如何进入厂区露天仓库？: 采用翻墙的手段进入…); other 如何 questions (如何归案, 如何划分
责任) ask something else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.text import is_chinese
from qa.answering.candidates import Candidate
from qa.answering.pick import Pick, first_found
from qa.translation import translate_query

_MEANS_WORD = r"(?:手段|方式|方法|手法|途径)"
# A Chinese question asking for the means by name.
_ZH_ASKS = re.compile(rf"(?:什么|何种|哪种|哪些|怎样的?|何)(?:作案|犯罪)?{_MEANS_WORD}|"
                      rf"(?:作案|犯罪){_MEANS_WORD}(?:是什么|为何)?[？?]?\s*$|"
                      rf"{_MEANS_WORD}是什么")
# 如何 and the verb it asks the means of (如何进入 …).
_ZH_HOW = re.compile(r"(?:如何|怎么|怎样)(?P<verb>[\u4e00-\u9fff]{2})")
# The words of a Chinese question's form, not of what it asks about.
_FORM_WORDS = re.compile(rf"^(?:通过|采用|采取|利用|使用|以|用|什么|何种|如何|怎么|怎样|"
                         rf"{_MEANS_WORD})$")
# A judgment's set form of a means: a verb of using, the means, the word for a means.
_ZH_MEANS = re.compile(rf"(?:采用|采取|利用|使用|通过|以|用)(?P<means>[^，。；：]{{1,40}}?)"
                       rf"(?:的|等){_MEANS_WORD}")
# An English question asking how something was done (not how much, many, long …).
_EN_ASKS = re.compile(r"^\s*(?:how\s+(?:did|does|do|can|could|should|would|will|has|have|"
                      r"had|is|are|was|were)\b|by\s+what\s+means|in\s+what\s+ways?\b|"
                      r"through\s+what\b)", re.IGNORECASE)
# (A lookahead: one means may hold another's cue, "By initiating …, … through …".)
_EN_MEANS = re.compile(r"\b(?=(?:through|by means of|by way of|via|by(?=\s+\w+ing\b))\s+"
                       r"(?P<means>[^;.:()]+))", re.IGNORECASE)
# The English means phrase ends before a clause of its own.
_EN_END = re.compile(r",?\s+(?:which|who|that|so that|in order to|and (?:thus|so|then))\b",
                     re.IGNORECASE)
# Words any question of a policy or a commentary says (first five letters).
_GENERIC = frozenset({"does", "this", "that", "they", "their", "them", "with", "about",
                      "what", "when", "where", "which", "there", "these", "those", "have",
                      "will", "would", "could", "should", "users", "user's", "websi", "site",
                      "infor", "perso", "data", "your", "yours", "from", "into"})
# How many of the question's other words the 80 characters before an English means
# must say: it is the means of the asked act.
_SAID_BEFORE = 2
# A means named below this share of the refusal threshold says nothing of the question.
_FLOOR = 0.8
# The best this many sentences are read; of English sentences for a Chinese question,
# whose cross-lingual support sets them apart less (检察机关通过什么方式维护公共利益？: the
# sentence naming the means fifth, 0.376 against the best 0.391), more.
_SENTENCES = 3
_CROSSED_SENTENCES = 6


def asks_means(question: str) -> bool:
    """Whether ``question`` asks by what means something was done (Chinese: by naming a
    means, or 如何 and a verb; English: "how did/does …", "by what means")."""
    return bool(_ZH_ASKS.search(question) or _ZH_HOW.search(question)
                or _EN_ASKS.match(question))


def means(question: str, sentence: str) -> tuple[int, int] | None:
    """``(start, end)`` in ``sentence`` of the means it names in a set form, as the
    question asks it (see the module docstring), or None."""
    chinese_asks = bool(_ZH_ASKS.search(question) or _ZH_HOW.search(question))
    if chinese_asks and not is_chinese(sentence):
        # 检察机关通过什么方式维护公共利益？ of English commentary: the English means, after
        # the question's words in the dictionary's senses (维护: maintain; 公共利益:
        # public, interest).
        return _english_means(sentence, _translated_words(question))
    if chinese_asks:
        how = None if _ZH_ASKS.search(question) else _ZH_HOW.search(question)
        for m in _ZH_MEANS.finditer(sentence):
            if how is not None and not sentence.startswith(how.group("verb"), m.end()):
                continue
            return m.start(), m.end()
        return None
    if _EN_ASKS.match(question):
        return _english_means(sentence, [{w} for w in _prefixes(question)])
    return None


def _prefixes(text: str) -> set[str]:
    """The first five letters of each word of four letters or more in ``text``, lower
    case, without those any question says (``_GENERIC``)."""
    return {w.lower()[:5] for w in re.findall(r"[A-Za-z]{4,}", text)} - _GENERIC


def _translated_words(question: str) -> list[set[str]]:
    """A Chinese question's words, each as the prefixes (``_prefixes``) of its English
    senses; the words of its form (通过, 方式, 什么 …) left out."""
    translation = translate_query(question)
    if translation is None:
        return []
    return [set().union(*(_prefixes(sense) for sense in senses)) for term, senses
            in translation.groups if not _FORM_WORDS.search(term)]


def _english_means(sentence: str, words: Sequence[set[str]]) -> tuple[int, int] | None:
    """The English means ``sentence`` names after most of the question's ``words`` (each
    a set of prefixes, any one of which says it), or None."""
    best: tuple[int, int, int] | None = None  # (-words before it, start, end)
    for m in _EN_MEANS.finditer(sentence):
        start, end = m.start(), m.end("means")
        # "by <gerund>" is a phrase ("By initiating civil public interest litigation,");
        # "through" may list several ("through warning education, public welfare …").
        cue = sentence[start:m.start("means")].lower()
        gerund = cue.startswith("by") and not cue.startswith(("by means", "by way"))
        cut = (sentence.find(",", m.start("means"), end) if gerund
               else (found.start() if (found := _EN_END.search(
                   sentence, m.start("means"), end)) else -1))
        end = cut if cut >= 0 else end
        while end > start and not sentence[end - 1].isalnum():
            end -= 1
        if end <= m.start("means"):
            continue
        # The means of the question's own act: the one after most of its words.
        before = _prefixes(sentence[max(0, start - 80):start])
        said = sum(bool(word & before) for word in words)
        if said < _SAID_BEFORE:
            # ("How does this website inform users about changes?" is not "by filling
            # in forms", the means of another act.)
            continue
        key = (-said, start, end)
        best = key if best is None or key < best else best
    return (best[1], best[2]) if best is not None else None


def means_pick(question: str, found: Sequence[Candidate], support: Sequence[float],
               ranked: Sequence[int], threshold: float) -> tuple[int, Pick] | None:
    """``(candidate index, Pick)`` of the best-supported sentence naming the means the
    question asks for; None when it asks none or no supporting sentence names one."""
    if not asks_means(question):
        return None
    crossed = is_chinese(question) and not any(is_chinese(found[i].text) for i in ranked[:1])
    return first_found([c.text for c in found], support, ranked, _FLOOR * threshold,
                       _CROSSED_SENTENCES if crossed else _SENTENCES,
                       lambda sentence: means(question, sentence))
