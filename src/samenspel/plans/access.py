"""Plan pages reach a family's data only through THE access policy (`access.policy`)."""

from __future__ import annotations

from django.http import HttpRequest

from samenspel.access.policy import Action, Decision
from samenspel.audit.models import EventType
from samenspel.families.models import Family
from samenspel.trajectories.access import read_trajectory_for_user
from samenspel.trajectories.models import Trajectory


def read_plan_for_user(
    request: HttpRequest,
    trajectory_id: int,
    *,
    action: Action = Action.VIEW,
    audit_action: str = "plans.plan.read",
    event_type: EventType = EventType.READ,
) -> tuple[Trajectory, Family, Decision]:
    """The trajectory whose plan this request works on, with its family and the policy's
    decision (what of the plan this reader sees), if its user may do `action` to the family:
    404 when the family is invisible, 403 when visible but not allowed; the access event is
    written by the policy. (`trajectories.access.get_trajectory_for_user` gives the
    trajectory alone, for pages that need no narrowing.)"""
    trajectory, decision = read_trajectory_for_user(
        request, trajectory_id, action=action, audit_action=audit_action, event_type=event_type
    )
    return trajectory, trajectory.family, decision
