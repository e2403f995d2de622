"""The phase model (DOMAIN.md §4): allowed moves, their guards and their Dutch messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from samenspel.trajectories import actions
from samenspel.trajectories.models import (
    CareTeamRole,
    MeetingKind,
    ObservationKind,
    Phase,
    TrajectorySettings,
)
from tests.factories.plans import make_plan
from tests.trajectories.conftest import in_walk_along

pytestmark = pytest.mark.django_db


def messages_of(excinfo) -> list[str]:
    return excinfo.value.messages


def test_team_composition_needs_a_coordinator(world):
    with pytest.raises(ValidationError) as excinfo, translation.override("nl"):
        actions.move_to_phase(
            world.trajectory, Phase.TEAM_COMPOSITION, actor=world.coordinator.user
        )
    assert any("regisseur" in m.lower() for m in messages_of(excinfo))


def test_a_registration_cannot_jump_to_the_plan(world):
    with pytest.raises(ValidationError) as excinfo:
        actions.move_to_phase(world.trajectory, Phase.PLAN, actor=world.coordinator.user)
    assert "cannot go from" in messages_of(excinfo)[0]


def test_walk_along_needs_two_professionals_and_lasts_the_networks_weeks(world):
    TrajectorySettings.objects.create(network=world.network, walk_along_weeks=4)
    actor = world.coordinator.user
    actions.take_on_registration(world.trajectory, coordinator=world.coordinator, actor=actor)
    with pytest.raises(ValidationError, match="Two professionals"):
        actions.move_to_phase(world.trajectory, Phase.WALK_ALONG, actor=actor)
    actions.add_team_member(
        world.trajectory, actor=actor, role=CareTeamRole.WALK_ALONG, professional=world.colleague
    )
    trajectory = actions.move_to_phase(world.trajectory, Phase.WALK_ALONG, actor=actor)
    assert trajectory.phase == Phase.WALK_ALONG
    assert trajectory.walk_along_until == timezone.localdate() + datetime.timedelta(weeks=4)


def test_no_mdo_without_walk_along_notes_and_no_plan_before_an_mdo(world):
    trajectory = in_walk_along(world)
    actor = world.coordinator.user
    with pytest.raises(ValidationError, match="walk-along observation"):
        actions.move_to_phase(trajectory, Phase.MDO, actor=actor)
    actions.add_observation(
        trajectory,
        life_domain="financien",
        kind=ObservationKind.CONCERN,
        text="Schulden",
        actor=actor,
    )
    trajectory = actions.move_to_phase(trajectory, Phase.MDO, actor=actor)
    with pytest.raises(ValidationError) as excinfo, translation.override("nl"):
        actions.move_to_phase(trajectory, Phase.PLAN, actor=actor)
    assert any("MDO" in m for m in messages_of(excinfo))
    meeting = actions.plan_meeting(
        trajectory,
        kind=MeetingKind.MDO,
        starts_at=datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC),
        actor=actor,
    )
    actions.record_meeting(
        meeting, actor=actor, present=[], integrated_analysis="Eén analyse", decisions="Plan maken"
    )
    assert actions.move_to_phase(trajectory, Phase.PLAN, actor=actor).phase == Phase.PLAN


def test_skipping_the_mdo_needs_a_recorded_reason(world):
    trajectory = in_walk_along(world)
    actor = world.coordinator.user
    with pytest.raises(ValidationError, match="No plan before an MDO"):
        actions.move_to_phase(trajectory, Phase.PLAN, actor=actor)
    trajectory = actions.move_to_phase(
        trajectory, Phase.PLAN, actor=actor, skip_reason="Crisis: direct plan nodig"
    )
    assert trajectory.phase == Phase.PLAN
    assert trajectory.mdo_skipped_reason == "Crisis: direct plan nodig"


def test_execution_needs_an_agreed_plan(world):
    trajectory = in_walk_along(world)
    actor = world.coordinator.user
    trajectory = actions.move_to_phase(trajectory, Phase.PLAN, actor=actor, skip_reason="Spoed")
    with pytest.raises(ValidationError, match="plan must be agreed"):
        actions.move_to_phase(trajectory, Phase.EXECUTION, actor=actor)
    make_plan(trajectory, actor=actor, goals=1)  # a draft is not enough
    with pytest.raises(ValidationError, match="plan must be agreed"):
        actions.move_to_phase(trajectory, Phase.EXECUTION, actor=actor)


def test_execution_sets_the_next_evaluation_from_the_networks_interval(world):
    TrajectorySettings.objects.create(network=world.network, evaluation_interval_weeks=8)
    trajectory = in_walk_along(world)
    actor = world.coordinator.user
    trajectory = actions.move_to_phase(trajectory, Phase.PLAN, actor=actor, skip_reason="Spoed")
    make_plan(trajectory, actor=actor, goals=1, agreed=True)
    trajectory = actions.move_to_phase(trajectory, Phase.EXECUTION, actor=actor)
    assert trajectory.next_evaluation_on == timezone.localdate() + datetime.timedelta(weeks=8)


def test_a_stale_page_cannot_move_the_phase(world):
    actor = world.coordinator.user
    actions.take_on_registration(world.trajectory, coordinator=world.coordinator, actor=actor)
    with pytest.raises(ValidationError, match="Someone else changed"):
        actions.move_to_phase(world.trajectory, Phase.WALK_ALONG, actor=actor, expected_version=1)
