"""The answerers a service offers, by mode: the one place they are built.

``register(mode, factory)`` is the extension point: the service, the app, ``caseqa ask``
and the evaluation all get their answerers from ``build``, so a fake registered in a test
answers through every one of them. A factory returns None when its mode cannot be
offered (the LLM answerer without a configured server).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from index.embedding import Embedder
from qa.answering.base import Answerer
from qa.models import MODES, Mode
from qa.settings import Settings

if TYPE_CHECKING:  # the HTTP client is imported only when an LLM is configured
    from qa.answering.extractive import ExtractiveAnswerer
    from qa.answering.sentence_vectors import SentenceVectors
    from qa.llm_client import LLMClient


@dataclass(frozen=True)
class AnswererContext:
    """What a factory may build an answerer from."""

    settings: Settings
    embedder: Embedder
    #: The service's one LLM client, or None when no server is configured.
    llm_client: LLMClient | None = None

    @cached_property
    def sentence_vectors(self) -> SentenceVectors | None:
        """The index's stored sentence vectors (``qa.answering.sentence_vectors``), read
        once for every answerer of this context."""
        from qa.answering.sentence_vectors import load

        return load(self.settings.index.dir, self.embedder)


Factory = Callable[[AnswererContext], Answerer | None]
_FACTORIES: dict[Mode, Factory] = {}


def register(mode: Mode, factory: Factory) -> Factory | None:
    """Make ``factory`` build the answerer of ``mode``; returns the factory it replaces."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: the modes are {', '.join(MODES)}")
    previous = _FACTORIES.get(mode)
    _FACTORIES[mode] = factory
    return previous


def build(context: AnswererContext) -> dict[Mode, Answerer]:
    """Every answerer that can be offered in ``context``, by mode."""
    built = {mode: factory(context) for mode, factory in _FACTORIES.items()}
    return {mode: answerer for mode, answerer in built.items() if answerer is not None}


def _extractive(context: AnswererContext) -> ExtractiveAnswerer:
    from qa.answering.extractive import ExtractiveAnswerer

    retrieval = context.settings.retrieval
    return ExtractiveAnswerer(context.embedder, context.settings.answer,
                              retrieval.cross_lingual_model, retrieval.query_translation,
                              context.sentence_vectors)


def _llm(context: AnswererContext) -> Answerer | None:
    if context.llm_client is None:
        return None
    from qa.answering.llm import LLMAnswerer

    # The extractive answerer's own scoring, for the passages the model sees (its
    # models are the process's, loaded once).
    return LLMAnswerer(context.llm_client, context.settings, judge=_extractive(context))


register("extractive", _extractive)
register("llm", _llm)
