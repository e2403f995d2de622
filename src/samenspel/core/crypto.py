"""Symmetric encryption of small secrets at rest (TOTP secrets now, a BSN later).

Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`, which Django's ecosystem already
ships. Several keys may be configured: the first encrypts, all decrypt, so keys rotate
without rewriting every row at once.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        # Derived, so the demo and tests need no extra setting; the deploy check warns.
        digest = hashlib.sha256(b"samenspel.field-encryption:" + settings.SECRET_KEY.encode())
        keys = [base64.urlsafe_b64encode(digest.digest()).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()
