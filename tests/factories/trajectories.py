"""Factories for trajectories and care teams."""

import factory
from django.utils.timezone import localdate
from factory.django import DjangoModelFactory

from samenspel.network.models import Professional
from samenspel.trajectories.models import CareTeamMembership, CareTeamRole, Phase, Trajectory
from tests.factories.families import FamilyFactory


class TrajectoryFactory(DjangoModelFactory):
    """`TrajectoryFactory(phase=Phase.WALK_ALONG)`; `TrajectoryFactory(closed=True)`."""

    class Meta:
        model = Trajectory

    family = factory.SubFactory(FamilyFactory)
    network = factory.SelfAttribute("family.network")

    class Params:
        closed = factory.Trait(phase=Phase.CLOSED, closed_on=factory.LazyFunction(localdate))


def add_to_team(
    trajectory: Trajectory,
    professional: Professional,
    role: CareTeamRole = CareTeamRole.SPECIALIST,
    **fields: object,
) -> CareTeamMembership:
    """Put a professional on a family's care team, on behalf of their home organisation."""
    fields.setdefault("organisation", professional.home_organisation)
    return CareTeamMembership.objects.create(
        trajectory=trajectory, professional=professional, role=role, **fields
    )
