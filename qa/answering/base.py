"""The answerer interface: one abstract method, ``stream``; ``answer`` derives from it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from qa.models import Citation, Hit, Mode

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


def refusal() -> Draft:
    """The answer when the sources do not contain one."""
    return Draft(REFUSAL, True, [])


class Answerer(ABC):
    """Answers a question from numbered passages (passage n is ``passages[n - 1]``)."""

    mode: Mode

    @abstractmethod
    def stream(self, question: str, passages: Sequence[Hit]) -> AsyncIterator[str | Draft]:
        """Pieces of the answer text as they are produced, then the finished Draft."""

    async def answer(self, question: str, passages: Sequence[Hit]) -> Draft:
        """The finished Draft, without the pieces."""
        async for item in self.stream(question, passages):
            if isinstance(item, Draft):
                return item
        raise RuntimeError(f"{type(self).__name__}.stream ended without a Draft")
