"""Structured answers: the JSON schema the model is asked to fill, the request fields that
carry it in each server's dialect, and a parser that reads sentences out of the JSON as
it streams in.

The model answers ``{"sentences": [{"sources": [1, 2], "text": "..."}, ...]}`` (sources
first, so that a model constrained to the schema chooses its passage before it writes);
each sentence becomes ``text [1][2]`` in the usual answer. ``quote_schema`` instead lets
each sentence only be one of its passage's sentences, for models too small to copy one
faithfully. Servers take the schema in
different places (``dialect_fields``):

- ``json_schema``: OpenAI's ``response_format: {"type": "json_schema", "json_schema":
  {"name", "strict", "schema"}}``, also vLLM (0.6+), llama.cpp's C++ server, Ollama's
  ``/v1`` (0.5+) and LM Studio;
- ``json_object``: ``response_format: {"type": "json_object", "schema": ...}``, the form
  of llama-cpp-python's server (which rejects ``json_schema``) and of llama.cpp's server;
- ``guided_json``: vLLM's own extra field, for versions before ``response_format``
  schemas;
- ``format``: Ollama's native ``format`` field holding the schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Dialect = Literal["json_schema", "json_object", "guided_json", "format"]
#: The dialects ``auto`` tries, in order (``format`` only when asked for by name: servers
#: other than Ollama ignore the field silently).
AUTO_DIALECTS: tuple[Dialect, ...] = ("json_schema", "json_object", "guided_json")
SCHEMA_NAME = "cited_answer"
#: An answer is short: a model that may write more rambles past its sources (SmolLM2-135M
#: on the seed gold wrote 4.2 sentences an answer, most of them unsupported).
_MAX_SENTENCES = 3
_MAX_SENTENCE_CHARS = 600


def answer_schema(passages: int) -> dict[str, Any]:
    """The JSON schema of an answer over passages numbered 1..``passages``.

    Sources are an ``enum`` of the passage numbers, so a grammar-constrained server
    cannot even write a number that points nowhere.
    """
    numbers = list(range(1, max(passages, 1) + 1))
    return {
        "type": "object",
        "properties": {
            "sentences": {
                "type": "array",
                "minItems": 1,
                "maxItems": _MAX_SENTENCES,
                "items": {
                    "type": "object",
                    # Sources first: a grammar-constrained model picks the passage
                    # before it writes, and writes from it.
                    "properties": {
                        "sources": {"type": "array", "items": {"type": "integer",
                                                               "enum": numbers},
                                    "maxItems": 3},
                        "text": {"type": "string", "minLength": 1,
                                 "maxLength": _MAX_SENTENCE_CHARS},
                    },
                    "required": ["sources", "text"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["sentences"],
        "additionalProperties": False,
    }


def offered(sentence: str) -> str:
    """``sentence`` as a quote schema offers it: spaces collapsed, and without double
    quotes or backslashes (llama-cpp-python 0.3's grammar converter does not escape the
    backslash of an escaped quote in an ``enum`` string, and its server then drops the
    request). ``SentenceParser`` reads the chosen form back; map it to the sentence."""
    return " ".join(sentence.replace('"', "'").replace("\\", "/").split())


def quote_schema(quotes: Sequence[Sequence[str]], refusal: str) -> dict[str, Any]:
    """The JSON schema of an answer made of the passages' own sentences.

    ``quotes[n - 1]`` are the sentences of passage n. Each answer sentence names one
    passage, then picks one of that passage's sentences (an ``enum``), so a
    grammar-constrained server can only write text some passage says, under that
    passage's number; or the answer is the refusal alone, citing nothing.
    """
    choices: list[dict[str, Any]] = [
        {"type": "object",
         "properties": {"sources": {"type": "array", "items": {"const": n},
                                    "minItems": 1, "maxItems": 1},
                        "text": {"enum": list(dict.fromkeys(map(offered, sentences)))}},
         "required": ["sources", "text"], "additionalProperties": False}
        for n, sentences in enumerate(quotes, start=1) if sentences]
    refusing = {"type": "object",
                "properties": {"sources": {"const": []},
                               "text": {"const": refusal}},
                "required": ["sources", "text"], "additionalProperties": False}
    return {
        "type": "object",
        "properties": {
            "sentences": {"anyOf": [
                {"type": "array", "minItems": 1, "maxItems": _MAX_SENTENCES,
                 "items": {"anyOf": choices}},
                {"type": "array", "minItems": 1, "maxItems": 1, "items": refusing},
            ] if choices else [
                {"type": "array", "minItems": 1, "maxItems": 1, "items": refusing}]},
        },
        "required": ["sentences"],
        "additionalProperties": False,
    }


def dialect_fields(dialect: Dialect, schema: dict[str, Any]) -> dict[str, Any]:
    """The request body fields that ask a server of ``dialect`` for ``schema``."""
    if dialect == "json_schema":
        return {"response_format": {"type": "json_schema", "json_schema": {
            "name": SCHEMA_NAME, "strict": True, "schema": schema}}}
    if dialect == "json_object":
        return {"response_format": {"type": "json_object", "schema": schema}}
    if dialect == "guided_json":
        return {"guided_json": schema}
    if dialect == "format":
        return {"format": schema}
    raise ValueError(f"unknown structured-output dialect {dialect!r}: use one of "
                     "json_schema, json_object, guided_json, format")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a structured answer and the passage numbers it rests on."""

    text: str
    sources: tuple[int, ...]


class NotStructured(ValueError):
    """The reply is not the JSON that was asked for (a server that ignored the schema)."""


_OPENING = re.compile(r'\s*\{\s*"sentences"\s*:\s*\[')


class SentenceParser:
    """Reads ``Sentence``s out of the answer JSON while it arrives in pieces.

    ``feed`` returns the sentences completed so far (each once); ``close`` checks that
    the whole reply was the JSON asked for, else raises NotStructured.
    """

    def __init__(self) -> None:
        self._text = ""
        self._pos: int | None = None  # where the next array item may start
        self._done = False
        self._decoder = json.JSONDecoder()

    def feed(self, piece: str) -> list[Sentence]:
        """The sentences that ``piece`` completed."""
        self._text += piece
        if self._pos is None:
            opening = _OPENING.match(self._text)
            if opening is None:
                if not _could_open(self._text):
                    raise NotStructured(f"not the answer JSON: {self._text[:80]!r}")
                return []
            self._pos = opening.end()
        out: list[Sentence] = []
        while not self._done:
            rest = self._text[self._pos:]
            stripped = rest.lstrip(" \t\r\n,")
            skip = len(rest) - len(stripped)
            if not stripped:
                break
            if stripped[0] == "]":
                self._done = True
                self._pos += skip + 1
                break
            try:
                item, end = self._decoder.raw_decode(stripped)
            except ValueError:
                break  # incomplete: wait for more
            self._pos += skip + end
            sentence = _sentence(item)
            if sentence is not None:
                out.append(sentence)
        return out

    def close(self) -> None:
        """Raise NotStructured unless the reply held the whole sentences array."""
        if self._pos is None or not self._done:
            raise NotStructured(f"the answer JSON is incomplete: {self._text[-80:]!r}")

    @property
    def text(self) -> str:
        """Everything fed so far."""
        return self._text


def _could_open(text: str) -> bool:
    """Whether ``text`` may still grow into the opening ``{"sentences": [``."""
    target = '{"sentences":['
    squeezed = re.sub(r"\s+", "", text)
    return target.startswith(squeezed) or squeezed.startswith(target)


def _sentence(item: Any) -> Sentence | None:
    if not isinstance(item, dict):
        raise NotStructured(f"a sentence is not an object: {str(item)[:80]!r}")
    text = item.get("text")
    sources = item.get("sources", [])
    if not isinstance(text, str) or not isinstance(sources, list):
        raise NotStructured(f"a sentence lacks text or sources: {str(item)[:80]!r}")
    text = " ".join(text.split())
    if not text:
        return None
    numbers = tuple(dict.fromkeys(n for n in sources if isinstance(n, int)
                                  and not isinstance(n, bool)))
    return Sentence(text, numbers)
