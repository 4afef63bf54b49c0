"""The act a Chinese question asks about a named party, and the sentences that say it.

"被告人管某踢了谁？" asks whom 管某 kicked: "管某随即踢了谭某4几脚" answers it, though
"被害人谭某1、谭某2受伤住院期间，被告人管某垫付医疗费5000.00元" says more of the question's
other words (被告人管某) and was answered (谭某1、谭某2, the seventeenth new-user trial's
family F1). A question "<party><act>了<谁|什么|哪…>" names its act right before 了; of a
judgment's sentences naming the party, those saying the act answer before those that do
not. Pure functions over question and sentence text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answering.spans import dates, persons

#: A party as a judgment anonymises it (王0, 张x12, 李1某, 张某1, 管某, 刘某乙).
_PARTY = r"[\u4e00-\u9fff](?:[xX]\d{1,3}|\d{1,3}某?|某\d{1,2}|某某?)[甲乙丙丁]?"
#: "<party><act>了谁": 管某踢了谁. (Not of a thing: 管某伤害了谭某1的什么部位？ is answered
#: by "…管某掏出…水果刀将谭某1腹部杀伤", and 伤害 is said by the charge, 故意伤害罪.)
_ACT_ASKED = re.compile(rf"{_PARTY}(?:随即|又|先|曾|还|也)?([\u4e00-\u9fff]{{1,3}}?)了谁")
#: Characters that are no act: a copula, a preposition, an auxiliary (管某被打了谁 is no
#: question of this shape; 管某用了什么 asks a means).
_NO_ACT = frozenset("是为被把将对向与和跟用在于从给让有")


def asked_act(question: str) -> str:
    """The act a Chinese "<party><act>了谁" question asks about (踢 of 被告人管某踢了谁？);
    "" for other questions."""
    m = _ACT_ASKED.search(question)
    if m is None or any(ch in _NO_ACT for ch in m.group(1)):
        return ""
    return m.group(1)


def act_support(question: str, texts: Sequence[str], support: Sequence[float],
                parties: Sequence[str], share: float) -> list[float]:
    """``support`` with each sentence of ``texts`` that names one of ``parties`` (the
    question's) but does not say the act it asks (``asked_act``) befell someone scaled by
    ``share``, when another sentence naming the party says it (踢了谭某4: then it says
    whom; the others say what else he did). Unchanged when the question asks no act or
    no sentence says it."""
    act = asked_act(question)
    if not act or not parties:
        return list(support)
    naming = [any(p in t for p in parties) for t in texts]
    saying = [n and bool(_befallen(act, t, persons(t))) for n, t in zip(naming, texts, strict=True)]
    if not any(saying):
        return list(support)
    return [value * share if n and not s else value
            for value, n, s in zip(support, naming, saying, strict=True)]


#: What names one occasion of several (besides a date): an ordinal.
_OCCASION = re.compile(r"第[一二三四五六七八九十\d]+[次起]")
#: Characters between an act and the one it befell: 了, 过 ("踢了谭某4").
_OBJECT_GAP = 2
#: A role label between an act and the one it befell.
_LABEL = "(?:被害人|受害人|被害单位)?"


def acted_on(question: str, sentence: str, spans: Sequence[tuple[int, int]]
             ) -> list[tuple[int, int]]:
    """Of the people ``spans`` a Chinese sentence names, those right after the act a
    "<party><act>了谁" question asks about (the 谭某4 of "管某随即踢了谭某4几脚", not 谭某3
    named first): whom the act befell. ``spans`` as they are when the question asks no
    act or no name follows it."""
    act = asked_act(question)
    return (_befallen(act, sentence, spans) if act else []) or list(spans)


def _befallen(act: str, sentence: str, spans: Sequence[tuple[int, int]]
              ) -> list[tuple[int, int]]:
    """The ``spans`` right after a use of ``act`` in ``sentence`` (踢了谭某4, 扎刺被害人王一某)."""
    # (Past the label of the one it befell: 扎刺被害人王一某.)
    ends = [m.end() for m in re.finditer(re.escape(act) + _LABEL, sentence)]
    return [sp for sp in spans
            if any(0 <= sp[0] - end <= _OBJECT_GAP and not re.search(r"[，,。；;]",
                                                                     sentence[end:sp[0]])
                   for end in ends)]


def befallen_several(question: str, texts: Sequence[str]) -> bool:
    """Whether the act a "<party><act>了谁" question asks about (``asked_act``) befell
    different people in different sentences of ``texts`` (李一某扎刺了谁？ of a judgment
    listing seven stabbings, one a sentence: it asks for all seven, not the first). Not
    when the question names one occasion (a date, 第三次)."""
    act = asked_act(question)
    if not act or _OCCASION.search(question) or dates(question):
        # (2016年3月19日李一某扎刺了谁？, 第三次…: one of them.)
        return False
    named = {t[s:e] for t in texts for s, e in _befallen(act, t, persons(t))}
    return len(named) > 1
