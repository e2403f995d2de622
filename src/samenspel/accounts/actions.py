"""Changes to accounts that only a system administrator makes (issue 21)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.accounts.models import Role, User
from samenspel.audit.models import EventType


def change_login_address(person: User, new_address: str, *, actor: User, reason: str) -> User:
    """A system administrator gives `person` another login e-mail address.

    Nobody else changes someone's login address (an import never does; the person changes
    their own through verification). The change is written to the access log with the old
    and the new address and the reason, in the same transaction; the old address hears of
    it (`accounts.receivers.tell_old_address`) and the new one is verified, as an address an
    administrator provisions."""
    if not actor.is_active or not actor.has_role(Role.SYSTEM_ADMIN):
        raise PermissionDenied(_("Only a system administrator changes someone's login address."))
    address = User.objects.normalize_email(new_address.strip()).lower()
    validate_email(address)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the change."), code="reason")
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        old = person.email
        if old.lower() == address:
            return person
        if User.objects.filter(email__iexact=address).exclude(pk=person.pk).exists():
            raise ValidationError(
                _("This e-mail address belongs to someone else."), code="address_taken"
            )
        person.email = address
        person.save(update_fields=["email"])
        audit.record(
            EventType.UPDATE,
            "accounts.login_address.change",
            actor=actor,
            obj=person,
            reason=reason.strip()[:1000],
            detail={"old_address": old, "new_address": address},
        )
    return person
