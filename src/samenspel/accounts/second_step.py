"""Limits on second-step codes that hold across workers: per account, per address, and a
code that works once.

allauth keeps its MFA rate limit and its "code used" marker in Django's cache; with a
per-process cache each worker counts on its own (35-40 guesses a minute got through, and a
code worked twice when two requests reached different workers). Everything here lives in
the database and is decided while the account's row is locked, so concurrent guesses for
one account are counted one after the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from allauth.core.internal.cryptokit import compare_user_code
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.accounts.models import SecondStepCodeUse, SecondStepFailure, SecondStepLock, User
from samenspel.audit.models import EventType, Outcome

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Limits:
    per_account: int
    account_window: timedelta
    lockout: timedelta
    per_address: int
    address_window: timedelta


def limits() -> Limits:
    return Limits(
        per_account=settings.SECOND_STEP_FAILURES_PER_ACCOUNT,
        account_window=settings.SECOND_STEP_ACCOUNT_WINDOW,
        lockout=settings.SECOND_STEP_LOCKOUT,
        per_address=settings.SECOND_STEP_FAILURES_PER_ADDRESS,
        address_window=settings.SECOND_STEP_ADDRESS_WINDOW,
    )


def client_ip(request: HttpRequest) -> str:
    from allauth.account.adapter import get_adapter

    return get_adapter().get_client_ip(request)[:45]


def lock_account(user: User) -> None:
    """Serialise second-step checks of one account (row lock; SQLite has one writer)."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk").first()


def refusal(user: User, ip: str) -> str | None:
    """Why a code must not even be checked now, or None. Call inside the account lock."""
    now = timezone.now()
    lock = SecondStepLock.objects.filter(user=user, until__gt=now).first()
    if lock is not None:
        return locked_message(lock.until)
    rules = limits()
    recent_from_ip = SecondStepFailure.objects.filter(
        ip_address=ip, failed_at__gt=now - rules.address_window
    ).count()
    if recent_from_ip >= rules.per_address:
        return _("Too many wrong codes from this address. Wait a few minutes and try again.")
    return None


def locked_message(until: datetime) -> str:
    return _(
        "Logging in with a code is blocked until %(time)s after too many wrong codes. "
        "The security officer has been informed. Was it not you? Tell your security "
        "officer and change your password."
    ) % {"time": timezone.localtime(until).strftime("%H:%M")}


def record_failure(user: User, request: HttpRequest, ip: str) -> str | None:
    """Count a wrong code; returns the lockout message when this one locks the account."""
    now = timezone.now()
    rules = limits()
    SecondStepFailure.objects.create(user=user, ip_address=ip, failed_at=now)
    # Old failures of this account are of no use any more; keep the table small.
    SecondStepFailure.objects.filter(user=user, failed_at__lt=now - timedelta(days=1)).delete()
    recent = SecondStepFailure.objects.filter(
        user=user, failed_at__gt=now - rules.account_window
    ).count()
    if recent < rules.per_account:
        return None
    until = now + rules.lockout
    SecondStepLock.objects.update_or_create(user=user, defaults={"until": until})
    audit.record(
        EventType.FAILED_LOGIN,
        "accounts.mfa_locked",
        actor=user,
        request=request,
        outcome=Outcome.DENIED,
        detail={"failures": recent, "until": until.isoformat(), "ip": ip},
    )
    transaction.on_commit(lambda: _tell_user(user, until))
    return locked_message(until)


def clear_failures(user: User) -> None:
    SecondStepFailure.objects.filter(user=user).delete()


def _tell_user(user: User, until: datetime) -> None:
    context = {"user": user, "until": timezone.localtime(until).strftime("%H:%M")}
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Logging in with a code is blocked"),
        render_to_string("accounts/email/second_step_locked.txt", context),
        None,
        [user.email],
    )


def totp_counter(authenticator: Authenticator, code: str) -> int | None:
    """The time step the code belongs to, within allauth's tolerance."""
    secret = decrypt(authenticator.data["secret"])
    for counter in totp.yield_hotp_counters_from_time():
        expected = totp.format_hotp_value(totp.hotp_value(secret, counter))
        if compare_user_code(actual=code, expected=expected):
            return counter
    return None


def spend_totp_code(authenticator: Authenticator, code: str) -> bool:
    """Mark the code's time step used; False when it (or a later one) was used before."""
    counter = totp_counter(authenticator, code)
    if counter is None:
        return False
    used = SecondStepCodeUse.objects.filter(authenticator=authenticator).first()
    if used is not None and used.counter >= counter:
        return False
    SecondStepCodeUse.objects.update_or_create(
        authenticator=authenticator, defaults={"counter": counter, "used_at": timezone.now()}
    )
    return True
