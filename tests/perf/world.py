"""A world for the main pages, grown through the apps' own factories and actions: the
coordinator's caseload, the family's members, goals and actions, observations, access events,
registrations waiting, overdue evaluations and colleagues with expertise."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from samenspel import audit
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType
from samenspel.network.models import Network, Professional
from samenspel.plans.models import PlanVersion
from samenspel.trajectories.actions import add_observation
from samenspel.trajectories.models import CareTeamRole, Phase, Trajectory
from tests.factories import (
    FamilyMemberFactory,
    GoalFactory,
    NetworkFactory,
    OrganisationFactory,
    PlanActionFactory,
    TrajectoryFactory,
    add_to_network,
    add_to_team,
    make_colleague,
    make_plan,
    make_professional,
)

SMALL_GROWTH = 1


@dataclass
class World:
    network: Network
    coordinator: Professional
    colleague: Professional
    trajectory: Trajectory
    version: PlanVersion
    grown: int = 0


def build_world() -> World:
    network = NetworkFactory()
    organisation = OrganisationFactory()
    add_to_network(organisation, network)
    coordinator = make_professional(
        network=network,
        organisation=organisation,
        roles=(Role.PROFESSIONAL, Role.COORDINATOR),
        full_name="Coördinator Bakker",
    )
    colleague = make_professional(network=network, organisation=organisation)
    trajectory = TrajectoryFactory(family__network=network, phase=Phase.EXECUTION)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    add_to_team(trajectory, colleague, CareTeamRole.WALK_ALONG)
    version = make_plan(trajectory, actor=coordinator.user, goals=0)
    return World(network, coordinator, colleague, trajectory, version)


def grow(world: World, n: int) -> None:
    """n more of everything the main pages list."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for _ in range(n):
        i = world.grown = world.grown + 1
        member = FamilyMemberFactory(family=world.trajectory.family)
        goal = GoalFactory(version=world.version, members=[member])
        PlanActionFactory(version=world.version, goal=goal)
        add_observation(
            world.trajectory,
            life_domain="financien",
            kind="concern",
            text=f"Post {i}",
            actor=world.colleague.user,
        )
        audit.record(
            EventType.READ,
            "families.family.read",
            actor=world.colleague.user,
            family_id=world.trajectory.family_id,
        )
        # The coordinator's caseload, with an evaluation overdue.
        other = TrajectoryFactory(
            family__network=world.network, phase=Phase.EXECUTION, next_evaluation_on=yesterday
        )
        add_to_team(other, world.coordinator, CareTeamRole.COORDINATOR)
        add_to_team(other, world.colleague, CareTeamRole.WALK_ALONG)
        # A registration waiting for a team.
        TrajectoryFactory(family__network=world.network, phase=Phase.REGISTRATION)
        # Colleagues in the directory and for the matching.
        make_colleague(
            world.network,
            full_name=f"Jansen {i}",
            organisation=world.coordinator.home_organisation,
            expertise_levels={"jeugdhulp": 2, "ggz-jeugd": 1},
            languages=("nl",),
        )
