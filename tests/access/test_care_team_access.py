"""The access policy's first ground: an active place in the family's care team."""

import datetime

import pytest

from samenspel.access.policy import Action, decide
from samenspel.families.models import Family
from samenspel.trajectories.models import CareTeamRole
from tests.factories import TrajectoryFactory, add_to_team, make_professional

pytestmark = pytest.mark.django_db


def test_a_care_team_member_sees_the_family_and_an_outsider_does_not():
    trajectory = TrajectoryFactory()
    member = make_professional()
    outsider = make_professional()
    add_to_team(trajectory, member, CareTeamRole.COORDINATOR)

    assert decide(member.user, trajectory.family, Action.VIEW).allowed
    assert not decide(outsider.user, trajectory.family, Action.VIEW).visible
    assert list(Family.objects.visible_to(member.user)) == [trajectory.family]
    assert list(Family.objects.visible_to(outsider.user)) == []


def test_access_ends_with_the_team_membership():
    trajectory = TrajectoryFactory()
    member = make_professional()
    add_to_team(
        trajectory,
        member,
        CareTeamRole.COORDINATOR,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2026, 1, 31),
    )

    assert decide(member.user, trajectory.family, on=datetime.date(2026, 1, 31)).allowed
    assert not decide(member.user, trajectory.family, on=datetime.date(2026, 2, 1)).allowed
