"""Page maps: where each page of a document starts, and which pages a span covers.

A document's page map is the ``page_starts`` list in its metadata (so every store keeps
it with the document): the character offset where page 1, 2, ... starts, from 0, never
decreasing. PDF and Word files get one from extraction; corpus JSONL may give one.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Any

from index.errors import InputError

PAGE_STARTS = "page_starts"


def page_starts(metadata: Mapping[str, Any]) -> list[int] | None:
    """The page map in a document's metadata, or None when it has none."""
    starts = metadata.get(PAGE_STARTS)
    return starts if isinstance(starts, list) and starts else None


def check_page_starts(metadata: Mapping[str, Any], length: int, where: str) -> None:
    """Raise InputError unless the metadata's page map (if any) fits a text of ``length``."""
    if PAGE_STARTS not in metadata:
        return
    starts = metadata[PAGE_STARTS]
    if (not isinstance(starts, list) or not starts
            or not all(type(s) is int for s in starts)):
        raise InputError(f"{where}: metadata.{PAGE_STARTS} must be a non-empty list of "
                         "character offsets (integers), one per page")
    if starts[0] != 0 or any(b < a for a, b in itertools.pairwise(starts)) \
            or starts[-1] > length:
        raise InputError(f"{where}: metadata.{PAGE_STARTS} must start at 0 and never "
                         f"decrease, within the text's {length} characters")


def pages_of(starts: Sequence[int] | None, start: int, end: int) -> list[int]:
    """The 1-based pages the span ``[start, end)`` covers ([] without a page map)."""
    if not starts or end <= start:
        return []
    first = bisect_right(starts, start)
    last = bisect_right(starts, end - 1)
    # A page that starts where the next one does holds no text: never name it.
    return [p for p in range(first, last + 1)
            if p == len(starts) or starts[p] > starts[p - 1]]
