"""A plan action whose owner is absent gets a warning where the plan is shown, with the
suggestion to arrange cover, or the colleague who already covers (issue 12)."""

import datetime

import pytest
from django.urls import reverse

from samenspel.network.models import Absence
from samenspel.plans.models import ActionOwnerKind
from samenspel.trajectories.models import CareTeamRole
from tests.factories import PlanActionFactory, add_to_team, make_plan, make_professional
from tests.helpers import get_with_query_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def plan_with_owner(team):
    trajectory, coordinator = team
    owner = make_professional(full_name="Emre Yilmaz")
    add_to_team(trajectory, owner, CareTeamRole.WALK_ALONG)
    version = make_plan(trajectory, actor=coordinator.user, goals=1)
    PlanActionFactory(
        version=version,
        owner_kind=ActionOwnerKind.PROFESSIONAL,
        professional=owner,
        network_person="",
        what="Samen met moeder de post openen",
    )
    return trajectory, coordinator, owner


def _page(client, trajectory):
    return client.get(reverse("plans:plan_detail", args=[trajectory.pk])).content.decode()


def test_no_warning_while_the_owner_is_there(client, plan_with_owner):
    trajectory, coordinator, owner = plan_with_owner
    Absence.objects.create(
        professional=owner, kind="leave", starts_on=TODAY + datetime.timedelta(days=1)
    )
    client.force_login(coordinator.user)
    body = _page(client, trajectory)
    assert "Samen met moeder de post openen" in body
    assert "afwezig" not in body.split('id="who-does-what"')[1].split("</section>")[0]


def test_an_absent_owner_is_flagged_with_a_suggestion_to_arrange_cover(client, plan_with_owner):
    trajectory, coordinator, owner = plan_with_owner
    absence = Absence.objects.create(
        professional=owner,
        kind="sick",
        starts_on=TODAY - datetime.timedelta(days=2),
        ends_on=TODAY + datetime.timedelta(days=10),
    )
    client.force_login(coordinator.user)
    body = _page(client, trajectory)
    assert (
        "Emre Yilmaz heeft acties in dit plan maar is afwezig tot en met 3 december 2026." in body
    )
    assert reverse("trajectories:handover", args=[absence.pk]) in body
    assert "Regel waarneming" in body


def test_the_colleague_who_covers_is_named_instead(client, plan_with_owner):
    trajectory, coordinator, owner = plan_with_owner
    Absence.objects.create(professional=owner, kind="sick", starts_on=TODAY)
    colleague = make_professional(full_name="Lotte Waarnemer")
    place = trajectory.team_memberships.get(professional=owner)
    add_to_team(trajectory, colleague, CareTeamRole.WALK_ALONG, covers=place)
    client.force_login(coordinator.user)
    body = _page(client, trajectory)
    assert "is afwezig tot nader order" in body
    assert "Lotte Waarnemer neemt voor hem of haar waar in het team van dit gezin" in body
    assert "Regel waarneming" not in body


def test_the_warning_costs_two_queries_at_most(client, plan_with_owner):
    trajectory, coordinator, owner = plan_with_owner
    client.force_login(coordinator.user)
    client.get(reverse("core:home"))
    url = reverse("plans:plan_detail", args=[trajectory.pk])
    before = get_with_query_count(client, url, expected=20)
    Absence.objects.create(professional=owner, kind="sick", starts_on=TODAY)
    after = get_with_query_count(client, url, expected=21)
    assert "afwezig tot nader order" in after.content.decode()
    assert "afwezig tot nader order" not in before.content.decode()
