"""The plan on paper for the family: their words first, who does what and when, signature
lines; every print is an access event."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samenspel.audit.models import AccessEvent, EventType
from samenspel.families.models import MemberRole
from samenspel.plans.models import ActionOwnerKind
from tests.factories import FamilyMemberFactory, PlanActionFactory, make_plan

pytestmark = pytest.mark.django_db


def test_the_pdf_has_the_family_words_goals_actions_and_signature_lines(team, client_for):
    trajectory, coordinator = team
    FamilyMemberFactory(family=trajectory.family, given_name="Marieke", role=MemberRole.PARENT)
    version = make_plan(trajectory, actor=coordinator.user, goals=2)
    version.family_words = "Wij willen weer rust in huis."
    version.save()
    PlanActionFactory(
        version=version,
        what="Marieke belt de school",
        owner_kind=ActionOwnerKind.NETWORK,
        network_person="Marieke",
    )
    response = client_for(coordinator.user).get(reverse("plans:plan_pdf", args=[trajectory.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Wij willen weer rust in huis." in flat
    assert flat.index("Wij willen weer rust in huis.") < flat.index("Noah gaat weer")
    for goal in version.goals.all():
        assert goal.title in flat
    assert "Marieke belt de school" in flat
    assert coordinator.user.full_name in flat
    assert flat.count("____________") >= 2  # a line for Marieke and for the coordinator
    event = AccessEvent.objects.get(action="plans.plan.print")
    assert event.event_type == EventType.PRINT
    assert event.family_id == trajectory.family_id
