"""Yes/no questions: which sentences may decide one, and whether the deciding clause does.

A yes/no answer is the clause that decides the question, with "Yes"/"No" (是/否) before it
(``qa.answering.yesno``, ``qa.answering.zh_yesno``). Before a clause is sought, sentences
lose support for each question word no source mentions and all of it where their document
never says the asked name, law or predicate (``unsaid_support``); the asked verb and the
documents that never say it are read once (``read_asked_verb``); the clause found decides
only when it says what is asked of whom it is asked (``deciding_clause``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from index.keyword import query_terms
from index.text import is_chinese
from qa.answering.candidates import Candidate
from qa.answering.crossed import says_english
from qa.answering.intent import Intent, yesno_predicate
from qa.answering.narrowing import article_under
from qa.answering.negation import negated_start
from qa.answering.pick import Pick, contrary_kind, decides
from qa.answering.terms import stem
from qa.answering.vocabulary import law_names, same_law, says, synonym_groups, unmentioned
from qa.answering.yesno import (
    asked_verb,
    modal_act,
    names_written,
    permits_what_duty_asks,
    question_names,
    rule_part,
    says_asked_in_chinese,
    says_the_rest,
    telling,
    ties_names,
    with_consequence,
)
from qa.answering.zh_checks import asked_category
from qa.answering.zh_states import unsaid_state
from qa.answering.zh_yesno import (
    asked_thing,
    claimed_by_another,
    names_only_others,
    said_of_another,
    unnamed_in_english,
)
from qa.models import Hit
from qa.translation import Translation, translate_query

#: Share of its support a yes/no answer keeps for each question word no source mentions.
UNMENTIONED = 0.5


@dataclass(frozen=True)
class AskedVerb:
    """The verb a yes/no question asks about (``yesno.asked_verb``): its words (empty when
    none is read), a group of words per word asked after it, whether a deciding clause
    must say them (``exact``), and the documents none of whose retrieved sentences says
    the verb."""

    verb: frozenset[str]
    rest: tuple[frozenset[str], ...]
    exact: bool
    verbless: frozenset[str]


def unsaid_support(question: str, intent: Intent, found: Sequence[Candidate],
                   support: Sequence[float]) -> list[float]:
    """``support`` of a yes/no question's sentences (``found``) after what their sources
    leave unsaid: halved for each question word no retrieved sentence holds (nor a legal
    near-synonym of it), 0 for all when an English name or an asked law no source names,
    0 for a document that never says the question's predicate."""
    # Yes or no to a thing the sources never mention is no answer: each question word no
    # retrieved sentence holds (nor a legal near-synonym) halves support ("did the court
    # award punitive damages?" when none says punitive; 被告上诉了吗？ when none says
    # appeal or 上诉: cjrc-dev --scope doc refusal precision / recall 0.304 / 0.160 ->
    # 0.328 / 0.179, token F1 unchanged).
    # A name the question gives that no source holds ("Was the case handled by the
    # Beijing procuratorate?" of sources that say Guangdong) leaves nothing to say yes to.
    # (The question's terms each document leaves unsaid, read once: a term no document
    # holds is one no retrieved sentence holds.)
    unsaid_terms = {doc: set(unmentioned(question, [c.text for c in found if c.doc_id == doc]))
                    for doc in dict.fromkeys(c.doc_id for c in found)}
    absent = set.intersection(*unsaid_terms.values()) if unsaid_terms else set()
    missing = sum(stem(t) in synonym_groups() for t in absent)
    # (English names, read in English sentences: "China" of 中华人民共和国 is there.)
    names = (question_names(question) - names_written(question, [c.text for c in found])
             if not intent.chinese else frozenset())
    english = [c.text for c in found if not is_chinese(c.text)] if names else []
    unnamed = bool(english) and bool(names & set(unmentioned(question, english)))
    asked_laws = law_names(question)
    if asked_laws and not any(is_chinese(c.text) for c in found):
        # A law no source names was not applied, cited or violated as far as they say:
        # "Was the Personal Information Protection Law cited?" was "Yes: cases where
        # personal information ..." (each of its words is somewhere).
        named_laws = {law for c in found for law in law_names(c.text)}
        unnamed = unnamed or not all(any(same_law(law, other) for other in named_laws)
                                     for law in asked_laws)
    # A question whose predicate a document never says ("驾驶警车的李某是否受伤？" of a
    # judgment that never says 受伤; "Was the perpetrator a company?" of one that names no
    # company) is decided by none of its sentences; another judgment saying 受伤 decides
    # nothing of this one.
    # (Of "X是否是Y", Y: 史东宾是否是酒驾？ of a judgment never saying 酒驾.)
    predicate = set(query_terms(asked_category(question) or yesno_predicate(question)))
    unsaid = {doc for doc, terms in unsaid_terms.items() if predicate and predicate <= terms}
    if names_written(question, [c.text for c in found]):
        # "Was Shi Dongbin driving drunk?" of his judgment, which never says 醉酒 (nor a
        # near-synonym): the judgment of the party asked about, saying none of the legal
        # matters asked, decides nothing (was "Yes: ...史东宾承担事故全部责任").
        legal = {t for t in query_terms(question) if stem(t) in synonym_groups()}
        unsaid |= {doc for doc, terms in unsaid_terms.items() if legal and legal <= terms}
    if intent.chinese:  # (史东宾是否醉酒驾驶？ of a judgment never saying 酒: ``zh_states``.)
        unsaid |= {doc for doc in unsaid_terms
                   if unsaid_state(question, [c.text for c in found if c.doc_id == doc])}
    return [0.0 if unnamed or c.doc_id in unsaid else value * UNMENTIONED ** missing
            for value, c in zip(support, found, strict=True)]


def read_asked_verb(question: str, found: Sequence[Candidate],
                    translation: Translation | None) -> AskedVerb:
    """The verb a yes/no question asks about and the documents of ``found`` that never say
    it (``translation``: a Chinese question's, when English sentences are read)."""
    verb, rest, exact = asked_verb(question, translation)
    if not verb:
        return AskedVerb(verb, rest, exact, frozenset())
    # The documents that never say the verb asked ("win"; 赢得: win, gain). An English
    # verb itself, not a near-synonym: "Did the procuratorate bring a criminal
    # prosecution?" of sources where they filed civil litigation needs a clause saying
    # the rest.
    # (An English verb is said by a Chinese sentence through its words' senses: 驾驶 says
    # drive, ``crossed``.)
    verbless = frozenset(doc for doc in dict.fromkeys(c.doc_id for c in found)
                         if not any(says_english(verb, c.text, near=translation is not None)
                                    for c in found if c.doc_id == doc))
    return AskedVerb(verb, rest, exact, verbless)


#: A yes/no question whose verb is never read: no document is verbless.
NO_VERB = AskedVerb(frozenset(), (), False, frozenset())


def deciding_clause(question: str, intent: Intent, passages: Sequence[Hit],
                    found: Sequence[Candidate], i: int, pick: Pick, asked: AskedVerb,
                    translation: Translation | None, translate: bool) -> Pick | None:
    """The clause of ``found[i]`` (``pick``, run on to the consequence it states) that
    decides a yes/no ``question``, or None when it does not: it says nothing of what is
    asked, only suspects it, ties no asked name, permits what the question asks as a duty,
    or (of a Chinese question) is said of or claimed by another party.

    ``translation``: the Chinese question's, when English sentences are read; ``translate``
    whether English questions are read against Chinese clauses through the dictionary."""
    candidate = found[i]
    pick = replace(pick, end=with_consequence(candidate.text, pick.start, pick.end))
    if not intent.chinese and not is_chinese(candidate.text):
        # ("We do not use cookies": the span "use cookies" says "do not" too.)
        pick = replace(pick, start=negated_start(candidate.text, pick.start))
    clause = candidate.text[pick.start:pick.end]
    verbless = candidate.doc_id in asked.verbless
    # "Did the procuratorial organs win the case?" of sources that never say win, decided
    # by a clause that says nothing of what is asked after the subject ("Yes:
    # procuratorial organs"): neither yes nor no is said. Nor when the clause only
    # suspects or supposes what was asked.
    # Of an exact ``asked_verb``, the deciding sentence must also say what is asked after
    # the verb (``says_the_rest``).
    if (verbless and not any(says(g, clause)
                             for g in telling(asked.rest, found, candidate.doc_id))) \
            or not decides(clause) \
            or (translation is None and not ties_names(question, candidate.text)) \
            or (asked.exact and not verbless and not says_the_rest(
                found, i, clause, asked.verb, asked.rest, english=translation is None)):
        return None
    # An English question decided by a Chinese clause: the clause must say whom and what
    # it asks, where the document says them at all ("Can a hotel require guests to agree
    # to face scanning ...?" was "Yes: 第十条 物业服务企业……", the fourteenth and
    # fifteenth new-user trials).
    if not intent.chinese and is_chinese(clause) and not says_asked_in_chinese(
            question, translate_query(question) if translate else None, found, i, clause):
        return None
    # An English "Can/May the procuratorate <verb> ...?" is decided only by a sentence
    # saying that act ("May the procuratorate withdraw the civil public interest lawsuit
    # ...?" was "Yes: legislation ... can provide ... guarantees", the sixteenth new-user
    # trial).
    # A duty asked of a rule that only permits it: neither yes nor no (may is not must).
    if permits_what_duty_asks(question, rule_part(clause)):
        return None
    act = modal_act(question) if not intent.chinese else ""
    if act and not is_chinese(clause) and not says(frozenset([act]), candidate.text):
        return None
    # A Chinese yes/no about a named person is not decided by a sentence naming only
    # others; one on a statute's rule only by an article sentence naming the asked thing
    # ("……是否需要缴纳诉讼费？" by no article on jurisdiction), each of its characters
    # (保险期内 of "在保险期间内"), or by one naming a proceeding of another kind
    # (是否适用于刑事案件？: "……民事案件，适用本规定", no).
    if intent.chinese and is_chinese(clause) and (
            names_only_others(question, candidate.text)
            or (article_under(passages, candidate) is not None
                and not contrary_kind(question, candidate.text)
                and not all(ch in candidate.text for ch in asked_thing(question)))):
        return None
    if intent.chinese and not is_chinese(clause) and unnamed_in_english(
            question, [c.text for c in found if c.doc_id == candidate.doc_id]):
        return None
    if intent.chinese and is_chinese(clause) and (
            said_of_another(question, candidate.text, pick.start, pick.end)
            or claimed_by_another(question, candidate.text, pick.start)):
        # Said of another party, or only claimed by one: "陈1某富是否持刀砍人？" was "是，
        # 在被告人陈1某富的指认下，张某甲、王某甲持西瓜刀……连砍数刀", "李文跃是否有从业资格
        # 证？" "是，原告李x0许可的驾驶员应提供从业资格证" (the fifteenth new-user trial);
        # 被告是否可以探望儿子？ "否，导致儿子见到原告不敢讲话", of what the plaintiff
        # claimed (cjrc-dev-6_3).
        return None
    return pick
