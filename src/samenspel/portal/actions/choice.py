"""Choosing between proposed professionals: the coordinator offers, the family chooses.

The offer keeps the matching's score and reasons as they were when offered, so the advised
route (the highest score) stays on record next to the family's choice (keuzevrijheid, seed
002), whatever the ranking says later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.portal.actions.drafts import check_own_family, record_family_write
from samenspel.portal.models import FamilyChoice, ProfessionalOffer

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.families.models import FamilyMember
    from samenspel.trajectories.matching import Proposal
    from samenspel.trajectories.models import Trajectory

REASON_MAX = 2000


def advised(offers: list[ProfessionalOffer]) -> ProfessionalOffer | None:
    """The team's advice among open offers: the best score (the earliest offer on a tie)."""
    return max(offers, key=lambda o: (o.score, -o.pk), default=None)


@transaction.atomic
def offer_professional(
    trajectory: Trajectory,
    *,
    proposal: Proposal,
    actor: User,
    request: HttpRequest | None = None,
) -> ProfessionalOffer:
    """Put one of the team page's proposals before the family (again: refreshed score)."""
    offer, created = ProfessionalOffer.objects.select_for_update().get_or_create(
        trajectory=trajectory,
        professional=proposal.professional,
        withdrawn_at__isnull=True,
        defaults={"score": proposal.score, "offered_by": actor},
    )
    offer.score = round(proposal.score, 2)
    offer.reasons = [reason.text for reason in proposal.reasons]
    offer.offered_by, offer.offered_at = actor, timezone.now()
    offer.save()
    audit.record(
        EventType.CREATE if created else EventType.UPDATE,
        "portal.offer.create",
        actor=actor,
        request=request,
        family_id=trajectory.family_id,
        obj=offer,
    )
    return offer


@transaction.atomic
def withdraw_offer(
    offer: ProfessionalOffer, *, actor: User, request: HttpRequest | None = None
) -> ProfessionalOffer:
    """No longer offered: the family stops seeing them; choices of them stay on record."""
    locked = ProfessionalOffer.objects.select_for_update().get(pk=offer.pk)
    if locked.withdrawn_at is None:
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        audit.record(
            EventType.UPDATE,
            "portal.offer.withdraw",
            actor=actor,
            request=request,
            family_id=locked.trajectory.family_id,
            obj=locked,
        )
    return locked


@transaction.atomic
def choose_professional(
    trajectory: Trajectory,
    *,
    member: FamilyMember,
    offer_id: int | None,
    reason: str,
    actor: User,
    request: HttpRequest | None = None,
    draft_key: str = "",
) -> FamilyChoice:
    """A member says whom they prefer. Choosing someone else than the team advises needs a
    reason (the team cannot weigh a choice it does not understand); a second save replaces
    the member's own earlier choice."""
    reason = reason.strip()
    check_own_family(member, trajectory.family_id)
    offers = list(
        ProfessionalOffer.objects.filter(trajectory=trajectory, withdrawn_at__isnull=True)
    )
    offer = next((o for o in offers if o.pk == offer_id), None)
    if offer is None:
        raise ValidationError({"offer": _("Choose one person.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Your text is too long. Keep it shorter, please.")})
    best = advised(offers)
    if best is not None and offer.pk != best.pk and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Write why you choose this person. Then the team can take it into account."
                )
            }
        )
    choice = (
        FamilyChoice.objects.select_for_update()
        .filter(trajectory=trajectory, member=member)
        .first()
    )
    created = choice is None
    if choice is None:
        choice = FamilyChoice(trajectory=trajectory, member=member)
    else:
        choice.revision += 1
    choice.offer, choice.reason = offer, reason
    choice.chosen_by, choice.chosen_at = actor, timezone.now()
    choice.save()
    record_family_write(
        EventType.CREATE if created else EventType.UPDATE,
        "portal.choice.save",
        obj=choice,
        family_id=trajectory.family_id,
        actor=actor,
        request=request,
        member=member,
        draft_key=draft_key,
        detail={"advised": best is not None and offer.pk == best.pk},
    )
    return choice
