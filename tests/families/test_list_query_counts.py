"""Pinned query counts for the remaining lists: who looked at the file, the retention review
and the emergency access review; constant as the data grows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.access.models import BREAK_GLASS_DURATION, BreakGlassAccess
from samenspel.accounts.models import Role, RoleGrant
from samenspel.families.models import Family
from samenspel.trajectories.models import CareTeamRole
from tests.factories import (
    FamilyFactory,
    NetworkFactory,
    TrajectoryFactory,
    add_to_team,
    make_professional,
    make_user,
)
from tests.helpers import get_with_query_count

pytestmark = pytest.mark.django_db


def _pinned(client, url, expected):
    client.get(url)  # settles the session
    return get_with_query_count(client, url, expected=expected)


def test_who_looked_at_the_file(client):
    trajectory = TrajectoryFactory()
    coordinator = make_professional()
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    client.force_login(coordinator.user)
    url = reverse("families:access_history", args=[trajectory.family.pk])
    _pinned(client, url, 8)
    for _ in range(5):
        other = make_professional(organisation=coordinator.home_organisation)
        add_to_team(trajectory, other)
        client.force_login(other.user)
        client.get(reverse("families:family_detail", args=[trajectory.family.pk]))
    client.force_login(coordinator.user)
    response = _pinned(client, url, 8)
    assert len(response.context["rows"]) >= 7


def test_the_retention_review(client):
    network = NetworkFactory()
    coordinator = make_user(Role.COORDINATOR)
    RoleGrant.objects.filter(user=coordinator).update(network=network)
    client.force_login(coordinator)
    url = reverse("families:retention_review")
    past = datetime.date(2020, 1, 1)
    FamilyFactory(network=network, retain_until=past)
    _pinned(client, url, 8)
    for _ in range(4):
        FamilyFactory(network=network, retain_until=past)
    FamilyFactory(retain_until=past)  # another network: not this coordinator's
    response = _pinned(client, url, 8)
    assert len(response.context["page"]) == 5
    assert client.get(url).status_code == 200
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(url).status_code == 403
    assert Family.objects.count() == 6


def test_the_emergency_access_review(client):
    officer = make_user(Role.SECURITY_OFFICER)
    client.force_login(officer)
    url = reverse("access:break_glass_review_list")

    def open_one():
        now = timezone.now()
        BreakGlassAccess.objects.create(
            user=make_professional().user,
            family=FamilyFactory(),
            reason="Een echte noodsituatie met uitleg.",
            opened_at=now,
            expires_at=now + BREAK_GLASS_DURATION,
        )

    open_one()
    _pinned(client, url, 6)
    for _ in range(4):
        open_one()
    response = _pinned(client, url, 6)
    assert len(response.context["page"]) == 5
