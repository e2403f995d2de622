"""Access helpers for trajectories: every page about a family goes through THE policy
(`samenspel.access.policy.get_family_for_user`), which answers 404/403 and writes the event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from samenspel import audit
from samenspel.access.policy import Action, get_family_for_user
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType, Outcome
from samenspel.trajectories.models import CareTeamMembership, Meeting, Trajectory

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.access.policy import Decision
    from samenspel.accounts.models import User


def refuse_unknown(
    request: HttpRequest, *, audit_action: str, event_type: EventType, detail: dict[str, int]
) -> Http404:
    """A trajectory or meeting number that does not exist: the same 404 as one the user may
    not see (so trying numbers tells nothing), and a denied event, so the security officer
    sees the probe as with a family number (`get_family_for_user`)."""
    user = request.user if request.user.is_authenticated else None
    audit.record(
        event_type,
        audit_action,
        actor=user,
        request=request,
        outcome=Outcome.DENIED,
        detail=detail,
    )
    return Http404()


def get_trajectory_for_user(
    request: HttpRequest,
    trajectory_id: int,
    *,
    action: Action = Action.VIEW,
    audit_action: str = "trajectories.trajectory.read",
    event_type: EventType = EventType.READ,
) -> Trajectory:
    trajectory, _decision = read_trajectory_for_user(
        request, trajectory_id, action=action, audit_action=audit_action, event_type=event_type
    )
    return trajectory


def read_trajectory_for_user(
    request: HttpRequest,
    trajectory_id: int,
    *,
    action: Action,
    audit_action: str,
    event_type: EventType,
) -> tuple[Trajectory, Decision]:
    """The trajectory with its family and network, and the policy's decision on the family:
    one read, the policy decides on the family read with it (404/403 and the event as
    `get_family_for_user`)."""
    trajectory = (
        Trajectory.objects.select_related("family__network", "network")
        .filter(pk=trajectory_id)
        .first()
    )
    if trajectory is None:
        raise refuse_unknown(
            request,
            audit_action=audit_action,
            event_type=event_type,
            detail={"trajectory": trajectory_id},
        )
    _family, decision = get_family_for_user(
        request,
        trajectory.family_id,
        action=action,
        audit_action=audit_action,
        event_type=event_type,
        family=trajectory.family,
    )
    return trajectory, decision


def get_meeting_for_user(
    request: HttpRequest,
    meeting_id: int,
    *,
    action: Action = Action.VIEW,
    audit_action: str = "trajectories.meeting.read",
    event_type: EventType = EventType.READ,
) -> Meeting:
    meeting, _decision = read_meeting_for_user(
        request, meeting_id, action=action, audit_action=audit_action, event_type=event_type
    )
    return meeting


def read_meeting_for_user(
    request: HttpRequest,
    meeting_id: int,
    *,
    action: Action = Action.VIEW,
    audit_action: str = "trajectories.meeting.read",
    event_type: EventType = EventType.READ,
) -> tuple[Meeting, Decision]:
    """The meeting and the policy's decision on its family (which members and categories
    the page may show)."""
    trajectory_id = (
        Meeting.objects.filter(pk=meeting_id).values_list("trajectory_id", flat=True).first()
    )
    if trajectory_id is None:
        raise refuse_unknown(
            request,
            audit_action=audit_action,
            event_type=event_type,
            detail={"meeting": meeting_id},
        )
    _trajectory, decision = read_trajectory_for_user(
        request, trajectory_id, action=action, audit_action=audit_action, event_type=event_type
    )
    return Meeting.objects.select_related("trajectory__family").get(pk=meeting_id), decision


def may_coordinate(user: User, trajectory: Trajectory) -> bool:
    """May steer the trajectory: its coordinator today, or a coordinator of its network.
    (`plans.actions.is_coordinator` is narrower: only the trajectory's own coordinator on a
    day, who alone agrees a plan version; docs/glossary.md.)"""
    if user.has_role_in_network(Role.COORDINATOR, trajectory.network_id):
        return True
    return (
        CareTeamMembership.objects.active_on(timezone.localdate())
        .coordinators()
        .filter(trajectory=trajectory, professional__user=user)
        .exists()
    )


def require_coordinator(user: User, trajectory: Trajectory) -> None:
    """Steering the trajectory (phases, team, closure) is the coordinator's work: 403 else."""
    if not may_coordinate(user, trajectory):
        raise PermissionDenied
