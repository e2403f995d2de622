"""Handover: a temporary cover gets access for the period only and it ends by itself (checked
against THE access policy, with time travel); the coordinator's place is split so there is
exactly one coordinator on every day; team and family are told; a permanent transfer."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from samenspel.access.policy import decide
from samenspel.accounts.models import Role
from samenspel.network.models import Absence
from samenspel.trajectories import actions
from samenspel.trajectories.models import CareTeamMembership, CareTeamRole, Handover, HandoverKind
from tests.factories import FamilyMemberFactory, make_user
from tests.trajectories.conftest import in_walk_along

# The stories below travel forward from the day the world was made: the world is made on
# TODAY (the clock is pinned before any fixture), never after the days the test travels to.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
TODAY = datetime.date(2026, 2, 1)

START = datetime.date(2026, 3, 2)


@pytest.fixture
def team(world):
    in_walk_along(world)  # on TODAY, a month before the absences start
    return world


def places(world, professional):
    return CareTeamMembership.objects.filter(trajectory=world.trajectory, professional=professional)


def test_cover_access_starts_and_ends_with_the_absence(team):
    walker = places(team, team.colleague).get()
    with time_machine.travel(START):
        actions.start_cover(
            walker,
            cover=team.other,
            starts_on=START,
            ends_on=START + datetime.timedelta(days=13),
            note="Moeder belt liever 's ochtends",
            actor=team.coordinator.user,
        )
    family = team.trajectory.family
    assert not decide(team.other.user, family, on=START - datetime.timedelta(days=1)).visible
    assert decide(team.other.user, family, on=START).allowed
    assert decide(team.other.user, family, on=START + datetime.timedelta(days=13)).allowed
    with time_machine.travel(START + datetime.timedelta(days=14)):
        assert not decide(team.other.user, family).visible
    handover = Handover.objects.get()
    assert handover.kind == HandoverKind.TEMPORARY
    assert handover.to_membership.covers == walker


def test_a_handover_note_is_required(team):
    walker = places(team, team.colleague).get()
    with pytest.raises(ValidationError, match="handover note"):
        actions.start_cover(
            walker,
            cover=team.other,
            starts_on=START,
            ends_on=START,
            note="  ",
            actor=team.coordinator.user,
        )


def test_covering_the_coordinator_keeps_exactly_one_and_returns_the_role(team):
    coordinator_place = places(team, team.coordinator).get(role=CareTeamRole.COORDINATOR)
    end = START + datetime.timedelta(days=6)
    actions.start_cover(
        coordinator_place,
        cover=team.other,
        starts_on=START,
        ends_on=end,
        note="Lopende afspraken in het plan",
        actor=team.coordinator.user,
    )
    for day, who in [
        (START - datetime.timedelta(days=1), team.coordinator),
        (START, team.other),
        (end, team.other),
        (end + datetime.timedelta(days=1), team.coordinator),
    ]:
        coordinators = (
            CareTeamMembership.objects.active_on(day)
            .coordinators()
            .filter(trajectory=team.trajectory)
        )
        assert [c.professional for c in coordinators] == [who], day


def test_team_and_family_are_told(team, django_capture_on_commit_callbacks, mailoutbox):
    parent = FamilyMemberFactory(
        family=team.trajectory.family, role="parent", user=make_user(Role.FAMILY_MEMBER)
    )
    walker = places(team, team.colleague).get()
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_cover(
            walker,
            cover=team.other,
            starts_on=START,
            ends_on=START,
            note="Zie journaal",
            actor=team.coordinator.user,
        )
    recipients = {address for message in mailoutbox for address in message.to}
    assert {team.coordinator.user.email, team.other.user.email, parent.user.email} <= recipients


def test_a_permanent_transfer_moves_the_place_for_good(team):
    walker = places(team, team.colleague).get()
    actions.transfer_place(
        walker, to=team.other, on=START, note="Collega vertrekt", actor=team.coordinator.user
    )
    walker.refresh_from_db()
    assert walker.valid_until == START - datetime.timedelta(days=1)
    assert places(team, team.other).get().valid_until is None
    assert Handover.objects.get().kind == HandoverKind.PERMANENT


def test_the_handover_page_lists_affected_teams_and_proposes_covers(team, client):
    absence = Absence.objects.create(
        professional=team.colleague,
        kind="sick",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    client.force_login(team.colleague.user)
    response = client.get(f"/trajectories/absence/{absence.pk}/")
    assert response.status_code == 200
    assert escape(team.trajectory.family.name) in response.content.decode()
    client.force_login(team.other.user)
    assert client.get(f"/trajectories/absence/{absence.pk}/").status_code == 403


def test_a_coordinator_reports_a_colleagues_absence_and_others_only_their_own(team, client):
    from samenspel.accounts.models import RoleGrant

    RoleGrant.objects.filter(user=team.coordinator.user, role="coordinator").update(
        network=team.network
    )
    until = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    client.force_login(team.coordinator.user)
    response = client.post(
        "/trajectories/absence/",
        {
            "professional": team.colleague.pk,
            "kind": "sick",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": until,
        },
    )
    absence = Absence.objects.get()
    assert absence.professional == team.colleague
    assert response.url == f"/trajectories/absence/{absence.pk}/"
    client.force_login(team.other.user)
    client.post(
        "/trajectories/absence/",
        {
            "professional": team.colleague.pk,
            "kind": "leave",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": until,
        },
    )
    assert Absence.objects.filter(professional=team.other).count() == 1
    assert Absence.objects.filter(professional=team.colleague).count() == 1
