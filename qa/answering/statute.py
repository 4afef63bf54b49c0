"""Answers read off a statute's text: which article says a thing, who fills the object
of a duty it states, what items a list it introduces holds.

A statute says each thing once, under an article's heading (第六十九条, Article 69):

- "Which article provides that ...?" is answered by the heading of the article whose
  sentence says it, never by an article number that sentence merely refers to (本规定第五
  条规定的情形); the question's frame ("which article provides that") is no word any
  article says, so support is read without it. "Which article defines X?" needs the
  sentence that defines X (X是…, "X means ...").
- "取得谁的同意？", "Whose consent ...?", "Who must the processor designate (to ...)?" ask
  for the noun phrase in the object slot of the asked verb: 应当取得[未成年人的父母或者其他监护人]的
  同意, 应当指定[个人信息保护负责人]，负责….
- "应当提交哪些材料？" is answered by the numbered items (（一）（二）…, 1. 2. …) following
  the sentence that introduces them (应当提交下列材料：), in the document's order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.text import is_chinese
from qa.answering.candidates import Candidate
from qa.answering.spans import Span
from qa.translation import translate_query

#: "Which article defines X?": a definition is asked for.
_DEFINES = re.compile(r"\bdefin(?:es?|ed|ition)\b|\bmeaning\s+of\b|定义|含义|是指什么",
                      re.IGNORECASE)
#: A sentence defining its subject: "X是…"/"X是指…" opening it (after its heading), or
#: "X means"/"refers to"/"is defined as".
_DEFINITION = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇两\d]{1,8}条\s*)?(?:（[一二三四五六七八九十]+）)?"
    r"[^，。；：,]{2,30}?(?:是指|是(?!否))"
    r"|\b(?:means|refers\s+to|is\s+defined\s+as|shall\s+mean)\b", re.IGNORECASE)


#: An article's number and nothing else: 第四条, 第六十九条第二款, Article 12(2).
_ARTICLE_ONLY = re.compile(r"^\s*(?:第[一二三四五六七八九十百千零〇两\d]{1,8}[条款项])+\s*$|"
                           r"^\s*(?:Article|Art\.)\s*\d{1,4}(?:\(\d+\))*\s*$", re.IGNORECASE)


#: A question asking for articles, not laws: "which article", 第几条, 哪一款.
_ARTICLES_ASKED = re.compile(r"\b(?:articles?|provisions?|sections?|clauses?)\b|[哪几]一?[条款项]",
                             re.IGNORECASE)


def asks_articles(question: str) -> bool:
    """Whether the question asks for an article's number ("Which article of the Contract
    Law applied?", 依据第几条), where an article number alone answers it."""
    return _ARTICLES_ASKED.search(question) is not None


def article_only(span: str) -> bool:
    """Whether ``span`` is an article's number alone (第四条, "Article 12"), naming no
    law."""
    return _ARTICLE_ONLY.match(span) is not None


def asks_definition(question: str) -> bool:
    """Whether an article question asks for the one defining a term ("Which article
    defines sensitive personal information?")."""
    return _DEFINES.search(question) is not None


def defines(sentence: str) -> bool:
    """Whether the sentence defines its subject (敏感个人信息是…, "X means ...")."""
    return _DEFINITION.search(sentence) is not None


# --- the object slot of the asked verb ------------------------------------------------

#: Punctuation ending a slot that follows its verb.
_SLOT_END = re.compile(r"[，。；：,;:]")
#: Longest slot read as a noun phrase, in characters.
_MAX_SLOT = 24
#: "Whose consent is required ...?": the X whose holder is asked.
_EN_WHOSE = re.compile(r"^\s*whose\s+([a-z]+)\b", re.IGNORECASE)
#: "Who must the personal information processor designate?": the verb whose object is
#: asked (an auxiliary, then a subject, then the verb last).
_EN_WHOM = re.compile(r"^\s*who(?:m)?\s+(?:must|should|shall|does|do|did|will|can|may|"
                      r"would|could)\s+.+?\s+([a-z]+)(?:\s+to\s+[a-z].*?)?\s*\??\s*$",
                      re.IGNORECASE)
#: What follows a verb's translation when it is part of a noun (处理者, 监护人).
_NOUN_SUFFIX = "者人"
#: Parts of speech (jieba's) a noun phrase before 的X is made of: nouns, pronouns (其他),
#: conjunctions (或者), 的 and idioms.
_NP_TAGS = ("n", "l", "r", "c", "uj", "j", "b", "ng")


def _translations(question: str, word: str) -> tuple[str, ...]:
    """The Chinese words the question's dictionary translation gives ``word``."""
    translation = translate_query(question)
    if translation is None:
        return ()
    return next((targets for term, targets in translation.groups if term == word.lower()), ())


def _noun_phrase_before(sentence: str, end: int) -> Span | None:
    """The noun phrase ending at ``end`` (未成年人的父母或者其他监护人 before 的同意), read
    back over jieba's tokens until a verb or punctuation, or None."""
    import jieba.posseg

    tokens = list(jieba.posseg.cut(sentence[:end]))
    start = end
    for token in reversed(tokens):
        if not token.flag.startswith(_NP_TAGS):
            break
        start -= len(token.word)
    while start < end and sentence[start] in "的或和及与":
        start += 1
    return (start, end) if 0 < end - start <= _MAX_SLOT else None


def _after(sentence: str, start: int, follow: str) -> Span | None:
    """The object slot from ``start`` (right after the verb): up to ``follow`` (the
    question's words after the slot, 的同意) when the sentence says them there, else up
    to the end of the clause, unless the clause goes on with ``follow`` (指定个人信息保护
    负责人，负责…: the clause ends the slot)."""
    clause_end = _SLOT_END.search(sentence, start)
    end = clause_end.start() if clause_end else len(sentence)
    if follow and not sentence[end + 1:].startswith(follow[:2]):
        at = sentence.find(follow[:3] if follow.startswith("的") else follow[:2], start, end)
        if at > start:
            end = at
    if sentence[start:end].startswith("的") or not 0 < end - start <= _MAX_SLOT:
        return None  # 指定的个人信息处理者: the verb modifies a noun, no object follows
    return start, end


def object_slot(question: str, sentence: str) -> Span | None:
    """The span of ``sentence`` filling the object slot the question asks about (see
    the module docstring), or None when the question asks no object or the sentence
    does not say the asked verb.

    Chinese: the question's words before 谁 end with the verb (取得谁的同意, 指定谁负责);
    English: "whose X" is the phrase before 的X, "who must <subject> <verb>" the phrase
    after the verb's translation."""
    if is_chinese(question):
        at = question.find("谁")
        if at <= 0:
            return None  # 谁盗窃了…？ asks for a subject
        import jieba

        before = list(jieba.cut(question[:at]))
        verb = before[-1] if before else ""
        follow = question[at + 1:].rstrip("？?。 ")
        return _object_after(sentence, (verb,) if len(verb) > 1 else (), follow)
    whose = _EN_WHOSE.match(question)
    if whose is not None:
        for word in _translations(question, whose.group(1)):
            found = sentence.find(f"的{word}")
            if found > 0:
                return _noun_phrase_before(sentence, found)
        return None
    whom = _EN_WHOM.match(question)
    if whom is None:
        return None
    return _object_after(sentence, _translations(question, whom.group(1)), "")


def _object_after(sentence: str, verbs: Sequence[str], follow: str) -> Span | None:
    """The first object slot (``_after``) following one of ``verbs`` where the sentence
    uses it as a verb (not in a noun: 处理者), or None."""
    for word in verbs:
        for found in (m.end() for m in re.finditer(re.escape(word), sentence)):
            if sentence[found:found + 1] in _NOUN_SUFFIX:
                continue
            slot = _after(sentence, found, follow)
            if slot is not None:
                return slot
    return None


# --- the items a sentence introduces ---------------------------------------------------

#: A sentence introducing the items below it: 应当提交下列材料：, "the following:".
_INTRODUCES = re.compile(r"(?:下列|以下|如下)[^，。；]{0,12}[：:]\s*$|following[^.;]{0,30}:\s*$",
                         re.IGNORECASE)
#: An item's number opening it: （一）, (1), 1., 一、.
_ITEM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．]|"
                   r"[一二三四五六七八九十]{1,3}、)\s*")
#: An item's closing punctuation, left out of the answer.
_ITEM_END = re.compile(r"[；;。.，,]\s*$")


def introduces_items(sentence: str) -> bool:
    """Whether the sentence introduces numbered items below it (…下列材料：)."""
    return _INTRODUCES.search(sentence) is not None


def is_item(sentence: str) -> bool:
    """Whether the sentence is a numbered item of a list (（一）…, 1. …)."""
    return _ITEM.match(sentence) is not None


def items_after(found: Sequence[Candidate], intro: int) -> list[tuple[int, Span]]:
    """The numbered items that follow sentence ``intro`` in its document, each as the
    index of its candidate and the span of its text without the number and closing
    punctuation, in the document's order; a sentence of another article or without a
    number ends them. Items of overlapping passages are read once."""
    head = found[intro]
    later = sorted((i for i, c in enumerate(found)
                    if c.doc_id == head.doc_id and c.start >= head.end),
                   key=lambda i: found[i].start)
    out: list[tuple[int, Span]] = []
    end = head.end
    for i in later:
        c = found[i]
        if c.start < end:
            continue  # the same sentence again, from an overlapping passage
        if c.start - end > 4:
            break  # a gap: the rest of the list was not retrieved
        number = _ITEM.match(c.text)
        if number is None:
            break
        stop = _ITEM_END.search(c.text)
        out.append((i, (number.end(), stop.start() if stop else len(c.text))))
        end = c.end
    return out
