import time
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from samenspel.accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from samenspel.core.country import remember_country


@receiver(user_logged_in, dispatch_uid="accounts_session_clock")
def start_session_clock(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_LAST_SEEN] = now
    remember_country(request, user)


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


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_remember_address")
def remember_old_address(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if raw or instance.pk is None or (update_fields is not None and "email" not in update_fields):
        return
    instance._old_email = (
        sender._default_manager.filter(pk=instance.pk).values_list("email", flat=True).first()
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_tell_old_address")
def tell_old_address(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """When a login address changes (by the person, or by a system administrator), the old
    address hears of it: someone who took over the account by changing its address is
    noticed by the one person who can tell (ASVS 2.5.5, issue 21)."""
    old = instance.__dict__.pop("_old_email", None)
    if created or not old or old.lower() == (instance.email or "").lower():
        return
    transaction.on_commit(lambda: send_old_address_notice(instance, old))


def send_old_address_notice(user: Any, old_address: str) -> None:
    # Every account reads Samenspel in the deployment's language (Dutch) unless it keeps
    # a language of its own.
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Your login e-mail address was changed"),
            render_to_string("accounts/email/address_changed.txt", {"user": user}),
            None,
            [old_address],
        )
