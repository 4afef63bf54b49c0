"""Whether a follow-up question needs the conversation before it to be understood.

Without an LLM to rewrite follow-ups, caseqa asks a question together with the previous
turn only when the question points back: a pronoun or demonstrative with nothing it
could refer to inside the question ("what is his position?", "他的职务是什么？"), or an
elliptical start ("and the second one?", "what about the appeal?", "那么被告呢？").
"""

from __future__ import annotations

import re

_EN_POINTER = re.compile(
    r"\b(he|him|his|she|her|hers|it|its|they|them|their|theirs|this|that|these|those|"
    r"the same|the former|the latter|the (?:first|second|third|other|last) one|"
    r"the above|said)\b", re.IGNORECASE)
_EN_ELLIPSIS = re.compile(r"^\s*(and|or|but|also|what about|how about|then|so)\b",
                          re.IGNORECASE)
# "this website", "that court": a demonstrative with its own noun refers to something
# the question names; alone ("what did that mean?") it points back.
_EN_SELF_NAMED = re.compile(
    r"\b(this|that|these|those)\s+(?!is\b|was\b|are\b|were\b|means?\b|meant\b|one\b)[a-z]{3,}",
    re.IGNORECASE)
_ZH_POINTER = re.compile(r"(?<!其)他(?!人)|她|它|(?<![尤及极与])其(?![他中实余次])|上述|前者|后者|"
                         r"该[人者]|此人|这个人|那个人|这些|那些|"
                         r"第[一二三四五六七八九十\d]+个")
_ZH_ELLIPSIS = re.compile(r"^\s*(那么?|还有|另外|以及|和|而)|呢[？?]?\s*$")


def needs_context(question: str) -> bool:
    """Whether ``question`` refers back to the conversation (see the module docstring)."""
    text = question.strip()
    if not text:
        return False
    if _ZH_ELLIPSIS.search(text) or _ZH_POINTER.search(text):
        return True
    if _EN_ELLIPSIS.search(text):
        return True
    pointers = _EN_POINTER.findall(text)
    self_named = {m.group(1).lower() for m in _EN_SELF_NAMED.finditer(text)}
    return any(p.lower() not in self_named for p in pointers)
