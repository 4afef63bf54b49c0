"""Who personal information goes to: "Who do you share my information with?", "Who
receives my data?" asked of a privacy policy.

The answer is the recipient a sentence names after its verb of passing information on
("we may share your information with third-party service providers": "third-party
service providers"), not a person or a body named anywhere in it: such recipients are
classes ("advertisers", "our affiliates") that the "who" reading of names, courts and
procuratorates never finds, so these questions were refused (policyqa-dev: 3 of the 4
such questions, and one answered "Social Network"). English only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answering.candidates import Candidate
from qa.answering.negation import negated_start
from qa.answering.pick import Pick, first_found

# "who ... share/disclose/sell/... my information/data", "who receives/gets my data".
_ASKS = re.compile(r"^\s*(?:with\s+whom|to\s+whom|who(?:m)?)\b", re.IGNORECASE)
_PASSING_ON = re.compile(r"\b(?:shar|disclos|sell|sold|rent|transfer|receiv|get|gets|"
                         r"give|given|provid)\w*", re.IGNORECASE)
_INFORMATION = re.compile(r"\b(?:information|info|data|details|personal)\b", re.IGNORECASE)
# In a sentence: the verb of passing on, a few words of its object, then "with"/"to" and
# the recipient.
_GIVEN_TO = re.compile(
    r"\b(?:share[sd]?|sharing|disclose[sd]?|disclosing|sell|sells|sold|selling|rent|rents|"
    r"rented|renting|transfer(?:s|red|ring)?|provide[sd]?|providing|give|gives|gave|"
    r"given|make[s]? available|made available)\b"
    r"(?P<object>(?:\s+[\w'()/-]+){0,8}?)\s+(?:with|to)\s+(?P<recipient>[^,;:.]+)",
    re.IGNORECASE)
# Where the recipient's phrase ends: the clause or purpose after it.
_RECIPIENT_END = re.compile(
    r"\s+(?:for|in order|so that|who|that|which|unless|if|when|where|to|as|because|"
    r"except|without|in connection|in accordance|and (?:we|you|they)|may|will|can|could|"
    r"would|should|must|is|are|was|were|includes?|included)\b", re.IGNORECASE)
# Recipients no one asks about: the user, the site itself.
_NOT_RECIPIENTS = re.compile(r"^(?:you|us|me|we|our sites?|this site|the site|them|it)\b",
                             re.IGNORECASE)
# The user passing something on ("you can share ..."), a word or two before the verb.
_USER_DOES = re.compile(r"\byou(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
# A recipient named below this share of the refusal threshold says nothing of the asked
# information.
_FLOOR = 0.8
# The best this many sentences are read.
_SENTENCES = 8


def asks_recipient(question: str) -> bool:
    """Whether an English ``question`` asks who receives personal information."""
    return bool(_ASKS.match(question) and _PASSING_ON.search(question)
                and _INFORMATION.search(question))


def recipient(sentence: str) -> tuple[int, int] | None:
    """The ``(start, end)`` in ``sentence`` of the recipient it names after a verb of
    passing information on, or None."""
    for m in _GIVEN_TO.finditer(sentence):
        if negated_start(sentence, m.start()) != m.start() or _USER_DOES.search(
                sentence, 0, m.start()):
            # ("We do not share user details with advertisers"; "You may share photos
            # with your friends": no recipient of the site's.)
            continue
        start, end = m.span("recipient")
        cut = _RECIPIENT_END.search(sentence, start, end)
        end = cut.start() if cut is not None else end
        phrase = sentence[start:end].rstrip()
        if phrase and not _NOT_RECIPIENTS.match(phrase):
            return start, start + len(phrase)
    return None


def recipient_pick(question: str, found: Sequence[Candidate], support: Sequence[float],
                   ranked: Sequence[int], threshold: float) -> tuple[int, Pick] | None:
    """``(candidate index, Pick)`` of the best-supported sentence naming a recipient of
    the information an English "who ... share ... my information?" asks about; None when
    the question asks no such thing or no supporting sentence names one."""
    if not asks_recipient(question):
        return None
    return first_found([c.text for c in found], support, ranked, _FLOOR * threshold,
                       _SENTENCES, recipient)
