"""Metadata filters of a search or question: bounded, and one rule for value types.

A filter is ``{field: value or [any of values]}``; a document matches when, for every
field, its metadata value equals one of the values. The type rule: a value matches the
metadata value that is equal to it *or written the same*, so ``2019`` and ``"2019"`` match
each other, as do ``true`` and ``"true"`` (JSON clients and CSV-born metadata disagree on
types; a silent empty result for an obvious match helps no one). Lists, objects and null
are not filter values.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from qa.errors import BadQuestion

Scalar = str | int | float | bool
_NUMBER = re.compile(r"-?(0|[1-9]\d{0,17})(\.\d+)?([eE][+-]?\d+)?")


def _spellings(value: Scalar) -> list[Scalar]:
    """``value`` and the values of other JSON types written the same."""
    if isinstance(value, bool):
        return [value, "true" if value else "false"]
    if isinstance(value, int | float):
        texts = [json.dumps(value)]
        if isinstance(value, float) and value.is_integer():
            texts.append(str(int(value)))
        return [value, *texts]
    if value in ("true", "false"):
        return [value, value == "true"]
    if _NUMBER.fullmatch(value):
        number = json.loads(value)
        if isinstance(number, int | float) and math.isfinite(number):
            return [value, number]
    return [value]


def check_filters(filters: Mapping[str, Any] | None, max_fields: int,
                  max_values: int) -> dict[str, list[Scalar]] | None:
    """The filters with every value's equal spellings added, or BadQuestion saying why not.

    ``max_fields`` bounds the fields and ``max_values`` the values of all fields together
    (a filter is one SQL condition per field: thousands would exhaust the database's
    expression depth).
    """
    if filters is None:
        return None
    if not isinstance(filters, Mapping):
        raise BadQuestion("filters must be an object: {field: value or [values]}")
    if len(filters) > max_fields:
        raise BadQuestion(f"filters has {len(filters)} fields; the limit is {max_fields} "
                          "(CASEQA_RETRIEVAL__MAX_FILTER_FIELDS)")
    out: dict[str, list[Scalar]] = {}
    count = 0
    for key, wanted in filters.items():
        values = wanted if isinstance(wanted, list) else [wanted]
        if not values or not all(isinstance(v, str | int | float | bool) for v in values):
            raise BadQuestion(f"filter {key!r} must be a string, number, boolean or a "
                              "non-empty list of them")
        if any(isinstance(v, float) and not math.isfinite(v) for v in values):
            raise BadQuestion(f"filter {key!r} holds a number that is not finite")
        count += len(values)
        if count > max_values:
            raise BadQuestion(f"filters hold more than {max_values} values "
                              "(CASEQA_RETRIEVAL__MAX_FILTER_VALUES)")
        spelled: list[Scalar] = []
        for value in values:
            spelled.extend(s for s in _spellings(value)
                           if not any(s == t and type(s) is type(t) for t in spelled))
        out[key] = spelled
    return out
