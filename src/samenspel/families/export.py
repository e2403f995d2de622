"""Everything about a family, for the family's right of access and data portability: a
dictionary for the JSON export and the context of the PDF. Confidential sections the
exporting user may not see stay out."""

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
