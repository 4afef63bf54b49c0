"""Which retrieved sentences can answer at all: the filters a question sets before any span
is sought.

Each filter is a predicate over candidate sentences (``Keep``); a sentence it rejects keeps
support 0 (``kept``), so it can neither answer nor decide the refusal threshold. They are
read from the question alone, in this order: the asked role (who holds it must be said),
the asked law (a sentence naming only other laws says what those provide), the bearer of
an asked duty, the asked article, the subject and verb of "what did X <verb>?", and the
condition a follow-up adds ("紧急情形呢？").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from index.keyword import query_terms
from index.text import is_chinese
from qa.answering.alignment import EN_STOP
from qa.answering.candidates import Candidate
from qa.answering.followup import added_condition
from qa.answering.pick import duty, subject_and_verb
from qa.answering.terms import stem, stemmed_terms
from qa.answering.vocabulary import held, law_names, names_other_law, says
from qa.articles import cited, heading_before
from qa.models import Hit
from qa.translation import english_senses

#: A predicate over candidate sentences: whether one may answer.
Keep = Callable[[Candidate], bool]

#: Stems of verbs whose object carries the meaning ("who bears the burden of proof?" of
#: "the victim ... need to provide evidence"; "who brought the lawsuit?"): a source need
#: not say them.
LIGHT_VERBS = frozenset("bear bring brought take make give get hold carri keep put assum "
                        "shoulder".split())

#: "What damages did the court award?": a "what X" asked of a party's act.
_WHAT_X_DID = re.compile(r"^\s*what\s+(?:[a-z][\w'’-]*\s+){1,3}?(did|does|do|will)\s",
                         re.IGNORECASE)

#: "What does the Criminal Law require of the victim?", "刑法要求受害人做什么？": whom a duty
#: is asked of.
_DUTY_OF = re.compile(r"\b(?:require[sd]?|demand(?:s|ed)?|expect(?:s|ed)?)\s+of\s+"
                      r"(?:the\s+|a\s+|an\s+)?([a-z][\w'’-]*)", re.IGNORECASE)
_ZH_DUTY_OF = re.compile(r"要求([\u4e00-\u9fff]{2,5}?)(?:做什么|怎么做|如何做|做哪些)")

#: Who decides a case: "What damages did the court award?" asks of a decision.
_DECIDERS = frozenset("court courts judge judges tribunal".split())

#: Verbs of a requirement, whose object a sentence says as a duty (stems).
_DUTY_VERBS = frozenset(["requir", "demand", "expect"])


def kept(support: Sequence[float], found: Sequence[Candidate],
         keep: Keep) -> tuple[list[float], list[int], float]:
    """``support`` with the sentences ``keep`` rejects at 0, the sentence indices best
    first, and the best support left."""
    values = [value if keep(c) else 0.0 for value, c in zip(support, found, strict=True)]
    return values, sorted(range(len(found)), key=lambda i: -values[i]), max(values, default=0.0)


def article_under(passages: Sequence[Hit], sentence: Candidate) -> int | None:
    """The number of the statute article ``sentence`` stands under: the last heading
    before it in its passage (``articles.heading_before``), or None."""
    hit = passages[sentence.passage - 1]
    return heading_before(hit.text, sentence.start - hit.start)


def duty_bearer(question: str) -> frozenset[str]:
    """The words naming whom a question asks a duty of (a Chinese one with its English
    senses, for English sentences), or an empty set."""
    m = _DUTY_OF.search(question) or _ZH_DUTY_OF.search(question)
    if m is None:
        return frozenset()
    word = m.group(1).lower()
    return frozenset({word, *english_senses(word)}) if is_chinese(word) else frozenset({word})


def acting_subject(question: str) -> tuple[str, str] | None:
    """The stems of the subject's head noun and of the verb of "what did <subject>
    <verb>?" (``pick.subject_and_verb``: "What did the court decide?": court, decid), or
    None for another question, a subject that is a pronoun or holds a preposition ("what
    did they find?": whoever they are; "the legislation of ...") or a light verb. So for
    "what X did <a court or judge> <verb>?" ("What damages did the court award?": court,
    award), not of another subject, whose X and verb are paraphrased as often as said
    ("What monetary remedy did the procuratorial organs pursue?" is answered by what
    they achieve "through ..."; a privacy policy's "we" collects what "the company"
    does)."""
    what_x = _WHAT_X_DID.match(question)
    # (Read as "What did the court award?".)
    words, verb = subject_and_verb(question if what_x is None
                                   else f"What {question[what_x.start(1):]}")
    subject = words[1:] if words[:1] and words[0] in ("the", "a", "an") else words
    if not verb or not subject or set(subject) & EN_STOP \
            or stem(verb) in LIGHT_VERBS | {"do", "say"} \
            or (what_x is not None and subject[-1] not in _DECIDERS):
        return None
    return stem(subject[-1]), stem(verb)


def narrowings(question: str, passages: Sequence[Hit],
               role_terms: frozenset[str]) -> list[Keep]:
    """The filters ``question`` sets on the sentences of ``passages``, in the order they
    apply (each is applied to what the ones before left, ``kept``); ``role_terms`` are the
    words of the role it asks for (``roles.role_words``), empty when it asks none."""
    keeps: list[Keep] = []
    if role_terms:
        # "Who was the plaintiff?", 被告是谁？: a name in a sentence that says nothing
        # of plaintiffs (nor claimants, the procuratorate: near-synonyms) is no
        # plaintiff's; an expert named in the headline was answered for the defendant,
        # the presiding judge and the plaintiff alike (the fourth new-user trial).
        keeps.append(lambda c: says(role_terms, c.text))
    asked_laws = law_names(question)
    if asked_laws:
        # A sentence that names laws, none of them the one asked about, says what those
        # laws provide: "What does the Criminal Law require of the victim?" was "provide
        # evidence ...", the Civil Procedure Law's burden (the last two trials).
        keeps.append(lambda c: not names_other_law(asked_laws, c.text))
    bearer = duty_bearer(question)
    if bearer:
        # A duty is said of the one who bears it: a sentence naming no victim says
        # nothing the law requires of victims ("What does the Criminal Law require of
        # the victim?" was "perpetrator's infringement ... subject to criminal
        # responsibility for violating the Criminal Law", the fifteenth trial).
        keeps.append(lambda c: says(bearer, c.text))
    articles = cited(question)
    if articles:
        # A statute's sentence under another article's heading says what that article
        # provides: "Which organizations may sue under Article 70 of the Personal
        # Information Protection Law?" was Article 11's "政府、企业、相关社会组织、公众".
        keeps.append(lambda c: (number := article_under(passages, c)) is None
                     or number in articles)
    acted = acting_subject(question)
    if acted is not None:
        # "What did X <verb>?" is answered from a sentence saying both: "What did the
        # court decide?" of sources where no court decides anything was "gain,
        # happiness, and security", a phrase of another sentence, and "What did
        # Guangdong procuratorial organs discover?" the headline naming them; now
        # refused, and "threat of infringement ...".
        # A law's requirement is said as a duty ("What does the Civil Procedure Law
        # require?": "... they generally need to provide evidence ..."), rarely with
        # the verb: that sentence says it (was refused, the fifteenth trial's "What
        # does the second one require?" after the laws the seed mentions).
        subject, verb = acted
        keeps.append(lambda c: held(subject, stemmed_terms(c.text)) and (
            held(verb, stemmed_terms(c.text))
            or (verb in _DUTY_VERBS and duty(question, c.text) is not None)))
    added = [t for t in query_terms(added_condition(question)) if len(t) > 1]
    if added:
        # "…多长时间内履行职责？ 紧急情形呢？" asks what holds in an emergency: a sentence
        # not saying it answers the question before again (was "两个月" twice, right
        # "十五日", the fifteenth new-user trial).
        keeps.append(lambda c: all(t in c.text or held(t, stemmed_terms(c.text))
                                   for t in added))
    return keeps
