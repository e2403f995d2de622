"""Writes of the access app: opening and reviewing an emergency access (break-the-glass)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.access.models import BREAK_GLASS_DURATION, BreakGlassAccess
from samenspel.access.queues import may_review_break_glass
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.families.models import Family

# A reason must say something: "x" or "nood" is not a reason.
MIN_REASON_LENGTH = 20


def may_break_glass(user: User, family: Family) -> bool:
    """A professional who works in the family's network (not a policy adviser, not the
    security officer, not a family member)."""
    from samenspel.network.models import NetworkAssignment

    return (
        user.is_authenticated
        and user.has_role(Role.PROFESSIONAL, Role.COORDINATOR)
        and NetworkAssignment.objects.filter(
            professional__user=user, network_id=family.network_id
        ).exists()
    )


@transaction.atomic
def open_break_glass(
    family: Family, *, actor: User, reason: str, request: HttpRequest | None = None
) -> BreakGlassAccess:
    """Open the file outside the care team, for a limited time, flagged for review."""
    if not may_break_glass(actor, family):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _("Describe the emergency in at least %(count)s characters.")
                % {"count": MIN_REASON_LENGTH}
            }
        )
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        user=actor,
        family=family,
        reason=reason,
        opened_at=now,
        expires_at=now + BREAK_GLASS_DURATION,
    )
    audit.record(
        EventType.EMERGENCY_ACCESS,
        "access.break_glass.open",
        actor=actor,
        request=request,
        family_id=family.pk,
        obj=access,
        purpose="break_the_glass",
        reason=reason,
    )
    return access


def may_review(user: User, access: BreakGlassAccess) -> bool:
    """The policy's answer (access/queues.py), the same as the review list's."""
    return may_review_break_glass(user, access)


@transaction.atomic
def review_break_glass(
    access: BreakGlassAccess,
    *,
    actor: User,
    outcome: str,
    note: str,
    request: HttpRequest | None = None,
) -> BreakGlassAccess:
    locked = BreakGlassAccess.objects.select_for_update().select_related("family").get(pk=access.pk)
    if actor.pk == locked.user_id:
        raise ValidationError(_("You cannot review your own emergency access."))
    if not may_review(actor, locked):
        raise PermissionDenied
    if locked.reviewed_at is not None:
        raise ValidationError(_("This emergency access has already been reviewed."))
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = actor
    locked.review_outcome = outcome
    locked.review_note = note
    locked.full_clean()
    locked.save()
    audit.record(
        EventType.UPDATE,
        "access.break_glass.review",
        actor=actor,
        request=request,
        family_id=locked.family_id,
        obj=locked,
        purpose="review",
        detail={"outcome": outcome},
    )
    return locked
