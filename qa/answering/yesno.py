"""Deciding a yes/no question of English sources: the verb it asks and the words after
it, the party it asks that of, the words that tell one sentence from another, and what
the sources say a named person is."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.keyword import query_terms
from index.text import is_chinese
from qa.answering.alignment import EN_STOP
from qa.answering.candidates import Candidate
from qa.answering.intent import yesno_predicate, yesno_verb
from qa.answering.pick import Pick, describe, done_by_another
from qa.answering.terms import stem, stemmed_terms
from qa.answering.vocabulary import held, says
from qa.translation import Translation, english_senses, names_in, pinyin_names, written_name

#: Words before a post that make it another post: a Vice Dean is no Dean.
_RANKS = frozenset("vice deputy assistant associate acting former honorary adjunct "
                   "emeritus".split())


#: A word a third or more of a document's retrieved sentences say (of at least six)
#: tells none of them apart: it decides no yes/no (``telling``).
_UBIQUITOUS = 1 / 3


_TELLING_SENTENCES = 6


def _name_words(question: str) -> list[re.Match[str]]:
    """The words of the names an English question gives: its capitalised words after the
    first, not acronyms ("IP address", "device IDs")."""
    words = list(re.finditer(r"[A-Za-z][\w'’-]*", question))[1:]
    return [m for m in words if m.group()[0].isupper() and m.group()[1:].islower()]


def question_names(question: str) -> frozenset[str]:
    """The lower-cased words of the names an English question gives (``_name_words``):
    "Was the case handled by the Beijing procuratorate?": beijing."""
    return frozenset(m.group().lower() for m in _name_words(question))


def names_written(question: str, texts: Sequence[str]) -> frozenset[str]:
    """The lower-cased words of the pinyin names an English question gives that one of
    the Chinese ``texts`` writes ("Did Yu Zhenmou surrender ...?" of a judgment writing
    于振某: yu, zhenmou): names an English text need not hold."""
    chinese = [t for t in texts if is_chinese(t)]
    return frozenset(w for words, forms in pinyin_names(question)
                     if any(f in t for f in forms for t in chinese) for w in words.split())


def name_runs(question: str) -> list[frozenset[str]]:
    """The names an English question gives, each as the stems of its words: runs of
    ``_name_words`` with only spaces between ("Is Southeast University in Guangdong?":
    {southeast, univers}, {guangdong})."""
    runs: list[list[str]] = []
    last = None
    for m in _name_words(question):
        if last is not None and not question[last:m.start()].strip():
            runs[-1].append(m.group())
        else:
            runs.append([m.group()])
        last = m.end()
    return [frozenset(stem(w.lower()) for w in run) for run in runs]


def ties_names(question: str, sentence: str) -> bool:
    """Whether an English ``sentence`` names each of the question's names when it gives
    two or more (a word of each): "Is Southeast University in Guangdong?" is decided
    only by a sentence naming both; one naming the university says nothing of where it
    is. True for a Chinese sentence, whose words an English name is not matched to."""
    runs = set(name_runs(question))
    if len(runs) < 2 or is_chinese(sentence):
        return True
    terms = stemmed_terms(sentence)
    return all(run & terms for run in runs)


#: "Did the court file the lawsuit?": the subject (a party or body, named or by its
#: role) and what follows it.
_DID_SUBJECT = re.compile(r"^\s*(?:did|does|do)\s+(?:the\s+)?(.+?)\s*\??\s*$", re.IGNORECASE)


_PARTIES = frozenset("""court courts procuratorate procuratorates organ organs plaintiff
    defendant prosecutor judge tribunal government police perpetrator infringer victim
    authority authorities bureau ministry""".split())


def active_subject(question: str) -> tuple[str, str] | None:
    """Of an English "did/does X <verb> ...?" whose X is a party or a body (a name, or a
    legal party noun: "the court"), X and the "who <verb> ...?" asking for the verb's doer;
    None for another question ("Does the company collect my data?": a policy's "we")."""
    m = _DID_SUBJECT.match(question)
    if m is None:
        return None
    words = m.group(1).split()
    # The verb: the first lower-case word after a name ("the Supreme People's
    # Procuratorate handle ..."), else after a party noun ("the procuratorial organs file").
    named = [i for i, w in enumerate(words[:4]) if w[:1].isupper() and w != "I"]
    parties = [i + 1 for i, w in enumerate(words[:4]) if w.lower() in _PARTIES]
    # ("Guangdong procuratorial organs handle": past the party noun after a name.)
    at = (max([named[-1] + 1, *parties]) if named and named[0] == 0
          else parties[0] if parties else 0)
    if not 0 < at < len(words) or not words[at].isalpha() or not words[at].islower() \
            or words[at] in EN_STOP:
        return None
    return " ".join(words[:at]), f"Who {' '.join(words[at:])}?"


def same_party(subject: str, doer: str) -> bool:
    """Whether the doer a source names is the question's subject: its name's words (in a
    Chinese doer, a form of its pinyin: ``qa.translation.names_in``), or for a subject
    named by its kind ("the court"), that kind or a legal near-synonym."""
    named = [w for w in subject.split() if w[:1].isupper() and w != "I"]
    if named and is_chinese(doer):
        # "Did Yu Zhenmou surrender ...?": a judgment writes him 于振某 (a Chinese name
        # found without its surname, 振某, is still his).
        return any(form in doer or (len(doer) > 1 and doer in form)
                   for _, forms in names_in(subject) for form in forms)
    terms = stemmed_terms(doer)
    if named:
        return all(stem(w.lower().removesuffix("'s").removesuffix("’s")) in terms
                   for w in named)
    return held(stem(subject.split()[-1].lower()), terms)


def asked_after(question: str, word: str) -> str:
    """The question from ``word`` on ("win the case" of "Did the procuratorial organs win
    the case?"): what it asks of its subject."""
    at = re.search(rf"\b{re.escape(word)}\b", question, re.IGNORECASE) if word else None
    return question[at.start():] if at is not None else ""


def asked_verb(question: str, translation: Translation | None
               ) -> tuple[frozenset[str], tuple[frozenset[str], ...], bool]:
    """What a yes/no question asks of its subject, in lower-cased English words: its
    verb, a group per word after it (any word of a group says that word), and whether
    a deciding clause must say those words (``exact``).

    English: "Did the procuratorial organs win the case?": (win), (case), not exact;
    the words of a passive's doer, exact ("Was the case handled by the Supreme People's
    Procuratorate?": (handled), (supreme), (people), (procuratorate)). A Chinese question
    read against English sentences (its dictionary ``translation``), exact: the first
    word of its predicate that the dictionary translates, and the others, each with the
    Chinese word itself ("检察机关是否赢得了诉讼？": (赢得, win, gain), (诉讼, action, case,
    lawsuit, litigation ...)). Empty when it asks no verb.

    Exact only where words are few and chosen: an English question's own paraphrase
    ("Does the company collect user's location information?" of "location data") would
    be refused (policyqa-dev --scope doc answerable refused 10.6% -> 33.8%)."""
    if translation is None:
        word = yesno_verb(question)
        if not word:
            return frozenset(), (), False
        after = asked_after(question, word)
        agent = re.search(r"\bby\b(.+)$", after)
        passive = agent is not None and not re.match(r"\s*(?:did|does|do)\b", question, re.I)
        rest = [t for t in query_terms(agent.group(1) if passive and agent else after)
                if t != word]
        return frozenset([word]), tuple(frozenset([t]) for t in rest), passive
    senses = {w: frozenset(t.lower() for t in targets) | {w} for w, targets in translation.groups}
    said = [senses[w] for w in query_terms(yesno_predicate(question)) if w in senses]
    return (said[0], tuple(said[1:]), True) if said else (frozenset(), (), False)


def english_words(text: str) -> list[str]:
    """The lower-cased English words of ``text``, in order."""
    return [t.lower() for t in re.findall(r"[A-Za-z][\w'’-]*", text)]


def holds_word(tokens: Sequence[str], group: frozenset[str], post: str) -> bool:
    """Whether ``tokens`` hold a word of ``group`` (by stem) that no rank word the
    ``post`` asked does not say comes before ("Vice Dean" holds no "dean")."""
    wanted = {stem(w.lower()) for w in group}
    return any(stem(t) in wanted and (k == 0 or tokens[k - 1] not in _RANKS
                                      or tokens[k - 1] in post.lower().split())
               for k, t in enumerate(tokens))


def telling(groups: tuple[frozenset[str], ...], found: Sequence[Candidate],
             doc: str) -> tuple[frozenset[str], ...]:
    """The word groups of a yes/no question (``asked_verb``'s rest) that tell one of the
    document's sentences from another: not a word a third or more of its retrieved
    sentences say as written (of six or more). "Did the court decide the case?" of a
    commentary that never says decide is not decided by "Interpretation case: ..."
    ("case" is in 9 of its 24 sentences); "Did the perpetrator pay compensation?" is by
    "... payment of public interest damage compensation" (compensation: 2 of 24)."""
    texts = [c.text for c in found if c.doc_id == doc]
    if len(texts) < _TELLING_SENTENCES:
        return groups
    return tuple(g for g in groups
                 if sum(says(g, t, near=False) for t in texts) < _UBIQUITOUS * len(texts))


def says_the_rest(found: Sequence[Candidate], i: int, clause: str, verb: frozenset[str],
                   rest: tuple[frozenset[str], ...], *, english: bool) -> bool:
    """Whether sentence ``i`` (its deciding ``clause`` for a Chinese question) says what
    an exact yes/no (``asked_verb``) asks after its verb: "Guangdong procuratorial organs
    handle ..." is no yes to "Was the case handled by the Supreme People's
    Procuratorate?", nor "They promptly filed civil public interest litigation" to
    检察机关是否提起了刑事诉讼？ (up to two words all said; of more, all but one). Only
    words the document says somewhere count: one it never says is a gap in the
    dictionary as often as in the sources (本案是否涉及人脸识别？: 识别 is "distinguish" to
    CC-CEDICT), and costs support before. An English passive's doer may stand outside
    the clause but must do the verb: "Was the compensation lawsuit proposed by the
    court?" of "Guangdong procuratorial organs ... creatively propose a compensation
    lawsuit with court support" is no yes."""
    sentence = found[i].text
    if english and done_by_another(sentence, next(iter(verb)),
                                   frozenset(stem(w) for group in rest for w in group), stem):
        return False
    doc = [c.text for c in found if c.doc_id == found[i].doc_id]
    said = [g for g in rest if any(says(g, text) for text in doc)]
    # (A Chinese clause goes on with what its sentence said before it: "后其赔偿了被害方各
    # 项经济损失……，并得到谅解" says whose 谅解, for 孔3某是否得到了被害方的谅解？, refused
    # in the seventeenth trial.)
    at = sentence.find(clause)
    # (Not an English clause read for a Chinese question: "检察机关是否赢得了诉讼？" is not
    # decided by a clause after "... a sense of gain".)
    where = (sentence if english else sentence[:at + len(clause)]
             if at >= 0 and is_chinese(clause) else clause)
    return sum(not says(g, where) for g in said) <= (0 if len(said) <= 2 else 1)


def post_described(found: Sequence[Candidate], support: Sequence[float], name: str,
                   post: str) -> tuple[int, Pick] | None:
    """The best-supported sentence (index into ``found``) and its description of ``name``
    ("Interpretation expert: Vice Dean, Professor, ...": ``pick.describe``) that says
    every word of ``post`` (a Chinese post: any of its English senses) with no rank word
    before them that the question does not ask ("Vice Dean" is no Dean); None when no
    description says so. ``support`` is per sentence of ``found``."""
    words = ([w for w in query_terms(post) if len(w) > 1] if is_chinese(post)
             else [w for w in english_words(post) if w not in EN_STOP])
    if not words:
        return None
    senses = ([frozenset({w, *english_senses(w)}) for w in words] if is_chinese(post)
              else [frozenset({w}) for w in words])
    for i in sorted(range(len(found)), key=lambda i: -support[i]):
        text = found[i].text
        written = (written_name(name, text) if is_chinese(name) and not is_chinese(text)
                   else name)
        pick = describe(text, written) if written else None
        if pick is None:
            continue
        tokens = english_words(text[pick.start:pick.end])
        if all(holds_word(tokens, group, post) for group in senses):
            return i, pick
    return None


#: A Chinese condition ends on 的 before its comma ("被告以反诉方式提出诉讼请求的，"); the
#: clause after it says what follows.
_CONDITION = re.compile(r"的\s*$")
_NEXT_CLAUSE = re.compile(r"\s*[，,]\s*([^，,。；;！!？?]+)")


def with_consequence(text: str, start: int, end: int) -> int:
    """Where the deciding clause ``text[start:end]`` ends once a Chinese condition's
    consequence is in: "被告以反诉方式提出诉讼请求的" decides nothing by itself, "...的，
    人民法院不予受理" says no ("Does a court accept a counterclaim by the defendant ...?"
    was "Yes: 第十六条 ... 被告以反诉方式提出诉讼请求的", this session's trial). ``end``
    for any other clause."""
    if not _CONDITION.search(text[start:end]):
        return end
    after = _NEXT_CLAUSE.match(text, end)
    return after.end(1) if after is not None else end


#: A Chinese rule's condition ends on 的 before a comma: what follows is the rule.
_CONDITION_END = re.compile(r"的\s*[，,]")


def rule_part(clause: str) -> str:
    """The part of a Chinese deciding clause that says the rule, after its condition
    ("人民检察院不服人民法院第一审判决、裁定的，可以向上一级人民法院提起上诉": "可以向上一级
    人民法院提起上诉"): a negation in the condition (不服) says nothing of the rule, whose
    modal word (可以, 不得, 应当) gives the answer. "Can the procuratorate appeal a
    first-instance judgment?" was "No" from 不服 (the sixteenth new-user trial). The
    whole clause when it states no condition, or is not Chinese."""
    ends = list(_CONDITION_END.finditer(clause))
    return clause[ends[-1].end():] if ends and is_chinese(clause) else clause


#: A duty asked: "Must/Shall X ...?", X是否必须/应当/应该/须…？
_DUTY_ASKED = re.compile(r"^\s*(?:must|shall)\b|是否(?:必须|应当|应该|须)", re.IGNORECASE)
#: A rule's permission, and its duty (应当, 应予, 必须, must, shall).
_PERMISSION = re.compile(r"可以|\b(?:may|can|could)\b", re.IGNORECASE)
_DUTY = re.compile(r"应|须|\b(?:must|shall|required)\b", re.IGNORECASE)


def permits_what_duty_asks(question: str, rule: str) -> bool:
    """Whether a yes/no question asks a duty (must, 是否必须/应当) of a ``rule``
    (``rule_part``) that only permits it (可以, may): "Must the procuratorate appeal a
    first-instance judgment?" is not decided by "……的，可以向上一级人民法院提起上诉" (was
    "Yes"); a permission neither says the duty nor denies it."""
    return bool(_DUTY_ASKED.search(question) and _PERMISSION.search(rule)
                and not _DUTY.search(rule))


#: "Can/May/Must the procuratorate withdraw ...?": a modal, a legal party or body (up
#: to three words before its noun) and the act asked of it.
_MODAL_ACT = re.compile(r"^\s*(?:can|may|must|shall|should|could)(?:n[’']t)?\s+(.+)$",
                        re.IGNORECASE)


def modal_act(question: str) -> str:
    """The verb of an English modal yes/no question asked of a legal party or body
    ("May the procuratorate withdraw the civil public interest lawsuit ...?": withdraw);
    "" for another question ("Can I delete my data?": a policy's reader is no party)."""
    m = _MODAL_ACT.match(question)
    if m is None:
        return ""
    words = english_words(m.group(1))
    at = next((k for k, w in enumerate(words[:4]) if w in _PARTIES), None)
    if at is None or at + 1 >= len(words) or words[at + 1] in EN_STOP:
        return ""
    return words[at + 1]


#: The words of an English yes/no question that say whom it asks about and what: its
#: first translated words, subject then verb ("Can a hotel require ...": hotel, require).
_ASKED_WORDS = 2


def says_asked_in_chinese(question: str, translation: Translation | None,
                          found: Sequence[Candidate], i: int, clause: str) -> bool:
    """Whether a Chinese deciding ``clause`` (of sentence ``i``) says whom and what an
    English yes/no question asks (its first ``_ASKED_WORDS`` words the dictionary
    ``translation``, English to Chinese, knows): each in one of its translations, where
    the clause's document says one somewhere (a word it never says is a gap in the
    dictionary as often as in the sources: "property manager" of 物业服务企业). "Can a
    hotel require guests to agree to face scanning before providing service?" is not
    decided by "物业服务企业……以人脸识别作为……唯一验证方式" of a regulation whose list of
    venues names 宾馆 (was "Yes", the fourteenth and fifteenth new-user trials). True
    without a translation."""
    if translation is None:
        return True
    asked = question.lower()
    groups = sorted((g for g in translation.groups if g[0] in asked),
                    key=lambda g: asked.find(g[0]))[:_ASKED_WORDS]
    doc = [c.text for c in found if c.doc_id == found[i].doc_id]
    return all(any(t in clause for t in targets) or not any(t in text for t in targets
                                                             for text in doc)
               for _, targets in groups)
