"""The read endpoints of `/api/v1/`: directory, trajectories with care team and phase,
plans, consents, meetings, access events. Every family read goes through api/reader.py."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from samenspel.api import reader
from samenspel.api.auth import authenticate, log
from samenspel.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page
from samenspel.api.schemas import (
    AccessEventPage,
    ConsentPage,
    MeetingPage,
    OrganisationPage,
    PlanOut,
    Problem,
    ProfessionalPage,
    TrajectoryDetailOut,
    TrajectoryPage,
)
from samenspel.audit.models import AccessEvent
from samenspel.families.models import Consent
from samenspel.plans.models import Evaluation, GoalScore, Plan
from samenspel.plans.queries import plan_content
from samenspel.trajectories.models import CareTeamMembership, Meeting, Trajectory

router = Router()

ERRORS: dict[int, type] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem}


class Paging(Schema):
    cursor: str | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _place(m: CareTeamMembership) -> dict:
    return {
        "id": m.pk,
        "role": m.role,
        "professional_id": m.professional_id,
        "name": m.professional.user.full_name if m.professional is not None else m.name,
        "organisation_id": m.organisation_id,
        "valid_from": m.valid_from,
        "valid_until": m.valid_until,
    }


def _trajectory(t: Trajectory) -> dict:
    return {
        "id": t.pk,
        "family_id": t.family_id,
        "phase": t.phase,
        "phase_since": t.phase_since,
        "opened_on": t.opened_on,
        "closed_on": t.closed_on,
        "next_evaluation_on": t.next_evaluation_on,
    }


@router.get("/organisations", response={200: OrganisationPage, **ERRORS}, tags=["directory"])
def organisations(request: HttpRequest, paging: Query[Paging]) -> dict:
    """Organisations in the networks of the caller's organisation."""
    caller = authenticate(request, "system/Organization.read")
    result = page(reader.directory_organisations(caller), request, paging.cursor, paging.limit)
    log(request, caller, "api.directory.read")
    items = [
        {
            "id": o.pk,
            "name": o.name,
            "sector": o.sector.name,
            "country": o.country,
            "website": o.website,
        }
        for o in result.items
    ]
    return {"items": items, "next": result.next}


@router.get("/professionals", response={200: ProfessionalPage, **ERRORS}, tags=["directory"])
def professionals(request: HttpRequest, paging: Query[Paging]) -> dict:
    """Professionals in the networks of the caller's organisation ("wie is wie")."""
    caller = authenticate(request, "system/Practitioner.read")
    result = page(reader.directory_professionals(caller), request, paging.cursor, paging.limit)
    log(request, caller, "api.directory.read")
    items = [
        {
            "id": p.pk,
            "name": p.user.full_name,
            "job_title": p.job_title,
            "organisation_id": p.home_organisation_id,
        }
        for p in result.items
    ]
    return {"items": items, "next": result.next}


@router.get("/trajectories", response={200: TrajectoryPage, **ERRORS}, tags=["care"])
def trajectories(request: HttpRequest, paging: Query[Paging]) -> dict:
    """The trajectories of the families the caller's organisation serves."""
    caller = authenticate(request, "system/CareTeam.read")
    result = page(reader.visible_trajectories(caller), request, paging.cursor, paging.limit)
    reader.log_families(request, caller, "api.family.list", [t.family_id for t in result.items])
    return {"items": [_trajectory(t) for t in result.items], "next": result.next}


@router.get(
    "/trajectories/{trajectory_id}", response={200: TrajectoryDetailOut, **ERRORS}, tags=["care"]
)
def trajectory(request: HttpRequest, trajectory_id: int) -> dict:
    """One trajectory with its phase and care team."""
    caller = authenticate(request, "system/CareTeam.read")
    found, _decision = reader.trajectory_for(
        request, caller, trajectory_id, action_name="api.care_team.read"
    )
    team = CareTeamMembership.objects.filter(trajectory=found).select_related("professional__user")
    return {**_trajectory(found), "care_team": [_place(m) for m in team]}


@router.get("/trajectories/{trajectory_id}/plan", response={200: PlanOut, **ERRORS}, tags=["plans"])
def plan(request: HttpRequest, trajectory_id: int) -> dict:
    """The plan in all its versions (goals with GAS levels, actions), its evaluations with
    the goal scores: as far as the organisation's ground reaches."""
    caller = authenticate(request, "system/CarePlan.read")
    found, decision = reader.trajectory_for(
        request, caller, trajectory_id, action_name="api.plan.read"
    )
    the_plan = Plan.objects.filter(trajectory=found).first()
    if the_plan is None:
        from django.http import Http404

        raise Http404
    hidden = reader.hidden_members(found.family, decision)
    versions = []
    for version in the_plan.versions.order_by("number"):
        content = plan_content(version, hidden, decision)
        versions.append(
            {
                "id": version.pk,
                "number": version.number,
                "status": version.status,
                "agreed_at": version.agreed_at,
                "goals": [
                    {
                        "id": g.pk,
                        "title": g.title,
                        "domain": g.domain.code,
                        "target_date": g.target_date,
                        "level_minus_2": g.level_minus_2,
                        "level_minus_1": g.level_minus_1,
                        "level_0": g.level_0,
                        "level_plus_1": g.level_plus_1,
                        "level_plus_2": g.level_plus_2,
                        "weight": g.weight,
                    }
                    for g in content.goals
                ],
                "actions": [
                    {
                        "id": a.pk,
                        "goal_id": a.goal_id,
                        "what": a.what,
                        "owner": a.owner_label,
                        "due_on": a.due_on,
                        "status": a.status,
                    }
                    for a in content.actions
                ],
                "withheld_count": content.withheld_count + content.hidden_count,
            }
        )
    # Evaluations hold scores about every member: a partial reader sees none (as the pages).
    evaluations = []
    if not decision.partial:
        evaluations = [
            {
                "id": e.pk,
                "held_on": e.held_on,
                "plan_version_id": e.plan_version_id,
                "next_evaluation_on": e.next_evaluation_on,
                "gas_t_score": e.t_score,
                "scores": [
                    {"goal_id": s.goal_id, "attainment": s.attainment} for s in e.scores.all()
                ],
            }
            for e in Evaluation.objects.filter(trajectory=found)
            .order_by("held_on", "pk")
            .prefetch_related(Prefetch("scores", GoalScore.objects.order_by("pk")))
        ]
    return {
        "id": the_plan.pk,
        "trajectory_id": found.pk,
        "versions": versions,
        "evaluations": evaluations,
        "evaluations_withheld": decision.partial,
    }


@router.get("/families/{family_id}/consents", response={200: ConsentPage, **ERRORS}, tags=["care"])
def consents(request: HttpRequest, family_id: int, paging: Query[Paging]) -> dict:
    """The family's consents about the members the caller may see."""
    caller = authenticate(request, "system/Consent.read")
    family, decision = reader.family_for(request, caller, family_id, action_name="api.consent.read")
    queryset = Consent.objects.filter(family=family).prefetch_related(
        "about", "recipient_organisations"
    )
    result = page(queryset, request, paging.cursor, paging.limit)
    items = []
    for consent in result.items:
        about = [m.pk for m in consent.about.all()]
        if not all(decision.sees_member(pk) for pk in about):
            continue  # a consent about a withheld member would name them
        items.append(
            {
                "id": consent.pk,
                "purpose": consent.purpose,
                "about_member_ids": about,
                "recipient_organisation_ids": [o.pk for o in consent.recipient_organisations.all()],
                "data_categories": list(consent.data_categories),
                "valid_from": consent.valid_from,
                "valid_until": consent.valid_until,
                "withdrawn": consent.withdrawn_at is not None,
            }
        )
    return {"items": items, "next": result.next}


@router.get(
    "/trajectories/{trajectory_id}/meetings", response={200: MeetingPage, **ERRORS}, tags=["care"]
)
def meetings(request: HttpRequest, trajectory_id: int, paging: Query[Paging]) -> dict:
    """The trajectory's meetings (MDO, evaluation, process review): when, where, held."""
    caller = authenticate(request, "system/Encounter.read")
    found, _decision = reader.trajectory_for(
        request, caller, trajectory_id, action_name="api.meeting.read"
    )
    result = page(Meeting.objects.filter(trajectory=found), request, paging.cursor, paging.limit)
    items = [
        {
            "id": m.pk,
            "trajectory_id": m.trajectory_id,
            "kind": m.kind,
            "starts_at": m.starts_at,
            "duration_minutes": m.duration_minutes,
            "location": m.location,
            "held": m.held,
        }
        for m in result.items
    ]
    return {"items": items, "next": result.next}


@router.get(
    "/families/{family_id}/access-events",
    response={200: AccessEventPage, **ERRORS},
    tags=["access log"],
)
def access_events(request: HttpRequest, family_id: int, paging: Query[Paging]) -> dict:
    """The access events about this family written on behalf of the caller's organisation:
    its own NEN 7513 log (its professionals' and its systems' reads and changes)."""
    caller = authenticate(request, "system/AuditEvent.read")
    family, _decision = reader.family_for(
        request, caller, family_id, action_name="api.access_events.read"
    )
    queryset = AccessEvent.objects.filter(
        family_id=family.pk, acting_organisation_id=caller.organisation_id
    )
    result = page(queryset, request, paging.cursor, paging.limit)
    items = [
        {
            "id": e.pk,
            "occurred_at": e.occurred_at,
            "action": e.action,
            "outcome": e.outcome,
            "actor": e.user_label,
            "organisation": e.acting_organisation,
            "purpose": e.purpose,
        }
        for e in result.items
    ]
    return {"items": items, "next": result.next}
