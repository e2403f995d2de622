import time
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest

from samenspel.accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED


@receiver(user_logged_in, dispatch_uid="accounts_session_clock")
def start_session_clock(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_LAST_SEEN] = now


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_verified_address")
def verify_provisioned_address(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """An account's address is verified when it is provisioned: accounts are created (and
    addresses changed) only by an administrator or, for the person's own address, through
    allauth's verification. Without this row, the first anonymous "Wachtwoord vergeten?"
    made allauth add an unverified one, after which second-factor enrolment was refused
    for good."""
    update_fields = kwargs.get("update_fields")
    if raw or not instance.email or (update_fields and "email" not in update_fields):
        return
    ensure_verified_address(instance)


def ensure_verified_address(user: Any) -> None:
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not (address.verified and address.primary):
        EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
            primary=False
        )
        address.verified = True
        address.primary = True
        address.save(update_fields=["verified", "primary"])
