"""Metadata filters checked once, for every backend: plain field names, scalar values."""

from __future__ import annotations

import re

from index.errors import InputError
from index.records import Filters

_FILTER_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
Scalar = str | int | float | bool


def filter_terms(filters: Filters | None) -> list[tuple[str, list[Scalar]]]:
    """``filters`` as (field, any-of values) pairs, all of which must hold.

    Raises InputError for a key that is not a plain field name, or a value that is not
    a string, number, boolean or a non-empty list of them.
    """
    terms: list[tuple[str, list[Scalar]]] = []
    for key, wanted in (filters or {}).items():
        if not isinstance(key, str) or not _FILTER_KEY.match(key):
            raise InputError(f"filter key {key!r} is not a plain metadata field name")
        values = wanted if isinstance(wanted, list) else [wanted]
        if not values or not all(isinstance(v, str | int | float | bool) for v in values):
            raise InputError(f"filter {key!r} must be a string, number, boolean or a list of them")
        terms.append((key, list(values)))
    return terms
