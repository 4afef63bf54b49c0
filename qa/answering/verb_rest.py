"""The object of the verb an English "what did X <verb> <more>?" question asks about.

"What did the procuratorial organs combine with legal supervision functions?" asks for
what the organs combined: of "... the procuratorial organs ... combined the analysis of
"facial recognition" technology with legal supervision functions, ..." the words between
the verb and the question's own "with legal supervision", not the clause after them (the
sixteenth new-user trial answered "technology with legal supervision functions,
strengthened ..."). "What must the victim provide to hold the infringer liable?" asks
for what is provided: "evidence to prove the facts of the infringement", not the clause
saying the condition. (``pick.verb_object`` reads a question whose verb ends it; one
going on after its verb was read as a phrase.) Pure functions over the texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from qa.answering.alignment import EN_STOP, content_words, trim
from qa.answering.intent import is_base_verb

Span = tuple[int, int]

#: "What did/must/should <subject> <verb> <link> ...?"
_WHAT_AUX = re.compile(r"^\s*what\s+(?:do|does|did|will|would|can|could|may|might|should|"
                       r"must|shall)\s+([^?]+?)\s*\??\s*$", re.IGNORECASE)
#: Words that begin what a question says after its verb (its object being asked).
_LINKS = frozenset("with to into onto for from as on in under at by against through".split())
#: Words of a subject that are no noun of it.
_DETERMINERS = frozenset("the a an this that these those its their his her".split())
#: What ends the object in a sentence: a clause's end.
_CLAUSE_END = re.compile(r"[.;:!?(),，。；：]|$")


@dataclass(frozen=True)
class VerbRest:
    """An English "what <aux> <subject> <verb> <link> <rest>?" question, read: the
    subject's head noun, the verb, and the question's words from the link on."""

    subject: str
    verb: str
    rest: tuple[str, ...]


def verb_rest(question: str) -> VerbRest | None:
    """The subject's head, verb and rest of "what <aux> <subject> <verb> <link> ...?"
    ("What did the procuratorial organs combine with legal supervision functions?":
    organs, combine, (with, legal, supervision, functions)), or None for other
    questions: a verb that ends the question (``pick.verb_object`` reads those), a
    pronoun subject ("what do you collect for ...": a policy's many senses of its verb)."""
    m = _WHAT_AUX.match(question)
    if m is None:
        return None
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w'’-]*", m.group(1))]
    for k in range(1, len(words) - 1):
        if words[k + 1] in _LINKS and is_base_verb(words[k]) \
                and words[k] not in EN_STOP:
            subject = [w for w in words[:k] if w not in _DETERMINERS]
            if not subject or set(subject) & EN_STOP:
                return None
            return VerbRest(subject[-1], words[k], tuple(words[k + 1:]))
    return None


def object_of(asked: VerbRest, sentence: str, stem: Callable[[str], str]) -> Span | None:
    """The object of the asked verb in an English ``sentence`` that names the subject
    before using the verb: from after the verb to where the question's rest begins in
    the same clause ("... with legal supervision"), or to the clause's end. None when
    the sentence does not say the subject and then the verb, or nothing stands between."""
    head = stem(asked.subject)
    verb = stem(asked.verb)
    words = list(re.finditer(r"\b[A-Za-z][\w'’-]*\b", sentence))
    named = next((k for k, w in enumerate(words) if stem(w.group().lower()) == head), None)
    if named is None:
        return None
    used = next((w for w in words[named + 1:] if stem(w.group().lower()) == verb), None)
    if used is None:
        return None
    end = _CLAUSE_END.search(sentence, used.end())
    stop = end.start() if end is not None else len(sentence)
    link = asked.rest[0]
    said = [w for w in asked.rest[1:] if w not in EN_STOP][:1]
    if said:
        again = re.search(rf"\b{re.escape(link)}\s+(?:[\w'’-]+\s+){{0,2}}?{re.escape(said[0])}",
                          sentence[used.end():stop], re.IGNORECASE)
        if again is not None:
            stop = used.end() + again.start()
    s, e = trim(sentence, used.end(), stop)
    return (s, e) if e > s and content_words(sentence[s:e]) >= 1 else None
