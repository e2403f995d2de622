"""The plans list shows every family this user works with and where its plan stands, so a
plan can be started from here; closed trajectories only when they have a plan."""

import datetime

import pytest
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.trajectories.models import CareTeamRole
from tests.factories import TrajectoryFactory, add_to_team, make_plan

pytestmark = pytest.mark.django_db


def test_families_without_a_plan_are_listed_to_start_one(team, client_for):
    trajectory, coordinator = team
    with_plan = TrajectoryFactory()
    add_to_team(with_plan, coordinator, CareTeamRole.COORDINATOR)
    make_plan(with_plan, actor=coordinator.user, agreed=True)
    closed = TrajectoryFactory(closed_on=datetime.date(2026, 1, 1))
    add_to_team(closed, coordinator, CareTeamRole.COORDINATOR)

    response = client_for(coordinator.user).get(reverse("plans:plan_list"))

    rows = {t.pk: t.plan_status for t in response.context["page"].object_list}
    assert rows == {trajectory.pk: None, with_plan.pk: "agreed"}
    content = response.content.decode()
    assert "Nog geen plan" in content
    assert "Versie 1, vastgesteld" in content
    assert reverse("plans:plan_detail", args=[trajectory.pk]) in content
    event = AccessEvent.objects.get(action="plans.plan.list")
    assert sorted(event.detail["families"]) == sorted([trajectory.family_id, with_plan.family_id])
