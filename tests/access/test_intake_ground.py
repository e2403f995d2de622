"""The coordinator's intake queue as a ground: a coordinator of the family's network sees a
waiting registration (view and edit, to take it on; no export), a coordinator elsewhere does
not, and the ground ends when the trajectory leaves the registration phase."""

import pytest

from samenspel.access.policy import Action, Ground, decide
from samenspel.accounts.models import Role, RoleGrant
from samenspel.families.models import Family, Registration
from samenspel.trajectories.models import Phase
from tests.factories import NetworkFactory, TrajectoryFactory, make_user

pytestmark = pytest.mark.django_db


def _coordinator(network):
    user = make_user(Role.COORDINATOR)
    RoleGrant.objects.filter(user=user).update(network=network)
    user.__dict__.pop("_grants", None)
    return user


@pytest.fixture
def waiting():
    trajectory = TrajectoryFactory(phase=Phase.REGISTRATION)
    Registration.objects.create(
        family=trajectory.family,
        network=trajectory.network,
        trajectory=trajectory,
        referrer_kind="cjg",
        safety_status="in_order",
    )
    return trajectory


def test_the_networks_coordinator_sees_a_waiting_registration(waiting):
    coordinator = _coordinator(waiting.network)
    assert decide(coordinator, waiting.family).ground == Ground.INTAKE
    assert decide(coordinator, waiting.family, Action.EDIT).allowed
    export = decide(coordinator, waiting.family, Action.EXPORT)
    assert (export.allowed, export.visible) == (False, True)
    assert list(Family.objects.visible_to(coordinator)) == [waiting.family]


def test_a_coordinator_of_another_network_does_not(waiting):
    elsewhere = _coordinator(NetworkFactory())
    assert not decide(elsewhere, waiting.family).visible
    assert not Family.objects.visible_to(elsewhere).exists()


def test_the_ground_ends_when_the_team_is_being_formed(waiting):
    coordinator = _coordinator(waiting.network)
    waiting.phase = Phase.TEAM_COMPOSITION
    waiting.save()
    assert not decide(coordinator, waiting.family).visible
