"""Logins, failed logins and logouts go into the access log (NEN 7513)."""

from typing import Any

from allauth.mfa.signals import authentication_failed as mfa_authentication_failed
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from samenspel import audit
from samenspel.accounts.lockout import username_from_request
from samenspel.audit.models import EventType, Outcome


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit.record(EventType.LOGIN, "accounts.login", actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(EventType.LOGOUT, "accounts.logout", actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    attempted = username_from_request(request, credentials) if request is not None else ""
    audit.record(
        EventType.FAILED_LOGIN,
        "accounts.login_failed",
        actor=None,
        request=request,
        outcome=Outcome.DENIED,
        user_label=attempted[:254],
    )


@receiver(mfa_authentication_failed, dispatch_uid="audit_mfa_failed")
def record_failed_second_factor(
    sender: Any, request: HttpRequest, user: Any, reauthentication: bool = False, **kwargs: Any
) -> None:
    audit.record(
        EventType.FAILED_LOGIN,
        "accounts.mfa_failed",
        actor=user,
        request=request,
        outcome=Outcome.DENIED,
        detail={"reauthentication": reauthentication},
    )
