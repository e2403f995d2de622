"""From the family file to the trajectory and the plan, and back: one family, one place."""

import pytest
from django.urls import reverse

from samenspel.families.models import Registration
from samenspel.trajectories.models import CareTeamRole
from tests.factories import TrajectoryFactory, add_to_team, make_professional

pytestmark = pytest.mark.django_db


def test_the_file_and_the_trajectory_link_to_each_other_and_to_the_plan(client):
    trajectory = TrajectoryFactory()
    Registration.objects.create(
        family=trajectory.family,
        network=trajectory.network,
        trajectory=trajectory,
        referrer_kind="school",
        safety_status="ok",
    )
    coordinator = make_professional(network=trajectory.network)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    client.force_login(coordinator.user)
    plan = reverse("plans:plan_detail", args=[trajectory.pk])

    file_page = client.get(reverse("families:family_detail", args=[trajectory.family_id])).text
    trajectory_page = client.get(reverse("trajectories:detail", args=[trajectory.pk])).text

    assert reverse("trajectories:detail", args=[trajectory.pk]) in file_page
    assert plan in file_page and plan in trajectory_page
    assert reverse("families:family_detail", args=[trajectory.family_id]) in trajectory_page
