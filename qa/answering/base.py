"""The answerer interface: one abstract method, ``stream``; ``answer`` derives from it."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from qa.models import Citation, Hit, Mode, Turn

#: The one refusal sentence: the answer prompt asks for it, the parsers look for it and
#: the tests compare against it.
REFUSAL = "The sources do not say."


@dataclass
class Draft:
    """An answerer's result before the service checks and times it."""

    answer: str
    refused: bool
    citations: list[Citation]
    warnings: list[str] = field(default_factory=list)
    dropped_markers: int = 0
    #: How strongly the evidence supports the answer, in [0, 1] (extractive answers).
    support: float | None = None
    #: ``[start, end)`` of the answer's sentences that no passage supports (LLM answers).
    unsupported: list[tuple[int, int]] = field(default_factory=list)


def refusal(support: float = 0.0) -> Draft:
    """The answer when the sources do not contain one (``support``: the best the
    sources gave the question)."""
    return Draft(REFUSAL, True, [], support=support)


def pieces(answer: str) -> list[str]:
    """A finished answer as the deltas it streams in: cut after each ``[n]`` marker that
    a space follows, the space kept with the piece before it (the pieces join back into
    ``answer``)."""
    parts = re.split(r"(?<=\]) ", answer)
    return [part if i == len(parts) - 1 else part + " " for i, part in enumerate(parts)]


class Answerer(ABC):
    """Answers a question from numbered passages (passage n is ``passages[n - 1]``).

    Built by the factories of ``qa.answering.registry``; one abstract method.
    """

    mode: Mode

    @abstractmethod
    def stream(self, question: str, passages: Sequence[Hit],
               question_vector: np.ndarray | None = None) -> AsyncIterator[str | Draft]:
        """Pieces of the answer text as they are produced, then the finished Draft.

        ``question_vector`` is the question's normalized embedding, shape (dimension,),
        the one retrieval used (the service embeds a question once); None: not embedded.
        """

    def compose_now(self, question: str, passages: Sequence[Hit],
                    question_vector: np.ndarray | None = None) -> Draft | None:
        """The finished Draft computed in the calling thread, for an answerer that waits
        on nothing (no server, no event loop), which ``stream`` then yields as ``pieces``;
        None for one that must stream. The service retrieves and answers in one worker
        thread when it is not None (each hand-over to a worker and back costs about
        0.1 ms, more on a busy machine)."""
        del question, passages, question_vector
        return None

    async def answer(self, question: str, passages: Sequence[Hit],
                     question_vector: np.ndarray | None = None) -> Draft:
        """The finished Draft, without the pieces."""
        async for item in self.stream(question, passages, question_vector):
            if isinstance(item, Draft):
                return item
        raise RuntimeError(f"{type(self).__name__}.stream ended without a Draft")

    async def condense(self, question: str, history: Sequence[Turn]) -> str | None:
        """The follow-up ``question`` rewritten to stand alone, or None when this answerer
        cannot (the service then combines it with the last user turn)."""
        del question, history
        return None
