"""Exactly one coordinator at any moment: in the database, in the actions, and when two
requests race (PostgreSQL: SELECT FOR UPDATE plus the exclusion constraint)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from samenspel.trajectories import actions
from samenspel.trajectories.models import CareTeamMembership, CareTeamRole
from tests.factories import TrajectoryFactory, add_to_team, make_professional


@pytest.mark.django_db
def test_the_database_refuses_a_second_open_ended_coordinator():
    trajectory = TrajectoryFactory()
    add_to_team(trajectory, make_professional(), CareTeamRole.COORDINATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        add_to_team(trajectory, make_professional(), CareTeamRole.COORDINATOR)


@pytest.mark.django_db
def test_postgres_refuses_overlapping_coordinator_periods():
    if connection.vendor != "postgresql":
        pytest.skip("exclusion constraints exist on PostgreSQL only; SQLite relies on the actions")
    trajectory = TrajectoryFactory()
    add_to_team(
        trajectory,
        make_professional(),
        CareTeamRole.COORDINATOR,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2026, 3, 31),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        add_to_team(
            trajectory,
            make_professional(),
            CareTeamRole.COORDINATOR,
            valid_from=datetime.date(2026, 3, 1),
            valid_until=datetime.date(2026, 4, 30),
        )


@pytest.mark.django_db
def test_adding_a_second_coordinator_is_refused_with_a_message(world):
    actions.take_on_registration(
        world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    with pytest.raises(ValidationError, match="already has a coordinator"):
        actions.add_team_member(
            world.trajectory,
            actor=world.coordinator.user,
            role=CareTeamRole.COORDINATOR,
            professional=world.colleague,
        )


@pytest.mark.django_db
def test_changing_the_coordinator_leaves_exactly_one_on_every_day(world):
    actor = world.coordinator.user
    actions.take_on_registration(world.trajectory, coordinator=world.coordinator, actor=actor)
    switch = timezone.localdate() + datetime.timedelta(days=10)
    actions.change_coordinator(
        world.trajectory, professional=world.colleague, actor=actor, on=switch
    )
    for offset in (0, 9, 10, 400):
        day = timezone.localdate() + datetime.timedelta(days=offset)
        coordinators = (
            CareTeamMembership.objects.active_on(day)
            .coordinators()
            .filter(trajectory=world.trajectory)
        )
        assert coordinators.count() == 1
    assert coordinators.get().professional == world.colleague


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_coordinator_changes_leave_one_coordinator():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's concurrency")
    trajectory = TrajectoryFactory()
    first = make_professional()
    add_to_team(trajectory, first, CareTeamRole.COORDINATOR, valid_from=datetime.date(2026, 1, 1))
    candidates = [make_professional(), make_professional()]
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def change(professional):
        try:
            barrier.wait()
            actions.change_coordinator(trajectory, professional=professional, actor=first.user)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=change, args=(p,)) for p in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    today = timezone.localdate()
    coordinators = (
        CareTeamMembership.objects.active_on(today).coordinators().filter(trajectory=trajectory)
    )
    assert coordinators.count() == 1
    open_ended = CareTeamMembership.objects.coordinators().filter(
        trajectory=trajectory, valid_until__isnull=True
    )
    assert open_ended.count() == 1
    # The second change saw the first one's result (locked), and replaced it or was refused.
    assert len(errors) <= 1
