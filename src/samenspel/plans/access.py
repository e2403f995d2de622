"""Plan pages reach a family's data only through THE access policy (`access.policy`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from samenspel.access.policy import Action, Decision, get_family_for_user
from samenspel.audit.models import EventType
from samenspel.families.models import Family
from samenspel.trajectories.models import Trajectory


def get_trajectory_for_user(
    request: HttpRequest,
    trajectory_id: int,
    *,
    action: Action = Action.VIEW,
    audit_action: str = "plans.plan.read",
    event_type: EventType = EventType.READ,
) -> tuple[Trajectory, Family, Decision]:
    """The trajectory whose plan this request works on, if its user may do `action` to the
    family: 404 when the family is invisible, 403 when visible but not allowed; the access
    event is written by the policy."""
    trajectory = Trajectory.objects.filter(pk=trajectory_id).first()
    if trajectory is None:
        raise Http404
    family, decision = get_family_for_user(
        request,
        trajectory.family_id,
        action=action,
        audit_action=audit_action,
        event_type=event_type,
    )
    trajectory.family = family
    return trajectory, family, decision
