"""A small legal thesaurus: a question's words also match their legal near-synonyms.

Questions and sources often name one thing in two ways ("what remedies were sought?"
against "...payment of public interest damage compensation"); the embedding model
bridges some of that, this list the common legal cases. Read at first use from
qa/lexicon/legal_synonyms.txt.

A line is one concept: its terms separated by "|". A concept may be a category with
kinds, each kind on an indented line after it starting with ">": a remedy is
compensation, an apology, an injunction... The category's terms match every kind's
(a sentence about compensation names a remedy), but one kind does not stand for another:
a sentence about compensation says nothing about an apology.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SYNONYMS = Path(__file__).parent / "lexicon" / "legal_synonyms.txt"


@dataclass(frozen=True)
class Concept:
    """One line of the thesaurus: its own terms and, for a category, its kinds' terms."""

    terms: frozenset[str]
    kinds: tuple[frozenset[str], ...] = ()

    @property
    def group(self) -> frozenset[str]:
        """Every term of the concept, its kinds' included."""
        return self.terms.union(*self.kinds)


def _terms(line: str) -> frozenset[str]:
    return frozenset(t.strip().lower() for t in line.split("|") if t.strip())


@lru_cache(maxsize=4)
def concepts(path: Path = SYNONYMS) -> tuple[Concept, ...]:
    """The concepts of a thesaurus file (lowercased terms).

    Raises ValueError for a kind line (``>``) with no category line before it.
    """
    out: list[Concept] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith(">"):
            if not out:
                raise ValueError(f"{path}:{number}: a kind ('>') needs a category line above")
            last = out[-1]
            out[-1] = Concept(last.terms, (*last.kinds, _terms(line[1:])))
        else:
            out.append(Concept(_terms(line)))
    return tuple(out)


def groups(path: Path = SYNONYMS) -> tuple[frozenset[str], ...]:
    """The concept groups of a thesaurus file: each concept's terms with its kinds'."""
    return tuple(c.group for c in concepts(path))


def related(term: str, path: Path = SYNONYMS) -> frozenset[str]:
    """Terms sharing a concept group with ``term`` (not including it)."""
    found: set[str] = set()
    for group in groups(path):
        if term in group:
            found |= group
    found.discard(term)
    return frozenset(found)


def narrow(term: str, path: Path = SYNONYMS, *, category: bool = False) -> frozenset[str]:
    """Terms that name what ``term`` names, ``term`` included: a category's term is named
    by any of its kinds, a kind only by its own kind's terms ("apology" is not named by
    "compensation", "remedy" is). With ``category``, a kind is also near its category's
    own terms ("apology" near "remedy"), not its sibling kinds."""
    found = {term}
    for concept in concepts(path):
        if term in concept.terms:
            found |= concept.group
        for kind in concept.kinds:
            if term in kind:
                found |= kind | (concept.terms if category else frozenset())
    return frozenset(found)
