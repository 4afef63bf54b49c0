"""Legal near-synonyms over stemmed terms (``qa.lexicon``): whether a sentence holds a
term, or a word naming the same thing, in English or Chinese; and the laws a text names
(``law_names``), to tell a sentence about another law from one about the law asked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from index.keyword import is_cjk_run, query_terms
from index.text import is_chinese
from qa import lexicon
from qa.answering.alignment import EN_STOP
from qa.answering.intent import EMPTY_HEADS
from qa.answering.spans import laws
from qa.answering.terms import stem, stemmed_terms


def _synonym_stems() -> dict[str, list[frozenset[str]]]:
    """stem -> the stems of each legal concept group it belongs to."""
    table: dict[str, list[frozenset[str]]] = {}
    for group in lexicon.groups():
        stems = frozenset(stem(t) for t in group)
        for t in stems:
            table.setdefault(t, []).append(stems)
    return table


def present(term: str, terms: AbstractSet[str]) -> bool:
    """Whether a (possibly multi-character Chinese) term occurs among a sentence's terms."""
    if term in terms:
        return True
    if is_cjk_run(term) and len(term) > 2:
        return all(term[i:i + 2] in terms for i in range(len(term) - 1))
    return False


synonym_groups = lru_cache(maxsize=1)(_synonym_stems)


@lru_cache(maxsize=2)
def naming(category: bool = False) -> dict[str, frozenset[str]]:
    """stem -> the stems that name what it names (``lexicon.narrow``): a category's by
    any of its kinds, a kind's by its own kind's terms (with ``category``, and by its
    category's)."""
    table: dict[str, set[str]] = {}
    for concept in lexicon.concepts():
        for term in concept.group:
            table.setdefault(stem(term), set()).update(
                stem(t) for t in lexicon.narrow(term, category=category))
    return {key: frozenset(value) for key, value in table.items()}


def held(wanted: str, terms: AbstractSet[str]) -> bool:
    """Whether a stemmed term, or a legal near-synonym naming the same thing, is among
    ``terms`` ("apologize" is not held by "compensation": both are remedies, not the
    same one)."""
    group = naming().get(wanted, frozenset()) | {wanted}
    return any(present(t, terms) for t in group)


def unmentioned(question: str, sentences: Sequence[str]) -> list[str]:
    """The question's terms (English words, Chinese words) that none of ``sentences``
    holds, by stem or by a legal near-synonym in either language (上诉: appeal)."""
    said: set[str] = set()
    for sentence in sentences:
        said |= stemmed_terms(sentence)
    # "the first of its kind" names no thing
    return [term for term in query_terms(question)
            if term not in EMPTY_HEADS and term not in EN_STOP and not held(stem(term), said)]


def says(words: frozenset[str], text: str, *, near: bool = True) -> bool:
    """Whether ``text`` holds one of ``words`` (English by stem, Chinese as words), or
    (``near``) a legal near-synonym naming the same."""
    stems = stemmed_terms(text)
    return any(held(stem(w), stems) if near else present(stem(w), stems) for w in words)


def names_head(head: str, sentence: str, *, derived: bool = False) -> bool:
    """Whether an English sentence names the thing a "what X" question asks about: X
    itself (any form of its stem) or a legal near-synonym of it. A sentence that names
    neither cannot say which X ("what sentence did the court impose" is not answered by
    a sentence about a compensation lawsuit). True for an empty head ("what type") and
    for Chinese sentences, whose words a question's head cannot be matched against.

    ``derived`` (a head that is a dictionary's sense of a Chinese word): also a word of
    the same root, one stem the other's start (five letters or more): CC-CEDICT gives
    威胁 as "threaten", the sentence says "the threat of infringement"."""
    wanted = stem(head.lower().removesuffix("'s"))
    if not wanted or head.lower() in EMPTY_HEADS or is_chinese(sentence):
        return True
    terms = stemmed_terms(sentence)
    if held(wanted, terms):
        return True
    return derived and len(wanted) >= _ROOT and any(
        t.isascii() and len(t) >= _ROOT and (wanted.startswith(t) or t.startswith(wanted))
        for t in terms)


#: Letters a stem must have to be read as another's root (``names_head``).
_ROOT = 5


def lists_category(head: str, items: str) -> bool:
    """Whether the enumeration ``items`` holds an item of the category ``head`` names: one
    of its legal near-synonyms ("remedies": compensation). Not the head's own word: a list
    with "institutional advantages" among its items lists strengths, of which advantages
    are one, not advantages (seed-24)."""
    wanted = stem(head.lower())
    group = frozenset().union(*synonym_groups().get(wanted, [])) - {wanted}
    terms = stemmed_terms(items)
    return any(present(t, terms) for t in group)


#: An article cited by number ("Article 70", 第七十条) names a provision, not a law.
_ARTICLE = re.compile(r"^(?:第|(?:Article|Art\.|Section|Sec\.|Paragraph|Clause|Rule)\b)")


def law_names(text: str) -> frozenset[str]:
    """The laws ``text`` names (``spans.laws``), case-folded without a leading article or
    the book-title marks: "the Civil Procedure Law" is "civil procedure law", 《中华人民共和国
    刑法》第二百三十四条 is 中华人民共和国刑法; not an article cited alone."""
    out = set()
    for s, e in laws(text):
        name = text[s:e]
        if name.startswith("《"):
            name = name[1:name.find("》")]
        elif _ARTICLE.match(name):
            continue
        out.add(re.sub(r"^the\s+", "", name.casefold()))
    return frozenset(out)


def same_law(a: str, b: str) -> bool:
    """Whether two ``law_names`` name one law: one holds the other ("刑法" of
    "中华人民共和国刑法"; "criminal law" of "criminal law of the people's republic")."""
    return a in b or b in a


def names_other_law(asked: AbstractSet[str], sentence: str) -> bool:
    """Whether ``sentence`` names laws in the script of the ``asked`` ones (``law_names``),
    none of them one asked: it is about another law. False for a sentence naming no law,
    or laws only in the other script (an English question's law is not compared with a
    Chinese sentence's)."""
    named = [law for law in law_names(sentence)
             if any(is_chinese(law) == is_chinese(a) for a in asked)]
    return bool(named) and not any(same_law(a, law) for a in asked for law in named)
