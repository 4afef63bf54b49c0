"""Whether a follow-up question needs the conversation before it, and what it means.

Without an LLM to rewrite follow-ups, caseqa rewrites a question only when it points
back: a pronoun or demonstrative with nothing it could refer to inside the question
("what is his position?", "他的职务是什么？"), or an elliptical start ("and the second
one?", "what about the appeal?", "那么被告呢？"). A pronoun is replaced by what the
previous answer named, when that answer was a short name or phrase ("Shan Pingji [1]":
"which university does he work at?" is "which university does Shan Pingji work at?");
otherwise the question is asked together with the previous one.
"""

from __future__ import annotations

import re

_EN_POINTER = re.compile(
    r"\b(he|him|his|she|her|hers|it|its|they|them|their|theirs|this|that|these|those|"
    r"the same|the former|the latter|the (?:first|second|third|other|last) one|"
    r"the above|said)\b", re.IGNORECASE)
_EN_ELLIPSIS = re.compile(r"^\s*(and|or|but|also|what about|how about|then|so)\b",
                          re.IGNORECASE)
# "this website", "that court": a demonstrative with its own noun refers to something
# the question names; alone ("what did that mean?") it points back.
_EN_SELF_NAMED = re.compile(
    r"\b(this|that|these|those)\s+(?!is\b|was\b|are\b|were\b|means?\b|meant\b|one\b)[a-z]{3,}",
    re.IGNORECASE)
_ZH_POINTER = re.compile(r"(?<!其)他(?!人)|她|它|(?<![尤及极与])其(?![他中实余次])|上述|前者|后者|"
                         r"该[人者]|此人|这个人|那个人|这些|那些|"
                         r"第[一二三四五六七八九十\d]+个")
_ZH_ELLIPSIS = re.compile(r"^\s*(那么?|还有|另外|以及|和|而)|呢[？?]?\s*$")


def needs_context(question: str) -> bool:
    """Whether ``question`` refers back to the conversation (see the module docstring)."""
    text = question.strip()
    if not text:
        return False
    if _ZH_ELLIPSIS.search(text) or _ZH_POINTER.search(text):
        return True
    if _EN_ELLIPSIS.search(text):
        return True
    pointers = _EN_POINTER.findall(text)
    self_named = {m.group(1).lower() for m in _EN_SELF_NAMED.finditer(text)}
    return any(p.lower() not in self_named for p in pointers)


#: Pronouns a referent replaces; the possessive ones take "'s" (English) or 的 (Chinese).
_EN_PRONOUN = re.compile(r"\b(he|him|she|her|it|they|them|his|its|their|hers|theirs)\b",
                         re.IGNORECASE)
_EN_POSSESSIVE = frozenset(["his", "its", "their", "hers", "theirs"])
_ZH_PRONOUN = re.compile(r"(?<!其)[他她它](?:们)?(?!人)")
_MARKERS = re.compile(r"\s*\[\d+\]")
#: An answer longer than this (words, or characters for Chinese) names no one thing.
_REFERENT_WORDS = 8
_REFERENT_CHARS = 20


def referent(answer: str) -> str | None:
    """What a previous answer named, when it was a short name or phrase: the answer
    without its ``[n]`` markers; None for a refusal, a yes/no answer, a list or a
    sentence."""
    text = _MARKERS.sub("", answer).strip().rstrip(".。")
    if not text or text.startswith(("The sources do not say", "Yes:", "No:", "是，", "否，")):
        return None
    if ";" in text or "；" in text:
        return None  # several parts, several things
    if re.search(r"[\u4e00-\u9fff]", text):
        return text if len(text) <= _REFERENT_CHARS else None
    return text if len(text.split()) <= _REFERENT_WORDS else None


_PERSONAL = frozenset(["he", "him", "his", "she", "her", "hers"])
_PLURAL = frozenset(["they", "them", "their", "theirs"])


def _agrees(pronoun: str, named: str) -> bool:
    """Whether an English pronoun can stand for ``named``: he/she for a person's name,
    it for a thing, they for several (a plural noun or a list)."""
    from qa.answering.spans import persons

    person = any(e - s == len(named) for s, e in persons(named))
    if pronoun in _PERSONAL:
        return person
    if pronoun in _PLURAL:
        return not person and (named.endswith("s") or " and " in named or "," in named)
    return not person


def substitute(question: str, named: str) -> str | None:
    """``question`` with its first pronoun replaced by ``named``, or None when it has
    none ("and the second one?" is elliptical: nothing to replace) or the pronoun cannot
    stand for it ("what must they provide?" after "The Civil Procedure Law": they are
    not a law)."""
    zh = _ZH_PRONOUN.search(question)
    if zh is not None:
        return question[:zh.start()] + named + question[zh.end():]
    en = _EN_PRONOUN.search(question)
    if en is None:
        return None
    word = en.group(1).lower()
    if not _agrees(word, named):
        return None
    if word == "her" and re.match(r"\s+[a-z]+\b", question[en.end():]) and not re.match(
            r"\s+(?:to|in|on|at|for|with|by|from|about|as)\b", question[en.end():]):
        word = "hers"  # "what is her position": possessive
    value = f"{named}'s" if word in _EN_POSSESSIVE else named
    return question[:en.start()] + value + question[en.end():]
