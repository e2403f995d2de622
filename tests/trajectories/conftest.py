"""A small network for trajectory tests: a coordinator, two colleagues, expertise."""

from dataclasses import dataclass

import pytest

from samenspel.accounts.models import Role
from samenspel.network.models import Expertise, Network, Professional, ProfessionalExpertise
from samenspel.trajectories import actions
from samenspel.trajectories.models import (
    CareTeamRole,
    ObservationKind,
    Phase,
    Trajectory,
)
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    TrajectoryFactory,
    make_professional,
)


@dataclass
class World:
    network: Network
    coordinator: Professional
    colleague: Professional
    other: Professional
    lvb: Expertise
    ggz: Expertise
    trajectory: Trajectory


def expertise(code: str, name: str) -> Expertise:
    return Expertise.objects.get_or_create(code=code, defaults={"name": name})[0]


@pytest.fixture
def world(db) -> World:
    network = NetworkFactory()
    # One providing organisation: the consent rule for other organisations is the access
    # policy's concern (tests/access), not these.
    organisation = OrganisationFactory()
    coordinator = make_professional(
        network=network, organisation=organisation, roles=(Role.PROFESSIONAL, Role.COORDINATOR)
    )
    colleague = make_professional(network=network, organisation=organisation)
    other = make_professional(network=network, organisation=organisation)
    lvb, ggz = expertise("lvb-test", "LVB"), expertise("ggz-test", "GGZ")
    ProfessionalExpertise.objects.create(professional=colleague, expertise=lvb)
    ProfessionalExpertise.objects.create(professional=other, expertise=ggz)
    # A family name no generated professional carries: tests check that it is *not* shown
    # (a drawn "Bakker" could meet a colleague called Bakker on the same page).
    trajectory = TrajectoryFactory(family__network=network, family__name="Oudkerk-Brandsma")
    return World(network, coordinator, colleague, other, lvb, ggz, trajectory)


def in_walk_along(world: World) -> Trajectory:
    """Take the world's registration to the walk-along phase through the actions."""
    actor = world.coordinator.user
    actions.take_on_registration(world.trajectory, coordinator=world.coordinator, actor=actor)
    actions.add_team_member(
        world.trajectory, actor=actor, role=CareTeamRole.WALK_ALONG, professional=world.colleague
    )
    trajectory = actions.move_to_phase(world.trajectory, Phase.WALK_ALONG, actor=actor)
    return trajectory


@pytest.fixture(autouse=True)
def english_messages():
    """Actions raise translated messages; these tests read them in the source language.
    Pages are requested in Dutch (the default) and their tests check the Dutch text."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def walking(world: World) -> World:
    """The world's trajectory in the walk-along phase, with one journal note."""
    trajectory = in_walk_along(world)
    actions.add_observation(
        trajectory,
        life_domain="huisvesting",
        kind=ObservationKind.STRENGTH,
        text="Huis is op orde",
        actor=world.colleague.user,
    )
    return world


def login(client, user):  # type: ignore[no-untyped-def]
    """Log in and pay the first request's one-off queries (second factor, session save)."""
    client.force_login(user)
    client.get("/healthz")
    client.get("/")
    return client
