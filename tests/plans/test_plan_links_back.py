"""The plan page links back to the trajectory (issue 12): after agreeing the plan, the next
step ("Naar Uitvoering en evaluatie") is on the trajectory page, reached without a typed URL."""

import pytest
from django.urls import reverse

from tests.factories import make_plan

pytestmark = pytest.mark.django_db


def test_the_plan_page_links_to_the_trajectory_and_its_team(client, team):
    trajectory, coordinator = team
    make_plan(trajectory, actor=coordinator.user, goals=1)
    client.force_login(coordinator.user)

    body = client.get(reverse("plans:plan_detail", args=[trajectory.pk])).content.decode()

    link = reverse("trajectories:detail", args=[trajectory.pk])
    assert f'href="{link}" data-testid="trajectory-link">Traject en team</a>' in body
