"""Two "which ones / may I" questions of the access policy, each written once as a
queryset and a check on that same queryset (like `decide` and `visible_family_ids`), so a
list and a detail page can never disagree:

- the intake queue: which registrations a coordinator may take on (and so read, on the
  policy's INTAKE ground): `intake_registrations(user)` / `in_intake_queue(user, family)`;
- the break-the-glass review: which emergency accesses a user may review:
  `reviewable_break_glass(user)` / `may_review_break_glass(user, access)`. The security
  officer of the family's network (or of every network), a coordinator of the network, the
  coordinator of the family's care team; never the person who broke the glass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from samenspel.accounts.models import Role

if TYPE_CHECKING:
    from samenspel.access.models import BreakGlassAccess
    from samenspel.accounts.models import User
    from samenspel.families.models import Family, Registration


def intake_registrations(user: User) -> QuerySet[Registration]:
    """The registrations in the intake queue of the networks this user coordinates."""
    from samenspel.families.models import Registration

    if not user.is_authenticated or not user.has_role(Role.COORDINATOR):
        return Registration.objects.none()
    queue = Registration.objects.in_intake_queue()
    networks = user.networks_with_role(Role.COORDINATOR)
    if networks is not None:
        queue = queue.filter(network_id__in=networks)
    return queue


def in_intake_queue(user: User, family: Family) -> bool:
    return intake_registrations(user).filter(family_id=family.pk).exists()


def reviewable_break_glass(user: User) -> QuerySet[BreakGlassAccess]:
    """The emergency accesses this user may review."""
    from samenspel.access.models import BreakGlassAccess
    from samenspel.trajectories.models import CareTeamMembership, CareTeamRole

    if not user.is_authenticated:
        return BreakGlassAccess.objects.none()
    # Q() | Q(x) is just Q(x) in Django, so "everything" is spelled out with pk__isnull.
    everything = Q(pk__isnull=False)
    condition = Q(pk__in=[])
    if user.has_role(Role.SECURITY_OFFICER):
        officer = user.networks_with_role(Role.SECURITY_OFFICER)
        condition |= everything if officer is None else Q(family__network_id__in=officer)
    if user.has_role(Role.COORDINATOR):
        coordinated = user.networks_with_role(Role.COORDINATOR)
        condition |= everything if coordinated is None else Q(family__network_id__in=coordinated)
    # The coordinator of the family's care team, whatever their grants.
    condition |= Q(
        family_id__in=CareTeamMembership.objects.active_on(timezone.localdate())
        .filter(professional__user=user, role=CareTeamRole.COORDINATOR)
        .values("trajectory__family_id")
    )
    return BreakGlassAccess.objects.filter(condition).exclude(user=user)


def may_review_break_glass(user: User, access: BreakGlassAccess) -> bool:
    return reviewable_break_glass(user).filter(pk=access.pk).exists()
