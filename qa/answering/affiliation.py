"""Where a person works: "Where does Shan Pingji serve as director?", "Where is the law
school of the interpretation expert?" asked of legal commentary.

Such a "where" asks for the body a person belongs to, not a place: the answer is the
organisation a sentence names after the asked post ("Director of the Civil Prosecutorial
Research Center of Southeast University": that centre), the one whose name holds the
asked institution ("the law school": Law School of Southeast University), or for "where
does he work" the first body the person's sentence names. A place-finder read them as
places: "Guangdong" of the case's headline for the law school, "Doctoral Supervisor of
the Law School …" for the director (a new-user trial). A Chinese question asked of English
sentences (解读专家在哪里工作？, 单平基在哪里担任主任？) is read through its English
rendition (``english_where``): its posts and kinds of body in English words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.text import is_chinese
from qa.answering.candidates import Candidate
from qa.answering.pick import Pick, first_found
from qa.answering.spans import organisations

_WHERE = re.compile(r"^\s*where\b", re.IGNORECASE)
# Verbs of belonging to a body: "where does he work / teach / serve".
_WORKS = re.compile(r"\b(?:work(?:s|ed|ing)?|teach(?:es|ing)?|taught|serv(?:e|es|ed|ing)|"
                    r"stud(?:y|ies|ied|ying)|employed|based|affiliated|lectur(?:e|es|ed))\b",
                    re.IGNORECASE)
# Posts held in a body.
_POSTS = ("vice dean", "dean", "director", "deputy director", "professor", "lecturer",
          "supervisor", "researcher", "president", "vice president", "chair", "chairman",
          "head", "judge", "prosecutor", "procurator", "member", "fellow", "partner")
# Kinds of body a question may name ("the law school of the expert").
_BODIES = ("law school", "school", "university", "college", "faculty", "department",
           "research center", "research centre", "center", "centre", "institute",
           "court", "procuratorate", "firm", "office", "base")
# How near after the post its body is named ("Director of the ... Center"), in characters.
_POST_GAP = 60
# Between a post and its body: other posts listed with it, then "of (the)".
_OF_BODY = re.compile(r"(?:\s*,?\s*(?:and\s+)?(?:[A-Z][a-z]+\s*){1,3})*?\s*,?\s+(?:of|at|in)"
                      r"(?:\s+the)?\s+")
# A body named below this share of the refusal threshold says nothing of the asked person.
_FLOOR = 0.8
# The best this many sentences are read.
_SENTENCES = 5


def _named(words: Sequence[str], text: str) -> list[str]:
    """The words of ``words`` that ``text`` holds as whole words, longest first."""
    lowered = text.lower()
    return sorted((w for w in words if re.search(rf"\b{w}s?\b", lowered)), key=len,
                  reverse=True)


def asks_affiliation(question: str) -> bool:
    """Whether an English "where" ``question`` asks for the body a person belongs to (a
    verb of working there, a post, or a kind of body named), not a place."""
    if not _WHERE.match(question):
        return False
    return bool(_WORKS.search(question) or _named(_POSTS, question)
                or _named(_BODIES, question))


# A Chinese "where" asking where a person works (在哪里工作, 工作单位, 在哪里担任…).
_ZH_WORKS = re.compile(r"(?:在|于)(?:哪里|哪儿|何处|哪)(?:工作|任职|就职|供职|任教|执教|上班|担任)|"
                       r"工作单位|任职(?:于)?(?:哪里|何处)")
# Chinese posts and kinds of body in the English words of ``_POSTS`` and ``_BODIES``,
# longest first so that 副院长 is not read as 院长.
_ZH_WORDS = (("博士生导师", "supervisor"), ("副院长", "vice dean"),
             ("研究中心", "research center"), ("律师事务所", "firm"), ("法学院", "law school"),
             ("院长", "dean"), ("主任", "director"),
             ("教授", "professor"), ("导师", "supervisor"), ("研究员", "researcher"),
             ("法官", "judge"), ("检察官", "prosecutor"), ("大学", "university"),
             ("学院", "college"), ("研究所", "institute"), ("法院", "court"),
             ("检察院", "procuratorate"))


def english_where(question: str) -> str:
    """A Chinese ``question`` asking where a person works, rendered as the English one
    ``asks_affiliation`` and ``affiliation`` read: "where does the person work as
    director" for 单平基在哪里担任主任？; ``question`` itself when it is English or asks no
    such thing (本案发生在哪个省？)."""
    if not is_chinese(question) or not _ZH_WORKS.search(question):
        return question
    rest, words = question, []
    for chinese, english in _ZH_WORDS:
        if chinese in rest:
            words.append(english)
            rest = rest.replace(chinese, " ")
    return " ".join(["where does the person work as", *words])


def affiliation(question: str, sentence: str) -> tuple[int, int] | None:
    """``(start, end)`` in ``sentence`` of the body ``question`` asks for: the one named
    after the asked post ("Vice Dean, Professor, and Doctoral Supervisor of the Law School
    of …": a post listed with others shares their body), else the one whose name holds
    the asked kind of body, else (a verb of working alone) the first one named after any
    post; None when the sentence names none of these."""
    bodies = organisations(sentence)
    if not bodies:
        return None
    kinds = _named(_BODIES, question)
    if kinds and not _named(_POSTS, question):
        named = [b for b in bodies if _named(kinds, sentence[b[0]:b[1]])]
        return named[0] if named else None
    lowered = sentence.lower()
    for post in _named(_POSTS, question) or _POSTS:
        for m in re.finditer(rf"\b{post}s?\b", lowered):
            after = [b for b in bodies if 0 <= b[0] - m.end() <= _POST_GAP
                     and _OF_BODY.fullmatch(sentence, m.end(), b[0])]
            if after:
                return after[0]
    return None


def affiliation_pick(question: str, found: Sequence[Candidate], support: Sequence[float],
                     ranked: Sequence[int], threshold: float) -> tuple[int, Pick] | None:
    """``(candidate index, Pick)`` of the best-supported sentence naming the body an
    English "where does X work / serve as director" question asks for; None when the
    question asks no such thing or no supporting sentence names it. A Chinese question
    is read through ``english_where``, of English sentences only."""
    if is_chinese(question):
        question = english_where(question)
        ranked = [i for i in ranked if not is_chinese(found[i].text)]
    if not asks_affiliation(question):
        return None
    return first_found([c.text for c in found], support, ranked, _FLOOR * threshold,
                       _SENTENCES, lambda sentence: affiliation(question, sentence))


# A question asking the post a person holds (职务, 职位, "position", "post", "title").
_ASKS_POST = re.compile(r"(?:担任|任)?(?:什么|何种|哪些)(?:职务|职位|职称)|"
                        r"(?:职务|职位)(?:是|为)(?:什么)?|"
                        r"\bwhat\s+(?:(?:is|are|was|were)\s+(?:\S+\s+){1,3}?)?(?:positions?|posts?|"
                        r"titles?|roles?|offices?)\b",
                        re.IGNORECASE)
# Between the posts held at a body and its name: "of the", "at the".
_POSTS_OF = re.compile(r"\s+(?:of|at|in)(?:\s+the)?\s*$")
# What ends a list of posts on its left: a label's colon, a bracket, a sentence's start.
_POSTS_START = re.compile(r"[:：(（;；]")


def _asked_body(question: str, bodies: Sequence[tuple[int, int]], sentence: str
                ) -> tuple[int, int] | None:
    """Of the ``bodies`` a sentence names, the one the question names: by its kind of body
    (law school, research center; a Chinese question's in English words, ``_ZH_WORDS``)
    or, failing that, by most of its words; None when the question names none."""
    english = (" ".join(w for c, w in _ZH_WORDS if c in question and w in _BODIES)
               if is_chinese(question) else question)
    kinds = _named(_BODIES, english)
    named = [b for b in bodies if kinds and _named(kinds[:1], sentence[b[0]:b[1]])]
    if named:
        return named[0]
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", english)} - {"the", "what", "does"}
    scored = [(len(words & {w.lower() for w in re.findall(r"[A-Za-z]{3,}",
                                                           sentence[b[0]:b[1]])}), b)
              for b in bodies]
    best = max(scored, default=(0, None))
    return best[1] if best[0] >= 2 else None


def posts_at(question: str, sentence: str) -> tuple[int, int] | None:
    """``(start, end)`` in ``sentence`` of the posts a person holds at the body the
    ``question`` names: "Vice Dean, Professor, and Doctoral Supervisor" of "…: Vice Dean,
    Professor, and Doctoral Supervisor of the Law School of Southeast University, Director
    of …" for 解读专家在东南大学法学院担任什么职务？ (was "Doctoral Supervisor of the Law
    School …", the last post with the body after it). The posts run back from "of the
    <body>" to a label's colon, a bracket or the body named before; each is a post word
    (``_POSTS``). None when the question asks no post or names no body of the sentence."""
    if not _ASKS_POST.search(question):
        return None
    bodies = organisations(sentence)
    body = _asked_body(question, bodies, sentence)
    if body is None:
        return None
    link = _POSTS_OF.search(sentence, 0, body[0])
    if link is None:
        return None
    left = max([0, *(b[1] for b in bodies if b[1] <= link.start()),
                *(m.end() for m in _POSTS_START.finditer(sentence, 0, link.start()))])
    items = [m for m in re.finditer(r"[^,]+", sentence[left:link.start()])]
    kept = []
    for item in reversed(items):
        text = re.sub(r"^\s*(?:and\s+)?", "", item.group()).strip()
        if not text or not _named(_POSTS, text) or not text[0].isupper():
            break
        kept.append(item)
    if not kept:
        return None
    start = left + kept[-1].start()
    while sentence[start] in " ,":
        start += 1
    if sentence.startswith("and ", start):
        start += 4
    return start, left + kept[0].end()


def posts_pick(question: str, found: Sequence[Candidate], support: Sequence[float],
               ranked: Sequence[int], threshold: float) -> tuple[int, Pick] | None:
    """``(candidate index, Pick)`` of the best-supported English sentence naming the posts
    held at the body the question names (``posts_at``); None when it asks no post at a
    body or no supporting sentence names them."""
    if not _ASKS_POST.search(question):
        return None
    ranked = [i for i in ranked if not is_chinese(found[i].text)]
    return first_found([c.text for c in found], support, ranked, _FLOOR * threshold,
                       _SENTENCES, lambda sentence: posts_at(question, sentence))
