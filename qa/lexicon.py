"""A small legal thesaurus: a question's words also match their legal near-synonyms.

Questions and sources often name one thing in two ways ("what remedies were sought?"
against "...payment of public interest damage compensation"); the embedding model
bridges some of that, this list the common legal cases. Read at first use from
qa/lexicon/legal_synonyms.txt.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SYNONYMS = Path(__file__).parent / "lexicon" / "legal_synonyms.txt"


@lru_cache(maxsize=4)
def groups(path: Path = SYNONYMS) -> tuple[frozenset[str], ...]:
    """The concept groups of a thesaurus file (lowercased terms)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(frozenset(t.strip().lower() for t in line.split("|") if t.strip()))
    return tuple(out)


def related(term: str, path: Path = SYNONYMS) -> frozenset[str]:
    """Terms sharing a concept group with ``term`` (not including it)."""
    found: set[str] = set()
    for group in groups(path):
        if term in group:
            found |= group
    found.discard(term)
    return frozenset(found)
