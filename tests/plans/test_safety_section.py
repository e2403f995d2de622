"""When the registration's check on basic care and safety raised concerns, the plan has a
safety section (Veilig Verder), on the page and in the PDF (DOMAIN.md §7)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samenspel.families.models import Registration, SafetyStatus
from tests.factories import make_plan

pytestmark = pytest.mark.django_db


def _register(trajectory, status: SafetyStatus) -> None:
    Registration.objects.create(
        family=trajectory.family,
        network=trajectory.network,
        trajectory=trajectory,
        referrer_kind="school",
        safety_status=status,
    )


def test_concerns_at_registration_give_the_plan_a_safety_section(team, client_for):
    trajectory, coordinator = team
    _register(trajectory, SafetyStatus.CONCERNS)
    make_plan(trajectory, actor=coordinator.user)
    client = client_for(coordinator.user)
    page = client.get(reverse("plans:plan_detail", args=[trajectory.pk]))
    assert "Veiligheidsplan (Veilig Verder)" in page.content.decode()
    pdf = client.get(reverse("plans:plan_pdf", args=[trajectory.pk]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Veilig Verder" in text


def test_no_safety_section_when_basic_care_and_safety_are_in_order(team, client_for):
    trajectory, coordinator = team
    _register(trajectory, SafetyStatus.IN_ORDER)
    make_plan(trajectory, actor=coordinator.user)
    page = client_for(coordinator.user).get(reverse("plans:plan_detail", args=[trajectory.pk]))
    assert "Veilig Verder" not in page.content.decode()
