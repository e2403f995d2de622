"""Factories for family plans: a trajectory with its coordinator, plans, goals, actions."""

import datetime
from importlib import import_module

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from samenspel.network.models import Professional
from samenspel.plans import actions
from samenspel.plans.models import (
    ActionOwnerKind,
    Goal,
    InstrumentDomain,
    PlanAction,
    PlanVersion,
)
from samenspel.trajectories.models import CareTeamRole, Trajectory
from tests.factories.network import make_professional
from tests.factories.trajectories import TrajectoryFactory, add_to_team


def ensure_instruments() -> None:
    """Load the default instruments again: a transactional (browser) test starts from an
    emptied database when an earlier one flushed it, data migrations included."""
    from django.apps import apps

    migration = import_module("samenspel.plans.migrations.0002_default_instruments")
    migration.load(apps, None)
    extra = import_module("samenspel.plans.migrations.0008_life_domain_opvoeding_housea")
    extra.add(apps, None)


def life_domain(code: str = "werk-opleiding") -> InstrumentDomain:
    return InstrumentDomain.objects.get(version__instrument__code="zrm-2017", code=code)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Noah gaat weer elke dag naar school ({n})")
    domain = factory.LazyFunction(life_domain)
    why_it_matters = "Dan kan hij later doen wat hij wil."
    level_minus_2 = "Noah gaat niet meer naar school."
    level_minus_1 = "Noah gaat twee dagen per week."
    level_0 = "Noah gaat elke dag naar school."
    level_plus_1 = "Noah gaat elke dag en maakt zijn huiswerk."
    level_plus_2 = "Noah gaat elke dag en helpt zijn zus."
    weight = 1

    @factory.post_generation
    def members(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.members.set(extracted)


class PlanActionFactory(DjangoModelFactory):
    class Meta:
        model = PlanAction

    what = factory.Sequence(lambda n: f"Gesprek met de mentor op school ({n})")
    owner_kind = ActionOwnerKind.NETWORK
    network_person = "Oma Ria"
    due_on = datetime.date(2026, 12, 15)


def make_team(trajectory: Trajectory | None = None) -> tuple[Trajectory, Professional]:
    """A trajectory with a coordinator on its care team (who may see and agree the plan)."""
    trajectory = trajectory or TrajectoryFactory()
    coordinator = make_professional()
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    return trajectory, coordinator


def make_plan(
    trajectory: Trajectory, *, actor: object, goals: int = 2, agreed: bool = False
) -> PlanVersion:
    """A plan whose first version has `goals` goals with an action each; agreed if asked
    (the actor must then be the trajectory's coordinator)."""
    version = actions.start_plan(trajectory, actor=actor)
    for _ in range(goals):
        goal = GoalFactory(version=version)
        PlanActionFactory(version=version, goal=goal)
    if agreed:
        version = actions.agree_version(version, actor=actor, agreed_on=timezone.localdate())
    return version
