"""Everything about a family, for the family's right of access and data portability: a
dictionary for the JSON export and the context of the PDF. Confidential sections (and the
confidential goals and notes of the plan) the exporting user may not see stay out.

Every model that belongs to a file is either exported (`EXPORTED`: the model and where its
rows are in the dictionary) or left out with a reason (`NOT_EXPORTED`);
tests/families/test_export_complete.py enumerates the models from the code and checks both.
The reader's members and categories are applied afterwards (`access/redact.py`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from samenspel.families.models import (
    ConfidentialSection,
    Consent,
    Family,
    MemberRelation,
    Registration,
)

# Model label → where its rows are in the export ("[]" walks into a list, "{}" a dict).
EXPORTED: dict[str, str] = {
    "families.FamilyMember": "members[]",
    "families.MemberRelation": "relations[]",
    "families.InformalNetworkContact": "informal_network[]",
    "families.Registration": "registrations[]",
    "families.HelpQuestion": "registrations[].help_questions[]",
    "families.MeldcodeRecord": "registrations[].meldcode_steps[]",
    "families.Consent": "consents[]",
    "families.ConfidentialSection": "confidential_sections[]",
    "trajectories.Trajectory": "trajectories[]",
    "trajectories.CareTeamMembership": "trajectories[].care_team[]",
    "trajectories.TeamRequest": "trajectories[].team_request{}",
    "trajectories.Handover": "trajectories[].handovers[]",
    "trajectories.Observation": "trajectories[].journal[]",
    "trajectories.Meeting": "trajectories[].meetings[]",
    "trajectories.Participant": "trajectories[].meetings[].participants[]",
    "trajectories.Perspective": "trajectories[].meetings[].perspectives[]",
    "trajectories.FollowUpAction": "trajectories[].meetings[].follow_ups[]",
    "trajectories.Closure": "trajectories[].closure{}",
    "plans.Plan": "trajectories[].plan{}",
    "plans.PlanVersion": "trajectories[].plan{}.versions[]",
    "plans.Goal": "trajectories[].plan{}.versions[].goals[]",
    "plans.PlanAction": "trajectories[].plan{}.versions[].actions[]",
    "plans.DomainNote": "trajectories[].plan{}.versions[].notes[]",
    "plans.PlanAssent": "trajectories[].plan{}.versions[].agreements[]",
    "plans.Evaluation": "trajectories[].evaluations[]",
    "plans.GoalScore": "trajectories[].evaluations[].goal_scores[]",
    "plans.Assessment": "trajectories[].assessments[]",
    "plans.DomainScore": "trajectories[].assessments[].scores[]",
    "collaboration.ComponentRating": "trajectories[].component_ratings[]",
    "collaboration.ComponentScore": "trajectories[].component_ratings[].scores[]",
    "insight.TrajectoryProfile": "trajectories[].profile{}",
    "portal.FamilyView": "trajectories[].family_voice{}.views[]",
    "portal.GoalProposal": "trajectories[].family_voice{}.goal_proposals[]",
    "portal.EvaluationAnswer": "trajectories[].family_voice{}.evaluation_answers[]",
    "portal.FamilyMessage": "trajectories[].family_voice{}.messages[]",
    "portal.FamilyChoice": "trajectories[].family_voice{}.choices[]",
    "portal.ProfessionalOffer": "trajectories[].professional_offers[]",
}

# Model label → why its rows are not in the export.
NOT_EXPORTED: dict[str, str] = {
    "access.BreakGlassAccess": (
        "who opened the file in an emergency, and its review: shown to the family in "
        "'wie heeft ons dossier ingezien' (the access log), which is not the file's content"
    ),
    "access.ConsentRenewal": (
        "a task for the coordinator to ask for consent again; the consents themselves are exported"
    ),
    "families.DestructionProposal": (
        "a decision about keeping the file (with the family's own request), not its "
        "content; the family is told of it when it is taken"
    ),
    "trajectories.DirectRequest": (
        "a question to a professional whether they will join the team, and their answer: "
        "about the professional's work; who joined is in the care team"
    ),
    "trajectories.EvaluationReminder": "that a reminder e-mail went out to the team",
    "portal.ConsentDraft": (
        "a consent the family started and other members still have to confirm; once "
        "confirmed it is a consent, which is exported"
    ),
    "portal.ConsentConfirmation": "one member's yes to such a draft (see portal.ConsentDraft)",
    "portal.PortalDraft": (
        "what a family member is still writing and has not sent: only their own login reads "
        "it, and it is removed when sent (what is sent is exported)"
    ),
    "portal.LoginLink": (
        "a one-time way to log in (a hash, when it was sent and used), not the file's "
        "content; sending and using it are in the access log"
    ),
    "insight.TrajectoryResult": (
        "a derived row for the anonymous figures, recomputed from the closure, the scores and "
        "the time; the file's own closure and scores are exported"
    ),
    "insight.TimeEntry": (
        "a professional's registered hours (the organisation's own administration), not "
        "data about the family"
    ),
}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _plan(trajectory: Any, hidden: set[int]) -> dict[str, Any] | None:
    from samenspel.plans.models import Plan, PlanVersion
    from samenspel.plans.queries import is_visible

    plan = Plan.objects.filter(trajectory=trajectory).first()
    if plan is None:
        return None
    versions = (
        PlanVersion.objects.filter(plan=plan)
        .order_by("number")
        .prefetch_related(
            "goals__members",
            "goals__domain",
            "notes__domain",
            "actions__professional__user",
            "actions__organisation",
            "actions__member",
            "actions__goal",
            "assents__member",
            "assents__coordinator",
        )
    )
    out = []
    for v in versions:
        goals = [g for g in v.goals.all() if is_visible(g, hidden)]
        shown_goals = {g.pk for g in goals}
        out.append(
            {
                "number": v.number,
                "status": v.status,
                "occasion": v.occasion,
                "change_reason": v.change_reason,
                "family_words": v.family_words,
                "safety_plan": v.safety_plan,
                "created_at": _iso(v.created_at),
                "agreed_at": _iso(v.agreed_at),
                "goals": [
                    {
                        "id": g.pk,
                        "title": g.title,
                        "life_domain": g.domain.code,
                        "members": [m.pk for m in g.members.all()],
                        "why_it_matters": g.why_it_matters,
                        "target_date": _iso(g.target_date),
                        "gas_levels": [
                            {"level": level, "text": text}
                            for level, text in (
                                (-2, g.level_minus_2),
                                (-1, g.level_minus_1),
                                (0, g.level_0),
                                (1, g.level_plus_1),
                                (2, g.level_plus_2),
                            )
                        ],
                        "weight": g.weight,
                    }
                    for g in goals
                ],
                "actions": [
                    {
                        "what": a.what,
                        "who": a.owner_label,
                        "member": a.member_id,
                        "goal": a.goal_id,
                        "due_on": _iso(a.due_on),
                        "status": a.status,
                    }
                    for a in v.actions.all()
                    if a.goal_id is None or a.goal_id in shown_goals
                ],
                "notes": [
                    {
                        "life_domain": n.domain.code,
                        "member": n.member_id,
                        "strengths": n.strengths,
                        "concerns": n.concerns,
                    }
                    for n in v.notes.all()
                    if is_visible(n, hidden)
                ],
                "agreements": [
                    {
                        "member": a.member_id,
                        "coordinator": str(a.coordinator) if a.coordinator_id else "",
                        "method": a.method,
                        "agreed_on": _iso(a.agreed_on),
                    }
                    for a in v.assents.all()
                ],
            }
        )
    return {"created_at": _iso(plan.created_at), "versions": out}


def _measures(trajectory: Any, hidden: set[int]) -> dict[str, Any]:
    from samenspel.plans.models import Assessment, Evaluation
    from samenspel.plans.queries import is_visible

    evaluations = Evaluation.objects.filter(trajectory=trajectory).order_by("held_on", "id")
    assessments = (
        Assessment.objects.filter(trajectory=trajectory)
        .exclude(member_id__in=hidden)
        .select_related("instrument_version__instrument")
        .prefetch_related("scores__domain")
        .order_by("assessed_on", "id")
    )
    return {
        "evaluations": [
            {
                "held_on": _iso(e.held_on),
                "plan_version": e.plan_version.number if e.plan_version_id else None,
                "goes_well": e.goes_well,
                "must_change": e.must_change,
                "step": e.step,
                "next_evaluation_on": _iso(e.next_evaluation_on),
                "plan_changes": e.plan_changes,
                "gas_t_score": e.t_score,
                "goal_scores": [
                    {
                        "goal": s.goal.title,
                        "life_domain": s.goal.domain.code,
                        "members": [m.pk for m in s.goal.members.all()],
                        "attainment": s.attainment,
                        "note": s.note,
                    }
                    for s in e.scores.all()
                    if is_visible(s.goal, hidden)
                ],
            }
            for e in evaluations.select_related("plan_version").prefetch_related(
                "scores__goal__domain", "scores__goal__members"
            )
        ],
        "assessments": [
            {
                "assessed_on": _iso(a.assessed_on),
                "instrument": str(a.instrument_version),
                "member": a.member_id,
                "scores": [
                    {"life_domain": s.domain.code, "score": s.score, "relevance": s.relevance}
                    for s in a.scores.all()
                ],
            }
            for a in assessments
        ],
    }


def _meetings(trajectory: Any) -> list[dict[str, Any]]:
    from samenspel.trajectories.models import Meeting

    meetings = (
        Meeting.objects.filter(trajectory=trajectory)
        .prefetch_related(
            "participants__professional__user",
            "participants__family_member",
            "perspectives__author",
            "follow_ups",
        )
        .order_by("starts_at", "id")
    )
    return [
        {
            "kind": m.kind,
            "starts_at": _iso(m.starts_at),
            "location": m.location,
            "agenda": m.agenda,
            "integrated_analysis": m.integrated_analysis,
            "decisions": m.decisions,
            "held": m.held,
            "participants": [
                {
                    "member": p.family_member_id,
                    "professional": str(p.professional) if p.professional_id else "",
                    "present": p.present,
                }
                for p in m.participants.all()
            ],
            "perspectives": [
                {"discipline": p.discipline, "text": p.text, "author": str(p.author)}
                for p in m.perspectives.all()
            ],
            "follow_ups": [
                {"what": f.description, "who": f.owner, "due_on": _iso(f.due_on), "done": f.done}
                for f in m.follow_ups.all()
            ],
        }
        for m in meetings
    ]


def _closure(trajectory: Any) -> dict[str, Any] | None:
    from samenspel.trajectories.models import Closure

    c = Closure.objects.filter(trajectory=trajectory).first()
    if c is None:
        return None
    return {
        "closed_on": _iso(c.closed_on),
        "reason": c.reason,
        "note": c.note,
        "dropout": c.dropout,
        "continues_without_help": c.continues_without_help,
        "goals_outcome": c.goals_outcome,
        "self_reliance_increased": c.self_reliance_increased,
        "satisfaction": c.satisfaction,
        "first_t_score": c.first_t_score,
        "final_t_score": c.final_t_score,
        "follow_up_due_on": _iso(c.follow_up_due_on),
        "youth_care_restarted": c.youth_care_restarted,
        "follow_up_checked_on": _iso(c.follow_up_checked_on),
    }


def _trajectory_parts(trajectory: Any, hidden: set[int]) -> dict[str, Any]:
    from samenspel.collaboration.models import ComponentRating
    from samenspel.insight.models import TrajectoryProfile
    from samenspel.portal.models import ProfessionalOffer
    from samenspel.trajectories.models import Handover, Observation, TeamRequest

    team_request = TeamRequest.objects.filter(trajectory=trajectory).first()
    profile = TrajectoryProfile.objects.filter(trajectory=trajectory).select_related("profile")
    return {
        "team_request": (
            {"preference_note": team_request.preference_note} if team_request else None
        ),
        "handovers": [
            {
                "kind": h.kind,
                "from": _iso(h.starts_on),
                "until": _iso(h.ends_on),
                "note": h.note,
            }
            for h in Handover.objects.filter(trajectory=trajectory).order_by("starts_on", "id")
        ],
        "journal": [
            {
                "observed_on": _iso(o.observed_on),
                "life_domain": o.life_domain,
                "kind": o.kind,
                "text": o.text,
                "author": str(o.author),
            }
            for o in Observation.objects.filter(trajectory=trajectory)
            .select_related("author")
            .order_by("observed_on", "id")
        ],
        "meetings": _meetings(trajectory),
        "plan": _plan(trajectory, hidden),
        **_measures(trajectory, hidden),
        "closure": _closure(trajectory),
        "component_ratings": [
            {
                "moment": r.moment,
                "rated_by": r.rated_by,
                "recorded_at": _iso(r.recorded_at),
                "scores": [
                    {"item": str(s.item), "score": s.value, "comment": s.comment}
                    for s in r.scores.all()
                ],
            }
            for r in ComponentRating.objects.filter(trajectory=trajectory)
            .prefetch_related("scores__item")
            .order_by("recorded_at", "id")
        ],
        "profile": next(
            ({"profile": str(p.profile), "classified_on": _iso(p.classified_on)} for p in profile),
            None,
        ),
        "professional_offers": [
            {
                "professional": str(o.professional.user.full_name),
                "score": o.score,
                "reasons": o.reasons,
                "offered_at": _iso(o.offered_at),
                "withdrawn_at": _iso(o.withdrawn_at),
            }
            for o in ProfessionalOffer.objects.filter(trajectory=trajectory)
            .select_related("professional__user")
            .order_by("offered_at", "id")
        ],
        "family_voice": _family_voice(trajectory),
    }


def _family_voice(trajectory: Any) -> dict[str, list[dict[str, Any]]]:
    """What the family wrote themselves in the portal: their words, kept as theirs."""
    from samenspel.portal.models import (
        EvaluationAnswer,
        FamilyChoice,
        FamilyMessage,
        FamilyView,
        GoalProposal,
    )

    return {
        "views": [
            {
                "member": v.member_id,
                "plan_version": v.version.number,
                "goal_key": str(v.goal_key) if v.goal_key else None,
                "words": v.words,
                "stance": v.stance,
                "reason": v.reason,
                "written_at": _iso(v.written_at),
            }
            for v in FamilyView.objects.filter(version__plan__trajectory=trajectory)
            .select_related("version")
            .order_by("written_at", "id")
        ],
        "goal_proposals": [
            {
                "member": p.member_id,
                "words": p.words,
                "why": p.why,
                "proposed_at": _iso(p.proposed_at),
            }
            for p in GoalProposal.objects.filter(trajectory=trajectory).order_by("id")
        ],
        "evaluation_answers": [
            {
                "member": a.member_id,
                "round": a.round,
                "goals": a.goals,
                "satisfaction": a.satisfaction,
                "goes_well": a.goes_well,
                "must_change": a.must_change,
                "answered_at": _iso(a.answered_at),
            }
            for a in EvaluationAnswer.objects.filter(trajectory=trajectory).order_by("id")
        ],
        "messages": [
            {"member": m.member_id, "text": m.text, "sent_at": _iso(m.sent_at)}
            for m in FamilyMessage.objects.filter(trajectory=trajectory).order_by("id")
        ],
        "choices": [
            {
                "member": c.member_id,
                "professional": str(c.offer.professional.user.full_name),
                "reason": c.reason,
                "chosen_at": _iso(c.chosen_at),
            }
            for c in FamilyChoice.objects.filter(trajectory=trajectory)
            .select_related("offer__professional__user")
            .order_by("id")
        ],
    }


def family_export(family: Family, *, hidden: set[int]) -> dict[str, Any]:
    from samenspel.trajectories.models import CareTeamMembership

    members = list(family.members.all())
    registrations = Registration.objects.filter(family=family).prefetch_related(
        "help_questions__life_domains", "meldcode_steps"
    )
    consents = Consent.objects.filter(family=family).prefetch_related(
        "about", "given_by", "recipient_organisations"
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "file_number": family.pk,
        "network": family.network.name,
        "family": {
            "name": family.name,
            "address": family.address,
            "postcode": family.postcode,
            "city": family.city,
            "district": family.district,
            "created_at": family.created_at.isoformat(),
            "changed_at": family.changed_at.isoformat(),
            "retain_until": family.retain_until.isoformat() if family.retain_until else None,
        },
        "members": [
            {
                "id": m.pk,
                "given_name": m.given_name,
                "family_name": m.family_name,
                "date_of_birth": m.date_of_birth.isoformat() if m.date_of_birth else None,
                "role": m.role,
                "gender": m.gender,
                "bsn": m.bsn,
                "deceased": m.deceased,
            }
            for m in members
        ],
        "relations": [
            {
                "member": r.member_id,
                "kind": r.kind,
                "other": r.other_id,
                "parental_authority": r.parental_authority,
            }
            for r in MemberRelation.objects.filter(member__family=family)
        ],
        "informal_network": [
            {"name": c.name, "relation": c.relation, "phone": c.phone, "note": c.note}
            for c in family.informal_network.all()
        ],
        "registrations": [
            {
                "registered_at": r.registered_at.isoformat(),
                "referrer_kind": r.referrer_kind,
                "referrer_name": r.referrer_name,
                "family_wishes": r.family_wishes,
                "urgency": r.urgency,
                "safety_status": r.safety_status,
                "safety_notes": r.safety_notes,
                "verwijsindex_flagged_on": (
                    r.verwijsindex_flagged_on.isoformat() if r.verwijsindex_flagged_on else None
                ),
                "help_questions": [
                    {
                        "text": q.text,
                        "kind": q.kind,
                        "life_domains": [d.code for d in q.life_domains.all()],
                    }
                    for q in r.help_questions.all()
                ],
                "meldcode_steps": [
                    {
                        "step": s.step,
                        "done_on": s.done_on.isoformat(),
                        "done_by": s.done_by,
                        "outcome": s.outcome,
                    }
                    for s in r.meldcode_steps.all()
                ],
            }
            for r in registrations
        ],
        "trajectories": [
            {
                "opened_on": t.opened_on.isoformat(),
                "closed_on": t.closed_on.isoformat() if t.closed_on else None,
                "phase": t.phase,
                "care_team": [
                    {
                        "name": m.display_name,
                        "role": m.role,
                        "organisation": m.organisation.name if m.organisation else "",
                        "from": m.valid_from.isoformat(),
                        "until": m.valid_until.isoformat() if m.valid_until else None,
                    }
                    for m in t.team_memberships.all()
                ],
                **_trajectory_parts(t, hidden),
            }
            for t in family.trajectories.prefetch_related(
                Prefetch(
                    "team_memberships",
                    CareTeamMembership.objects.select_related("professional__user", "organisation"),
                )
            ).order_by("opened_on", "id")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "purpose_detail": c.purpose_detail,
                "about": [m.pk for m in c.about.all()],
                "given_by": [m.pk for m in c.given_by.all()],
                "recipient_organisations": [o.name for o in c.recipient_organisations.all()],
                "recipient_roles": c.recipient_roles,
                "data_categories": c.data_categories,
                "valid_from": c.valid_from.isoformat(),
                "valid_until": c.valid_until.isoformat() if c.valid_until else None,
                "obtained_how": c.obtained_how,
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                "withdrawn_by": c.withdrawn_by,
                "withdrawal_reason": c.withdrawal_reason,
            }
            for c in consents
        ],
        "confidential_sections": [
            {"member": s.member_id, "title": s.title, "content": s.content}
            for s in ConfidentialSection.objects.filter(member__family=family).exclude(
                member_id__in=hidden
            )
        ],
    }
