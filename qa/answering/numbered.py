"""Quote mode in plain text, for servers that take no JSON schema: the passages' sentences
that best match the question are listed numbered, best first (``[1] ...``), the model
answers with the numbers of those that answer, and each number it writes becomes that
sentence, verbatim, cited by its passage's ``[n]``.

The sentences are the ones the quote schema offers (``quote_schema``); here the prompt
lists them instead of a grammar enforcing them. The numbers are plain (``[3]``, not a
passage and a sentence: SmolLM2-135M, shown ``[2.3]`` labels, wrote labels that named no
sentence in 7 of 14 seed questions, plain numbers in 1 of 14). ``ChoiceParser`` reads
them in any common form (``[3]``, ``(3)``, ``3.`` or ``3`` opening the reply, ``Sentence
3``) as the reply streams in; a reply that names none is the model's own text, checked
and attributed as any plain-text answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answering.structured import Sentence

#: An answer is at most this many chosen sentences (as with the quote schema).
MAX_CHOICES = 3
# A sentence number: bracketed (the reply may end before the bracket closes), after
# "sentence"/"number"/"no."/"#", or opening the reply.
_CHOICE = re.compile(
    r"[\[(](\d{1,3})(?:[\])]|\Z)|(?:\bsentences?|\bnumbers?|\bno\.|#)\s*(\d{1,3})\b|\A\s*(\d{1,3})\b",
    re.IGNORECASE)
# The reply's end may be the middle of a number ("[1" of "[12]", "Sentence 1" of "... 12").
_OPEN_END = re.compile(r"(?:[\[(]|\bsentences?|\bnumbers?|\bno\.|#)?\s*\d{0,3}\Z",
                       re.IGNORECASE)


def numbered_sentences(offer: Sequence[tuple[int, str]]) -> str:
    """The offered ``(passage number, sentence)`` pairs as the numbered-answer prompt lists
    them: one a line, ``[k] sentence`` for the k-th, spaces and line breaks collapsed."""
    return "\n".join(f"[{k}] {' '.join(text.split())}"
                     for k, (_, text) in enumerate(offer, start=1))


class ChoiceParser:
    """Reads the sentences a reply chooses by number, while it arrives in pieces.

    ``offer`` are the listed ``(passage number, sentence)`` pairs, sentence k at index
    k - 1. ``feed`` returns the sentences whose numbers completed (each once, in the
    reply's order, at most ``MAX_CHOICES``), cited by their passage; ``close`` those left
    when the reply ends. A number that names no listed sentence is counted in
    ``unknown``, not returned.
    """

    def __init__(self, offer: Sequence[tuple[int, str]]) -> None:
        self._offer = [(n, " ".join(text.split())) for n, text in offer]
        self._text = ""
        self._pos = 0  # where the next number may start
        self._chosen: list[int] = []
        self._after = 0  # where the last chosen number ends
        #: Numbers in the reply that name no listed sentence.
        self.unknown = 0

    def feed(self, piece: str) -> list[Sentence]:
        """The sentences whose numbers ``piece`` completed."""
        self._text += piece
        return self._read(final=False)

    def close(self) -> list[Sentence]:
        """The sentences of numbers at the very end of the reply."""
        return self._read(final=True)

    @property
    def chosen(self) -> int:
        """How many sentences have been chosen so far."""
        return len(self._chosen)

    @property
    def done(self) -> bool:
        """Whether the rest of the reply can choose nothing more: ``MAX_CHOICES`` are
        chosen, or a line ended after the last chosen number (what a small model writes
        next is its own text, or the rest of the list echoed: SmolLM2-135M went on for its
        whole token budget)."""
        return len(self._chosen) >= MAX_CHOICES or \
            (bool(self._chosen) and "\n" in self._text[self._after:])

    @property
    def text(self) -> str:
        """Everything fed so far."""
        return self._text

    def _read(self, final: bool) -> list[Sentence]:
        out: list[Sentence] = []
        if not final:
            # Hold back a possible number the next piece may still change.
            tail = _OPEN_END.search(self._text, self._pos)
            end = tail.start() if tail is not None and tail.end() == len(self._text) \
                else len(self._text)
        else:
            end = len(self._text)
        while (m := _CHOICE.search(self._text, self._pos, end)) is not None:
            if len(self._chosen) >= MAX_CHOICES or \
                    (self._chosen and "\n" in self._text[self._after:m.start()]):
                break  # done: the rest is not read
            self._pos = m.end()
            k = int(next(g for g in m.groups() if g is not None))
            if not 1 <= k <= len(self._offer):
                self.unknown += 1
            elif k not in self._chosen and len(self._chosen) < MAX_CHOICES:
                self._chosen.append(k)
                self._after = m.end()
                n, text = self._offer[k - 1]
                out.append(Sentence(text, (n,)))
        return out
