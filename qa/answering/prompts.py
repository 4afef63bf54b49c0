"""Prompt templates (plain text files in ``prompts/`` with named ``{placeholders}``) and
the numbered sources that fill the answer prompt within the context window.

A template is read at run time. Lines ``[[system]]``, ``[[user]]`` and ``[[assistant]]``
(a worked example's reply) start the chat messages it renders to (text before the first
such line belongs to the user message).
``{{`` and ``}}`` are literal braces. Rendering fails loudly when a value is missing or
when a value is given that the template does not use, so a renamed placeholder cannot
silently drop a passage or the question.
"""

from __future__ import annotations

import os
import re
import string
import sysconfig
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, TypedDict

from index.keyword import cjk_fraction
from qa.errors import QAError
from qa.models import Hit


def _default_dir() -> Path:
    """The checkout's prompts/ (an editable install), else the copy a wheel installed."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "prompts").is_dir():
        return checkout / "prompts"
    for scheme in (sysconfig.get_default_scheme(), f"{os.name}_user"):
        installed = Path(sysconfig.get_path("data", scheme)) / "share" / "caseqa" / "prompts"
        if installed.is_dir():
            return installed
    return checkout / "prompts"  # not found: load_prompt says so, naming the path


#: The folder of the prompt templates (CASEQA_PROMPTS_DIR overrides it).
DEFAULT_DIR = _default_dir()
_SECTION = re.compile(r"^\[\[(system|user|assistant)\]\][ \t]*\n?", re.MULTILINE)


_ROLES: dict[str, Literal["system", "user", "assistant"]] = {
    "system": "system", "user": "user", "assistant": "assistant"}


class Message(TypedDict):
    """One chat-completions message."""

    role: Literal["system", "user", "assistant"]
    content: str


class PromptError(QAError, ValueError):
    """A template that cannot be rendered as asked (or found)."""


@dataclass(frozen=True)
class Template:
    """A prompt template and the names of its placeholders."""

    name: str
    text: str

    @property
    def placeholders(self) -> frozenset[str]:
        """The names of the template's ``{placeholders}``."""
        names = set()
        try:
            parsed = list(string.Formatter().parse(self.text))
        except ValueError as exc:
            raise PromptError(f"prompt {self.name!r}: {exc} (write literal braces as "
                              "{{ and }})") from exc
        for _, field, spec, conversion in parsed:
            if field is None:
                continue
            if not field.isidentifier() or spec or conversion:
                raise PromptError(f"prompt {self.name!r}: placeholder {{{field}}} must be a "
                                  "plain name like {question}")
            names.add(field)
        return frozenset(names)

    def require(self, names: set[str] | frozenset[str]) -> Template:
        """Fail now, not on the first request, unless the placeholders are exactly ``names``."""
        self._check(set(names))
        return self

    def render(self, **values: str) -> str:
        """The text with every placeholder replaced; values are inserted verbatim."""
        self._check(set(values))
        return self.text.format(**values)

    def messages(self, **values: str) -> list[Message]:
        """The rendered template split into chat messages at ``[[system]]``, ``[[user]]``
        and ``[[assistant]]`` lines."""
        self._check(set(values))
        # Split the template, not the rendered text: a value that contains "[[user]]"
        # (a document, a question) must not start a message of its own.
        parts = _SECTION.split(self.text)
        out: list[Message] = []
        if parts[0].strip():
            out.append({"role": "user", "content": parts[0].format(**values).strip()})
        for role, body in zip(parts[1::2], parts[2::2], strict=True):
            content = body.format(**values).strip()
            if content:
                out.append({"role": _ROLES[role], "content": content})
        if not out:
            raise PromptError(f"prompt {self.name!r} renders to nothing")
        return out

    def _check(self, given: set[str]) -> None:
        wanted = set(self.placeholders)
        missing, unknown = sorted(wanted - given), sorted(given - wanted)
        if missing:
            raise PromptError(f"prompt {self.name!r} needs a value for "
                              f"{', '.join('{' + m + '}' for m in missing)}")
        if unknown:
            raise PromptError(f"prompt {self.name!r} has no placeholder "
                              f"{', '.join('{' + u + '}' for u in unknown)}; "
                              f"it uses {', '.join(sorted(wanted)) or 'none'}")


def load_prompt(name: str, directory: Path | None = None) -> Template:
    """The template ``<directory>/<name>.txt`` (default: the project's ``prompts/``)."""
    folder = directory or DEFAULT_DIR
    path = folder / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"prompt template {path} not found: restore it from the "
                          "repository or set CASEQA_PROMPTS_DIR to a folder that has "
                          f"{name}.txt") from None
    template = Template(name, text)
    template.placeholders  # noqa: B018  (parse now so a broken template fails on load)
    return template


# -- what goes into the answer prompt --------------------------------------------------

_TAG = re.compile(r"<(/?)(source)", re.IGNORECASE)
# Function words that mark a question as English (a guess is enough: it is a hint).
_ENGLISH = frozenset("the a an of to in on for by with is are was were be been do does did "
                     "what which who whom whose when where why how and or not any that this "
                     "it its there can could should would must may has have had".split())
# Below this many tokens a truncated passage is too short to be worth citing.
_MIN_PASSAGE_TOKENS = 24


def format_source(n: int, hit: Hit) -> str:
    """Passage ``n`` between ``<source>`` tags; tags inside the text are defused, so a
    document cannot close its own source and speak as the prompt."""
    title = _TAG.sub(r"‹\1\2", hit.title).replace('"', "'").replace("\n", " ")
    text = _TAG.sub(r"‹\1\2", hit.text).strip()
    return f'<source n="{n}" title="{title}">\n{text}\n</source>'


def format_sources(passages: Sequence[Hit]) -> str:
    """The numbered passages as the answer prompt shows them (passage n is ``[n]``)."""
    return "\n\n".join(format_source(n, hit) for n, hit in enumerate(passages, start=1))


def fit_passages(passages: Sequence[Hit], budget: int, count: Callable[[str], int]) -> list[Hit]:
    """The most relevant passages (a prefix of ``passages``, best first) whose formatted
    sources take at most ``budget`` tokens; the first is cut short if even it is too long."""
    kept: list[Hit] = []
    used = 0
    for n, hit in enumerate(passages, start=1):
        cost = count(format_source(n, hit)) + (2 if kept else 0)  # the blank line between
        if used + cost > budget:
            if not kept:
                cut = _truncate(hit, budget, count)
                kept.extend([cut] if cut is not None else [])
            break
        kept.append(hit)
        used += cost
    return kept


def _truncate(hit: Hit, budget: int, count: Callable[[str], int]) -> Hit | None:
    """The longest start of ``hit`` that fits (still an exact span of its document)."""
    if budget < _MIN_PASSAGE_TOKENS:
        return None
    lo, hi = 0, len(hit.text)
    while lo < hi:  # the longest prefix length whose source fits
        mid = (lo + hi + 1) // 2
        if count(format_source(1, replace(hit, text=hit.text[:mid]))) <= budget:
            lo = mid
        else:
            hi = mid - 1
    text = hit.text[:lo].rstrip()
    if count(text) < _MIN_PASSAGE_TOKENS // 2:
        return None
    return replace(hit, text=text, end=hit.start + len(text))


def language_of(question: str) -> str:
    """How the answer prompt names the language to answer in."""
    if cjk_fraction(question) >= 0.3:
        return "Chinese (中文), the language of the question"
    words = re.findall(r"[^\W\d_]+", question.casefold())
    if words and all(w.isascii() for w in words) and \
            sum(w in _ENGLISH for w in words) >= max(1, len(words) // 5):
        return "English, the language of the question"
    return "the language of the question"
