"""The roles a "who" question asks about (the plaintiff, 被告人, the editor) and whether
a name in a sentence is said to hold one."""

from __future__ import annotations

import re

from index.keyword import query_terms
from index.text import is_chinese
from qa.answering.terms import stem, stemmed_terms
from qa.answering.vocabulary import naming, present
from qa.translation import english_senses


def role_words(role: str) -> frozenset[str]:
    """The words that name a role a "who" question asks about: the role itself (its legal
    near-synonyms count where it is read, ``says``), and for a Chinese role the lexicon
    does not hold, its dictionary senses (审判长: presiding, judge)."""
    words = {role}
    if is_chinese(role) and role not in naming():
        # (A compound the dictionary lacks by its words: 解读专家, interpretation expert.)
        words.update(english_senses(role) or [sense for word in query_terms(role)
                                              for sense in english_senses(word)])
    return frozenset(words)


def _role_names(words: frozenset[str]) -> frozenset[str]:
    """The stems naming a role: its words and their legal near-synonyms."""
    named = set[str]()
    for word in words:
        wanted = stem(word.lower())
        named |= naming().get(wanted, frozenset()) | {wanted}
    return frozenset(named)


def only_role(span: str, words: frozenset[str]) -> bool:
    """Whether ``span`` says nothing but the role (or a near-synonym of it)."""
    terms = stemmed_terms(span)
    named = _role_names(words)
    return bool(terms) and all(any(present(n, {t}) or n == t for n in named) for t in terms)


_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


#: What may stand between a role and its holder's name: "defendant Zhang San", "the
#: defendant was Zhang San", "Responsible editor:Shen Chen", 被告人张某, 原告：某公司.
_ROLE_THEN_NAME = re.compile(r"^(?:\s|[:：,，]|\b(?:the|a|an|is|was|were|being|named|called|"
                             r"Mr|Ms|Mrs|Dr)\b\.?)*$", re.IGNORECASE)


#: "Zhang San, the defendant", "Zhang San (defendant)", "Zhang San was the defendant".
_NAME_THEN_ROLE = re.compile(r"^(?:\s|[,，(（]|\b(?:the|a|an|is|was|were|as|acting|who)\b)*$",
                             re.IGNORECASE)


def _role_mentions(text: str, named: frozenset[str]) -> list[tuple[int, int]]:
    """Where ``text`` names the role (offsets of each English word whose stem, or Chinese
    word, is among ``named``)."""
    spans = [(m.start(), m.end()) for m in _ENGLISH_WORD.finditer(text)
             if _names_role(stem(m.group().lower().removesuffix("'s").removesuffix("’s")),
                            named)]
    for word in named:
        if is_chinese(word):
            at = text.find(word)
            while at >= 0:
                spans.append((at, at + len(word)))
                at = text.find(word, at + 1)
    return sorted(spans)


#: Endings that make a doer's noun of a verb: "Edit:" labels the editor.
_DOER_ENDINGS = ("or", "er", "r", "ist")


def _names_role(word: str, named: frozenset[str]) -> bool:
    """Whether a stemmed word names the role: one of its stems, or the verb its doer's
    noun is made from ("Edit:Ying Ying": the editor)."""
    return word in named or any(n.startswith(word) and n[len(word):] in _DOER_ENDINGS
                                for n in named if n.isascii())


def holds_role(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    """Whether the name at ``text[start:end]`` is said to hold the role ``words`` name: the
    role is named in it ("Guangdong procuratorial organs" of a plaintiff, whose legal
    near-synonym the procuratorate is), right beside it ("defendant Zhang San", "Zhang San,
    the defendant", "Responsible editor:Shen Chen"), or among the titles a label lists
    before it ("Interpretation expert: Vice Dean, Professor, ..., Shan Pingji").

    A name elsewhere in a sentence that names the role is another party's: "the
    procuratorial organs ... hold the infringer legally responsible" does not make the
    organs the infringer.
    """
    named = _role_names(words)
    own = frozenset(stem(w.lower()) for w in words if not is_chinese(w) or is_chinese(text))
    for at, until in _role_mentions(text, named):
        if start <= at and until <= end and _names_role(
                stem(text[at:until].lower().removesuffix("'s").removesuffix("’s")), own):
            # Named in it by the role's own word ("the defendant company"): a near-synonym
            # inside a name is the name's own word (原告是谁？ was "requires procuratorial
            # organs": procuratorial is near plaintiff).
            return True
        if until <= start and _ROLE_THEN_NAME.match(text[until:start]):
            return True
        if end <= at and _NAME_THEN_ROLE.match(text[end:at]):
            return True
        if until <= start and _labelled(text, at, start, end):
            return True
    return False


def _labelled(text: str, at: int, start: int, end: int) -> bool:
    """Whether the mention at ``at`` is a title in a label's list that the name at
    ``start:end`` closes: "<label>: <title>, <title>, ..., <name>." (no parenthesis open
    around the mention: "(... of the Supreme People's Procuratorate)" names another
    body)."""
    label = re.match(r"[\w'’-]*\s*[:：]", text[at:start])
    if label is not None:
        # The label itself ("Interpretation expert: ..., Shan Pingji").
        rest = text[at + label.end():start]
        return ":" not in rest and "：" not in rest and _closes(text, start, end)
    colon = max(text.rfind(":", 0, at), text.rfind("：", 0, at))
    if colon < 0 or ":" in text[at:start] or "：" in text[at:start]:
        return False
    before = text[colon:at]
    if before.count("(") > before.count(")") or before.count("（") > before.count("）"):
        return False
    return _closes(text, start, end)


def _closes(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is the last item of its sentence's list."""
    return not text[end:].strip(" .。;；") \
        and text[max(start - 2, 0):start].strip() in (",", "，", "")
