"""A meeting's agenda starts from the open goals and actions of the agreed family plan and
earlier follow-up actions; confidential goals stay off it (everyone invited reads it)."""

import datetime

import pytest
from django.utils import timezone

from samenspel.trajectories import actions
from samenspel.trajectories.models import MeetingKind
from tests.factories.plans import make_plan
from tests.trajectories.conftest import in_walk_along

pytestmark = pytest.mark.django_db


def test_the_agenda_lists_open_goals_actions_and_follow_ups(world):
    trajectory = in_walk_along(world)
    actor = world.coordinator.user
    version = make_plan(trajectory, actor=actor, goals=2, agreed=True)
    goal = version.goals.order_by("id").first()
    first = actions.plan_meeting(
        trajectory, kind=MeetingKind.MDO, starts_at=timezone.now(), actor=actor
    )
    actions.add_follow_up(
        first, description="Schuldhulp bellen", owner="Fatima", due_on=None, actor=actor
    )
    meeting = actions.plan_meeting(
        trajectory,
        kind=MeetingKind.EVALUATION,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        actor=actor,
    )
    agenda = meeting.agenda.splitlines()
    assert f"Goal: {goal.title}" in agenda
    assert sum(line.startswith("Action: ") for line in agenda) == 2
    assert "Follow-up: Schuldhulp bellen (Fatima)" in agenda
