"""The writes of `/api/v1/` (the registration of a family in registration.py): add a note to the
walk-along journal, record time, propose a plan item. Each is the pages' own action with
explicit values (issue 19), run for the professional the client names in the
`Acting-Professional` header (api/auth.py `acting_professional`), in one transaction: a
refusal or bad input leaves nothing written (docs/API.md, "Writes")."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Literal

from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.params.functions import Header as HeaderParam
from pydantic import Field

from samenspel.access.policy import Action, decide, decide_for_organisation
from samenspel.api.auth import (
    ACTING_HEADER,
    ApiCaller,
    CallRefused,
    acting_professional,
    authenticate,
    log,
)
from samenspel.api.schemas import Problem
from samenspel.audit.models import Outcome
from samenspel.network.models import Organisation, Professional
from samenspel.trajectories.models import CareTeamMembership, Trajectory
from samenspel.trajectories.phases import Step, step_problems

router = Router()

ERRORS: dict[int, type] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
    429: Problem,
}


class Created(Schema):
    id: int
    type: str
    trajectory_id: int | None = None
    family_id: int | None = None


def _acting(request: HttpRequest, scope: str, named: str) -> tuple[ApiCaller, Professional]:
    caller = authenticate(request, scope)
    return caller, acting_professional(request, caller, named)


def _writable(
    request: HttpRequest,
    caller: ApiCaller,
    professional: Professional,
    trajectory_id: int,
    *,
    action_name: str,
    step: Step | None,
) -> Trajectory:
    """The trajectory, if the client's organisation serves the family (else 404, as for the
    reads), the named professional has a place in its care team now, the policy lets that
    professional change the file (as on the pages), and the phase allows the step (409)."""
    trajectory = (
        Trajectory.objects.select_related("family__network", "network")
        .filter(pk=trajectory_id)
        .first()
    )
    visible = trajectory is not None and (
        decide_for_organisation(caller.organisation_id, trajectory.family, Action.VIEW).visible
    )
    if trajectory is None or not visible:
        log(request, caller, action_name, outcome=Outcome.DENIED, detail={"id": trajectory_id})
        raise Http404
    on_team = (
        CareTeamMembership.objects.active_on(timezone.localdate())
        .filter(trajectory=trajectory, professional=professional)
        .exists()
    )
    decision = decide(professional.user, trajectory.family, Action.EDIT)
    if not (on_team and decision.allowed):
        log(
            request,
            caller,
            action_name,
            family_id=trajectory.family_id,
            outcome=Outcome.DENIED,
            detail={"professional_id": professional.pk, "on_team": on_team},
        )
        raise CallRefused(
            403,
            "The acting professional has no place in this family's care team, or no ground "
            "to change its file.",
        )
    problems = step_problems(trajectory, step) if step is not None else []
    if problems:
        raise CallRefused(409, " ".join(str(p) for p in problems))
    return trajectory


def _in_one_transaction[T](write: Callable[[], T]) -> T:
    with transaction.atomic():
        return write()


def _write_about(
    request: HttpRequest,
    trajectory_id: int,
    acting: str,
    *,
    scope: str,
    action_name: str,
    step: Step | None,
    kind: str,
    write: Callable[[Trajectory, Professional, ApiCaller], Model],
) -> Status:
    """The frame of every write about one trajectory: the acting professional, the trajectory
    they may write to (404, 403 or 409 as `_writable` says; a refusal is logged outside the
    transaction, so it stays), then `write` (the pages' action, with its own checks) in one
    transaction, and the 201 naming what it wrote."""
    caller, professional = _acting(request, scope, acting)
    trajectory = _writable(
        request, caller, professional, trajectory_id, action_name=action_name, step=step
    )
    written = _in_one_transaction(lambda: write(trajectory, professional, caller))
    return Status(201, {"id": written.pk, "type": kind, "trajectory_id": trajectory.pk})


# --- the walk-along journal ----------------------------------------------------------------


class ObservationIn(Schema):
    life_domain: str = Field(
        description="life-domain code (the current ZRM's, or 'opvoeding'; see the plan's domains)",
        max_length=60,
    )
    kind: Literal["strength", "concern"]
    text: str = Field(min_length=1, max_length=5000)
    observed_on: datetime.date | None = None


@router.post(
    "/trajectories/{trajectory_id}/journal",
    response={201: Created, **ERRORS},
    tags=["writes"],
    operation_id="add_journal_note",
)
def add_journal_note(
    request: HttpRequest,
    trajectory_id: int,
    body: ObservationIn,
    acting: str = HeaderParam(..., alias=ACTING_HEADER),
) -> Status:
    """A note in the walk-along journal (a strength or concern on one life domain)."""
    from samenspel.trajectories.actions import add_observation

    def write(trajectory: Trajectory, professional: Professional, _caller: ApiCaller) -> Model:
        return add_observation(
            trajectory,
            life_domain=body.life_domain,
            kind=body.kind,
            text=body.text,
            observed_on=body.observed_on,
            actor=professional.user,
            request=request,
        )

    return _write_about(
        request,
        trajectory_id,
        acting,
        scope="system/Observation.write",
        action_name="trajectories.observation.create",
        step=Step.OBSERVE,
        kind="observation",
        write=write,
    )


# --- time ----------------------------------------------------------------------------------


class TimeIn(Schema):
    minutes: int = Field(ge=1, le=1440)
    activity: str = Field(min_length=1, max_length=30)
    worked_on: datetime.date | None = None


@router.post(
    "/trajectories/{trajectory_id}/time",
    response={201: Created, **ERRORS},
    tags=["writes"],
    operation_id="record_time",
)
def record_time(
    request: HttpRequest,
    trajectory_id: int,
    body: TimeIn,
    acting: str = HeaderParam(..., alias=ACTING_HEADER),
) -> Status:
    """Minutes the acting professional spent on this family (their own time sheet)."""
    from samenspel.insight import actions as insight_actions

    def write(trajectory: Trajectory, professional: Professional, _caller: ApiCaller) -> Model:
        return insight_actions.record_time(
            trajectory,
            professional=professional,
            minutes=body.minutes,
            activity=body.activity,
            worked_on=body.worked_on,
            actor=professional.user,
            request=request,
        )

    return _write_about(
        request,
        trajectory_id,
        acting,
        scope="system/Task.write",
        action_name="insight.time_entry.create",
        step=None,  # as on the time sheet: booking time belongs to no phase
        kind="time_entry",
        write=write,
    )


# --- a plan item in the draft --------------------------------------------------------------


class GoalIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    life_domain: str = Field(description="ZRM life-domain code", max_length=50)
    level_0: str = Field(min_length=1, max_length=5000, description="GAS 0: the goal reached")
    level_minus_2: str = Field("", max_length=5000)
    level_minus_1: str = Field("", max_length=5000)
    level_plus_1: str = Field("", max_length=5000)
    level_plus_2: str = Field("", max_length=5000)
    why_it_matters: str = Field("", max_length=5000)
    target_date: datetime.date | None = None
    member_ids: list[int] = Field(default_factory=list, max_length=30)
    weight: int = Field(1, ge=1, le=100)


class PlanActionIn(Schema):
    what: str = Field(min_length=1, max_length=300)
    goal_id: int | None = None
    owner: Literal["professional", "member", "network"] = Field(
        "professional", description="professional: the acting professional does it"
    )
    member_id: int | None = None
    network_person: str = Field("", max_length=200)
    due_on: datetime.date | None = None


def _draft(trajectory: Trajectory) -> Any:
    from samenspel.plans.models import PlanVersion, VersionStatus

    draft = (
        PlanVersion.objects.filter(plan__trajectory=trajectory, status=VersionStatus.DRAFT)
        .select_related("plan__trajectory")
        .first()
    )
    if draft is None:
        raise CallRefused(409, "The plan has no draft: the coordinator starts a new version first.")
    return draft


def _propose(
    request: HttpRequest,
    trajectory_id: int,
    acting: str,
    *,
    row: Model,
    action_name: str,
    kind: str,
    values: Callable[[Trajectory, Any, Professional, ApiCaller], Any],
) -> Status:
    """A goal or action (`row`, new) into the plan's draft, through the plan pages' own
    `save_draft_item`; `values` builds its values from the request body (400 on a bad id)."""
    from samenspel.plans import actions as plan_actions

    def write(trajectory: Trajectory, professional: Professional, caller: ApiCaller) -> Model:
        draft = _draft(trajectory)
        return plan_actions.save_draft_item(
            row,
            values(trajectory, draft, professional, caller),
            version=draft,
            expected_revision=None,
            actor=professional.user,
            request=request,
        )

    return _write_about(
        request,
        trajectory_id,
        acting,
        scope="system/CarePlan.write",
        action_name=action_name,
        step=Step.EDIT_PLAN,
        kind=kind,
        write=write,
    )


@router.post(
    "/trajectories/{trajectory_id}/plan/draft/goals",
    response={201: Created, **ERRORS},
    tags=["writes"],
    operation_id="propose_goal",
)
def propose_goal(
    request: HttpRequest,
    trajectory_id: int,
    body: GoalIn,
    acting: str = HeaderParam(..., alias=ACTING_HEADER),
) -> Status:
    """A goal (with its GAS levels) in the draft of the family plan: a proposal until the
    coordinator and the family agree the version."""
    from samenspel.families.models import FamilyMember
    from samenspel.plans.draft_values import GoalValues
    from samenspel.plans.models import Goal
    from samenspel.plans.queries import life_domains

    def values(trajectory: Trajectory, _version: Any, _by: Professional, _c: ApiCaller) -> Any:
        members = list(
            FamilyMember.objects.filter(family_id=trajectory.family_id, pk__in=body.member_ids)
        )
        if len(members) != len(set(body.member_ids)):
            raise CallRefused(400, "member_ids: only members of this family.")
        return GoalValues(
            title=body.title,
            domain=life_domains().filter(code=body.life_domain).first(),
            level_0=body.level_0,
            members=members,
            why_it_matters=body.why_it_matters,
            target_date=body.target_date,
            level_minus_2=body.level_minus_2,
            level_minus_1=body.level_minus_1,
            level_plus_1=body.level_plus_1,
            level_plus_2=body.level_plus_2,
            weight=body.weight,
        )

    return _propose(
        request,
        trajectory_id,
        acting,
        row=Goal(),
        action_name="plans.goal.create",
        kind="goal",
        values=values,
    )


@router.post(
    "/trajectories/{trajectory_id}/plan/draft/actions",
    response={201: Created, **ERRORS},
    tags=["writes"],
    operation_id="propose_plan_action",
)
def propose_plan_action(
    request: HttpRequest,
    trajectory_id: int,
    body: PlanActionIn,
    acting: str = HeaderParam(..., alias=ACTING_HEADER),
) -> Status:
    """An action in the draft of the family plan: what, who does it (the acting
    professional for their organisation, a family member, or someone from the family's
    network), by when."""
    from samenspel.families.models import FamilyMember
    from samenspel.plans.draft_values import ActionValues
    from samenspel.plans.models import PlanAction

    def values(
        trajectory: Trajectory, draft: Any, professional: Professional, caller: ApiCaller
    ) -> Any:
        goal = draft.goals.filter(pk=body.goal_id).first() if body.goal_id is not None else None
        if body.goal_id is not None and goal is None:
            raise CallRefused(400, "goal_id: a goal of this draft.")
        member = (
            FamilyMember.objects.filter(family_id=trajectory.family_id, pk=body.member_id).first()
            if body.member_id is not None
            else None
        )
        if body.member_id is not None and member is None:
            raise CallRefused(400, "member_id: a member of this family.")
        own = body.owner == "professional"
        return ActionValues(
            what=body.what,
            owner_kind=body.owner,
            goal=goal,
            professional=professional if own else None,
            organisation=Organisation.objects.get(pk=caller.organisation_id) if own else None,
            member=member,
            network_person=body.network_person,
            due_on=body.due_on,
        )

    return _propose(
        request,
        trajectory_id,
        acting,
        row=PlanAction(),
        action_name="plans.planaction.create",
        kind="plan_action",
        values=values,
    )
