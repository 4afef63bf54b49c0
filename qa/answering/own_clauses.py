"""The clauses of a Chinese sentence that belong to the party an English question names.

"What vehicle was Shi Dongbin driving?" of "史东宾驾驶…重型仓栅式半挂车沿福银高速公路…行驶
…时,与左侧车道内倪志杰驾驶的陕A×××××号小型轿车相撞" asks for 史东宾's vehicle; 倪志杰's
小型轿车 stands nearer the words the question's translation finds (驾驶, 轿车) and was
answered (the new-user trial, family 1). A Chinese question reaches ``holders`` and
``zh_values.anothers``, which read the question's own Chinese words beside each value; an
English question has no such words, only the party's name in pinyin. So the sentence is
read without the clauses another party leads: from another person's name to the end of its
clause (a comma, a semicolon, the sentence's end) or to the asked party's name, whichever
comes first. The text keeps its length (blanked characters become spaces), so spans found
in it are spans of the sentence. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from qa.answering.pick import Pick
from qa.answering.spans import Span, persons
from qa.translation import pinyin_names, translate_query

#: Where a party's clause ends.
_CLAUSE_END = re.compile(r"[，,。；;！!？?：:]")
#: A question whose party is its subject: the name right after its auxiliary ("was Shi
#: Dongbin driving"), or the owner of what is asked ("Shi Dongbin's").
_SUBJECT = re.compile(r"\b(?:was|were|did|does|do|is|are|has|had|must|should)\s+[A-Z]"
                      r"|[A-Z][\w ]*?['’]s\b")
#: Parties named by role are no other party: 原告/被告 may be the asked party itself.
_ROLES = frozenset(["原告", "被告", "男方", "女方"])


def asked_names(question: str, sentence: str) -> list[Span]:
    """Where ``sentence`` (Chinese) writes a person the English ``question`` names in
    pinyin (``qa.translation.pinyin_names``: "Shi Dongbin" is 史东宾 there), in reading
    order; [] when it writes none."""
    found: set[Span] = set()
    for _, forms in pinyin_names(question):
        for form in forms:
            found |= {(m.start(), m.end()) for m in re.finditer(re.escape(form), sentence)}
    return sorted(found)


def others_clauses(question: str, sentence: str) -> list[Span]:
    """The stretches of ``sentence`` that another party leads: each person the sentence
    names who is not one the question names (nor a role, 原告, 被告), in a clause the
    asked party does not lead, from the name to its clause's end or the next name of an
    asked party. [] when the sentence writes no
    party the question names (then nothing tells whose clause is whose)."""
    asked = asked_names(question, sentence)
    if not asked:
        return []
    out = []
    for s, e in persons(sentence):
        name = sentence[s:e]
        if name in _ROLES or any(a < e and s < b for a, b in asked) \
                or any(sentence[a:b] in name or name in sentence[a:b] for a, b in asked):
            continue
        begin = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, s)), default=0)
        if any(begin <= a < s for a, _ in asked):
            continue  # (The asked party's own clause: 判决朱0…至黄XX独立生活时止…400元.)
        end = _CLAUSE_END.search(sentence, e)
        stop = min([end.start() if end else len(sentence),
                    *(a for a, _ in asked if a >= e)])
        out.append((s, stop))
    return out


def own_text(question: str, sentence: str) -> str:
    """``sentence`` with the clauses another party leads (``others_clauses``) blanked to
    spaces, the same length; ``sentence`` itself when there are none."""
    spans = others_clauses(question, sentence)
    if not spans:
        return sentence
    chars = list(sentence)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def own_pick(question: str, sentence: str, pick: Pick,
             again: Callable[[str], Pick | None]) -> Pick | None:
    """``pick`` (an answer span of ``sentence`` for the English ``question``), or, when it
    lies in a clause another party leads, what ``again`` (the same reading) picks of the
    sentence without those clauses (``own_text``); None when that is nothing: the
    sentence gives the asked party no value of the asked type."""
    if not _SUBJECT.search(question):
        return pick  # (an object, "attack Liu": the others' clauses tell what befell him)
    spans = others_clauses(question, sentence)
    if not any(s <= pick.start and pick.end <= e for s, e in spans):
        return pick
    return again(own_text(question, sentence))


#: Characters between a doer's name and the word of its act, at most (由被告人王1某帅负责望风:
#: 负责).
_DOER_GAP = 4


def crossed_doer(question: str, sentence: str, verbs: frozenset[str]) -> Span | None:
    """The person a Chinese ``sentence`` names as doing what an English "who" ``question``
    asks: the name right before (within ``_DOER_GAP`` characters, in its clause) a Chinese
    word of the dictionary translation of a question phrase holding one of ``verbs`` (the
    question's verbs): "Who kept watch …?" of "由被告人王1某帅负责望风，被告人朱1某强盗窃…" is
    王1某帅 (望风, "keep watch"), not 朱1某强, the thief. None when no such word follows a
    name."""
    translation = translate_query(question)
    if translation is None or not translation.chinese or not verbs:
        return None
    words = [form for phrase, forms in translation.groups
             if any(v in phrase.split() for v in verbs) for form in forms if len(form) > 1]
    names = [sp for sp in persons(sentence) if sentence[sp[0]:sp[1]] not in _ROLES]
    for m in sorted((m for w in words for m in re.finditer(re.escape(w), sentence)),
                    key=lambda m: m.start()):
        before = [sp for sp in names if sp[1] <= m.start()
                  and m.start() - sp[1] <= _DOER_GAP
                  and not _CLAUSE_END.search(sentence, sp[1], m.start())]
        if before:
            return before[-1]
    return None
