"""Tokens: random, shown once, kept only as hashes, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: Bytes of randomness in a token: 256 bits (the issue asks for at least 128).
TOKEN_BYTES = 32


def new() -> str:
    """A fresh token, URL-safe (it travels in a login link)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """What the store keeps of a token: its SHA-256. A token has 256 random bits, so a fast
    hash is enough; a stolen database gives no way back to a working token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    """``a == b`` in time that does not depend on where they differ."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
