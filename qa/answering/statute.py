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
#: (有下列情形之一的，个人信息处理者应当主动删除个人信息；: the condition first, the rule after it,
#: closed by a semicolon before the items.)
_INTRODUCES = re.compile(r"(?:下列|以下|如下)[^，。；]{0,12}[：:]\s*$|following[^.;]{0,30}:\s*$|"
                         r"有(?:下列|以下)[^，。；]{0,8}之一的，[^。：:；;]{0,40}[；;]\s*$",
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
        if number is None and not out and c.start - end <= 1 \
                and c.text.rstrip().endswith(("：", ":")):
            # 有下列情形之一的，…应当主动删除个人信息；个人信息处理者未删除的，个人有权请求删除：
            # two rules over one list: the items follow the second.
            end = c.end
            continue
        if number is None:
            break
        stop = _ITEM_END.search(c.text)
        out.append((i, (number.end(), stop.start() if stop else len(c.text))))
        end = c.end
    return out


# --- the slot a Chinese rule question asks about ---------------------------------------

#: Clause ends inside a statute sentence.
_CLAUSE_END = re.compile(r"[，。；：,;:]")
#: Sentence ends: an inline list runs on over commas (…等信息，以及…的个人信息。).
_SENTENCE_END = re.compile(r"[。；;]")
#: A modal a rule states what one may or must do with (可以向…提起上诉).
_MODALS = ("可以", "应当", "应该", "有权", "能够", "必须")
#: "…可以怎么办？", "应当如何处理？": the course a rule allows or requires is asked.
_ZH_COURSE = re.compile(r"(可以|应当|应该|有权|能够|必须)(?:怎么办|怎样办|怎么做|如何处理|如何办|"
                        r"如何做|做什么|采取什么措施)")
#: The asking word of "A<verb>什么X？" and "A<verb>哪些？".
_ZH_WHICH = re.compile(r"什么|哪些|哪几[类种项个]")
#: Longest subject or inline list read as an answer, in characters.
_MAX_PHRASE = 60
#: Quotation marks around a defined term (“生物识别信息”).
_QUOTES = "“”‘’「」『』\"'《》"
#: Before the asked noun of a "什么X" answer: where its phrase starts (民法典…规定的“生物识别
#: 信息”: after 的 and the quotation mark).
_PHRASE_START = "的，、“‘「『\""


def subject_slot(question: str, sentence: str) -> Span | None:
    """The span of ``sentence`` naming who does what a Chinese "谁<modal><verb>…？" asks
    (个人信息处理者侵害众多个人的权益的，谁可以提起诉讼？ of 第七十条's "…，人民检察院、法律规定的
    消费者组织和由国家网信部门确定的组织可以依法向人民法院提起诉讼": the three bodies), or None.

    谁 must open the question or a clause of it (otherwise it asks an object:
    ``object_slot``). The subject is the clause of the sentence before the question's
    modal (可以), or its first verb when the sentence says no modal (死者的近亲属依据民法典第九百
    九十四条请求…), without a prepositional phrase that closes it (依据…, not 由国家网信部门确
    定的组织: a relative clause ending in 的X)."""
    english = _EN_WHO_MAY.match(question)
    if english is not None:
        # "Who may sue over ...?": the clause before the sentence's first such modal.
        modal = english.group(1).lower()
        found = [at for word in _EN_MODALS.get(modal, ()) if (at := sentence.find(word)) > 0]
        return _subject_before(sentence, min(found)) if found else None
    at = question.find("谁")
    if at < 0 or (at > 0 and question[at - 1] not in "，,；;：:"):
        return None
    import jieba.posseg

    asked = re.split(r"[，。；？?,;]", question[at + 1:])[0]
    tokens = [t for t in jieba.posseg.cut(asked) if t.word.strip()]
    modal = next((t.word for t in tokens[:2] if t.word in _MODALS), "")
    verb = next((t.word for t in tokens if t.flag.startswith("v") and len(t.word) > 1
                 and t.word not in _MODALS), "")
    anchor = -1
    for word in (modal, verb):
        if word and (anchor := sentence.find(word)) > 0:
            break
    if anchor <= 0:
        return None
    return _subject_before(sentence, anchor)


def _subject_before(sentence: str, anchor: int) -> Span | None:
    """The clause of ``sentence`` before ``anchor`` (a modal or verb) as its subject,
    without a closing prepositional phrase, or None when it is too long to be one."""
    ends = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, anchor)]
    start = ends[-1] if ends else _heading_end(sentence)
    end = _without_adjunct(sentence, start, anchor)
    while start < end and sentence[start].isspace():
        start += 1
    return (start, end) if 1 < end - start <= _MAX_PHRASE else None


#: "Who may sue ...?", "Under the Civil Procedure Law, who can bring ...?": an English
#: question for the subject of a modal (not "Who must the processor designate?", which
#: asks its object), and the Chinese modals that say it.
_EN_WHO_MAY = re.compile(r"^\s*(?:(?:under|according\s+to|in)\s[^,?]{3,60},\s*)?who\s+"
                         r"(may|can|shall|must)\b(?!\s+(?:the|an?|this|that|these|those|it|"
                         r"he|she|they|we|you|i|its|their)\b)", re.IGNORECASE)
_EN_MODALS = {"may": ("可以", "有权"), "can": ("可以", "有权"), "shall": ("应当", "必须"),
              "must": ("应当", "必须")}


def _heading_end(sentence: str) -> int:
    """Where the text after an article heading (第十五条 ) starts, or 0."""
    m = re.match(r"\s*第[一二三四五六七八九十百千零〇两\d]{1,8}条\s*", sentence)
    return m.end() if m else 0


def _without_adjunct(sentence: str, start: int, end: int) -> int:
    """``end`` moved back before a prepositional phrase closing ``sentence[start:end]``
    (死者的近亲属[依据民法典第九百九十四条]); a preposition followed by 的 opens a relative
    clause and stays (和[由国家网信部门确定的]组织)."""
    import jieba.posseg

    at = start
    for token in jieba.posseg.cut(sentence[start:end]):
        if token.flag == "p" and at > start and "的" not in sentence[at:end]:
            return at
        at += len(token.word)
    return end


def asks_course(question: str) -> bool:
    """Whether a Chinese question asks what one may or must do (人民检察院不服第一审判决可以怎
    么办？): a rule's course, not a court's decision, though it names a judgment."""
    return _ZH_COURSE.search(question) is not None


def course_slot(question: str, sentence: str) -> Span | None:
    """For "…可以怎么办？" (应当如何处理？), the course the rule ``sentence`` gives: from its
    modal to the end of that clause (人民检察院不服第一审判决可以怎么办？ of 第十条: 可以向上一
    级人民法院提起上诉), or None when the question asks no course or the sentence says no such
    modal."""
    m = _ZH_COURSE.search(question)
    if m is None:
        return None
    at = sentence.find(m.group(1))
    if at < 0:
        return None
    stop = _CLAUSE_END.search(sentence, at)
    end = stop.start() if stop else len(sentence)
    return (at, end) if 2 < end - at <= _MAX_PHRASE else None


def verb_slot(question: str, sentence: str) -> Span | None:
    """For "A<verb>什么X？" and "A<verb>哪些？", what ``sentence`` says A <verb>s: the phrase
    after the verb, where the sentence names A before it (人脸信息属于什么信息？ of "本规定所称
    人脸信息属于民法典第一千零三十四条规定的“生物识别信息”": 生物识别信息; 敏感个人信息包括哪
    些？ of 第二十八条's "敏感个人信息是…，包括生物识别、宗教信仰…等信息，以及不满十四周岁
    未成年人的个人信息": the list after 包括, to the sentence's end). For 什么X the phrase is
    the one ending in X (after the last 的 or quotation mark before it); a sentence whose
    slot holds no X does not answer. None when the question has no such form, or the
    sentence does not say A and the verb, or introduces its items below (包括下列内容：)."""
    m = _ZH_WHICH.search(question)
    if m is None:
        return None
    import jieba.posseg

    before = [t for t in jieba.posseg.cut(question[:m.start()]) if t.word.strip()]
    if len(before) < 2 or not before[-1].flag.startswith("v") or len(before[-1].word) < 2:
        return None
    verb = before[-1].word
    named = next((t.word for t in reversed(before[:-1]) if t.flag.startswith("n")), "")
    head = question[m.end():].rstrip("？?。 ") if m.group() == "什么" else ""
    if not named or (head and not is_chinese(head)):
        return None
    subject = sentence.find(named)
    at = sentence.find(verb, subject + len(named)) if subject >= 0 else -1
    if at < 0:
        return None
    start = at + len(verb)
    if re.match(r"(?:下列|以下|如下)", sentence[start:]):
        return None
    stop = (_CLAUSE_END if head or m.group() == "什么" else _SENTENCE_END).search(sentence, start)
    end = stop.start() if stop else len(sentence)
    if head:
        found = sentence.rfind(head, start, end)
        if found < 0:
            return None
        end = found + len(head)
        while end < len(sentence) and sentence[end] in _QUOTES:
            end += 1
        opened = max(sentence.rfind(c, start, found) for c in _PHRASE_START)
        start = max(start, opened + 1)
    while start < end and sentence[start] in _QUOTES:
        start += 1
    while end > start and sentence[end - 1] in _QUOTES + "的":
        end -= 1
    return (start, end) if 1 < end - start <= _MAX_PHRASE else None


#: "…可以一并提起附带民事公益诉讼吗？": a rule's modal asked with a closing 吗.
_ZH_MODAL_MA = re.compile(r"(可以|能够|应当|需要|有权|必须)([^，。；？?吗]*)吗[？?]?\s*$")


def as_whether(question: str) -> str:
    """A Chinese yes/no question asking a rule's modal with a closing 吗, reworded with
    是否 before the modal (人民检察院提起刑事公诉时可以一并提起附带民事公益诉讼吗？: …时是否可以一并
    提起附带民事公益诉讼？), which is read as what follows 是否; any other question as it
    is."""
    if not is_chinese(question) or "是否" in question:
        return question
    m = _ZH_MODAL_MA.search(question)
    if m is None:
        return question
    return f"{question[:m.start()]}是否{m.group(1)}{m.group(2)}？"
