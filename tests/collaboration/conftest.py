import pytest

from samenspel.accounts.models import Role, RoleGrant
from samenspel.collaboration.loader import SHIPPED_DIR, load_instruments
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    add_to_network,
    make_professional,
    make_user,
)


@pytest.fixture
def instruments(db):
    load_instruments([SHIPPED_DIR])


def grant(role, network, user=None):
    user = user or make_user(role)
    RoleGrant.objects.filter(user=user, role=role).delete()
    RoleGrant.objects.create(user=user, role=role, network=network)
    user.__dict__.pop("_grants", None)
    return user


@pytest.fixture
def network_setup(instruments):
    """A network with three organisations: A (3 professionals), B (3), C (1)."""
    network = NetworkFactory(name="Beter Thuis")
    orgs = {}
    people = {}
    for key, size in (("A", 3), ("B", 3), ("C", 1)):
        org = OrganisationFactory(name=f"Organisatie {key}")
        add_to_network(org, network)
        orgs[key] = org
        people[key] = [
            make_professional(organisation=org, network=network, full_name=f"Prof {key}{i}")
            for i in range(size)
        ]
    coordinator = grant(Role.NETWORK_COORDINATOR, network)
    return network, orgs, people, coordinator
