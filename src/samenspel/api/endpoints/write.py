"""The writes of `/api/v1/`: register a family (search before create), add a note to the
walk-along journal, record time, propose a plan item. Each is the pages' own action with
explicit values (issue 19), run for the professional the client names in the
`Acting-Professional` header (api/auth.py `acting_professional`), in one transaction: a
refusal or bad input leaves nothing written (docs/API.md, "Writes")."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Literal

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
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
from samenspel.families import actions as family_actions
from samenspel.families.models import Family
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


# --- register a family ---------------------------------------------------------------------


class MemberIn(Schema):
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field("", max_length=100)
    role: Literal["parent", "child", "other"]
    date_of_birth: datetime.date | None = None
    gender: Literal["", "f", "m", "x"] = ""


class QuestionIn(Schema):
    text: str = Field(min_length=1, max_length=2000)
    kind: Literal["what", "who"] = "what"
    life_domains: list[str] = Field(
        default_factory=list, description="ZRM life-domain codes (see the plan's goals)"
    )


class NewFamilyIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    address: str = Field("", max_length=200)
    postcode: str = Field("", max_length=10)
    city: str = Field("", max_length=100)
    district: str = Field("", max_length=100)


class RegistrationIn(Schema):
    network_id: int | None = Field(
        None, description="Needed when the professional works in more than one network."
    )
    family_id: int | None = Field(
        None, description="The file search-before-create found (GET /families/search)."
    )
    family: NewFamilyIn | None = Field(None, description="A new file, when the search found none.")
    members: list[MemberIn] = Field(default_factory=list, max_length=30)
    questions: list[QuestionIn] = Field(min_length=1, max_length=20)
    referrer_kind: Literal["gp", "school", "cjg", "neighbourhood_team", "family", "other"]
    referrer_name: str = Field("", max_length=200)
    family_wishes: str = Field("", max_length=5000)
    urgency: Literal["normal", "soon", "urgent"] = "normal"
    safety_status: Literal["in_order", "concerns", "acute"]
    safety_notes: str = Field("", max_length=5000)


class FamilyHit(Schema):
    id: int
    network_id: int
    matched_on: list[str]
    name: str | None = Field(description="Only for a file the acting professional may open.")
    postcode: str | None
    city: str | None


class FamilyHits(Schema):
    items: list[FamilyHit]


def _work_networks(professional: Professional) -> Any:
    from samenspel.families.views.registration import work_networks

    return work_networks(professional.user).filter(
        memberships__organisation_id=professional.home_organisation_id
    )


@router.get(
    "/families/search",
    response={200: FamilyHits, **ERRORS},
    tags=["writes"],
    operation_id="search_before_create",
)
def search_before_create(
    request: HttpRequest,
    name: str = Query("", max_length=100),
    postcode: str = Query("", max_length=10),
    date_of_birth: datetime.date | None = None,
    acting: str = HeaderParam(..., alias=ACTING_HEADER),
) -> dict:
    """Search before create, as the registration page searches: files in the acting
    professional's networks that match on surname, postcode or a member's birth date. Name
    and address only of a file the professional may open; of another only its number and
    what matched, so no name leaks (register for it with `family_id`)."""
    from samenspel import audit
    from samenspel.audit.models import EventType
    from samenspel.families.search import find_possible_duplicates

    _caller, professional = _acting(request, "system/Group.write", acting)
    if not (name.strip() or postcode.strip() or date_of_birth):
        raise CallRefused(400, "Give a surname, a postcode or a date of birth.")
    networks = list(_work_networks(professional).values_list("pk", flat=True))
    matches = find_possible_duplicates(
        networks, name=name, postcode=postcode, date_of_birth=date_of_birth
    )
    visible = set(
        Family.objects.visible_to(professional.user)
        .filter(pk__in=[m.family.pk for m in matches])
        .values_list("pk", flat=True)
    )
    audit.record_each_family(
        EventType.READ,
        "families.family.search_result",
        actor=professional.user,
        family_ids=sorted(visible),
        request=request,
    )
    items = []
    for match in matches:
        family, shown = match.family, match.family.pk in visible
        items.append(
            {
                "id": family.pk,
                "network_id": family.network_id,
                "matched_on": match.reasons,
                "name": family.name if shown else None,
                "postcode": family.postcode if shown else None,
                "city": family.city if shown else None,
            }
        )
    return {"items": items}


@router.post(
    "/registrations",
    response={201: Created, **ERRORS},
    tags=["writes"],
    operation_id="register_family",
)
def register_family(
    request: HttpRequest,
    body: RegistrationIn,
    acting: str = HeaderParam(..., alias=ACTING_HEADER),
) -> Status:
    """Register a family for the coordinator's intake queue: for the file search-before-create
    found (`family_id`), or a new file (`family`). A second file for the same family (same
    surname, postcode and a member's birth date) is refused (422, naming the file)."""
    from samenspel.plans.queries import life_domains

    caller, professional = _acting(request, "system/Group.write", acting)
    networks = _work_networks(professional)
    existing: Family | None = None
    if body.family_id is not None:
        existing = Family.objects.filter(pk=body.family_id, network__in=networks).first()
        if existing is None:
            raise Http404
        network = existing.network
    elif body.family is None:
        raise CallRefused(400, "Give family_id (a file the search found) or family (a new one).")
    else:
        chosen = networks.filter(pk=body.network_id) if body.network_id else networks
        found = list(chosen[:2])
        if len(found) != 1:
            raise CallRefused(
                400 if found else 403,
                "Choose network_id: one of the networks the professional works in."
                if found
                else "The acting professional works in no network of your organisation.",
            )
        network = found[0]
    domains = dict(life_domains().values_list("code", "pk"))
    unknown = {c for q in body.questions for c in q.life_domains} - set(domains)
    if unknown:
        raise CallRefused(400, f"Unknown life domains: {', '.join(sorted(unknown))}.")
    referrer = Organisation.objects.filter(pk=caller.organisation_id).first()

    def write() -> Any:
        return family_actions.register_family(
            actor=professional.user,
            network=network,
            family=existing,
            new_family=(
                family_actions.FamilyData(**body.family.dict())
                if existing is None and body.family
                else None
            ),
            members=[family_actions.MemberData(**m.dict()) for m in body.members],
            questions=[
                family_actions.QuestionData(
                    q.text, q.kind, [domains[c] for c in dict.fromkeys(q.life_domains)]
                )
                for q in body.questions
            ],
            registration=family_actions.RegistrationData(
                safety_status=body.safety_status,
                referrer_kind=body.referrer_kind,
                referrer_organisation=referrer,
                referrer_name=body.referrer_name,
                family_wishes=body.family_wishes,
                urgency=body.urgency,
                safety_notes=body.safety_notes,
            ),
            request=request,
        )

    registration = _in_one_transaction(write)
    return Status(
        201,
        {
            "id": registration.pk,
            "type": "registration",
            "trajectory_id": registration.trajectory_id,
            "family_id": registration.family_id,
        },
    )


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

    caller, professional = _acting(request, "system/Observation.write", acting)
    trajectory = _writable(
        request,
        caller,
        professional,
        trajectory_id,
        action_name="trajectories.observation.create",
        step=Step.OBSERVE,
    )
    observation = _in_one_transaction(
        lambda: add_observation(
            trajectory,
            life_domain=body.life_domain,
            kind=body.kind,
            text=body.text,
            observed_on=body.observed_on,
            actor=professional.user,
            request=request,
        )
    )
    return Status(
        201, {"id": observation.pk, "type": "observation", "trajectory_id": trajectory.pk}
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

    caller, professional = _acting(request, "system/Task.write", acting)
    trajectory = _writable(
        request,
        caller,
        professional,
        trajectory_id,
        action_name="insight.time_entry.create",
        step=None,  # as on the time sheet: booking time belongs to no phase
    )
    entry = _in_one_transaction(
        lambda: insight_actions.record_time(
            trajectory,
            professional=professional,
            minutes=body.minutes,
            activity=body.activity,
            worked_on=body.worked_on,
            actor=professional.user,
            request=request,
        )
    )
    return Status(201, {"id": entry.pk, "type": "time_entry", "trajectory_id": trajectory.pk})


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
    from samenspel.plans import actions as plan_actions
    from samenspel.plans.draft_values import GoalValues
    from samenspel.plans.models import Goal
    from samenspel.plans.queries import life_domains

    caller, professional = _acting(request, "system/CarePlan.write", acting)
    trajectory = _writable(
        request,
        caller,
        professional,
        trajectory_id,
        action_name="plans.goal.create",
        step=Step.EDIT_PLAN,
    )
    draft = _draft(trajectory)
    members = list(
        FamilyMember.objects.filter(family_id=trajectory.family_id, pk__in=body.member_ids)
    )
    if len(members) != len(set(body.member_ids)):
        raise CallRefused(400, "member_ids: only members of this family.")
    values = GoalValues(
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
    goal = _in_one_transaction(
        lambda: plan_actions.save_draft_item(
            Goal(),
            values,
            version=draft,
            expected_revision=None,
            actor=professional.user,
            request=request,
        )
    )
    return Status(201, {"id": goal.pk, "type": "goal", "trajectory_id": trajectory.pk})


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
    from samenspel.plans import actions as plan_actions
    from samenspel.plans.draft_values import ActionValues
    from samenspel.plans.models import PlanAction

    caller, professional = _acting(request, "system/CarePlan.write", acting)
    trajectory = _writable(
        request,
        caller,
        professional,
        trajectory_id,
        action_name="plans.planaction.create",
        step=Step.EDIT_PLAN,
    )
    draft = _draft(trajectory)
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
    values = ActionValues(
        what=body.what,
        owner_kind=body.owner,
        goal=goal,
        professional=professional if own else None,
        organisation=Organisation.objects.get(pk=caller.organisation_id) if own else None,
        member=member,
        network_person=body.network_person,
        due_on=body.due_on,
    )
    action = _in_one_transaction(
        lambda: plan_actions.save_draft_item(
            PlanAction(),
            values,
            version=draft,
            expected_revision=None,
            actor=professional.user,
            request=request,
        )
    )
    return Status(201, {"id": action.pk, "type": "plan_action", "trajectory_id": trajectory.pk})
