"""Jeugdwet 7.3.11: a team member acting for another organisation than the one providing
the help sees the file only with an active consent naming their organisation."""

import datetime

import pytest
from django.utils import timezone

from samenspel.access.policy import Action, Ground, decide
from samenspel.families.models import Family
from samenspel.trajectories.models import CareTeamRole
from tests.factories import (
    FamilyMemberFactory,
    TrajectoryFactory,
    add_consent,
    add_to_team,
    make_professional,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    trajectory = TrajectoryFactory()
    FamilyMemberFactory(family=trajectory.family)
    coordinator = make_professional()
    colleague = make_professional(organisation=coordinator.home_organisation)
    other = make_professional()
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    add_to_team(trajectory, colleague)
    add_to_team(trajectory, other)
    return trajectory.family, coordinator, colleague, other


def test_the_providing_organisation_needs_no_consent(team):
    family, coordinator, colleague, _other = team
    assert decide(coordinator.user, family).ground == Ground.CARE_TEAM
    assert decide(colleague.user, family).ground == Ground.CARE_TEAM


def test_another_organisation_without_consent_is_refused_but_knows_the_file(team):
    family, _coordinator, _colleague, other = team
    decision = decide(other.user, family)
    assert (decision.allowed, decision.visible, decision.missing) == (False, True, "consent")
    assert not Family.objects.visible_to(other.user).exists()


def test_another_organisation_with_consent_sees_the_file_on_that_ground(team):
    family, _coordinator, _colleague, other = team
    consent = add_consent(family, other.home_organisation)
    decision = decide(other.user, family, Action.EDIT)
    assert (decision.allowed, decision.ground, decision.consent_id) == (
        True,
        Ground.CONSENT,
        consent.pk,
    )
    assert list(Family.objects.visible_to(other.user)) == [family]


def test_withdrawn_or_expired_consent_gives_no_access(team):
    family, _coordinator, _colleague, other = team
    add_consent(family, other.home_organisation, withdrawn_at=timezone.now())
    add_consent(family, other.home_organisation, valid_until=datetime.date(2021, 1, 1))
    assert not decide(other.user, family).allowed
    assert not Family.objects.visible_to(other.user).exists()


def test_consent_for_another_organisation_does_not_count(team):
    family, coordinator, _colleague, other = team
    add_consent(family, coordinator.home_organisation)
    assert not decide(other.user, family).allowed


def test_consent_opens_only_the_members_it_is_about(team):
    from samenspel.access.policy import confidential_member_ids

    family, coordinator, _colleague, other = team
    named, unnamed = family.members.get(), FamilyMemberFactory(family=family)
    consent = add_consent(family, other.home_organisation)
    consent.about.set([named])

    assert confidential_member_ids(other.user, family) == {unnamed.pk}
    assert confidential_member_ids(coordinator.user, family) == set()  # own organisation
    consent.about.add(unnamed)
    assert confidential_member_ids(other.user, family) == set()
