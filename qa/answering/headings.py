"""Section headings that flattened text runs into the sentence after them.

A policy or commentary pasted as plain text often loses the line break after a heading:
"Use of Information We use the information we collect to: ..." reads as one sentence,
whose heading words ("Use", "Information") then count for it and start its answer span
("Yes: Use of Information We use the information we collect"). ``heading_end`` finds
where such a heading stops and the sentence that states something starts.

English only: a heading is a run of capitalised words (and the short function words
titles keep in lower case) of at least two words, followed by a word that opens an
English sentence (We, You, If, This, ...) and then a lower-case word. A run followed by
any other capitalised word is not split ("Dog Breed Info Center uses Google AdSense":
a name, not a heading).
"""

from __future__ import annotations

import itertools
import re

# Words a title keeps in lower case.
_TITLE_LOWER = frozenset(
    "a an and or of the to for with in on at by from via about as into under & - vs".split())
# Words that open a sentence after a heading ("... Information We use ...").
_OPENERS = frozenset(
    "We You Our Your If When Whenever This These Those The In To Some Any All For As By "
    "Unless Where It They Please Each Such Certain Most Except Although While Upon "
    "Depending Like".split())
_WORD = re.compile(r"\S+")
# A heading is at most this many words: past that, a capitalised run is a name or a title
# quoted in a sentence.
_MAX_HEADING_WORDS = 14


def _capitalised(word: str) -> bool:
    core = word.strip("\"'“”‘’()[]:,;-–—?")
    return bool(core) and (core[0].isupper() or core[0].isdigit())


def heading_end(sentence: str) -> int:
    """The offset in ``sentence`` where the sentence after a run-in heading starts, or 0
    when it opens with none ("How We Secure Your Information We make every effort ...":
    31, the offset of "We make")."""
    # The first word in lower case that a title would not keep ends the run. (Read word
    # by word up to it: every candidate sentence of every question is read here, and most
    # end the run by their second word.)
    words: list[tuple[int, str]] = []
    first_lower = None
    for m in itertools.islice(_WORD.finditer(sentence), _MAX_HEADING_WORDS + 2):
        words.append((m.start(), m.group()))
        if not _capitalised(m.group()) and m.group().lower() not in _TITLE_LOWER:
            first_lower = len(words) - 1
            break
    if first_lower is None or first_lower < 3 or first_lower > _MAX_HEADING_WORDS + 1:
        return 0
    opener = first_lower - 1
    start, word = words[opener]
    if word not in _OPENERS:
        return 0
    heading = [w for _, w in words[:opener]]
    if sum(_capitalised(w) for w in heading) < 2 or heading[-1].lower() in _TITLE_LOWER:
        return 0
    if any(w.endswith((",", ".", "!", "?", ";")) for w in heading):
        # (A sentence of its own before, or an opening phrase: "In Canada, We ...".)
        return 0
    return start
