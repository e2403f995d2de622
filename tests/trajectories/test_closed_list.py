"""After closure (issue 11, point 5): the last coordinator finds the closed trajectory in
"Afgesloten" with its outcome indicators and keeps reading the file, read-only, on the
policy's AFTER_CLOSURE ground until the follow-up check is done; the rest of the care team
loses access at closure; the follow-up question opens only when its date has come."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from samenspel.access.policy import Action, Ground, decide, visible_family_ids
from samenspel.audit.models import AccessEvent
from samenspel.trajectories import actions
from samenspel.trajectories.models import CareTeamRole, Closure
from tests.trajectories.conftest import in_walk_along

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
TODAY = datetime.date(2026, 3, 2)
# Session, user, roles, count, the page of closures with their families, the events.
QUERIES = 6


@pytest.fixture
def closed(world):
    trajectory = in_walk_along(world)
    return actions.close_trajectory(
        trajectory, reason="goals_reached", satisfaction=4, actor=world.coordinator.user
    )


def test_the_last_coordinator_reads_the_closed_file_read_only(world, closed):
    family = world.trajectory.family
    decision = decide(world.coordinator.user, family)
    assert decision.allowed and decision.ground == Ground.AFTER_CLOSURE
    assert not decision.allows(Action.EDIT) and not decision.allows(Action.EXPORT)
    assert not decide(world.coordinator.user, family, Action.EDIT).allowed
    assert family.pk in set(visible_family_ids(world.coordinator.user).values_list("pk", flat=True))


def test_the_rest_of_the_team_loses_the_file_at_closure(world, closed):
    family = world.trajectory.family
    decision = decide(world.colleague.user, family)  # walked along until the closure
    assert not decision.allowed and not decision.visible
    assert family.pk not in set(
        visible_family_ids(world.colleague.user).values_list("pk", flat=True)
    )


def test_the_closed_list_shows_the_indicators_and_logs_the_names(world, closed, client):
    family = world.trajectory.family
    client.force_login(world.coordinator.user)
    body = client.get(reverse("trajectories:closed")).content.decode()
    assert family.name in body
    assert "Doelen bereikt" in body  # the reason
    assert 'data-testid="follow-up"' not in body  # not due yet
    assert "vanaf" in body
    events = AccessEvent.objects.filter(action="trajectories.closed.list", family_id=family.pk)
    assert events.get().purpose == Ground.AFTER_CLOSURE
    # The colleague's list is empty: no name.
    client.force_login(world.colleague.user)
    body = client.get(reverse("trajectories:closed")).content.decode()
    assert family.name not in body and 'data-testid="none"' in body


def test_the_closed_list_is_in_the_menu(world, client):
    client.force_login(world.colleague.user)
    assert f'href="{reverse("trajectories:closed")}"' in client.get("/").content.decode()


def test_the_follow_up_question_opens_on_its_date_and_ends_the_ground(world, closed, client):
    family = world.trajectory.family
    client.force_login(world.coordinator.user)
    url = reverse("trajectories:follow_up", args=[world.trajectory.pk])
    body = client.get(url).content.decode()
    assert 'data-testid="not-yet"' in body and "youth_care_restarted" not in body
    assert AccessEvent.objects.filter(
        action="trajectories.closure.read", family_id=family.pk, purpose=Ground.AFTER_CLOSURE
    ).exists()
    # The colleague may not answer it, nor see it.
    client.force_login(world.colleague.user)
    assert client.get(url).status_code == 404
    noon = datetime.datetime.combine(closed.follow_up_due_on, datetime.time(12), datetime.UTC)
    with time_machine.travel(noon, tick=False):
        client.force_login(world.coordinator.user)  # a new session on that day
        body = client.get(reverse("trajectories:closed")).content.decode()
        assert 'data-testid="follow-up"' in body
        assert "youth_care_restarted" in client.get(url).content.decode()
        response = client.post(url, {"youth_care_restarted": "no"})
        assert response.status_code == 302
        closure = Closure.objects.get(pk=closed.pk)
        assert closure.follow_up_checked_on == closed.follow_up_due_on
        assert closure.youth_care_restarted is False
        # Done: the ground ends, the file and the list are closed to them too.
        assert not decide(world.coordinator.user, family).allowed
        body = client.get(reverse("trajectories:closed")).content.decode()
        assert family.name not in body


def test_a_later_coordinator_is_the_last_one(world, closed):
    """Only the last coordinator keeps the file: an earlier one does not."""
    from samenspel.trajectories.models import CareTeamMembership

    CareTeamMembership.objects.create(
        trajectory=world.trajectory,
        professional=world.other,
        name=str(world.other),
        role=CareTeamRole.COORDINATOR,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2025, 12, 31),
    )
    assert decide(world.coordinator.user, world.trajectory.family).allowed
    assert not decide(world.other.user, world.trajectory.family).allowed


def test_the_closed_list_takes_the_same_queries_for_one_or_three_closures(world, client):
    from tests.factories import TrajectoryFactory
    from tests.helpers import get_with_query_count

    in_walk_along(world)
    actions.close_trajectory(world.trajectory, reason="referred", actor=world.coordinator.user)
    client.force_login(world.coordinator.user)
    url = reverse("trajectories:closed")
    client.get(url)  # the session and the menu's first reads
    response = get_with_query_count(client, url, expected=QUERIES)
    assert response.content.decode().count("<tr class") == 2  # header and one row
    for _ in range(2):
        trajectory = TrajectoryFactory(family__network=world.network)
        actions.take_on_registration(
            trajectory, coordinator=world.coordinator, actor=world.coordinator.user
        )
        actions.close_trajectory(trajectory, reason="referred", actor=world.coordinator.user)
    response = get_with_query_count(client, url, expected=QUERIES)
    assert response.content.decode().count("<tr class") == 4
