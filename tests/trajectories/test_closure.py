"""Closure: the reason decides the Jeugdwet indicators; the follow-up check records 3.2;
re-opening starts a new, linked trajectory."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from samenspel.access.policy import Action, decide
from samenspel.trajectories import actions
from samenspel.trajectories.models import Closure, ClosureReason, Phase, Trajectory

# The stories below travel forward from the day the world was made: the world is made on
# TODAY (the clock is pinned before any fixture), never after the days the test travels to.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
TODAY = datetime.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("reason", "dropout", "without_help", "goals"),
    [
        # No evaluation was held: "goals reached" alone does not realise indicator 3.4
        # (test_outcome_indicators.py pins every reason by evaluation history).
        (ClosureReason.GOALS_REACHED, False, True, False),
        (ClosureReason.CONTINUES_WITHOUT_HELP, False, True, False),
        (ClosureReason.REFERRED, False, False, False),
        (ClosureReason.STOPPED_BY_FAMILY, True, False, False),
        (ClosureReason.STOPPED_BY_PROVIDER, True, False, False),
    ],
)
def test_the_reason_maps_to_the_indicators(world, reason, dropout, without_help, goals):
    actions.take_on_registration(
        world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    closure = actions.close_trajectory(
        world.trajectory, reason=reason, actor=world.coordinator.user, on=datetime.date(2026, 8, 31)
    )
    assert (closure.dropout, closure.continues_without_help, closure.goals_realised) == (
        dropout,
        without_help,
        goals,
    )
    assert closure.follow_up_due_on == datetime.date(2027, 2, 28)
    world.trajectory.refresh_from_db()
    assert world.trajectory.phase == Phase.CLOSED
    assert world.trajectory.closed_on == datetime.date(2026, 8, 31)


def test_the_follow_up_check_records_indicator_3_2_when_due(world):
    actions.take_on_registration(
        world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    with time_machine.travel(datetime.date(2026, 1, 10)):
        closure = actions.close_trajectory(
            world.trajectory, reason="goals_reached", actor=world.coordinator.user
        )
        with pytest.raises(ValidationError, match="not due yet"):
            actions.record_follow_up(
                closure, youth_care_restarted=False, actor=world.coordinator.user
            )
    with time_machine.travel(datetime.date(2026, 7, 10)):
        actions.record_follow_up(closure, youth_care_restarted=False, actor=world.coordinator.user)
    closure = Closure.objects.get()
    assert closure.youth_care_restarted is False
    assert closure.follow_up_checked_on == datetime.date(2026, 7, 10)


def test_reopening_creates_a_linked_trajectory_with_the_coordinator(world, client):
    actions.take_on_registration(
        world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    actions.close_trajectory(
        world.trajectory, reason="continues_without_help", actor=world.coordinator.user
    )
    # The last coordinator reads on, read-only, until the follow-up check (test_closed_list.py).
    assert decide(world.coordinator.user, world.trajectory.family).ground == "after_closure"
    assert not decide(world.coordinator.user, world.trajectory.family, Action.EDIT).allowed
    client.force_login(world.colleague.user)
    assert client.post(f"/trajectories/{world.trajectory.pk}/reopen/").status_code == 404
    client.force_login(world.coordinator.user)
    response = client.post(f"/trajectories/{world.trajectory.pk}/reopen/")
    new = Trajectory.objects.exclude(pk=world.trajectory.pk).get()
    assert response.status_code == 302
    assert new.previous == world.trajectory
    assert new.phase == Phase.TEAM_COMPOSITION
    assert decide(world.coordinator.user, world.trajectory.family).allowed
    with (
        pytest.raises(ValidationError, match="Only a closed trajectory"),
        translation.override("en"),
    ):
        actions.reopen_trajectory(new, coordinator=world.coordinator, actor=world.coordinator.user)


def test_closure_keeps_the_first_and_last_goal_attainment_scores(world):
    from samenspel.plans.models import Evaluation
    from tests.factories.plans import make_plan

    actions.take_on_registration(
        world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    version = make_plan(world.trajectory, actor=world.coordinator.user, goals=1, agreed=True)
    for held, score in [(datetime.date(2026, 2, 1), 38.0), (datetime.date(2026, 3, 15), 55.5)]:
        Evaluation.objects.create(
            trajectory=world.trajectory,
            plan_version=version,
            held_on=held,
            step="same",
            next_evaluation_on=held + datetime.timedelta(weeks=6),
            t_score=score,
        )
    closure = actions.close_trajectory(
        world.trajectory, reason="goals_reached", actor=world.coordinator.user
    )
    assert (closure.first_t_score, closure.final_t_score, closure.evaluations) == (38.0, 55.5, 2)


def test_the_home_page_asks_the_last_coordinator_only_for_a_due_follow_up_check(world):
    from samenspel.trajectories.models import CareTeamMembership, CareTeamRole
    from samenspel.trajectories.queries import home_dashboard

    # `other` coordinated this family before; `coordinator` took it on later and closed it.
    CareTeamMembership.objects.create(
        trajectory=world.trajectory,
        professional=world.other,
        name=str(world.other),
        role=CareTeamRole.COORDINATOR,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2025, 12, 31),
    )
    with time_machine.travel(datetime.date(2026, 1, 10)):
        actions.take_on_registration(
            world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
        )
        closure = actions.close_trajectory(
            world.trajectory, reason="goals_reached", actor=world.coordinator.user
        )
    due = closure.follow_up_due_on

    def asked(professional, on):
        return home_dashboard(professional.user, today=on)["follow_ups"]

    assert asked(world.coordinator, due - datetime.timedelta(days=1)) == []
    assert asked(world.coordinator, due) == [closure]
    assert asked(world.other, due) == []
    assert asked(world.colleague, due) == []
