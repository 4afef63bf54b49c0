"""API keys: random tokens kept only as their sha256, presented as ``Authorization:
Bearer KEY`` or ``X-API-Key: KEY``, each with a scope (read or admin)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from typing import Literal

from qa.settings import ApiKey

Access = Literal["open", "read", "admin"]
#: Prefix of keys made by ``caseqa keys new``: easy to spot in a leaked file or a scanner.
PREFIX = "cqa_"


def hash_key(key: str) -> str:
    """The hex sha256 of a key, as stored in the settings."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    """A fresh key with 256 bits of randomness (so an unsalted hash is enough)."""
    return PREFIX + secrets.token_urlsafe(32)


def presented_key(headers: Mapping[str, str]) -> str | None:
    """The credential a request carries, if any (a non-bearer Authorization counts too,
    so that it is refused rather than ignored)."""
    authorization = headers.get("authorization", "").strip()
    if authorization:
        scheme, _, token = authorization.partition(" ")
        return token.strip() if scheme.lower() == "bearer" else authorization
    api_key = headers.get("x-api-key", "").strip()
    return api_key or None


class KeyRing:
    """The configured keys, matched in constant time against a presented one."""

    def __init__(self, keys: Sequence[ApiKey]) -> None:
        self._keys = [(bytes.fromhex(k.sha256), k) for k in keys]

    def __bool__(self) -> bool:
        return bool(self._keys)

    def find(self, presented: str) -> ApiKey | None:
        """The key whose hash matches, or None."""
        digest = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).digest()
        found = None
        for stored, key in self._keys:  # no early exit: every key is compared
            if hmac.compare_digest(stored, digest):
                found = key
        return found


def grants(scope: str, needed: Access) -> bool:
    """Whether a key of ``scope`` may do what needs ``needed``."""
    return needed == "open" or scope == "admin" or (scope == "read" and needed == "read")
