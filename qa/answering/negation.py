"""The English negation that bears on a yes/no answer's span from outside it.

A yes/no answer is decided by its span ("use cookies to collect personal information"),
and a span that starts after its verb's negation reads as the opposite of what the
sentence says: "We do not use cookies to collect personal information" answered "Do
you use cookies ...?" with "Yes: use cookies to collect personal information", and "we
do not sell, rent, share or disclose the personally identifiable information" answered
"Yes: share or disclose ..." (policyqa-dev, 14 of 260 yes/no answers). ``negated_start``
moves such a span's start back over the negation, so the answer says it and reads "No".
"""

from __future__ import annotations

import re

# A verb's negation, with the auxiliary it hangs on ("do not", "will never", "cannot").
_NEGATED = re.compile(
    r"\b(?:(?:do|does|did|will|would|may|might|can|could|shall|should|must|is|are|was|"
    r"were|have|has|had)\s+(?:not|never)|don't|doesn't|didn't|won't|wouldn't|can't|cannot|"
    r"isn't|aren't|wasn't|weren't|haven't|hasn't|never)\b", re.IGNORECASE)
# "Do Not Track", the browser signal: a name, no negation.
_NOT_DENYING = re.compile(r"do\s+not\s+track\b", re.IGNORECASE)
# Between a negation and the span only the verbs of one coordination may stand ("do not
# sell, rent, | share ..."): pieces of at most this many words.
_PIECE_WORDS = 2
# Words that open another clause or phrase: a negation before them bears on that one.
_OPENS = frozenset("which that who whom whose if when where unless except but because so "
                   "although while whether to for with by from about".split())


def negated_start(sentence: str, start: int) -> int:
    """Where a span of ``sentence`` starting at ``start`` starts once the negation of its
    own verb is taken in: the start of "do not" in "We do not use cookies" for the span
    "use cookies", of "do not sell" for the span "share or disclose" in "we do not sell,
    rent, share or disclose"; ``start`` itself when no negation bears on it."""
    before = sentence[:start]
    edge = max(before.rfind("."), before.rfind(";"), before.rfind(":")) + 1
    found = None
    for m in _NEGATED.finditer(before, edge):
        found = m
    if found is None:
        return start
    if _NOT_DENYING.match(sentence, found.start()):
        return start
    between = before[found.end():]
    pieces = [p.split() for p in re.split(r",|\bor\b|\band\b", between)]
    if any(len(p) > _PIECE_WORDS or any(w.lower() in _OPENS for w in p) for p in pieces):
        return start
    return found.start()
