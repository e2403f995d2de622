"""What the trajectories app asks of plans: is there an agreed plan (to move to execution),
and what is still open (for a meeting's agenda)."""

import pytest
from django.utils import timezone

from samenspel.plans import actions
from samenspel.plans.models import ActionStatus
from samenspel.plans.queries import has_agreed_plan, open_goals_and_actions
from tests.factories import FamilyMemberFactory, GoalFactory, PlanActionFactory, make_plan

pytestmark = pytest.mark.django_db


def test_has_agreed_plan_only_after_the_coordinator_agreed(team):
    trajectory, coordinator = team
    assert not has_agreed_plan(trajectory)
    version = make_plan(trajectory, actor=coordinator.user)
    assert not has_agreed_plan(trajectory)
    actions.agree_version(version, actor=coordinator.user, agreed_on=timezone.localdate())
    assert has_agreed_plan(trajectory)


def test_open_goals_and_actions_of_the_agreed_plan(team):
    trajectory, coordinator = team
    assert open_goals_and_actions(trajectory).version is None
    version = make_plan(trajectory, actor=coordinator.user, goals=1)
    lisa = FamilyMemberFactory(family=trajectory.family)
    secret = GoalFactory(version=version, confidential=True, members=[lisa])
    PlanActionFactory(version=version, goal=secret)
    PlanActionFactory(version=version, status=ActionStatus.DONE)
    actions.agree_version(version, actor=coordinator.user, agreed_on=timezone.localdate())

    items = open_goals_and_actions(trajectory)
    assert items.version == version
    assert [goal.pk for goal in items.goals] == [version.goals.exclude(pk=secret.pk).get().pk]
    assert len(items.actions) == 1  # the done one and the confidential goal's are left out
    everything = open_goals_and_actions(trajectory, hidden_member_ids=set())
    assert len(everything.goals) == 2
    assert len(everything.actions) == 2
