"""Whether a follow-up question needs the conversation before it, and what it means.

Without an LLM to rewrite follow-ups, caseqa rewrites a question only when it points
back: a pronoun or demonstrative with nothing it could refer to inside the question
("what is his position?", "他的职务是什么？"), or an elliptical start ("and the second
one?", "what about the appeal?", "那么被告呢？"). A pronoun is replaced by what the
previous answer named, when that answer was a short name or phrase the pronoun can stand
for ("Shan Pingji [1]": "which university does he work at?" is "which university does
Shan Pingji work at?"), else by whom the previous question asked about (他 after
"2016年11月2日" is no date: ``qa.answering.antecedent``); an item of an earlier list
answer named by its place ("the second one", 第二个) is that item; an elliptical phrase
("and the editor?", 那么编辑呢？, 那么谭某2呢？) takes the place of the previous question's
phrase of the same head or kind (a person for a person). "What did they do next?"
(他们随后做了什么？) asks for the act after the one the previous answer cited
(``qa.answering.sequel``). Otherwise the question is asked together with the previous one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from index.text import is_chinese
from qa.answering.alignment import EN_STOP
from qa.answering.antecedent import agrees, asked_about, is_person
from qa.answering.base import Draft, refusal
from qa.answering.sequel import next_doer
from qa.articles import asks_article, without_article_frame
from qa.models import Turn

_EN_POINTER = re.compile(
    r"\b(he|him|his|she|her|hers|it|its|they|them|their|theirs|this|that|these|those|"
    r"the same|the former|the latter|the (?:first|second|third|fourth|fifth|other|last) one|"
    r"the (?:first|second|third|fourth|fifth|other|last)(?=\s*(?:[?.!,]|$))|"
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
                         r"第[一二三四五六七八九十\d]+个|(?<![条款])第[一二两三四五\d](?:项|种|位|部(?!分))|"
                         r"最后一?(?:个|项|种|位|部)|另外?一(?:个|项|种|位|部)")
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


def pronoun(question: str) -> str | None:
    """The first pronoun of ``question`` a referent would replace (he, their, 他, 他们),
    or None."""
    found = _ZH_PRONOUN.search(question) or _EN_PRONOUN.search(question)
    return found.group() if found is not None else None


def substitute(question: str, named: str) -> str | None:
    """``question`` with its first pronoun replaced by ``named``, or None when it has
    none ("and the second one?" is elliptical: nothing to replace) or the pronoun cannot
    stand for it ("what must they provide?" after "The Civil Procedure Law": they are
    not a law; 他 after "2016年11月2日": he is not a date)."""
    zh = _ZH_PRONOUN.search(question)
    if zh is not None:
        if not agrees(zh.group(), named):
            return None
        return question[:zh.start()] + named + question[zh.end():]
    en = _EN_PRONOUN.search(question)
    if en is None:
        return None
    word = en.group(1).lower()
    if not agrees(word, named):
        return None
    if word == "her" and re.match(r"\s+[a-z]+\b", question[en.end():]) and not re.match(
            r"\s+(?:to|in|on|at|for|with|by|from|about|as)\b", question[en.end():]):
        word = "hers"  # "what is her position": possessive
    plural_s = word in ("their", "theirs") and named.endswith("s")
    value = (f"{named}'" if plural_s else f"{named}'s") if word in _EN_POSSESSIVE else named
    return question[:en.start()] + value + question[en.end():]


@dataclass(frozen=True)
class Followup:
    """What a follow-up stands for: the question to retrieve and answer with, and, when
    it asks for one item of an earlier list answer ("and the second one?" after
    "Criminal Law [1]; Civil Procedure Law [2]"), that item: the answer is then that item
    of the question's answer, cited as before."""

    question: str
    item: str | None = None
    #: For "what did they do next?": the previous answer, whose act the one asked for
    #: follows (``qa.answering.sequel``); the passages are retrieved with it.
    after: str | None = None


def resolve(question: str, history: Sequence[Turn]) -> Followup:
    """The question a follow-up stands for, without an LLM (see the module docstring). A
    self-contained question is asked on its own, whatever came before; one that points
    back and cannot be rewritten is asked together with the last user turn. "What did
    they do next?" asks for the act after the one the previous answer cited: that answer
    is its ``after``."""
    question = question.strip()
    resolved = _resolve(question, history)
    said = _MARKERS.sub("", next((t.content for t in reversed(history)
                                   if t.role == "assistant"), "")).strip().rstrip(".。")
    if said and not said.startswith(("The sources do not say", "Yes:", "No:", "是，", "否，")) \
            and history[-1].role == "assistant" and resolved.item is None:
        doer = next_doer(resolved.question) or next_doer(question)
        if doer is not None:
            return replace(resolved, after=said)
    return resolved


def _resolve(question: str, history: Sequence[Turn]) -> Followup:
    article = _article_of_answer(question, history)
    if article is not None:
        return Followup(article)
    if not needs_context(question):
        # "what does the second law require?" points back only after a list of laws.
        listed = _list_item(question, history) if _EN_ORDINAL.search(question) else None
        return listed or Followup(question)
    rest = _leading_conjunction(question)
    if rest is not None:  # "And who is the editor?": a question of its own
        return resolve(rest, history)
    listed = _list_item(question, history)
    if listed is not None:
        return listed
    last_answer = next((t.content for t in reversed(history) if t.role == "assistant"), "")
    named = referent(last_answer)
    rewritten = substitute(question, named) if named else None
    if rewritten is not None:
        return Followup(rewritten)
    previous = _previous_question(history)
    # Not the last answer ("2016年11月2日", a long title): whom the question it answered
    # asked about ("被告人李某何时被抓获归案？", "What is Shan Pingji's title?"). (A question
    # never answered is asked together: "Tell me about Harbour Works." names no one sure.)
    said = pronoun(question)
    answered = bool(history) and history[-1].role == "assistant"
    antecedent = asked_about(previous, said) if said and previous and answered else None
    rewritten = substitute(question, antecedent) if antecedent else None
    if rewritten is not None:
        return Followup(rewritten)
    replaced = _elliptical(question, previous) if previous else None
    if replaced is not None:
        return Followup(replaced)
    role = _role_asked(question)
    if role is not None:
        return Followup(role)
    associated = _of_the_answer(question, named) if named else None
    if associated is not None:
        return Followup(associated)
    last_user = next((t.content for t in reversed(history) if t.role == "user"), "")
    return Followup(f"{last_user.strip()} {question}".strip())


#: A question that is only a demonstrative and what it asks of it: 这是哪一条规定的？,
#: "Which article says this?".
_ZH_DEMONSTRATIVE = re.compile(r"^\s*(?:这|那|此|上述)(?:一?[个条点项])?(?:是|就是|由|在)?")
_EN_DEMONSTRATIVE = re.compile(r"\b(?:this|that|it)\b", re.IGNORECASE)


def _article_of_answer(question: str, history: Sequence[Turn]) -> str | None:
    """For "which article?" asked of the previous answer (这是哪一条规定的？, "Which article
    says this?"): an article question of what the previous question and answer said
    together, so the article is the one holding the sentence that answered
    ("个人信息处理者不能证明自己没有过错的，应当承担什么责任？" answered "应当承担损害赔偿等
    侵权责任" stands under 第六十九条); None for another question, or when nothing was
    answered."""
    if not asks_article(question):
        return None
    rest = without_article_frame(question)
    if not (_ZH_DEMONSTRATIVE.match(question) if is_chinese(question)
            else _EN_DEMONSTRATIVE.search(rest) and len(rest.split()) <= 4):
        return None
    said = _MARKERS.sub("", next((t.content for t in reversed(history)
                                   if t.role == "assistant"), "")).strip()
    previous = _previous_question(history)
    if not said or not previous or said.startswith(("The sources do not say", "Yes:", "No:")):
        return None
    if is_chinese(question):
        return f"{previous.rstrip('？?。 ')}{said}，是哪一条规定的？"
    return f"Which article provides that {previous.rstrip('？?。 ')} {said}?"


#: A follow-up asked together with the question before it ("…多长时间内履行职责？ 紧急情形
#: 呢？"): the words it adds.
_ZH_ADDED = re.compile(r"[？?]\s*(?:那么?|还有|如果是?)?\s*([\u4e00-\u9fff]{2,12}?)(?:的情况)?"
                       r"呢[？?]?\s*$")


def added_condition(question: str) -> str:
    """The words an elliptical Chinese follow-up adds to the question it was asked
    together with (``resolve``'s last resort): "紧急情形" of "行政机关应当在…多长时间内履行
    职责？ 紧急情形呢？"; "" for any other question. What the follow-up asks is what holds
    under them: a sentence that does not say them answers the earlier question again."""
    m = _ZH_ADDED.search(question)
    return m.group(1) if m is not None else ""


def _previous_question(history: Sequence[Turn]) -> str:
    """The last user turn as the question it stood for ("" when there is none)."""
    at = next((i for i in range(len(history) - 1, -1, -1) if history[i].role == "user"), None)
    return "" if at is None else resolve(history[at].content, history[:at]).question


# "And who is the editor?", "那么编辑是谁？": a conjunction before a question that asks
# something of its own (an interrogative and a word besides) joins nothing; asked
# together with the previous question ("Who was the responsible editor? And who is the
# editor?") it was answered as that one (Shen Chen, not the editor Ying Ying).
_EN_CONJUNCTION = re.compile(r"^\s*(?:and|or|but|also|then|so)\b\s*,?\s*", re.IGNORECASE)
_EN_INTERROGATIVE = re.compile(
    r"^(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|did|does|do|has|"
    r"have|had|can|could|will|would|should|must|may)\b(?!\s+about\b)", re.IGNORECASE)
_ZH_CONJUNCTION = re.compile(r"^\s*(?:那么?|还有|另外|以及|而)\s*[，,]?\s*")
_ZH_INTERROGATIVE = re.compile(r"谁|什么|哪|何|多少|几|是否|吗|如何|怎么")


def _leading_conjunction(question: str) -> str | None:
    """``question`` without a leading "and"/那么 when what follows asks on its own;
    None otherwise ("and the second one?", "and when?", "那么被告呢？")."""
    en = _EN_CONJUNCTION.match(question)
    if en is not None:
        rest = question[en.end():]
        words = re.findall(r"[A-Za-z']+", rest.lower())
        asks = _EN_INTERROGATIVE.match(rest) is not None
        return rest if asks and any(w not in EN_STOP for w in words) else None
    zh = _ZH_CONJUNCTION.match(question)
    if zh is not None and not re.search(r"呢[？?]?\s*$", question):
        rest = question[zh.end():]
        return rest if _ZH_INTERROGATIVE.search(rest) and len(rest) > 3 else None
    return None


# -- an item of an earlier list answer: "and the second one?" ---------------------------

_EN_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2,
                "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "last": -1, "final": -1,
                "former": 0, "latter": -1}
_ZH_ORDINALS = {"一": 0, "二": 1, "两": 1, "三": 2, "四": 3, "五": 4, "前者": 0, "后者": -1}
# "the second one", "the second law" (a noun of the list's question), "the second" at the
# end, "the former", "the other one"; 第二个, 第二项, 前者, 后者, 最后一个, 另一个.
_EN_ORDINAL = re.compile(r"\bthe\s+(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last|"
                         r"final|other|former|latter)\b(?:\s+(one|item|[a-z]+)\b)?",
                         re.IGNORECASE)
_ZH_ORDINAL = re.compile(r"(?<![条款])第([一二两三四五]|\d)(?:个|项|种|位|部(?!分))|(前者|后者)|"
                         r"最后一?(?:个|项|种|位|部)|另外?一(?:个|项|种|位|部)")
#: What may stand around an item asked alone: "and the second one?", "what about the
#: latter?", "那么第二个呢？", "第二项是什么？".
_EN_BARE = re.compile(r"^\s*(?:(?:and|or|but|also|then|so)\b\s*,?\s*)?(?:(?:what|how)\s+about|"
                      r"what\s+(?:is|was)|what's|which\s+(?:is|was))?\s*[?.!]*\s*$",
                      re.IGNORECASE)
_ZH_BARE = re.compile(r"^\s*(?:那么?|还有|另外|以及|和|而)?\s*[，,]?\s*"
                      r"(?:是什么|是哪个|是哪一个|呢)?\s*[？?。]*\s*$")
#: The parts of a list answer: items cited apart ("Criminal Law [1]; Civil Procedure Law
#: [2]"), or one enumeration ("warning education, public welfare publicity, ... and
#: payment of public interest damage compensation [1]", 甲、乙、丙).
_PARTS = re.compile(r"\s*[;；]\s*")
_ENUMERATED = re.compile(r"\s*(?:,\s*(?:and|or)\s+|,\s*|、|\s+(?:and|or)\s+|和|及)\s*")


def items(answer: str) -> list[str]:
    """The items of a list answer, without their ``[n]`` markers; [] when it is not a
    list (a refusal, a yes/no answer, one name, a sentence)."""
    text = answer.strip()
    if not text or text.startswith(("The sources do not say", "Yes:", "No:", "是，", "否，")):
        return []
    parts = [p for p in (_MARKERS.sub("", p).strip().rstrip(".。")
                         for p in _PARTS.split(text)) if p]
    if len(parts) == 1:
        parts = [p for p in _ENUMERATED.split(parts[0]) if p]
        if not all(_short(p) for p in parts):
            return []  # a clause with a comma, not an enumeration
    return parts if len(parts) >= 2 else []


def _short(text: str) -> bool:
    if re.search(r"[\u4e00-\u9fff]", text):
        return len(text) <= _REFERENT_CHARS
    return len(text.split()) <= _REFERENT_WORDS


@dataclass(frozen=True)
class _Ordinal:
    start: int
    end: int
    index: int | None  # None: "the other one"
    of_two: bool  # "the former", "the latter": one of two


def _ordinal(question: str, listed_by: str) -> _Ordinal | None:
    """Where ``question`` names an item by its place ("the second one"), or None.
    ``listed_by``: the question the list answered; "the second law" names an item when
    that question asks for laws, "the first national lawsuit" does not."""
    zh = _ZH_ORDINAL.search(question)
    if zh is not None:
        word = zh.group(1) or zh.group(2)
        if word is None:
            index = -1 if zh.group().startswith("最后") else None
        else:
            index = int(word) - 1 if word.isdigit() else _ZH_ORDINALS[word]
        return _Ordinal(zh.start(), zh.end(), index, zh.group(2) is not None)
    for m in _EN_ORDINAL.finditer(question):
        word, noun = m.group(1).lower(), (m.group(2) or "").lower()
        end = m.end()
        if noun and noun not in ("one", "item") and not _names(listed_by, noun):
            if word not in ("former", "latter") and not re.match(r"\s*(?:[?.!,]|$)",
                                                                question[m.end(1):]):
                continue  # "the first national lawsuit"
            end = m.end(1)
        index = None if word == "other" else _EN_ORDINALS[word]
        return _Ordinal(m.start(), end, index, word in ("former", "latter"))
    return None


def _names(question: str, noun: str) -> bool:
    """Whether ``question`` says ``noun`` (or its plural): "Which laws ..." and "law"."""
    return re.search(rf"\b{re.escape(noun)}(?:s|es)?\b", question, re.IGNORECASE) is not None


def _list_item(question: str, history: Sequence[Turn]) -> Followup | None:
    """A follow-up naming an item of a list answer by its place: the question with the
    item in its place ("what does the second one require of the victim?": "what does the
    Civil Procedure Law require of the victim?"), or, asked alone ("and the second
    one?"), the list's question answered with that item only; after a question about
    another item of the list, that question about this one ("what does the first one
    require ...?", then "and the second one?"). The latest list the place fits is meant
    (an answer in between may read as a list: "A, involving B, C, and other links")."""
    since_any = any(t.role == "user" for t in history)
    for at in range(len(history) - 1, -1, -1):
        listed = items(history[at].content) if history[at].role == "assistant" else []
        if len(listed) < 2:
            continue
        asked_at = next((i for i in range(at - 1, -1, -1) if history[i].role == "user"), None)
        list_question = ("" if asked_at is None
                         else resolve(history[asked_at].content, history[:asked_at]).question)
        ordinal = _ordinal(question, list_question)
        if ordinal is None:
            continue
        # What was asked since the list: the question about one of its items ("the
        # other one" is then the other).
        since = _previous_question(history) if since_any and any(
            t.role == "user" for t in history[at:]) else ""
        mentioned = [item for item in listed if _find(since, item) >= 0]
        chosen = _chosen(ordinal, listed, mentioned)
        if chosen is None:
            continue
        rest = question[:ordinal.start] + question[ordinal.end:]
        if not (_EN_BARE.match(rest) or _ZH_BARE.match(rest)):
            return Followup(question[:ordinal.start] + _in_place(question, ordinal, chosen)
                            + question[ordinal.end:])
        if mentioned:
            old = _find(since, mentioned[0])
            return Followup(since[:old] + chosen + since[old + len(mentioned[0]):])
        return Followup(list_question, item=chosen) if list_question else None
    return None


def _chosen(ordinal: _Ordinal, listed: list[str], mentioned: list[str]) -> str | None:
    """The item of ``listed`` an ordinal names; None when it names none ("the third one"
    of two, "the latter" of three, "the other one" when neither was asked about)."""
    if ordinal.of_two and len(listed) != 2:
        return None
    if ordinal.index is None:
        others = [item for item in listed if item not in mentioned]
        return others[0] if len(listed) == 2 and len(others) == 1 else None
    return listed[ordinal.index] if -len(listed) <= ordinal.index < len(listed) else None


def _find(text: str, item: str) -> int:
    return text.casefold().find(item.casefold()) if item else -1


def _in_place(question: str, ordinal: _Ordinal, item: str) -> str:
    """``item`` as it stands for the ordinal: "the second one" is "the Civil Procedure
    Law" (a person's name takes no article), 第二个 is 民事诉讼法."""
    from qa.answering.spans import persons

    said = question[ordinal.start:ordinal.end]
    if not said.lower().startswith("the ") or re.match(r"(?i)(?:the|a|an)\s", item) \
            or any(e - s == len(item) for s, e in persons(item)):
        return item
    return f"{said[:4]}{item}"


# -- an elliptical noun phrase: "and the editor?", "那么编辑呢？" ----------------------------

# "and the editor?" after "Who was the responsible editor?" asks the same of the editor:
# the phrase replaces the previous question's phrase of the same head ("responsible
# editor"), or of the same kind ("and the interpretation expert?": a person for a
# person). Asked together instead, the previous question's words won: Shen Chen again.
_EN_ELLIPTICAL = re.compile(r"^\s*(?:(?:and|or|but|also|then|so)\b\s*,?\s*(?:(?:what|how)\s+about"
                            r"\s+)?|(?:what|how)\s+about\s+)(?:(?:the|a|an)\s+)?"
                            r"([A-Za-z][\w'’-]*(?:\s+[\w'’-]+){0,3}?)\s*[?.!]*\s*$", re.IGNORECASE)
_ZH_ELLIPTICAL = re.compile(r"^\s*(?:那么?|还有|另外|以及|和|而)?\s*[，,]?\s*"
                            r"([\u4e00-\u9fffA-Za-z0-9]{1,12}?)\s*呢\s*[？?]?\s*$")


def _elliptical(question: str, previous: str) -> str | None:
    """``previous`` asked of the noun phrase an elliptical ``question`` gives, in place of
    its own phrase of the same head or kind; None when ``question`` is no such phrase or
    ``previous`` has none it could replace. A phrase in the other language is read
    through the dictionary: 那么编辑呢？ after "Who was the responsible editor?" is "Who
    was the editor?"."""
    from qa.translation import english_senses, translate_query

    zh = _ZH_ELLIPTICAL.match(question)
    en = _EN_ELLIPTICAL.match(question) if zh is None else None
    phrase = zh.group(1) if zh is not None else en.group(1) if en is not None else ""
    if not phrase or (en is not None and any(w.lower() in EN_STOP - {"of"}
                                             for w in phrase.split())):
        return None
    chinese_phrase = bool(re.search(r"[\u4e00-\u9fff]", phrase))
    if chinese_phrase == is_chinese(previous):
        forms: list[str] = [phrase]
    elif chinese_phrase:
        forms = list(english_senses(phrase))
    else:
        translation = translate_query(phrase)
        forms = [w for _, ws in translation.groups for w in ws] if translation else []
    replace = _replace_zh if is_chinese(previous) else _replace_en
    for same_kind in (False, True):  # a phrase of the same head first, in any sense
        for form in forms:
            replaced = replace(previous, form, same_kind)
            if replaced is not None:
                return replaced
    return None


def _role_asked(question: str) -> str | None:
    """An elliptical role the previous question has none of ("and the editor?", 那么编辑
    呢？ after "Which university does he work at?") asks who holds it: "Who is the
    editor?", 编辑是谁？ (was asked together with the previous question, and refused).
    None for a phrase of another kind."""
    from qa.answering.intent import head_kind
    from qa.translation import english_senses

    zh = _ZH_ELLIPTICAL.match(question)
    en = _EN_ELLIPTICAL.match(question) if zh is None else None
    if zh is not None and re.fullmatch(r"[\u4e00-\u9fff]{2,6}", zh.group(1)):
        # (Its kind is its first sense's that has one: 编辑 "edit, compile, editor" is a
        # person; 法院 "court" a body.)
        kinds = [k for sense in english_senses(zh.group(1))
                 if (k := head_kind(_singular(sense))) is not None]
        if kinds[:1] == ["who"]:
            return f"{zh.group(1)}是谁？"
        return None
    phrase = en.group(1) if en is not None else ""
    if not phrase or any(w.lower() in EN_STOP for w in phrase.split()) \
            or head_kind(_singular(phrase.split()[-1])) != "who" \
            or phrase[:1].isupper():  # "and Ying Ying?": a name, not a role
        return None
    return f"Who is the {phrase}?"


def _of_the_answer(question: str, named: str) -> str | None:
    """An elliptical English phrase of a kind of thing ("and the university?", "what about
    the court?") that the previous question has none of asks for the one that goes with
    the previous answer ``named``: "Which university is Shan Pingji associated with?"
    (was asked together with "Who interpreted the case?", and answered Shan Pingji
    again). None for other questions, and for a phrase of no kind ("and the appeal?")."""
    from qa.answering.intent import head_kind

    en = _EN_ELLIPTICAL.match(question)
    phrase = en.group(1) if en is not None else ""
    if not phrase or any(w.lower() in EN_STOP - {"of"} for w in phrase.split()) \
            or head_kind(_singular(phrase.split()[-1])) is None:
        return None
    return f"Which {phrase} is {named} associated with?"


def _singular(word: str) -> str:
    word = word.lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _replace_en(previous: str, phrase: str, same_kind: bool) -> str | None:
    """``previous`` with its noun phrase of ``phrase``'s head (or, ``same_kind``, of its
    kind: a person for a person, a law for a law) replaced by ``phrase``."""
    from qa.answering.intent import head_kind
    from qa.answering.spans import laws, persons

    head = _singular(phrase.split()[-1])
    if same_kind:
        for finder in (persons, laws):  # "and Ying Ying?", "what about the Criminal Law?"
            if any(e - s == len(phrase) for s, e in finder(phrase)):
                found = finder(previous)
                if found:
                    s, e = found[-1]
                    # "and Article 70?" after "... the Civil Procedure Law ...": no "the".
                    the = re.search(r"\bthe\s+$", previous[:s], re.IGNORECASE)
                    return previous[:the.start() if the else s] + phrase + previous[e:]
        kind = head_kind(head)
        if kind is None:
            return None
    words = list(re.finditer(r"[A-Za-z][\w'’-]*", previous))
    for i in range(len(words) - 1, -1, -1):
        word = _singular(words[i].group())
        if word in EN_STOP or not (head_kind(word) == kind if same_kind else word == head):
            continue
        first = i
        while first > 0 and words[first - 1].group().lower() not in EN_STOP \
                and previous[words[first - 1].end():words[first].start()].strip() == "":
            first -= 1  # its modifiers: "responsible editor"
        return previous[:words[first].start()] + phrase + previous[words[i].end():]
    return None


def _replace_zh(previous: str, phrase: str, same_kind: bool) -> str | None:
    """``previous`` (Chinese) with its word ending in ``phrase`` (责任编辑 for 编辑), or
    (``same_kind``) its word of the same kind (原告 for 被告), replaced by ``phrase``."""
    import jieba

    from qa.answering.intent import head_kind
    from qa.translation import english_senses

    def kinds(word: str) -> set[str]:
        return {k for s in english_senses(word) if (k := head_kind(_singular(s))) is not None}

    if same_kind and is_person(phrase):  # 那么谭某2呢？ after 谭某1住院多少天？: a person for one
        from qa.answering.spans import persons

        found = persons(previous)
        if found:
            s, e = found[0]
            return previous[:s] + phrase + previous[_named_after(previous, e):]
    wanted = kinds(phrase) if same_kind else set()
    if same_kind and not wanted:
        return None
    at = 0
    for word in jieba.lcut(previous):
        start, at = at, at + len(word)
        if not re.search(r"[\u4e00-\u9fff]", word) or word == phrase:
            continue
        if (word.endswith(phrase) if not same_kind else bool(kinds(word) & wanted)):
            # The name after the role replaced is that role's holder's ("原告徐0的收入" asked
            # of 被告 is not 徐0's): it goes with the role (was "被告徐0的主要经济收入是什么？"
            # for 那么被告呢？, the seventeenth new-user trial).
            return previous[:start] + phrase + previous[_named_after(previous, at):]
    return None


def _named_after(text: str, at: int) -> int:
    """The end of the person named right at ``at`` of ``text`` (徐0 of "原告徐0的…" at 2),
    or ``at`` when none is."""
    from qa.answering.spans import persons

    return next((e for s, e in persons(text) if s == at and e > at), at)


def answer_item(draft: Draft, item: str) -> Draft:
    """Of a list answer, ``item`` alone with its citation, the cited span narrowed to it
    ("Criminal Law [1]; Civil Procedure Law [2]" for "Civil Procedure Law": "Civil
    Procedure Law [1]", citing what [2] cited); a refusal when the list no longer holds
    it (the documents changed since)."""
    for part in _PARTS.split(draft.answer.strip()):
        marker = re.search(r"\[(\d+)\]\s*[.。]?\s*$", part)
        if marker is None:
            continue
        text = part[:marker.start()].rstrip()
        at = _find(text, item)
        cited = next((c for c in draft.citations if c.n == int(marker.group(1))), None)
        if at < 0 or cited is None or cited.answer_start is None:
            continue
        said = text[at:at + len(item)]
        start = cited.answer_start + at
        citation = replace(cited, n=1, answer_start=start, answer_end=start + len(said))
        return replace(draft, answer=f"{said} [1]", citations=[citation])
    return refusal(draft.support or 0.0)
