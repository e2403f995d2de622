"""Confidential member sections stay confidential in the plan page, its diff and its PDF:
an adolescent's mental-health goal is not for the debt counsellor on the same team."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samenspel.families.models import ConfidentialSection
from samenspel.plans import actions
from samenspel.plans.models import Occasion
from samenspel.trajectories.models import CareTeamRole
from tests.factories import (
    FamilyMemberFactory,
    GoalFactory,
    add_to_team,
    make_plan,
    make_professional,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
TODAY = datetime.date(2026, 11, 23)
SECRET = "Lisa praat elke week met haar therapeut"
OPEN = "Noah gaat weer elke dag naar school"


@pytest.fixture
def plan_with_secret(team):
    trajectory, coordinator = team
    lisa = FamilyMemberFactory(family=trajectory.family, given_name="Lisa")
    ConfidentialSection.objects.create(
        member=lisa, title="GGZ", allowed_roles=[CareTeamRole.COORDINATOR]
    )
    debt = make_professional(organisation=coordinator.home_organisation)
    add_to_team(trajectory, debt)
    version = make_plan(trajectory, actor=coordinator.user, goals=0)
    GoalFactory(version=version, title=OPEN)
    GoalFactory(version=version, title=SECRET, confidential=True, members=[lisa])
    actions.agree_version(version, actor=coordinator.user, agreed_on=TODAY)
    draft = actions.start_new_version(
        version.plan, occasion=Occasion.MDO, reason="MDO", actor=coordinator.user
    )
    goal = draft.goals.get(title=SECRET)
    goal.title = SECRET + " en haar moeder"
    goal.save()
    return trajectory, coordinator, debt


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_the_coordinator_named_in_the_section_sees_the_goal(plan_with_secret, client_for):
    trajectory, coordinator, _debt = plan_with_secret
    client = client_for(coordinator.user)
    page = client.get(reverse("plans:plan_detail", args=[trajectory.pk]) + "?version=1")
    assert SECRET in page.content.decode()
    diff = client.get(reverse("plans:version_diff", args=[trajectory.pk, 2]))
    assert SECRET in diff.content.decode()
    assert SECRET in _pdf_text(client.get(reverse("plans:plan_pdf", args=[trajectory.pk])))


def test_the_debt_counsellor_sees_neither_the_goal_nor_its_change(plan_with_secret, client_for):
    trajectory, _coordinator, debt = plan_with_secret
    client = client_for(debt.user)
    page = client.get(reverse("plans:plan_detail", args=[trajectory.pk]) + "?version=1")
    content = page.content.decode()
    assert OPEN in content
    assert SECRET not in content
    assert page.context["content"].hidden_count == 1
    diff = client.get(reverse("plans:version_diff", args=[trajectory.pk, 2]))
    assert SECRET not in diff.content.decode()
    assert diff.context["changes"] == []
    text = _pdf_text(client.get(reverse("plans:plan_pdf", args=[trajectory.pk])))
    assert "Noah gaat weer elke dag" in text
    assert "therapeut" not in text


def test_the_debt_counsellor_cannot_open_the_goal_to_edit_it(plan_with_secret, client_for):
    trajectory, _coordinator, debt = plan_with_secret
    from samenspel.plans.models import Goal

    goal = Goal.objects.get(version__number=2, title__startswith=SECRET)
    url = reverse("plans:item_edit", args=[trajectory.pk, "goal", goal.pk])
    assert client_for(debt.user).get(url).status_code == 404


def test_the_action_form_does_not_offer_the_hidden_goal(plan_with_secret, client_for):
    trajectory, coordinator, debt = plan_with_secret
    url = reverse("plans:item_new", args=[trajectory.pk, "action"])
    hidden = client_for(debt.user).get(url)
    assert SECRET not in hidden.content.decode()
    assert OPEN in hidden.content.decode()
    assert SECRET in client_for(coordinator.user).get(url).content.decode()
