"""What the demo shows so a newcomer can log in without a phone.

Only ever called when settings.DEMO_MODE is True, which `samenspel.demo_mode` allows on
SQLite bound to localhost and nowhere else.
"""

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
        return {"code": _pending_login_code(request)}
    if url_name == "mfa_activate_totp":
        return {"code": _enrolment_code(request)}
    return {}


def _current_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def _pending_login_code(request: HttpRequest) -> str:
    from allauth.account.internal.stagekit import get_pending_stage
    from allauth.mfa.models import Authenticator

    from samenspel.core import crypto

    stage = get_pending_stage(request)
    user = getattr(getattr(stage, "login", None), "user", None)
    if user is None:
        return ""
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return _current_code(crypto.decrypt(totp.data["secret"])) if totp else ""


def _enrolment_code(request: HttpRequest) -> str:
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    secret = request.session.get(SECRET_SESSION_KEY)
    return _current_code(secret) if secret else ""
