"""The phase model's rules (DOMAIN.md §4) in one place: which moves are allowed, and what
must be true first. `transition_problems` is the single guard; actions and pages both ask it,
so the buttons a page offers and the moves an action accepts can never disagree."""

from __future__ import annotations

from enum import StrEnum
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


# --- the steps that belong to a phase ----------------------------------------------------------
# Every page and button of a phase's work asks `step_problems` (through the view helper
# `trajectories.views.guard.phase_guard`), so nothing can be done before its phase: no plan
# in "Teamvorming", no held MDO before the walk-along observation that the move to MDO needs.


class Step(StrEnum):
    OBSERVE = "observe"  # write in the walk-along journal
    PLAN_MDO = "plan_mdo"  # invite for the MDO (scheduled during the walk-along)
    RECORD_MDO = "record_mdo"  # record the MDO as held, perspectives, analysis, decisions
    PLAN_EVALUATION = "plan_evaluation"  # invite for an evaluation meeting
    START_PLAN = "start_plan"
    EDIT_PLAN = "edit_plan"  # write the draft, start a new version
    AGREE_PLAN = "agree_plan"
    EVALUATE = "evaluate"  # record the evaluation (GAS) of the agreed plan


LATER_THAN_WALK_ALONG = (Phase.MDO, Phase.PLAN, Phase.EXECUTION)
STEP_PHASES: dict[Step, tuple[str, ...]] = {
    Step.OBSERVE: (Phase.WALK_ALONG, *LATER_THAN_WALK_ALONG),
    Step.PLAN_MDO: (Phase.WALK_ALONG, *LATER_THAN_WALK_ALONG),
    Step.RECORD_MDO: LATER_THAN_WALK_ALONG,
    Step.PLAN_EVALUATION: (Phase.PLAN, Phase.EXECUTION),
    Step.START_PLAN: (Phase.PLAN,),
    Step.EDIT_PLAN: (Phase.PLAN, Phase.EXECUTION),
    Step.AGREE_PLAN: (Phase.PLAN, Phase.EXECUTION),
    Step.EVALUATE: (Phase.EXECUTION,),
}


def step_problems(trajectory: Trajectory, step: Step | str) -> list[str]:
    """Why `step` cannot be done in the trajectory's phase now; empty when it can."""
    step = Step(step)
    if trajectory.phase == Phase.CLOSED:
        return [_("This trajectory is closed.")]
    allowed = STEP_PHASES[step]
    if trajectory.phase in allowed:
        return []
    names = ", ".join(str(Phase(phase).label) for phase in allowed)
    return [
        _("This is done in the phase %(phases)s; the trajectory is in %(current)s.")
        % {"phases": names, "current": Phase(trajectory.phase).label}
    ]


def meeting_step(kind: str, *, record: bool = False) -> Step | None:
    """The step that planning (or recording) a meeting of `kind` is; a process review can be
    held in any open phase."""
    if kind == MeetingKind.MDO:
        return Step.RECORD_MDO if record else Step.PLAN_MDO
    if kind == MeetingKind.EVALUATION:
        return Step.PLAN_EVALUATION
    return None


def current_step(trajectory: Trajectory) -> tuple[str, str]:
    """(what to do now, where): the step the trajectory's phase asks for, for a page that is
    not yet possible to link to."""
    from django.urls import reverse

    detail = reverse("trajectories:detail", args=[trajectory.pk])
    phase = trajectory.phase
    if phase in (Phase.REGISTRATION, Phase.TEAM_COMPOSITION):
        return (
            _("Compose the care team and move the trajectory on"),
            reverse("trajectories:compose", args=[trajectory.pk]),
        )
    if phase == Phase.WALK_ALONG:
        return (_("Write a walk-along observation in the journal"), f"{detail}#journal")
    if phase == Phase.MDO:
        return (
            _("Plan or record the MDO"),
            reverse("trajectories:meeting_create", args=[trajectory.pk]) + "?kind=mdo",
        )
    if phase == Phase.PLAN:
        return (
            _("Write the family plan"),
            reverse("plans:plan_detail", kwargs={"trajectory_id": trajectory.pk}),
        )
    if phase == Phase.EXECUTION:
        return (
            _("Record the evaluation"),
            reverse("plans:evaluation_new", kwargs={"trajectory_id": trajectory.pk}),
        )
    return (_("Back to the trajectory"), detail)
