"""The keys that seal the access log (HMAC-SHA256), kept outside the database.

`SAMENSPEL_AUDIT_KEYS` holds `key-id:secret` pairs, newest first. The newest seals; the older
ones stay configured only to verify the seals they made, so a key is rotated by putting a new
one in front. Each seal stores the id of its key. Without the setting (demo, tests) a key is
derived from SECRET_KEY (and its fallbacks), with an id naming that key's fingerprint, so a
changed SECRET_KEY shows up as an unknown key rather than as tampering.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_KEY_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class SealKey:
    id: str
    secret: bytes = b""

    def __repr__(self) -> str:  # never print a secret
        return f"SealKey({self.id!r})"


def parse_keys(entries: list[str]) -> list[SealKey]:
    keys: list[SealKey] = []
    for entry in entries:
        key_id, sep, secret = entry.partition(":")
        if not sep or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                "SAMENSPEL_AUDIT_KEYS: each entry is `key-id:secret` (id of letters, digits, "
                "dot, dash or underscore)."
            )
        if len(secret) < MIN_SECRET_LENGTH:
            raise ImproperlyConfigured(
                f"SAMENSPEL_AUDIT_KEYS: the secret of key {key_id!r} is shorter than "
                f"{MIN_SECRET_LENGTH} characters."
            )
        if any(key.id == key_id for key in keys):
            raise ImproperlyConfigured(f"SAMENSPEL_AUDIT_KEYS: key id {key_id!r} appears twice.")
        keys.append(SealKey(key_id, secret.encode()))
    return keys


def _derived(secret_key: str) -> SealKey:
    secret = hmac.digest(secret_key.encode(), b"samenspel.audit.seal-key", "sha256")
    return SealKey("derived-" + hashlib.sha256(secret).hexdigest()[:12], secret)


@cache
def _keys(
    configured: tuple[str, ...], secret_key: str, fallbacks: tuple[str, ...]
) -> list[SealKey]:
    if configured:
        return parse_keys(list(configured))
    return [_derived(secret_key), *(_derived(fallback) for fallback in fallbacks)]


def seal_keys() -> list[SealKey]:
    """The configured keys, newest first (read from settings each time: tests override them)."""
    return _keys(
        tuple(getattr(settings, "AUDIT_KEYS", [])),
        settings.SECRET_KEY,
        tuple(getattr(settings, "SECRET_KEY_FALLBACKS", [])),
    )


def current_key() -> SealKey:
    return seal_keys()[0]


def key_by_id(key_id: str) -> SealKey | None:
    return next((key for key in seal_keys() if key.id == key_id), None)


def keys_are_derived() -> bool:
    return not getattr(settings, "AUDIT_KEYS", [])
