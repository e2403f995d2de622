"""Per-member confidential sections (DOMAIN.md §6): an adolescent's mental-health notes are
not for the parents or the debt counsellor on the same team."""

import datetime

import pytest

from samenspel.access.policy import can_see_confidential, confidential_member_ids
from samenspel.accounts.models import Role
from samenspel.families.models import ConfidentialSection, MemberRole
from samenspel.trajectories.models import CareTeamRole
from tests.factories import (
    FamilyMemberFactory,
    TrajectoryFactory,
    add_to_team,
    make_professional,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def family_with_secret():
    trajectory = TrajectoryFactory()
    family = trajectory.family
    parent_user = make_user(Role.FAMILY_MEMBER)
    parent = FamilyMemberFactory(
        family=family, role=MemberRole.PARENT, user=parent_user, date_of_birth=None
    )
    teen_user = make_user(Role.FAMILY_MEMBER)
    teen = FamilyMemberFactory(
        family=family, user=teen_user, date_of_birth=datetime.date(2012, 3, 1)
    )
    ggz = make_professional()
    coordinator = make_professional(organisation=ggz.home_organisation)
    debt = make_professional(organisation=ggz.home_organisation)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    add_to_team(trajectory, ggz)
    add_to_team(trajectory, debt)
    section = ConfidentialSection.objects.create(
        member=teen, title="GGZ", content="…", allowed_roles=[CareTeamRole.COORDINATOR]
    )
    section.allowed_professionals.add(ggz)
    return family, parent, teen, ggz, coordinator, debt


def test_the_named_professional_and_role_see_it(family_with_secret):
    _family, _parent, teen, ggz, coordinator, _debt = family_with_secret
    assert can_see_confidential(ggz.user, teen, on=TODAY)
    assert can_see_confidential(coordinator.user, teen, on=TODAY)


def test_the_debt_counsellor_on_the_same_team_does_not(family_with_secret):
    family, parent, teen, _ggz, _coordinator, debt = family_with_secret
    assert not can_see_confidential(debt.user, teen, on=TODAY)
    assert confidential_member_ids(debt.user, family, on=TODAY) == {teen.pk}
    assert can_see_confidential(debt.user, parent, on=TODAY)


def test_the_parents_do_not_and_the_young_person_does(family_with_secret):
    family, parent, teen, *_ = family_with_secret
    assert not can_see_confidential(parent.user, teen, on=TODAY)
    assert can_see_confidential(teen.user, teen, on=TODAY)
    assert confidential_member_ids(teen.user, family, on=TODAY) == set()


def test_parents_lose_sight_of_a_child_of_sixteen(family_with_secret):
    _family, parent, teen, *_ = family_with_secret
    ConfidentialSection.objects.all().delete()
    assert can_see_confidential(parent.user, teen, on=datetime.date(2028, 2, 29))
    assert not can_see_confidential(parent.user, teen, on=datetime.date(2028, 3, 1))


def test_an_outsider_sees_no_member_at_all(family_with_secret):
    family, parent, teen, *_ = family_with_secret
    outsider = make_professional()
    assert confidential_member_ids(outsider.user, family, on=TODAY) == {parent.pk, teen.pk}
