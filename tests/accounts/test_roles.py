"""Roles, optionally scoped to a network."""

import pytest

from samenspel.accounts.models import MFA_ROLES, Role, RoleGrant
from tests.factories import NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_of_one_network_is_not_coordinator_of_another():
    beter_thuis, extra_team = NetworkFactory(), NetworkFactory()
    user = UserFactory(roles=[])
    RoleGrant.objects.create(user=user, role=Role.COORDINATOR, network=beter_thuis)

    assert user.has_role(Role.COORDINATOR)
    assert user.has_role_in_network(Role.COORDINATOR, beter_thuis.pk)
    assert not user.has_role_in_network(Role.COORDINATOR, extra_team.pk)
    assert user.networks_with_role(Role.COORDINATOR) == {beter_thuis.pk}


def test_a_grant_without_a_network_holds_everywhere():
    network = NetworkFactory()
    user = UserFactory(roles=[Role.SECURITY_OFFICER])
    assert user.networks_with_role(Role.SECURITY_OFFICER) is None
    assert user.has_role_in_network(Role.SECURITY_OFFICER, network.pk)


def test_every_role_but_family_member_requires_a_second_factor():
    assert frozenset(Role) - MFA_ROLES == {Role.FAMILY_MEMBER}
    assert UserFactory(roles=[Role.POLICY_ADVISER]).requires_mfa
    assert not UserFactory(roles=[Role.FAMILY_MEMBER]).requires_mfa


def test_the_same_role_twice_in_one_scope_is_refused():
    from django.db import IntegrityError, transaction

    network = NetworkFactory()
    user = UserFactory(roles=[Role.PROFESSIONAL])
    RoleGrant.objects.create(user=user, role=Role.COORDINATOR, network=network)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=user, role=Role.COORDINATOR, network=network)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=user, role=Role.PROFESSIONAL)
