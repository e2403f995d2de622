"""What the demo shows so a newcomer can log in without a phone.

Only ever called when settings.DEMO_MODE is True, which `samenspel.demo_mode` allows on
SQLite bound to localhost and nowhere else.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve

from samenspel.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD


def demo_context(request: HttpRequest) -> dict[str, Any]:
    if not settings.DEMO_MODE:  # defence in depth: callers check too
        return {}
    try:
        url_name = resolve(request.path_info).url_name
    except Resolver404:
        return {}
    if url_name == "account_login":
        return {"accounts": DEMO_ACCOUNTS, "password": DEMO_PASSWORD}
    if url_name == "mfa_authenticate":
        code, wait = _pending_login_code(request)
        return {"code": code, "wait": wait}
    if url_name == "mfa_activate_totp":
        return {"code": _enrolment_code(request)}
    return {}


def _current_code(secret: str) -> str:
    return _unused_code(secret)[0]


def _unused_code(
    secret: str, *, used: Callable[[str], bool] = lambda code: False
) -> tuple[str, int]:
    """The code of this time step, or of the next one if this one's was used already, and
    0; or, when both were used, this step's code and the seconds until the next step.

    A code is accepted once (replay protection), so a visitor who logs out and in again as
    the same login within one step would be shown a code that is refused ("Ongeldige code").
    The next step's code is accepted too (MFA_TOTP_TOLERANCE = 1) and has not been used."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    now = len(counters) // 2
    codes = [format_hotp_value(hotp_value(secret, counter)) for counter in counters[now:]]
    for code in codes:
        if not used(code):
            return code, 0
    period = int(app_settings.TOTP_PERIOD)
    return codes[0], period - int(time.time()) % period


def _pending_login_code(request: HttpRequest) -> tuple[str, int]:
    from allauth.account.internal.stagekit import get_pending_stage
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.core.cache import cache

    from samenspel.core import crypto

    stage = get_pending_stage(request)
    user = getattr(getattr(stage, "login", None), "user", None)
    if user is None:
        return "", 0
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        return "", 0
    wrapped = TOTP(totp)

    def used(code: str) -> bool:
        return cache.get(wrapped._get_used_cache_key(code)) is not None

    return _unused_code(crypto.decrypt(totp.data["secret"]), used=used)


def _enrolment_code(request: HttpRequest) -> str:
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    secret = request.session.get(SECRET_SESSION_KEY)
    return _current_code(secret) if secret else ""
