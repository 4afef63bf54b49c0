"""The default answerer: the span of the retrieved sentences that answers the question.

Each sentence is scored by how much of the question's (idf-weighted) terms it covers,
blended with its embedding's similarity to the question. The best sentences are searched
for a span of the asked type (a name, a date, an amount, a law, a list, a clause: see
``qa.answering.intent``); the answer is that span, and its citation quotes the sentence
with the span's own offsets. Weak evidence, or no span of the asked type, gets the
refusal.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from functools import partial

import anyio.to_thread
import numpy as np

from index.embedding import Embedder, TextVectors, cross_lingual_encoder
from index.keyword import is_cjk_run, query_terms
from index.text import is_chinese
from qa.answering.affiliation import affiliation_pick, asks_affiliation, posts_pick
from qa.answering.alignment import (
    balance,
    chinese_coverage,
    clauses,
    content_words,
    enumeration,
    marked_counts,
    question_mask,
    trim,
)
from qa.answering.base import Answerer, Draft, pieces, refusal
from qa.answering.candidates import Candidate, candidates, scored, whole_quote
from qa.answering.crossed import (
    not_values,
    party_factors,
    said_by_senses,
    surnamed,
)
from qa.answering.crossed_negations import bearing_negations as crossed_negations
from qa.answering.decisions import asks_decision, asks_sentence, decision
from qa.answering.enactment import event_date
from qa.answering.intent import (
    Intent,
    asked_head,
    asked_role,
    chinese_twin,
    head_is_modified,
    head_kind,
    person_category,
    read_intent,
    uncounted,
)
from qa.answering.lists import completed, gathered, with_total
from qa.answering.means import means_pick
from qa.answering.narrowing import LIGHT_VERBS, kept, narrowings
from qa.answering.own_clauses import crossed_doer, own_pick
from qa.answering.pick import (
    Pick,
    answer_span,
    asked_verbs,
    polarity,
    proceeding_kinds,
    uses_verb,
)
from qa.answering.recipients import recipient_pick
from qa.answering.respectively import respective_pick
from qa.answering.roles import holds_role, only_role, role_words
from qa.answering.sentence_vectors import SentenceVectors
from qa.answering.sequel import continues_subject
from qa.answering.spans import FINDERS, Span, agents, organisations, persons
from qa.answering.statute import (
    article_only,
    as_whether,
    asks_articles,
    asks_course,
    asks_definition,
    course_slot,
    defines,
    introduces_items,
    is_item,
    items_after,
    object_slot,
    subject_slot,
    verb_slot,
)
from qa.answering.terms import any_present, stem, stemmed_terms
from qa.answering.verb_rest import object_of, verb_rest
from qa.answering.verdict import NO_VERB, deciding_clause, read_asked_verb, unsaid_support
from qa.answering.vocabulary import (
    held,
    lists_category,
    names_head,
    naming,
    present,
    says,
    synonym_groups,
)
from qa.answering.yesno import (
    active_subject,
    post_described,
    rule_part,
    same_party,
)
from qa.answering.zh_acts import act_support, befallen_several
from qa.answering.zh_checks import (
    names_aspect,
    ordinal_support,
    restates,
    says_stance,
    valued_support,
)
from qa.answering.zh_names import whole_names
from qa.answering.zh_yesno import (
    bearing_negations,
    done_by_another,
)
from qa.articles import (
    asks_article,
    heading_before,
    heading_span_before,
    without_article_frame,
)
from qa.models import Citation, Hit
from qa.settings import AnswerSettings
from qa.translation import (
    Translation,
    english_senses,
    pinyin_names,
    spells_surname,
    surname_characters,
    translate_query,
)

# Question words and punctuation: no part of what a Chinese question's words cover.
_ZH_ASKED = re.compile(r"是否|是不是|有没有|什么|哪些|哪里|何时|为何|如何|怎么|多少|谁|吗|呢|"
                       r"[？?，。\s]")
# Sentences whose support is at least this share of the best one's are searched for a
# span of the asked type, best first, at most _SPAN_SENTENCES of them.
_NEAR_BEST = 0.6
_SPAN_SENTENCES = 6
#: Picks whose own pattern ends them (a typed value, a party, a place of the named kind,
#: the head noun, the subject): one a chunk edge cut runs on over the word it split only.
_TYPED_SOURCES = frozenset({"typed", "role", "named", "headed", "subject"})
# ... and for a question asking for several values ("which laws"), this many.
_PLURAL_SENTENCES = 12
# A list question naming its category ("what remedies were sought"): a sentence whose
# enumeration holds an item of that category (a legal near-synonym of its word:
# "payment of ... compensation" is a remedy) is answered from, among the best
# _SPAN_SENTENCES sentences, however few of the question's other words it has, down
# to this share of the refusal threshold, and before
# any sentence that names the category without listing its items. (On the seed, "What
# remedies were sought?" gave the headline's "a compensation lawsuit": the list sentence
# holds no word for "sought", support 0.244 against the threshold 0.25. Seed gold and
# policyqa-dev --scope doc figures are unchanged by this rule: bench/answer_tune.py.)
# A question for one thing of a category ("what monetary remedy did they pursue") gets
# the list item of that category the same way: seed-14 "payment of public interest
# damage compensation" instead of the headline (seed token F1 0.601 -> 0.618, citation
# support 0.837 -> 0.862).
# The same floor holds for a place of the kind the question names ("which province").
_CATEGORY_LIST_SUPPORT = 0.8
# English phrase answers: the best clause of the best few sentences, its similarity plus
# this share of its sentence's support (bench/answer_tune.py on policyqa-dev).
_CLAUSE_SENTENCES = 3
_CLAUSE_SUPPORT = 0.5
# ... less this share of the clause that the question already says: the clause nearest a
# question in meaning is often the one restating it ("if the victim wants to hold the
# infringer liable" for "what must a victim do to hold the infringer liable"). Seed gold
# token F1 0.568 -> 0.603 at 0.1-0.4 (flat); policyqa-dev --scope doc 0.184 -> 0.182.
_CLAUSE_ASKED = 0.15
# A yes/no question is decided by the clause that says what it asks: the share of it
# the question says counts for it, at this weight, and the clause is sought in the best
# five sentences, not three ("检察机关是否提起了民事公益诉讼？" over the seed: "promptly filed
# civil public interest litigation", was "procuratorial organs keenly discovered the
# threat"). Seed gold unchanged at 0.15 (at 0.3 seed-33 loses the first sentence's "civil
# public interest": token F1 0.752 -> 0.749); policyqa-dev --scope doc token F1 0.207 ->
# 0.212, citation support 0.185 -> 0.190.
_YESNO_ASKED = 0.15
_YESNO_SENTENCES = 5
# A clause the question says almost all of is no answer, whatever its similarity (seed
# gold answer recall 0.696 -> 0.700; policyqa-dev unchanged).
_CLAUSE_ASKED_MAX = 0.7
# Sentences of the best few passages are embedded, at most _DENSE_SENTENCES of them (those
# covering most of the question's words); the rest rely on their terms. Four: /v1/ask p50
# 44.6 -> 25.6 ms (bench/query.py, fresh questions embed their sentences), policyqa-dev
# token F1 0.191 -> 0.192, seed gold unchanged; eight changed nothing measurable.
_DENSE_PASSAGES = 2
#: Share of its support a sentence keeps for a "what X" question when it names no X.
_UNNAMED_HEAD = 0.5
_DENSE_SENTENCES = 4


#: A question's words naming the document it is asked of: "in the commentary".
_ITSELF = re.compile(r"\b(?:(?:in|of|by|from|according to)\s+)?(?:the|this)\s+"
                     r"(?:commentary|document|text|passage|piece|essay)\b", re.IGNORECASE)


def coverage(question: str, sentences: Sequence[str],
             synonym_credit: float) -> list[float]:
    """Share of the question's idf weight that each sentence's terms cover.

    A term missing from a sentence still earns ``synonym_credit`` when a legal
    near-synonym of it is there ("remedies" against "compensation"; not "apology"
    against "compensation": kinds of one category are not near-synonyms).
    """
    # ("Which laws are mentioned in the commentary?": the document itself, named by no
    # sentence of it; was refused, the law sentences below the threshold.)
    wanted = {stem(t) for t in query_terms(_ITSELF.sub(" ", question))}
    if not wanted or not sentences:
        return [0.0] * len(sentences)
    term_sets = [stemmed_terms(s) for s in sentences]
    n = len(sentences)
    idf = {t: math.log(1 + (n + 1) / (1 + sum(t in ts for ts in term_sets))) for t in wanted}
    total = sum(idf.values())
    table = naming(category=True)
    synonyms = {t: any_present(table.get(t, frozenset()) - {t}) for t in wanted}

    def credit(t: str, ts: AbstractSet[str]) -> float:
        if t in ts:
            return 1.0
        return synonym_credit if synonyms[t](ts) else 0.0

    return [sum(idf[t] * credit(t, ts) for t in wanted) / total for ts in term_sets]


def _named_share(question: str, sentence: str) -> float:
    """Share of a Chinese question's own characters in its words that the sentence does
    not hold but names by a legal near-synonym (伤亡 by 死亡), as ``chinese_coverage``
    counts them."""
    wanted = sum(ch.isalnum() for ch in _ZH_ASKED.sub("", question))
    if not wanted:
        return 0.0
    terms = stemmed_terms(sentence)
    words = [t for t in query_terms(question)
             if is_cjk_run(t) and len(t) > 1 and t not in sentence]
    named = [t for t in words if not any(t != u and t in u for u in words) and held(t, terms)]
    return sum(len(t) for t in named) / wanted


def translated_coverage(translation: Translation, sentences: Sequence[str]) -> list[float]:
    """Share of the question's idf weight that each sentence (in the other language)
    covers through the question's dictionary translations (``qa.translation``): a
    question term counts as present when any of its translations is (Pirkola's
    structured query), so the wrong senses a dictionary also gives cost nothing.
    """
    if not sentences or not translation.groups:
        return [0.0] * len(sentences)
    term_sets = [stemmed_terms(s) for s in sentences]
    wanted = [frozenset(stem(t.lower()) for t in targets) for _, targets in translation.groups]
    # (An English word a Chinese sentence says through its own words' senses counts too:
    # "injure" is 杀伤 there, which the dictionary's English-to-Chinese direction misses.)
    hits = [[any(present(t, ts) for t in group)
             or (translation.chinese and said_by_senses(phrase, sentence))
             for group, (phrase, _) in zip(wanted, translation.groups, strict=True)]
            for ts, sentence in zip(term_sets, sentences, strict=True)]
    n = len(sentences)
    idf = [math.log(1 + (n + 1) / (1 + sum(h[g] for h in hits))) for g in range(len(wanted))]
    total = sum(idf)
    return [sum(w for w, hit in zip(idf, h, strict=True) if hit) / total for h in hits]


_ZH_WHAT_HEAD = re.compile(r"(?:什么|哪种|何种|哪类|什么样的)([\u4e00-\u9fff]{1,4})")
#: "判决结果是什么？", "本案的判决是什么？": the X asked about, before 是什么.
_ZH_X_IS_WHAT = re.compile(r"^(?:本案|该案|此案)?的?([\u4e00-\u9fff]{2,6}?)"
                           r"(?:是什么|是啥|为何)[？?]?$")
#: "What was the verdict?", "What is the judgment of the court?": the thing asked about.
_EN_WHAT_IS_THE = re.compile(r"^\s*what\s+(?:is|was|are|were)\s+(?:the|a|an)\s+"
                             r"((?:[a-z-]+\s+){0,2}?[a-z-]+)(?:\s+(?:of|in|for|on|about|by)\b.*)?"
                             r"\s*\??\s*$", re.IGNORECASE)


_TITLE_ASKED = re.compile(
    r"^\s*what\s+(?:is|was)\s+(?:the\s+(?:title|headline)\b(?:\s+of\s+(?:the|this)\s+"
    r"(?:article|document|commentary|text|piece|report|essay|page))?|the\s+name\s+of\s+"
    r"(?:the|this)\s+(?:article|document|commentary|text|piece|report|essay)|(?:the|this)\s+"
    r"(?:article|document|commentary|text|piece|report|essay)\s+(?:called|titled|"
    r"entitled))\s*\??\s*$"
    r"|^(?:这篇|本篇|该)?(?:文章|文|报道|评论|解读)?的?(?:标题|题目|篇名)(?:是|为|叫)?(?:什么)?[？?]?\s*$"
    r"|^(?:这篇|本篇|该)?(?:文章|报道|评论)的?(?:名字|名称)(?:是|为|叫)?(?:什么)?[？?]?\s*$",
    re.IGNORECASE)


def asks_title(question: str) -> bool:
    """Whether the question asks for the document's title ("What is the title of the
    article?", "What is this commentary called?", 文章的标题是什么？)."""
    return _TITLE_ASKED.match(question.strip()) is not None


def _answer_span(citation: Citation) -> str:
    """The answer's own span of a citation (its quote when it has none)."""
    if citation.answer_start is None or citation.answer_end is None:
        return citation.quote
    return citation.quote[citation.answer_start - citation.start:
                          citation.answer_end - citation.start]


def _copula_head(question: str, intent: Intent) -> tuple[str, ...]:
    """The X of an English "what is/was the X (of ...)?" question, or ()."""
    m = _EN_WHAT_IS_THE.match(question) if intent.kind == "what" and not intent.chinese \
        else None
    return (m.group(1).split()[-1].lower(),) if m else ()


#: Translations of a Chinese question's X tried as the English head (dictionary order).
_TRANSLATED_HEADS = 4
_SUBJECT_PRONOUN = re.compile(r"^(?:They|He|She|It)\b")


def _antecedent(found: Sequence[Candidate], i: int,
                passages: Sequence[Hit]) -> tuple[Candidate, Pick] | None:
    """For a sentence whose subject is a pronoun ("They promptly filed ..."): the sentence
    before it and this one as one candidate, with the subject of the one before (its first
    person, body or party) as the pick; None when the sentence starts otherwise or the one
    before (in the same passage) names nobody."""
    if not _SUBJECT_PRONOUN.match(found[i].text) or (merged := _with_before(found, i,
                                                                               passages)) is None:
        return None
    before = found[i - 1]
    people = persons(before.text)
    named = sorted(people + organisations(before.text) + agents(before.text))
    if not named:
        return None
    return merged, Pick(named[0][0], named[0][1], 1.0,
                        "typed" if named[0] in people else "role")


def _with_before(found: Sequence[Candidate], i: int,
                 passages: Sequence[Hit]) -> Candidate | None:
    """Sentence ``i`` and the one right before it in the same passage, as one candidate
    (starting where the one before starts); None when ``i`` starts its passage."""
    this = found[i]
    if i == 0:
        return None
    before = found[i - 1]
    hit = passages[this.passage - 1]
    if before.passage != this.passage or before.doc_id != this.doc_id \
            or hit.text[before.end - hit.start:this.start - hit.start].strip():
        return None
    text = hit.text[before.start - hit.start:this.end - hit.start]
    return Candidate(this.passage, this.doc_id, this.title, before.start, this.end, text)


# A sentence that opens by pointing back to the one before as its cause ("This also
# determines that ...", "Therefore ...", 因此 ...).
_CONSEQUENCE = re.compile(
    r"^(?:(?:This|That|These|Which)\s+(?:(?:also|in turn|therefore)\s+)?(?:determines|means|"
    r"explains|causes|leads to|results in|is why|makes)\b|(?:Therefore|Thus|Hence|"
    r"Consequently|As a result|For this reason)\b|因此|所以|因而|由此|这(?:也|就)?(?:决定|导致|"
    r"说明|意味着|使得))")
# Clauses that lead into a main clause rather than state it: "According to the
# provisions of the law, if the victim wants ..., [they need to provide evidence]".
_LEAD_CLAUSE = re.compile(
    r"^(?:according to|if|when|where|whereas|although|though|while|as|in|by|under|with|"
    r"for|since|because|unless|after|before|once|根据|依照|按照|依据|如果|若|虽然|当|在)\b",
    re.IGNORECASE)


def _reason_before(found: Sequence[Candidate], i: int,
                   passages: Sequence[Hit]) -> tuple[Candidate, Pick] | None:
    """For a "why" answered by a sentence that names the sentence before as its cause
    ("This also determines that the cost ... is very high"): the two sentences as one
    candidate, with the main clause of the one before as the pick (its first clause that
    is no lead-in: "they generally need to provide evidence ..."); None otherwise."""
    if not _CONSEQUENCE.match(found[i].text) or (merged := _with_before(found, i,
                                                                          passages)) is None:
        return None
    before = found[i - 1]
    parts = clauses(before.text)
    # Each clause with the stop words trimmed off its start ("if the"): they say whether
    # it leads in.
    after = [0] + [e for _, e in parts[:-1]]  # where each clause's untrimmed text starts
    raw = [before.text[a:e].lstrip(" ,;:，；：") for (_, e), a in zip(parts, after, strict=True)]
    main = next((part for part, whole in zip(parts, raw, strict=True)
                 if not _LEAD_CLAUSE.match(whole) and content_words(whole) >= 2), None)
    if main is None:
        return None
    return merged, Pick(main[0], main[1], 1.0, "reason")


def _with_carried_subject(question: str, found: Sequence[Candidate],
                          lexical: Sequence[float]) -> list[float]:
    """A Chinese question's share of words held by each sentence, where a sentence
    without a subject of its own goes on with the one before's (``sequel.continues_subject``)
    and that subject, its first person named, is one the question names: the name counts
    as said. "21时05分许，途经…路段被交警当场查获。" after "被告人汪某甲饮酒后驾驶…" says where
    汪某甲 was caught: 汪某甲是在哪里被查获的？ was answered with the driving route of
    the sentence naming him (the fifteenth new-user trial)."""
    asked = {question[s:e] for s, e in persons(question)}
    out = list(lexical)
    if not asked:
        return out
    for i in range(1, len(found)):
        this, before = found[i], found[i - 1]
        if before.passage != this.passage or before.doc_id != this.doc_id \
                or not 0 <= this.start - before.end <= 2 or not is_chinese(this.text) \
                or any(name in this.text for name in asked):
            continue
        named = persons(before.text)
        subject = before.text[named[0][0]:named[0][1]] if named else ""
        if subject in asked and continues_subject(this.text):
            out[i] = max(out[i], chinese_coverage(question, subject + this.text))
    return out


def _chinese_support(question: str, intent: Intent, found: Sequence[Candidate],
                     support: Sequence[float], threshold: float) -> list[float]:
    """Support of each sentence for a Chinese question, after what its words cannot say
    (``qa.answering.zh_checks``): "第二次……" puts the second numbered act of the judgment
    first; a wish or a view asked ("意愿同谁一起生活", "态度如何") is said only by a Chinese
    sentence saying one (not for a "why": the reason for a wish is a reason), how an
    aspect stands ("就读情况如何") only by one naming it.

    cjrc-dev --scope doc: the numbered act answers 5 questions refused before (第二次犯罪的
    地点？: 天津经济技术开发区翠亨村, F1 0.92); wishes, views and aspects refuse 6
    unanswerable questions and no answerable one.
    """
    texts = [c.text for c in found]
    out = ordinal_support(question, texts, [c.doc_id for c in found], support, threshold)
    named = numbered_parties(question)
    counts = {doc: sum(any(n in c.text for c in found if c.doc_id == doc) for n in named)
              for doc in dict.fromkeys(c.doc_id for c in found)} if named else {}
    most = max(counts.values(), default=0)
    if most:
        # A party a judgment anonymises (王0, 郦8乙, 张x12, 李1某, 钟某) is that judgment's:
        # another judgment's sentences say nothing of it ("双方约定王0每月支付多少抚养费": not
        # 王x0's 1000.00元 in another divorce, cjrc-dev global; 钟某驾驶的是什么车？ not
        # 代某's 越野车, the second trial). Names repeat across judgments (two have a 陈x8,
        # many a 刘某): the judgments naming most of the asked parties answer.
        # An English text says nothing of them either unless it spells one of them ("Lin"
        # for 林某): 林某在工地从事什么工作？ was "modern prosecutorial work" of the English
        # seed (the seventeenth trial).
        out = [value if counts[c.doc_id] == most or (
                   not is_chinese(c.text) and any(spells_surname(n, c.text) for n in named))
               else 0.0 for value, c in zip(out, found, strict=True)]
        if intent.kind in FINDERS and intent.kind != "who" and any(
                value > 0 and is_chinese(c.text) and any(n in c.text for n in named)
                for value, c in zip(out, found, strict=True)):
            out = [0.0 if another_party_holds(named, c.text) else value
                   for value, c in zip(out, found, strict=True)]
    # (被告人管某踢了谁？: the sentence saying 踢, ``qa.answering.zh_acts``; 用什么凶器: the
    # one naming a weapon, ``valued_support``.)
    out = act_support(question, texts, out, named, _UNNAMED_HEAD)
    out = valued_support(intent.kind, named, texts, [c.doc_id for c in found], out)
    if intent.kind != "why":
        out = [value if not is_chinese(text) or (says_stance(question, text)
                                                 and names_aspect(question, text)) else 0.0
               for value, text in zip(out, texts, strict=True)]
    return out


#: A party as a judgment anonymises it: a surname, then a number or 某 (王0, 郦8乙, 张x12,
#: 李1某, 张某1; 钟某, 潘某某, 刘某乙).
#: (王1某帅 is read as 王1某: its given name's character cannot be told from the word after
#: it, 李1某是否…)
_NUMBERED_PARTY = re.compile(r"([\u4e00-\u9fff])(?:[xX]\d{1,3}|\d{1,3}某?|某\d{1,2}|某某?)"
                             r"[甲乙丙丁]?(?![\d年月日号时分条款项次个元万])")


def numbered_parties(question: str) -> list[str]:
    """The parties a Chinese question names as a judgment anonymises them (a surname, then
    a number or 某: 王0, 郦8乙, 张x12, 李1某, 张某1, 钟某, 潘某某); a judgment not naming one
    says nothing of him. Not a number or 某 after another character (第2次, 在某饭馆)."""
    surnames = surname_characters()
    return [m.group(0) for m in _NUMBERED_PARTY.finditer(question) if m.group(1) in surnames]


def another_party_holds(named: Sequence[str], sentence: str) -> bool:
    """Whether a Chinese ``sentence`` names a party a judgment anonymises (孔1某增, 马某某)
    and none of the asked ones (``named``, as ``numbered_parties`` gives them): its values
    are that other party's. "经鉴定，孔1某增血液中酒精含量为155mg/100ml" says nothing of
    孔3某's (the seventeenth trial: 孔3某血液中酒精含量是多少？ was 155mg/100ml, though
    "经鉴定，孔3某血液中酒精含量为191mg/100ml" was among the passages). A sentence naming
    no party may go on with an asked one's (其, a carried subject): it is kept. Read for a
    typed value only (an amount, a date, a place; not a person, nor a phrase: 被告人黄某某的
    受谅解情况？, cjrc-dev global, lost its answer to another judgment's sentence)."""
    if not is_chinese(sentence) or any(n in sentence for n in named):
        return False
    surnames = surname_characters()
    return any(sentence[s] in surnames and _NUMBERED_PARTY.match(sentence, s)
               for s, _ in persons(sentence))


def _yesno_bridge(question: str, intent: Intent, bridged: str) -> str:
    """The words that mark, in a sentence of the other language, the clause deciding a
    yes/no question: ``bridged`` (a Chinese question's English words), or an English
    question's Chinese words (its dictionary translation, names and all). Without them
    "Did Zhu 0 give up his right of visitation?" was read against no word of
    "朱0不负担子女抚养费且放弃探望权" (放弃, 探望权, 朱0) and decided by the clause most like
    it in meaning, 给付子女生活费…, which decides nothing (the new-user trial). Only for
    a question naming a party in pinyin: a statute's rule has its own words."""
    if bridged or intent.kind != "yesno" or is_chinese(question) \
            or not pinyin_names(question):
        # (Only of a party named in pinyin: mixed-32 on a statute lost its condition,
        # 非经…批准, to the words of the translation.)
        return bridged
    translation = translate_query(question)
    return translation.text if translation is not None else ""


def _typed_bridge(question: str, intent: Intent) -> str:
    """An English question's words in Chinese (its dictionary translation), to mark them
    in a Chinese sentence when a value of a type is asked: the value is the one beside
    them ("How much did Wang x3 borrow?": the 44000元 of 王x3向贷款银行贷款44000元, not the
    premium named before; "What weapon was used to attack Liu?": 西瓜刀, not the blows of
    殴打并连砍数刀). "" for other questions: a phrase or a yes/no read against the
    translation lost more than it gained (mixed gold token F1 0.522 -> 0.519)."""
    if is_chinese(question) or intent.kind not in FINDERS or intent.kind == "yesno":
        return ""
    translation = translate_query(question)
    return not_values(translation.text, intent.kind) if translation is not None else ""


def plural_value(intent: Intent) -> bool:
    """Whether a typed question asks for several values: "which laws", "what courts"."""
    head = intent.head
    # (A Chinese question's head is an English word for its noun, 机关: organs; 哪些 says
    # whether it asks for several.)
    return intent.kind in ("who", "org", "law", "where", "when", "amount") and (
        intent.plural if intent.chinese else head.endswith("s") and not head.endswith("ss"))


def _asked_category(question: str) -> str | None:
    """The head noun of the words after "what"/"which" (the last one before a verb: "what
    monetary remedy did", remedy) when it names a legal concept group of the lexicon, or
    None ("what type of personal info": info names no category; personal is no head)."""
    head = asked_head(question)
    return head if head and stem(head) in synonym_groups() else None


def _category_span(intent: Intent, question: str) -> Callable[[str], Pick | None] | None:
    """For a question naming a category of the lexicon, what in a sentence answers it: a
    list question ("what remedies were sought") its enumeration when an item is of the
    category; a question for one thing ("what monetary remedy") that item. None for other
    questions."""
    if intent.kind == "list" and intent.head:
        head = intent.head

        def listed(sentence: str) -> Pick | None:
            pick = answer_span(intent, question, sentence, stem)
            return (pick if pick is not None and pick.source == "list"
                    and lists_category(head, sentence[pick.start:pick.end]) else None)
        return listed
    asked = _asked_category(question) if intent.kind == "what" and not intent.chinese \
        else None
    if asked is None:
        return None

    def item(sentence: str) -> Pick | None:
        span = category_item(asked, sentence)
        return None if span is None else Pick(span[0], span[1], 1.0, "item")
    return item


def category_item(head: str, sentence: str) -> Span | None:
    """The span of the first item of the sentence's enumeration that is of the category
    ``head`` names (holds a legal near-synonym of it, not its own word), or None."""
    listed = enumeration(sentence)
    if listed is None:
        return None
    for m in re.finditer(r"[^,;、，；]+", sentence[listed[0]:listed[1]]):
        start = listed[0] + m.start()
        end = listed[0] + m.end()
        lead = re.match(r"\s*(?:(?:and|or)\s+)?", sentence[start:end])
        start += lead.end() if lead else 0
        start, end = trim(sentence, start, end)
        if end > start and lists_category(head, sentence[start:end]):
            return start, end
    return None


class ExtractiveAnswerer(Answerer):
    """Answers with the span of the retrieved sentences that answers the question, cited."""

    mode = "extractive"

    def __init__(self, embedder: Embedder, settings: AnswerSettings,
                 cross_lingual_model: str = "", translate: bool = True,
                 stored: SentenceVectors | None = None) -> None:
        self.settings = settings
        self._translate = translate
        self._cross_lingual_model = cross_lingual_model
        self._embedder = embedder
        # Sentences and clauses embedded when the index was built cost a look-up.
        self._vectors = TextVectors(embedder, stored=stored.get if stored else None)
        self._bridge: TextVectors | None = None
        self._bridge_lock = threading.Lock()

    def _cross_lingual(self) -> TextVectors | None:
        """Cached vectors of the encoder that compares a question with sentences of another
        language (``cross_lingual_encoder``: the index's own model when it is multilingual),
        or None."""
        if self._embedder.multilingual:
            return self._vectors
        with self._bridge_lock:
            if self._bridge is None:
                encoder = cross_lingual_encoder(self._embedder, self._cross_lingual_model)
                if encoder is None:
                    return None
                self._bridge = TextVectors(encoder)
            return self._bridge

    def scores(self, question: str, found: Sequence[Candidate],
               question_vector: np.ndarray | None = None,
               passage_similarity: Sequence[float] | None = None) -> list[float]:
        """Support of each candidate sentence for the question, in [0, 1].

        Within one language: the idf-weighted share of the question's terms a sentence
        covers, blended with its embedding similarity (English questions only: a Chinese
        sentence shares words with a Chinese question far more reliably). Across
        languages (a Chinese question, an English sentence) no words are shared: the
        support is the embedding similarity, scaled so ``cross_lingual_similarity`` maps
        to the refusal threshold.
        """
        if not found:
            return []
        chinese = is_chinese(question)
        lexical = (coverage(question, [scored(c) for c in found], self.settings.synonym_credit)
                   if not chinese else [chinese_coverage(question, c.text) for c in found])
        crossed = [is_chinese(c.text) != chinese for c in found]
        if chinese:
            lexical = _with_carried_subject(question, found, lexical)
        if chinese and not any(crossed):
            # A Chinese question's word named by a legal near-synonym (伤亡: 死亡) counts
            # at the synonym credit, as an English question's does: cjrc-dev --scope doc
            # token F1 0.581 -> 0.587, answerable refused 12.5% -> 11.5%. Not beside
            # sentences in another language, whose cross-lingual support was weighed
            # against words shared as written (mixed gold token F1 0.446 -> 0.419 then:
            # 人民检察院办理公益诉讼案件 outranked the English answer to 广东检察机关办理的是哪一类
            # 案件？).
            lexical = [min(1.0, lex + self.settings.synonym_credit * _named_share(question, c.text))
                       for lex, c in zip(lexical, found, strict=True)]
        dense_weight = 0.0 if chinese else self.settings.dense_share
        dense = [0.0] * len(found)
        bridge = self._cross_lingual() if any(crossed) else None
        wanted = [i for i, c in enumerate(found)
                  if (dense_weight > 0.05 or (crossed[i] and bridge is self._vectors))
                  and c.passage <= _DENSE_PASSAGES]
        # Only the sentences with most of the question's words are embedded.
        wanted = sorted(sorted(wanted, key=lambda i: -lexical[i])[:_DENSE_SENTENCES])
        if wanted and self.settings.sentence_vectors:
            vector = (question_vector if question_vector is not None
                      else self._embedder.embed_query(question))
            sims = self._vectors([scored(found[i]) for i in wanted]) @ vector
            for i, sim in zip(wanted, sims, strict=True):
                dense[i] = max(float(sim), 0.0)
        elif passage_similarity is not None:
            # Without sentence vectors a sentence shares its passage's similarity.
            dense = [max(passage_similarity[c.passage - 1], 0.0) for c in found]
        if bridge is not None and bridge is not self._vectors:
            # An English-only index model: every sentence in the other language is
            # compared through the multilingual encoder (the passages' order, made by
            # that English model, says little about them).
            wanted_crossed = [i for i, cross in enumerate(crossed) if cross]
            sims = bridge([found[i].text for i in wanted_crossed]) @ bridge.query(question)
            for i, sim in zip(wanted_crossed, sims, strict=True):
                dense[i] = max(float(sim), 0.0)
        translation = translate_query(question) if self._translate and any(crossed) else None
        if translation is not None:
            # Across languages the question's words still count, through the dictionary.
            crossed_ids = [i for i, cross in enumerate(crossed) if cross]
            shares = translated_coverage(translation, [found[i].text for i in crossed_ids])
            for i, share in zip(crossed_ids, shares, strict=True):
                lexical[i] = share
            names = [forms for _, forms in pinyin_names(question)] if not chinese else []
            for forms in names:
                if not any(f in found[i].text for i in crossed_ids for f in forms) \
                        and not surnamed([found[i].text for i in crossed_ids], forms):
                    # ("What weapon was used to attack Liu?" of judgments naming no 刘 at
                    # all: they say nothing of him, though 水果刀 is a weapon of an attack.)
                    for i in crossed_ids:
                        lexical[i] = dense[i] = 0.0
            # "What was the loan amount of Wang x3?": a judgment's sentence about another
            # party (权x28's 借款) says nothing of 王x3's loan, when others name him.
            for i, factor in party_factors(found, crossed_ids, names).items():
                lexical[i] *= factor
                dense[i] *= factor
        threshold = self.threshold(question)
        scale = threshold / self.settings.cross_lingual_similarity
        out = []
        for lex, den, c, cross in zip(lexical, dense, found, crossed, strict=True):
            value = (max(den * scale, lex) if cross
                     else (1 - dense_weight) * lex + dense_weight * den)
            out.append(min(1.0, value * (1 - 0.02 * (c.passage - 1))))
        return out

    def threshold(self, question: str) -> float:
        """The support below which a question in this language is refused."""
        return (self.settings.min_support_cjk if is_chinese(question)
                else self.settings.min_support)

    def compose(self, question: str, passages: Sequence[Hit],
                question_vector: np.ndarray | None = None) -> Draft:
        """The answer: the best span of the asked type, followed by its marker."""
        # (…可以…吗？ asks what …是否可以…？ asks.)
        question = as_whether(question)
        found = candidates(passages)
        if asks_title(question):
            # "What is the title of the article?": the document's title, where a passage
            # gives it (no sentence scores as one: nothing in it repeats the question).
            return self._title(question, found)
        article = self._statute_article(question, passages, found) \
            if asks_article(question) else None
        if article is not None:
            return article
        support = self.scores(uncounted(question), found, question_vector,
                              [h.similarity for h in passages])
        dated = event_date(question, found)
        if dated is not None:
            # 人脸识别规定是什么时候施行的？: the date the named statute gives that event (its
            # header's 2021年8月1日 施行), not the best sentence saying 施行 without one.
            i, (start, end) = dated
            return self._draft(read_intent(question), question, found,
                               [(i, Pick(start, end, 1.0, "typed"))], support[i])
        intent = read_intent(question)
        threshold = self.threshold(question)
        if intent.chinese:
            support = _chinese_support(question, intent, found, support, threshold)
        best = max(support, default=0.0)
        if intent.chinese and intent.kind in ("what", "how") and asks_decision(question) \
                and not asks_course(question):
            # 法院判决了什么？, 法院判处汪某甲什么刑罚？: only a judgment's sentence reporting
            # the decision answers, never a statute's rule, a charge or another's sentence.
            return self._decision(intent, question, found, support, threshold)
        if not intent.chinese and asks_sentence(question) \
                and any(is_chinese(c.text) for c in found):
            # "What was Huang's sentence?" of judgments: so is an English one, of the party
            # it names in pinyin (was 怀疑系黄某某所为; "What did the court sentence Liu to?"
            # the accomplices' note 均已判决: the nineteenth new-user trial).
            return self._decision(intent, question, found, support, threshold,
                                  [f for _, forms in pinyin_names(question) for f in forms])
        post = person_category(question) if intent.kind == "yesno" else None
        if post is not None and is_chinese(post[1]) and not (
                any(not is_chinese(c.text) for c in found) and any(
                    head_kind(sense) == "who" for sense in english_senses(post[1]))):
            # A Chinese judgment says what its parties did in its own words (史东宾是否是
            # 酒驾？: 史东宾系酒驾), not by a description: read as any yes/no. So is a
            # category that names no person (酒驾).
            post = None
        if post is not None:
            # "Is Shan Pingji a judge?" is decided by what the sources say he is, not by
            # the best sentence naming him ("Yes: Shan Pingji" to judge, prosecutor,
            # perpetrator; the last trial's most harmful answers).
            return self._holds_post(intent, question, found, support, *post)
        party = active_subject(question) if intent.kind == "yesno" else None
        if party is not None:
            # "Did the court file the lawsuit?" is asked of the verb's doer: when the
            # sources name another ("Who filed the lawsuit?": procuratorial organs), the
            # subject did not do it as far as they say: was "Yes: ... compensation lawsuit
            # with court support"; "Did the Supreme People's Procuratorate handle the
            # case?" was "Yes: Civil Prosecutorial Research Base of the Supreme People's
            # Procuratorate" (this session's second trial).
            subject, who = party
            named = self.compose(who, passages, question_vector)
            if named.citations and not named.refused and not same_party(
                    subject, _answer_span(named.citations[0])):
                # (Not when no doer is named: "Did the perpetrator pay compensation?" is
                # decided by "... payment of public interest damage compensation".)
                return refusal(best)
        ranked = sorted(range(len(found)), key=lambda i: -support[i])
        picks: list[tuple[float, int, Pick]] = []
        # The X of "what X", or of a Chinese "什么X" in English words (its translations:
        # 本案涉及什么技术 of an English sentence asks for a technology).
        asked = asked_head(question) if intent.kind == "what" and not intent.chinese else ""
        # The X a phrase answer is read as "modifiers + X" for ("what contact information"
        # names its kind: no such reading).
        english_heads = (asked,) if asked and not head_is_modified(question) else ()
        heads = ((asked,) if asked else self._translated_heads(question)
                 if intent.kind == "what" and self._translate
                 and any(is_chinese(c.text) != intent.chinese for c in found) else ())
        termed = [h for h in (heads or _copula_head(question, intent)) if stem(h) in naming()]
        # (Of a Chinese word's dictionary senses, any one named will do: 与什么相结合 is
        # "combine" as much as "binding".)
        naming_heads = termed if asked or not heads else heads
        if termed and found and not any(names_head(h, c.text) for h in naming_heads for c in found):
            # Sources that never name the legal thing asked about (nor a near-synonym) say
            # nothing of it: "What was the verdict?" and 判决结果是什么？ of a commentary that
            # reports no judgment, ruling or decision were answered by a sentence about
            # the lawsuit, or by "results in damage" (the fourth new-user trial).
            return refusal(best)
        if heads:
            # A sentence naming the X says which X; one that does not rarely does.
            support = [value if any(names_head(h, c.text, derived=not asked) for h in heads)
                       else value * _UNNAMED_HEAD
                       for value, c in zip(support, found, strict=True)]
            ranked = sorted(range(len(found)), key=lambda i: -support[i])
            best = max(support, default=0.0)
        role = asked_role(question, intent)
        role_terms = role_words(role) if role else frozenset()
        for keep in narrowings(question, passages, role_terms):
            support, ranked, best = kept(support, found, keep)
        if intent.kind == "yesno":
            support = unsaid_support(question, intent, found, support)
            # (``ranked`` keeps the order before: a sentence of a document that never says
            # the predicate stops the search for a deciding clause where it stands, so the
            # silence of the best-supported judgment is read as the answer's, not another
            # judgment's sentence below it. Re-ranked, cjrc-dev global token F1 0.526 ->
            # 0.536 but refusal recall 0.321 -> 0.292: five of the eight new answers cite
            # another judgment.)
            best = max(support, default=0.0)
        statute = self._from_statute(intent, question, passages, found, support, ranked,
                                     threshold)
        if statute is not None:
            return statute
        # A sentence in the other language is read against the question's translation
        # too: its words mark what the question already says.
        translation = (translate_query(question) if self._translate and intent.chinese
                       and any(not is_chinese(c.text) for c in found) else None)
        bridged = translation.text if translation is not None else ""
        verb_asked = (read_asked_verb(question, found, translation) if intent.kind == "yesno"
                      else NO_VERB)
        found = list(found)
        shared_with = recipient_pick(question, found, support, ranked, threshold) \
            if intent.kind == "who" and not intent.chinese else None
        if shared_with is not None:  # "Who do you share my data with?": advertisers
            return self._draft(intent, question, found, [shared_with], support[shared_with[0]])
        held_at = posts_pick(question, found, support, ranked, threshold) \
            if intent.kind in ("what", "post") else None
        if held_at is not None:  # 解读专家在东南大学法学院担任什么职务？: the posts held there
            return self._draft(intent, question, found, [held_at], support[held_at[0]])
        # (A Chinese 工作单位是什么？ asks the same as 在哪里工作？, read as a body.)
        works_at = affiliation_pick(question, found, support, ranked, threshold) \
            if intent.kind == "where" or (intent.chinese and intent.kind == "org") else None
        if works_at is not None:  # "Where does he serve as director?": a body, no place
            return self._draft(intent, question, found, [works_at], support[works_at[0]])
        by_means = means_pick(question, found, support, ranked, threshold) \
            if intent.kind not in ("yesno", "when", "amount", "who", "where") else None
        if by_means is not None:  # 以何种手段实施盗窃？: 采用撬坏车窗玻璃等手段
            return self._draft(intent, question, found, [by_means], support[by_means[0]])
        # A bare English "who" is answered by a person when a supporting sentence names
        # one; a body or a party named by its role stands in only when none does.
        # (A Chinese "谁" asked of English sentences, too: 谁解读了本案？ is Shan Pingji.)
        bare_who = intent.kind == "who" and not intent.head and (
            not intent.chinese or any(not is_chinese(c.text) for c in found))
        # So is a bare "where" by a place, before the phrase that stands in for one, in
        # either language (唐某某在何地开设赌场？: the sentence naming the place, not the
        # best one, "唐某某参与开设赌场四天"; cjrc-dev --scope doc refusal precision 0.436
        # -> 0.446).
        typed_first = bare_who or (intent.kind == "where" and not intent.head)
        # Several values asked for ("which laws", 哪些法律): each supporting sentence that
        # holds one gives it, however far below the best sentence it ranks.
        # (So are all the people an act befell in a judgment telling each: ``zh_acts``.)
        acts = intent.chinese and befallen_several(
            question, [c.text for c, value in zip(found, support, strict=True)
                       if value >= threshold])
        plural = plural_value(intent) or acts
        # A Chinese cause is stated with its cue or as what leads to the effect (``pick``):
        # the sentence stating it answers however far below the best one it ranks
        # ("经法医学鉴定，刘某系被他人用…劈划致…死亡" for 被害人刘某的死亡原因是什么？, below
        # the sentence naming 被害人刘某 and the quarrel).
        stated_cause = intent.kind == "why" and intent.chinese
        for i in ranked[:_PLURAL_SENTENCES if plural else _SPAN_SENTENCES]:
            if support[i] < threshold and support[i] >= _CATEGORY_LIST_SUPPORT * threshold \
                    and intent.kind == "where" and not is_chinese(found[i].text):
                # A place of the very kind asked ("which province": Guangdong), or any
                # place for a bare "where" ("Where did the case take place?": Guangdong,
                # not the title's phrase), answers on less support than a phrase would.
                # So does a Chinese question's, of an English sentence (本案发生在哪个省？).
                # (Not of Chinese sentences: cjrc-dev --scope doc refusal recall 0.415 ->
                # 0.406.)
                pick = answer_span(intent, question, found[i].text, stem)
                if pick is not None and pick.source == ("named" if intent.head else "typed"):
                    picks.append((support[i], i, pick))
                continue
            if support[i] < threshold or (support[i] < _NEAR_BEST * best and not typed_first
                                          and not plural and not stated_cause):
                break
            # "They promptly filed ...": who "they" are, the sentence before says; "This
            # also determines that <the question>": the reason is the sentence before.
            resolved = (_antecedent(found, i, passages) if bare_who
                        else _reason_before(found, i, passages) if intent.kind == "why"
                        else None)
            if resolved is not None:
                found.append(resolved[0])
                support.append(support[i])
                # ("They promptly filed ...": who "they" are did the filing.)
                doer = uses_verb(question, found[i].text, stem)
                picks.append((support[i], len(found) - 1, replace(resolved[1], doer=doer)))
                continue
            crossed = is_chinese(found[i].text) != intent.chinese
            twin = chinese_twin(intent, question) if crossed else None
            asked_as = twin or intent
            pick = answer_span(asked_as, question, found[i].text, stem,
                               english_heads if not intent.chinese else heads if crossed else (),
                               bridge=(bridged or _typed_bridge(question, asked_as))
                               if crossed else "")
            if pick is not None and crossed and not intent.chinese and asked_as.kind != "who":
                # (Not another party's value: ``own_clauses``.)
                pick = own_pick(question, found[i].text, pick, partial(
                    answer_span, asked_as, question, stem=stem, heads=english_heads,
                    bridge=bridged or _typed_bridge(question, asked_as)))
            acted = crossed_doer(question, found[i].text, asked_verbs(question, stem)) \
                if pick is not None and crossed and not intent.chinese \
                and asked_as.kind == "who" else None
            if pick is not None and acted is not None:
                # (The name doing the asked act's Chinese word: ``own_clauses``.)
                pick = replace(pick, start=acted[0], end=acted[1], doer=True)
            if pick is not None:
                picks.append((support[i] * (0.5 + 0.5 * pick.quality), i, pick))
        doing = asked_verbs(question, stem) - LIGHT_VERBS if bare_who and not intent.chinese \
            else frozenset()
        if doing and not any(held(v, stemmed_terms(c.text))
                             for c in found for v in doing):
            # "Who decided the case?" of sources where nothing is decided, ruled or held:
            # a name beside other verbs did not do it.
            return refusal(best)
        if role:
            # The role itself is no answer to who holds it ("Who is the infringer?":
            # "perpetrator"; "Who is the judge?": "court").
            picks = [p for p in picks
                     if not only_role(found[p[1]].text[p[2].start:p[2].end], role_terms)
                     and holds_role(found[p[1]].text, p[2].start, p[2].end, role_terms)]
            if not picks and is_chinese(role) and len(role) > 2 and role[-1] in "人者" \
                    and role[0] not in "被受":
                # A Chinese role named by its act is whoever did it: 起诉人是谁？ asks who
                # filed (谁起诉了？), whether or not a source says 起诉人. (Not one the act
                # befell: 被告人, 受害人; nor the role's own name: 侵权人 "perpetrator".)
                draft = self.compose(f"谁{role[:-1]}了？", passages, question_vector)
                if draft.citations and not only_role(_answer_span(draft.citations[0]),
                                                      role_terms):
                    return draft
            if not picks:
                return refusal(best)
        if intent.kind == "why" and intent.chinese:
            # A cause a sentence states beats a phrase standing in for one: 被害人刘某的死亡
            # 原因是什么？ is "被他人用单面刃锐器劈划致…死亡", not a clause of an English
            # sentence on the victim's burden of proof, better supported.
            picks = [p for p in picks if p[2].source == "reason"] or picks
        if typed_first and picks:
            # The doer of the asked verb in a sentence that uses it first ("谁违反了刑法？":
            # not the expert named in a sentence saying nothing of violating), then a
            # person, then a body or a party.
            acting = [p for p in picks if p[2].doer] or picks
            typed = [p for p in acting if p[2].source == "typed"] or acting
            top = max(support[i] for _, i, _ in typed)
            picks = [p for p in typed if support[p[1]] >= _NEAR_BEST * top]
        asked_object = verb_rest(question) if intent.kind in ("what", "list") \
            and not intent.chinese else None
        if asked_object is not None:
            # "What did the organs combine with legal supervision functions?": the object
            # of that verb in a sentence saying the organs did it (``verb_rest``).
            spans = [(support[i], i, Pick(*span, 1.0, "object")) for i in ranked[:_SPAN_SENTENCES]
                     if support[i] >= threshold and not is_chinese(found[i].text)
                     and (span := object_of(asked_object, found[i].text, stem)) is not None]
            picks = spans[:1] or picks
        category = _category_span(intent, question)
        if category is not None:
            floor = _CATEGORY_LIST_SUPPORT * threshold
            spans = [(support[i], i, pick) for i in ranked[:_SPAN_SENTENCES]
                     if support[i] >= floor
                     and (pick := category(found[i].text)) is not None]
            if spans:
                picks = spans
        if intent.kind == "law" and not asks_articles(question):
            # An article's number alone is no law: "What laws are mentioned?" of a
            # statute was "第四条; 第二十二条; …" beside 《中华人民共和国民事诉讼法》 (the
            # fifteenth new-user trial).
            picks = [p for p in picks
                     if not article_only(found[p[1]].text[p[2].start:p[2].end])]
        if not picks:
            return refusal(best)
        picks.sort(key=lambda p: -p[0])
        _, i, pick = picks[0]
        if intent.kind == "where" and not intent.chinese and pick.source not in ("typed", "named") \
                and asks_affiliation(question):
            # Where a person works is a body or a place; no other phrase says it ("Where
            # does the editor work?" was "Ying Ying Responsible editor").
            return refusal(best)
        crossed = is_chinese(found[i].text) != intent.chinese
        # Chinese text goes through a multilingual encoder too: the index model may be
        # English-only (cjrc-dev --scope doc token F1 0.427 -> 0.444, answer recall
        # 0.433 -> 0.510, with all-MiniLM-L6-v2 as the index model).
        vectors = (self._cross_lingual() if crossed or intent.chinese else self._vectors)
        if pick.source == "slot" and vectors is not None and self.settings.sentence_vectors:
            # Phrases: the clause nearest the question in meaning beats the words beside
            # the question's own (policyqa-dev token F1 0.24 against 0.13).
            same = [j for _, j, _ in picks if (is_chinese(found[j].text) != intent.chinese)
                    == crossed][:_YESNO_SENTENCES if intent.kind == "yesno" else _CLAUSE_SENTENCES]
            vector = (question_vector if vectors is self._vectors
                      and question_vector is not None else vectors.query(question))
            i, pick = self._best_clause(question, vector, vectors, found, same, support,
                                        restated=intent.kind == "yesno",
                                        bridge=_yesno_bridge(question, intent, bridged)
                                        if crossed else "",
                                        verb=verb_asked.verb if verb_asked.exact
                                        and found[i].doc_id not in verb_asked.verbless
                                        else frozenset())
        if intent.chinese and intent.kind in ("what", "how") and pick.source in ("slot", "clause") \
                and restates(question, found[i].text[pick.start:pick.end]):
            # "王某某如何归案？": "被告人王某某归案后" says nothing the question did not
            # (cjrc-dev --scope doc: 4 unanswerable questions refused, and 3 answerable
            # ones: 孙某的判刑情况为？ "均已判刑", 刘某乙与刘某丙的关系为？ "的哥哥刘某丙",
            # 王某某窃得什么财物？ "被告人王某某归案后"; token F1 0.583 -> 0.581.)
            return refusal(best)
        if intent.kind == "yesno":
            decided = deciding_clause(question, intent, passages, found, i, pick,
                                      verb_asked, translation, self._translate)
            if decided is None:
                return refusal(best)
            pick = decided
        # A value of an enumeration comes with the rest of it, a collective subject as
        # the parties it names (``qa.answering.lists``).
        chosen = [(i, p) for p in completed(intent, question, found[i].text, pick)]
        if intent.kind == "list" or plural:
            chosen = gathered(found, picks, i, pick, chosen, plural=plural)
            if acts:  # (In the judgment's order: 安某、王一某、…)
                chosen.sort(key=lambda c: (found[c[0]].doc_id, found[c[0]].start))
        draft = self._draft(intent, question, found, chosen, support[i])
        return replace(draft, answer=with_total(
            question, draft.answer, [_answer_span(c) for c in draft.citations]))

    def _statute_article(self, question: str, passages: Sequence[Hit],
                         found: Sequence[Candidate]) -> Draft | None:
        """"Which article provides that ...?": the heading of the article whose sentence
        best says the rest of the question (``qa.answering.statute``), cited from the
        heading to that sentence; a refusal when no sentence of a statute article says
        it (nor, for "which article defines X", defines its subject). None when no
        passage holds an article's heading (a commentary saying "Article 69 provides
        ..." is read as any text)."""
        if not any(heading_before(h.text, len(h.text)) is not None for h in passages):
            return None
        said = without_article_frame(question)
        support = self.scores(uncounted(said), found, None, [h.similarity for h in passages])
        threshold = self.threshold(question)
        definition = asks_definition(question)
        for i in sorted(range(len(found)), key=lambda i: -support[i]):
            if support[i] < threshold:
                break
            c = found[i]
            hit = passages[c.passage - 1]
            heading = heading_span_before(hit.text, c.start - hit.start)
            if heading is None or (definition and not defines(c.text)):
                # (A sentence whose article its passage does not show may refer to
                # another's number, 本规定第五条规定的情形: no answer either way.)
                continue
            _, start, end = heading
            article = Candidate(c.passage, c.doc_id, c.title, hit.start + start, c.end,
                                hit.text[start:c.end - hit.start])
            return self._draft(read_intent(question), question, [article],
                               [(0, Pick(0, end - start, 1.0, "article"))], support[i])
        return refusal(max(support, default=0.0))

    def _from_statute(self, intent: Intent, question: str, passages: Sequence[Hit],
                      found: Sequence[Candidate], support: Sequence[float],
                      ranked: Sequence[int], threshold: float) -> Draft | None:
        """An answer read off a statute article's sentence among the best supported
        (``qa.answering.statute``): for a "who" asked of a verb's object (取得谁的同意,
        "Whose consent ...?") the phrase in that slot; for a list question the numbered
        items the best sentence introduces (应当提交下列材料：). None otherwise."""
        if intent.kind not in ("who", "list", "what", "how") or not found:
            return None
        best = max(support)
        for i in ranked[:_SPAN_SENTENCES]:
            if support[i] < threshold or support[i] < _NEAR_BEST * best:
                break
            c = found[i]
            hit = passages[c.passage - 1]
            if heading_before(hit.text, len(hit.text)) is None and not is_item(c.text):
                # Not a statute's sentence (nor one of its items). (A passage opening
                # inside an article, before the next heading: 第一条第三款, 本规定所称人脸信息
                # 属于…, is one.)
                continue
            if intent.kind == "who":
                slot = object_slot(question, c.text) or subject_slot(question, c.text)
                if slot is not None:
                    return self._draft(intent, question, found,
                                       [(i, Pick(slot[0], slot[1], 1.0, "slot"))], support[i])
            elif intent.kind != "list" or not introduces_items(c.text):
                # 人脸信息属于什么信息？, 敏感个人信息包括哪些？, 不服判决可以怎么办？: the phrase
                # the rule's own verb or modal governs, in the first near-best sentence
                # that says the question's words with it (not 第二条's 认定属于侵害…的行为).
                slot = (verb_slot(question, c.text) or course_slot(question, c.text)
                        if intent.chinese else None)
                if slot is not None:
                    return self._draft(intent, question, found,
                                       [(i, Pick(slot[0], slot[1], 1.0, "slot"))], support[i])
            else:
                listed = items_after(found, i)
                if listed:
                    return self._draft(intent, question, found,
                                       [(j, Pick(s, e, 1.0, "list")) for j, (s, e) in listed],
                                       support[i])
                return None
        return None


    def _decision(self, intent: Intent, question: str, found: Sequence[Candidate],
                  support: Sequence[float], threshold: float,
                  names: Sequence[str] = ()) -> Draft:
        """The decision a court-outcome question asks about (``decisions.decision``), from
        the best-supported sentence reporting it; a refusal when none reaches
        ``threshold``.

        (The new-user trial: 法院判决了什么？ was a statute's "人民法院应当判决确认违法",
        法院判处汪某甲什么刑罚？ the indictment, 法院判处陈1某富什么刑罚？ the accomplices'
        "均已判刑".)"""
        best = max(support, default=0.0)
        reported = [(support[i], i, span) for i, c in enumerate(found)
                    if support[i] >= threshold
                    and (span := decision(question, c.text, names)) is not None]
        if not reported:
            return refusal(best)
        value, i, (start, end) = max(reported, key=lambda r: r[0])
        return self._draft(intent, question, found, [(i, Pick(start, end, 1.0, "decision"))],
                           value)

    def _holds_post(self, intent: Intent, question: str, found: Sequence[Candidate],
                    support: Sequence[float], name: str, post: str) -> Draft:
        """Yes, citing what a source says ``name`` is, when that says ``post``
        (``yesno.post_described``); a refusal otherwise: a person may hold posts no
        source names, so no source says no."""
        described = post_described(found, support, name, post)
        if described is None:
            return refusal(max(support, default=0.0))
        i, pick = described
        return self._draft(intent, question, found, [(i, pick)], support[i])

    def _title(self, question: str, found: Sequence[Candidate]) -> Draft:
        """The title of the best-ranked passage's document, cited where a retrieved
        passage holds it verbatim; a refusal when none does (a title kept only as
        metadata has no passage to cite)."""
        documents = list(dict.fromkeys(c.doc_id for c in found))
        for doc in documents[:1]:
            for i, c in enumerate(found):
                title = c.title.strip()
                if c.doc_id == doc and title and title in c.text:
                    at = c.text.index(title)
                    return self._draft(read_intent(question), question, found,
                                       [(i, Pick(at, at + len(title), 1.0))], 1.0)
        return refusal(0.0)

    @staticmethod
    def _translated_heads(question: str) -> tuple[str, ...]:
        """The English translations of the X of a Chinese "什么X"/"哪种X" question, or ()."""
        asked = ((_ZH_WHAT_HEAD.search(question) or _ZH_X_IS_WHAT.match(question.strip()))
                 if is_chinese(question) else None)
        if asked is None:
            return ()
        words = [w for w in query_terms(asked.group(1)) if len(w) > 1]
        return english_senses(words[0])[:_TRANSLATED_HEADS] if words else ()

    def _best_clause(self, question: str, vector: np.ndarray, vectors: TextVectors,
                     found: Sequence[Candidate], sentences: Sequence[int],
                     support: Sequence[float], restated: bool = False,
                     bridge: str = "", verb: frozenset[str] = frozenset()
                     ) -> tuple[int, Pick]:
        """The clause (or two adjacent clauses) of these sentences most similar to the
        question (``vector``, in the space of ``vectors``), with a share of its sentence's
        support. A clause the question restates is no answer, unless ``restated``: a
        yes/no question is decided by the clause that says what it asks, one saying its
        ``verb`` (of an exact ``asked_verb``) when any does. ``bridge``: the question's
        dictionary translation, read as its words in sentences of the other language."""
        # (sentence, start, end, the clauses it is made of)
        options: list[tuple[int, int, int, tuple[Span, ...]]] = []
        first: dict[int, Span] = {}  # each sentence's first clause
        for i in sentences:
            parts = clauses(found[i].text) or [(0, len(found[i].text))]
            first[i] = parts[0]
            options += [(i, s, e, ((s, e),)) for s, e in parts]
            options += [(i, a[0], b[1], (a, b)) for a, b in itertools.pairwise(parts)]
        sims = vectors([found[i].text[s:e] for i, s, e, _ in options]) @ vector
        said = f"{question} {bridge}" if bridge else question
        counts = {i: marked_counts(found[i].text, question_mask(said, found[i].text, stem))
                  for i in sentences}

        def asked(i: int, s: int, e: int) -> float:  # share of it the question says
            letters, marked = counts[i]
            return (marked[e] - marked[s]) / max(letters[e] - letters[s], 1)

        # A phrase answer is what the question does not say: the share of it the question
        # says counts against it; a yes/no answer is the clause that says what the
        # question asks: that share counts for it.
        weight = _YESNO_ASKED if restated else -_CLAUSE_ASKED
        shares = [weight * asked(i, s, e) for i, s, e, _ in options]

        def framing(i: int, s: int, e: int) -> bool:  # "In this case,", '"unsubscribe"'
            text = found[i].text[s:e]
            return not is_chinese(text) and content_words(text) < 2

        # Neither the clause nor either half of a pair may be one the question restates;
        # a clause of one content word (a quoted word, "In this case,") answers nothing,
        # nor leads a pair from the sentence's start ("Yes: case, the perpetrator's ...").
        allowed = ([k for k, (i, s, e, parts) in enumerate(options)
                    if (restated or max(asked(i, *part) for part in parts) < _CLAUSE_ASKED_MAX)
                    and not framing(i, s, e)
                    and not (len(parts) > 1 and parts[0] == first[i] and framing(i, *parts[0]))]
                   or list(range(len(options))))
        if verb:
            # ("检察机关是否提起了诉讼？": "They promptly filed ...", not the sentence before,
            # "the procuratorial organs keenly discovered ...". Not of every English verb:
            # policyqa-dev --scope doc token F1 0.211 -> 0.204, headings saying "collect".)
            allowed = [k for k in allowed
                       if says(verb, found[options[k][0]].text[options[k][1]:options[k][2]])
                       ] or allowed
        if restated and is_chinese(question):
            # A yes/no is decided by the clause saying the asked act of the asked party:
            # "原告是否再婚？" by "原告未再婚", not by "被告再婚" (``zh_yesno``).
            allowed = [k for k in allowed
                       if not done_by_another(question, found[options[k][0]].text[
                           options[k][1]:options[k][2]])] or allowed
        kinds = proceeding_kinds(question) if restated else frozenset()
        if kinds:
            # A yes/no on a kind of proceeding is decided by a clause naming one ("Did the
            # procuratorial organs file a criminal lawsuit?": "promptly filed civil public
            # interest litigation", no; not "keenly discovered the threat", yes).
            allowed = [k for k in allowed
                       if proceeding_kinds(found[options[k][0]].text[options[k][1]:options[k][2]])
                       ] or allowed
        best = max(allowed,
                   key=lambda k: float(sims[k]) + _CLAUSE_SUPPORT * support[options[k][0]]
                   + shares[k])
        i, s, e, _ = options[best]
        return i, Pick(s, e, 1.0, "clause")

    def _draft(self, intent: Intent, question: str, found: Sequence[Candidate],
               chosen: Sequence[tuple[int, Pick]], support: float) -> Draft:
        citations: list[Citation] = []
        parts: list[str] = []
        if intent.kind != "yesno":
            # "范某某、丁某分别分得…20.55万某、18.39万某": 丁某's is the second ("How much did
            # Ding get?" too: his name's Chinese forms).
            # (Read only when a Chinese sentence is cited: not on every English answer.)
            forms = () if intent.chinese or not any(
                is_chinese(found[i].text) for i, _ in chosen) else frozenset(
                f for _, named in pinyin_names(question) for f in named)
            chosen = [(i, respective_pick(question, found[i].text, pick, forms) or pick)
                      if intent.chinese or (forms and is_chinese(found[i].text)) else (i, pick)
                      for i, pick in chosen]
        # A span that holds a quote or bracket alone gets its other half when adjacent.
        chosen = [(i, replace(pick, start=s, end=e)) for i, pick in chosen
                  for s, e in [balance(found[i].text, pick.start, pick.end)]]
        if intent.chinese:  # (A name is cut at 某 no more: 王1某帅, ``zh_names``.)
            chosen = whole_names(found, chosen)
        for i, pick in chosen:
            c = found[i]
            n = len(citations) + 1
            start, end, quote, answer_start, answer_end = whole_quote(
                c, pick.start, pick.end, pick.source not in _TYPED_SOURCES)
            citations.append(Citation(n, c.doc_id, c.title, start, end, quote,
                                      answer_start, answer_end))
            parts.append(f"{quote[answer_start - start:answer_end - start]} [{n}]")
        if intent.kind == "yesno":
            c, pick = found[chosen[0][0]], chosen[0][1]
            span = c.text[pick.start:pick.end]
            # (A Chinese negation decides only where it bears on what is asked.)
            # (Of a rule, its part after the condition: 不服……的，可以上诉 says yes.)
            span = rule_part(span)
            yes = polarity(question, bearing_negations(question, span)
                           if intent.chinese and is_chinese(span)
                           else crossed_negations(question, span) if is_chinese(span)
                           else span)
            word = ("是" if yes else "否") if intent.chinese else ("Yes" if yes else "No")
            separator = "，" if intent.chinese else ": "
            return Draft(f"{word}{separator}{parts[0]}", False, citations[:1], support=support)
        return Draft("; ".join(parts), False, citations, support=support)

    def compose_now(self, question: str, passages: Sequence[Hit],
                    question_vector: np.ndarray | None = None) -> Draft:
        return self.compose(question, passages, question_vector)

    async def stream(self, question: str, passages: Sequence[Hit],
                     question_vector: np.ndarray | None = None) -> AsyncIterator[str | Draft]:
        draft = await anyio.to_thread.run_sync(self.compose, question, passages,
                                               question_vector)
        for piece in pieces(draft.answer):
            yield piece
        yield draft
