"""Samenspel objects as FHIR R4 resources (plain dicts; the tests parse each with the
fhir.resources models). The mapping table is in docs/API.md. Every function takes what the
reader already narrowed: nothing here decides who may see what."""

from __future__ import annotations

import datetime
from typing import Any

from samenspel.access.policy import Decision
from samenspel.audit.models import AccessEvent
from samenspel.families.models import Consent, Family, FamilyMember
from samenspel.network.models import Organisation, Professional
from samenspel.plans.models import Assessment, DomainScore, Goal, PlanAction, PlanVersion
from samenspel.portal.models import EvaluationAnswer
from samenspel.trajectories.models import CareTeamMembership, Trajectory

SYSTEM = "https://samenspel.nl/fhir"
ROLE_SYSTEM = f"{SYSTEM}/CodeSystem/care-team-role"
CATEGORY_SYSTEM = f"{SYSTEM}/CodeSystem/data-category"
DOMAIN_SYSTEM = f"{SYSTEM}/CodeSystem/life-domain"

_ACTIVITY_STATUS = {
    "planned": "not-started",
    "underway": "in-progress",
    "done": "completed",
    "stopped": "stopped",
}


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _clean(resource: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: FHIR forbids empty strings, lists and objects."""
    out: dict[str, Any] = {}
    for key, value in resource.items():
        if isinstance(value, dict):
            value = _clean(value)
        elif isinstance(value, list):
            value = [_clean(v) if isinstance(v, dict) else v for v in value]
            value = [v for v in value if v not in ({}, "", None)]
        if value in ({}, [], "", None):
            continue
        out[key] = value
    return out


def group(family: Family, members: list[FamilyMember], decision: Decision) -> dict[str, Any]:
    """The family as a Group of persons; members the reader may not see are left out."""
    shown = [m for m in members if decision.sees_member(m.pk)]
    return _clean(
        {
            "resourceType": "Group",
            "id": str(family.pk),
            "type": "person",
            "actual": True,
            "name": family.name,
            "quantity": len(shown),
            "member": [
                {"entity": {"reference": f"Patient/{m.pk}", "display": str(m)}} for m in shown
            ],
        }
    )


def care_team(trajectory: Trajectory, places: list[CareTeamMembership]) -> dict[str, Any]:
    return _clean(
        {
            "resourceType": "CareTeam",
            "id": str(trajectory.pk),
            "status": "inactive" if trajectory.closed_on else "active",
            "name": f"Team {trajectory.family.name}",
            "subject": {"reference": f"Group/{trajectory.family_id}"},
            "period": {"start": _date(trajectory.opened_on), "end": _date(trajectory.closed_on)},
            "extension": [
                {"url": f"{SYSTEM}/StructureDefinition/phase", "valueCode": trajectory.phase}
            ],
            "participant": [
                {
                    "role": [{"coding": [{"system": ROLE_SYSTEM, "code": p.role}]}],
                    "member": (
                        {
                            "reference": f"Practitioner/{p.professional_id}",
                            "display": p.professional.user.full_name,
                        }
                        if p.professional is not None
                        else {"display": p.name}
                    ),
                    "onBehalfOf": (
                        {"reference": f"Organization/{p.organisation_id}"}
                        if p.organisation_id
                        else None
                    ),
                    "period": {"start": _date(p.valid_from), "end": _date(p.valid_until)},
                }
                for p in places
            ],
        }
    )


def goal(item: Goal, family_id: int) -> dict[str, Any]:
    levels = [
        ("-2", item.level_minus_2),
        ("-1", item.level_minus_1),
        ("+1", item.level_plus_1),
        ("+2", item.level_plus_2),
    ]
    return _clean(
        {
            "resourceType": "Goal",
            "id": f"goal-{item.pk}",
            "lifecycleStatus": "active",
            "category": [{"coding": [{"system": DOMAIN_SYSTEM, "code": item.domain.code}]}],
            "description": {"text": item.title},
            "subject": {"reference": f"Group/{family_id}"},
            "target": [{"detailString": item.level_0, "dueDate": _date(item.target_date)}],
            "note": [{"text": f"GAS {level}: {text}"} for level, text in levels if text],
        }
    )


def care_plan(
    version: PlanVersion,
    trajectory: Trajectory,
    goals: list[Goal],
    actions: list[PlanAction],
    *,
    latest: bool,
) -> dict[str, Any]:
    """One plan version as a CarePlan (versionId = the version number); goals contained."""
    status = "draft" if version.status == "draft" else ("active" if latest else "revoked")
    return _clean(
        {
            "resourceType": "CarePlan",
            "id": str(trajectory.pk),
            "meta": {"versionId": str(version.number)},
            "status": status,
            "intent": "plan",
            "title": f"Gezinsplan versie {version.number}",
            "subject": {"reference": f"Group/{trajectory.family_id}"},
            "careTeam": [{"reference": f"CareTeam/{trajectory.pk}"}],
            "created": version.created_at.isoformat(),
            "contained": [goal(g, trajectory.family_id) for g in goals],
            "goal": [{"reference": f"#goal-{g.pk}"} for g in goals],
            "activity": [
                {
                    "detail": {
                        "status": _ACTIVITY_STATUS.get(a.status, "unknown"),
                        "description": a.what,
                        "goal": [{"reference": f"#goal-{a.goal_id}"}] if a.goal_id else None,
                        "scheduledString": _date(a.due_on),
                        "performer": [{"display": a.owner_label}] if a.owner_label else None,
                    }
                }
                for a in actions
            ],
        }
    )


def consent(item: Consent, today: datetime.date) -> dict[str, Any]:
    if item.withdrawn_at is not None or (item.valid_until is not None and item.valid_until < today):
        status = "inactive"
    else:
        status = "active"
    return _clean(
        {
            "resourceType": "Consent",
            "id": str(item.pk),
            "status": status,
            "scope": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                        "code": "patient-privacy",
                    }
                ]
            },
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
            "dateTime": item.recorded_at.isoformat(),
            "policyRule": {"text": item.purpose},
            "provision": {
                "type": "permit",
                "period": {"start": _date(item.valid_from), "end": _date(item.valid_until)},
                "actor": [
                    {
                        "role": {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                    "code": "IRCP",
                                }
                            ]
                        },
                        "reference": {"reference": f"Organization/{o.pk}", "display": o.name},
                    }
                    for o in item.recipient_organisations.all()
                ],
                "data": [
                    {"meaning": "related", "reference": {"reference": f"Patient/{m.pk}"}}
                    for m in item.about.all()
                ],
                "class": [{"system": CATEGORY_SYSTEM, "code": c} for c in item.data_categories],
            },
        }
    )


def audit_event(event: AccessEvent) -> dict[str, Any]:
    return _clean(
        {
            "resourceType": "AuditEvent",
            "id": str(event.pk),
            "type": {
                "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
                "code": "rest",
            },
            "subtype": [{"system": f"{SYSTEM}/CodeSystem/access-action", "code": event.action}],
            "action": "R" if event.event_type == "read" else "U",
            "recorded": event.occurred_at.isoformat(),
            "outcome": "0" if event.outcome == "allowed" else "4",
            "purposeOfEvent": [{"text": event.purpose}] if event.purpose else None,
            "agent": [
                {
                    "who": {"display": event.user_label or "Samenspel"},
                    "requestor": True,
                    "role": [{"text": event.acting_role}] if event.acting_role else None,
                },
                {
                    "who": {
                        "reference": f"Organization/{event.acting_organisation_id}",
                        "display": event.acting_organisation,
                    }
                    if event.acting_organisation_id
                    else {"display": event.acting_organisation or "Samenspel"},
                    "requestor": False,
                },
            ],
            "source": {"observer": {"display": "Samenspel"}},
            "entity": [{"what": {"reference": f"Group/{event.family_id}"}}],
        }
    )


def practitioner(professional: Professional) -> dict[str, Any]:
    return _clean(
        {
            "resourceType": "Practitioner",
            "id": str(professional.pk),
            "active": professional.user.is_active,
            "name": [{"text": professional.user.full_name}],
        }
    )


def practitioner_role(professional: Professional) -> dict[str, Any]:
    return _clean(
        {
            "resourceType": "PractitionerRole",
            "id": str(professional.pk),
            "practitioner": {"reference": f"Practitioner/{professional.pk}"},
            "organization": {"reference": f"Organization/{professional.home_organisation_id}"},
            "code": [{"text": professional.job_title}] if professional.job_title else None,
        }
    )


def organization(organisation: Organisation) -> dict[str, Any]:
    return _clean(
        {
            "resourceType": "Organization",
            "id": str(organisation.pk),
            "active": True,
            "name": organisation.name,
            "type": [{"text": organisation.sector.name}],
            "telecom": [
                {"system": "url", "value": organisation.website} if organisation.website else {},
                {"system": "email", "value": organisation.email} if organisation.email else {},
            ],
        }
    )


# --- QuestionnaireResponse: instrument scores (ZRM, ORS, SRS) and the family's answers -----

QUESTIONNAIRE = f"{SYSTEM}/Questionnaire"


def assessment_response(
    item: Assessment, family_id: int, scores: list[DomainScore]
) -> dict[str, Any]:
    """An assessment (ZRM, ZRM-Huishoudens, ORS, SRS) with the domain scores the reader may
    see: one item per domain (linkId = domain code), the score as valueInteger, why the
    domain matters as a nested item. About one member: subject the Patient; else the Group."""
    version = item.instrument_version
    subject = f"Patient/{item.member_id}" if item.member_id else f"Group/{family_id}"
    return _clean(
        {
            "resourceType": "QuestionnaireResponse",
            "id": f"assessment-{item.pk}",
            "questionnaire": f"{QUESTIONNAIRE}/{version.instrument.code}|{version.label}",
            "status": "completed",
            "subject": {"reference": subject},
            "authored": _date(item.assessed_on),
            "item": [
                {
                    "linkId": s.domain.code,
                    "text": s.domain.name,
                    "answer": [
                        {
                            "valueInteger": s.score,
                            "item": (
                                [
                                    {
                                        "linkId": f"{s.domain.code}.relevance",
                                        "answer": [{"valueString": s.relevance}],
                                    }
                                ]
                                if s.relevance
                                else None
                            ),
                        }
                    ],
                }
                for s in scores
            ],
        }
    )


def evaluation_response(
    item: EvaluationAnswer, family_id: int, goals: dict[str, Goal]
) -> dict[str, Any]:
    """A family member's answers before an evaluation: per goal the reader may see a face
    (1 to 5) and their words, their satisfaction (1 to 5), what goes well, what must change."""
    goal_items = []
    for key, answer in item.goals.items():
        goal_row = goals.get(key)
        if goal_row is None or not isinstance(answer, dict):
            continue
        values: list[dict[str, Any]] = []
        if isinstance(answer.get("feeling"), int):
            values.append({"valueInteger": answer["feeling"]})
        if answer.get("words"):
            values.append({"valueString": str(answer["words"])})
        goal_items.append(
            {"linkId": f"goal-{goal_row.pk}", "text": goal_row.title, "answer": values}
        )
    return _clean(
        {
            "resourceType": "QuestionnaireResponse",
            "id": f"evaluation-answer-{item.pk}",
            "questionnaire": f"{QUESTIONNAIRE}/family-evaluation|1",
            "status": "completed",
            "subject": {"reference": f"Group/{family_id}"},
            "source": {"reference": f"Patient/{item.member_id}"},
            "authored": item.answered_at.isoformat(),
            "item": [
                *goal_items,
                {"linkId": "satisfaction", "answer": [{"valueInteger": item.satisfaction}]},
                {"linkId": "goes-well", "answer": [{"valueString": item.goes_well}]}
                if item.goes_well
                else None,
                {"linkId": "must-change", "answer": [{"valueString": item.must_change}]}
                if item.must_change
                else None,
            ],
        }
    )
