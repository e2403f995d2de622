"""The phase model's rules (DOMAIN.md §4) in one place: which moves are allowed, and what
must be true first. `transition_problems` is the single guard; actions and pages both ask it,
so the buttons a page offers and the moves an action accepts can never disagree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.trajectories.models import CareTeamRole, MeetingKind, Phase

if TYPE_CHECKING:
    from samenspel.trajectories.models import Trajectory

# Forward moves, plus stepping back one phase when the team must redo it. Walk-along → plan
# skips the MDO and needs a recorded reason. Closing goes through `close_trajectory` only.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Phase.REGISTRATION: (Phase.TEAM_COMPOSITION,),
    Phase.TEAM_COMPOSITION: (Phase.WALK_ALONG,),
    Phase.WALK_ALONG: (Phase.MDO, Phase.PLAN, Phase.TEAM_COMPOSITION),
    Phase.MDO: (Phase.PLAN, Phase.WALK_ALONG),
    Phase.PLAN: (Phase.EXECUTION, Phase.MDO),
    Phase.EXECUTION: (Phase.PLAN,),
    Phase.CLOSED: (),
}


def plan_is_agreed(trajectory: Trajectory) -> bool:
    """Has the family plan a version the coordinator agreed with the family (plans app)?"""
    from samenspel.plans.queries import has_agreed_plan

    return has_agreed_plan(trajectory)


def transition_problems(trajectory: Trajectory, target: str, *, skip_reason: str = "") -> list[str]:
    """Why `trajectory` may not move to `target` now; empty when it may."""
    if target == Phase.CLOSED:
        return [_("Close a trajectory with a reason, on the closure page.")]
    if target not in TRANSITIONS.get(trajectory.phase, ()):
        return [
            _("A trajectory cannot go from %(current)s to %(target)s.")
            % {"current": Phase(trajectory.phase).label, "target": Phase(target).label}
        ]
    today = timezone.localdate()
    team = trajectory.team_memberships.active_on(today)
    problems: list[str] = []
    if target == Phase.TEAM_COMPOSITION and not team.coordinators().exists():
        problems.append(_("Appoint a coordinator first: every trajectory has exactly one."))
    if target == Phase.WALK_ALONG:
        if not team.coordinators().exists():
            problems.append(_("Appoint a coordinator first: every trajectory has exactly one."))
        walkers = team.filter(
            role__in=[CareTeamRole.WALK_ALONG, CareTeamRole.COORDINATOR],
            professional__isnull=False,
        )
        if not team.filter(role=CareTeamRole.WALK_ALONG).exists() or (
            walkers.values("professional").distinct().count() < 2
        ):
            problems.append(
                _(
                    "Two professionals walk along with the family: add at least one walk-along "
                    "professional besides the coordinator."
                )
            )
    if (
        target == Phase.MDO
        and trajectory.phase == Phase.WALK_ALONG
        and not trajectory.observations.exists()
    ):
        problems.append(
            _(
                "Write at least one walk-along observation before the MDO: the meeting "
                "analyses what the walk-along showed."
            )
        )
    if target == Phase.PLAN and trajectory.phase == Phase.WALK_ALONG and not skip_reason.strip():
        problems.append(_("No plan before an MDO. To skip the MDO, record the reason."))
    if target == Phase.PLAN and trajectory.phase == Phase.MDO:
        held = trajectory.meetings.filter(kind=MeetingKind.MDO, held=True).exists()
        if not held:
            problems.append(_("No plan before an MDO: record the MDO as held first."))
    if target == Phase.EXECUTION and not plan_is_agreed(trajectory):
        problems.append(_("The plan must be agreed with the family before execution starts."))
    return problems


def next_phases(trajectory: Trajectory) -> list[tuple[str, object]]:
    """(value, label) of the phases a trajectory may move to from here, in order."""
    return [(value, Phase(value).label) for value in TRANSITIONS.get(trajectory.phase, ())]
