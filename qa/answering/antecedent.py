"""What a pronoun of a follow-up can stand for, without an LLM.

He, she, 他 and 她 stand for a person (a name: "Shan Pingji", 单平基, an anonymised
party: 谭某1, 李某, 张1某; a party by role: 原告, "the defendant"); they and 他们 for
several people or a body ("the procuratorial organs"); it and 它 for a thing. Never a
date or an amount: "他是被谁纠集的？" after the answer "2016年11月2日" does not ask who
gathered a date. ``qa.answering.followup`` takes the antecedent from the last answer when
it can be one, else from the question the last answer answered (:func:`asked_about`).
"""

from __future__ import annotations

import re

from qa.answering.alignment import EN_STOP

_PERSONAL = frozenset(["he", "him", "his", "she", "her", "hers", "他", "她"])
_PLURAL = frozenset(["they", "them", "their", "theirs", "他们", "她们"])
_POSSESSIVE_S = re.compile(r"['’]s$")


def is_person(text: str) -> bool:
    """Whether ``text`` is, whole, a person's name or a party named by role: "Shan
    Pingji", 谭某1, 原告, or a Chinese name jieba's tagger reads as one (单平基)."""
    from qa.answering.spans import persons
    from qa.translation import romanized_names

    text = _POSSESSIVE_S.sub("", text.strip())
    # (Read as a phrase of its own, followed by a pause: the given-name character after
    # 某 counts where punctuation follows it, so 孔1某增 is one name, not 孔1某 and 增.)
    said = f"{text}，"
    if any(e - s == len(text) for s, e in (_with_surname(said, *span) for span in persons(said))):
        return True
    return any(found == text for found, _ in romanized_names(f"{text}是谁？"))


def agrees(pronoun: str, named: str) -> bool:
    """Whether ``pronoun`` (he, they, it, 他, 他们, 它, any case) can stand for ``named``:
    he/she/他/她 for a person or a party (never a date or an amount: 他 after
    "2016年11月2日"), they for several things (a plural noun or a list), 他们 for people
    or a body, it/它 for a thing."""
    pronoun = pronoun.lower()
    person = is_person(named)
    if pronoun in _PERSONAL:
        return person or _is_party(named, plural=False)
    if pronoun in ("他们", "她们"):  # people: not "threat" (它们 is for things)
        return _is_party(named, plural=True) or bool(re.search(r"[、，,和及]| and ", named))
    if pronoun in _PLURAL:
        return not person and (named.endswith("s") or " and " in named or "," in named)
    return not person


def _is_party(text: str, plural: bool) -> bool:
    """Whether ``text`` names a person (or, ``plural``, people or a body) by a noun:
    "the defendant", 被告人, "the procuratorial organs", 检察机关."""
    from qa.answering.intent import head_kind

    text = text.strip()
    if re.fullmatch(r"[\u4e00-\u9fff]{2,8}", text):
        return _zh_party(text, plural) == text
    words = re.findall(r"[A-Za-z]+", text)
    last = words[-1].lower() if words else ""
    return last.endswith("s") == plural and head_kind(last) in _kinds(plural)


def asked_about(question: str, pronoun: str) -> str | None:
    """Whom ``question`` (the one the last answer answered) asked about, as ``pronoun``
    can stand for it: the first person it names for he/she/他/她 ("被告人李某何时被抓获
    归案？": 李某; "What is Shan Pingji's title?": Shan Pingji), else its word or phrase of
    a person (被告人, "the defendant"); for they/他们 its word or plural phrase of people
    or a body (检察机关, "What did the procuratorial organs discover?": the procuratorial
    organs). None for it/它, and when the question names no one."""
    from qa.answering.spans import persons
    from qa.translation import romanized_names

    pronoun = pronoun.lower()
    if pronoun in _PERSONAL:
        found = [(s, _name(question[s:e])) for s, e in
                 (_with_surname(question, s, e) for s, e in persons(question))]
        found += [(question.find(name), name) for name, _ in romanized_names(question)]
        if found:
            return min(found)[1]
    if pronoun in _PERSONAL or pronoun in _PLURAL:
        plural = pronoun in _PLURAL
        return _zh_party(question, plural) or _en_party(question, plural)
    return None


# Where a name may begin: the question's start, a mark, or a role word before it.
_NAME_START = re.compile(r"(?:^|[\s，,、。；;：:“”\"（(]|被告人|被告|原告|被害人|上诉人|罪犯)$")


def _with_surname(question: str, start: int, end: int) -> tuple[int, int]:
    """A Chinese name read as a given character and 某 (振某 of 于振某何时投案？: the name
    finder takes 于 for the preposition) with its surname, where a name may begin before
    it."""
    from qa.answering.spans import is_surname

    if start > 0 and end - start == 2 and question[start + 1] == "某" \
            and is_surname(question[start - 1]) \
            and _NAME_START.search(question, 0, start - 1):
        return start - 1, end
    return start, end


def _name(found: str) -> str:
    """A name found in a question without the question's capitalised first word ("Is
    Shan Pingji a judge?": Shan Pingji) or its possessive "'s"."""
    words = found.split(" ")
    while len(words) > 2 and words[0].lower() in EN_STOP:
        words = words[1:]
    return _POSSESSIVE_S.sub("", " ".join(words))


def _kinds(plural: bool) -> tuple[str, ...]:
    """The kinds of noun a personal pronoun (he, 他) or a plural one (they, 他们) stands for."""
    return ("who", "org") if plural else ("who",)


def _zh_party(question: str, plural: bool) -> str | None:
    """The first Chinese word of ``question`` whose English senses name a person (被告人:
    "defendant") or, ``plural``, people or a body too (检察机关: "procuratorate")."""
    import jieba

    from qa.answering.intent import head_kind
    from qa.translation import english_senses

    for word in jieba.lcut(question):
        if len(word) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word) and any(
                head_kind(sense.removesuffix("s")) in _kinds(plural)
                for sense in english_senses(word)):
            return word
    return None


def _en_party(question: str, plural: bool) -> str | None:
    """The first English noun phrase of ``question`` whose head names a person (singular)
    or, ``plural``, people or a body (intent's person and organisation nouns), with its
    modifiers and article: "the defendant", "the procuratorial organs"."""
    from qa.answering.intent import head_kind

    words = list(re.finditer(r"[A-Za-z][\w'’-]*", question))
    for i, m in enumerate(words):
        word = m.group().lower()
        if word in EN_STOP or word.endswith("s") != plural or head_kind(word) not in _kinds(plural):
            continue
        first = i
        while first > 0 and words[first - 1].group().lower() not in EN_STOP \
                and question[words[first - 1].end():words[first].start()].strip() == "":
            first -= 1  # its modifiers: "procuratorial organs"
        the = re.search(r"\bthe\s+$", question[:words[first].start()], re.IGNORECASE)
        return question[the.start() if the else words[first].start():m.end()]
    return None
