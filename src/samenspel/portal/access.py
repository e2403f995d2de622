"""Who is writing on the family's pages: the one lookup every portal page makes. The access
policy decides (`Action.SPEAK_SELF` for a trajectory, `Action.CONSENT_SELF` for the file) and
writes the access event; its FAMILY_MEMBER ground names the member whose own login this is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from samenspel.access.policy import Action, Decision, get_family_for_user
from samenspel.audit.models import EventType
from samenspel.families.models import Family, FamilyMember
from samenspel.trajectories.access import read_trajectory_for_user

if TYPE_CHECKING:
    from samenspel.core.http import AuthenticatedHttpRequest
    from samenspel.trajectories.models import Trajectory


def own_member(decision: Decision) -> FamilyMember:
    """The member the policy's decision names (404 without one: never a guess)."""
    member = (
        FamilyMember.objects.select_related("family__network").filter(pk=decision.member_id).first()
        if decision.member_id is not None
        else None
    )
    if member is None:
        raise Http404
    return member


def portal_trajectory(
    request: AuthenticatedHttpRequest, trajectory_id: int, audit_action: str
) -> tuple[Trajectory, Decision, FamilyMember]:
    """A trajectory of my family, for my own voice in it."""
    trajectory, decision = read_trajectory_for_user(
        request,
        trajectory_id,
        action=Action.SPEAK_SELF,
        audit_action=audit_action,
        event_type=EventType.READ,
    )
    return trajectory, decision, own_member(decision)


def portal_family(
    request: AuthenticatedHttpRequest, family_id: int, audit_action: str
) -> tuple[Family, Decision, FamilyMember]:
    """My family's file, for the consents I give or withdraw myself."""
    family, decision = get_family_for_user(
        request, family_id, action=Action.CONSENT_SELF, audit_action=audit_action
    )
    return family, decision, own_member(decision)
