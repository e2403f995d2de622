"""Absence covers every team: reporting a colleague's absence lists all their places (the
reporter's teams with the family and the cover form; other teams by number and coordinator,
who is notified); absent people are marked in the team table and offered as invitee or cover
only with "afwezig tot en met …"; a perspective written on behalf of an absent contributor."""

import datetime

import pytest
from django.utils import timezone

from samenspel.accounts.models import Role, RoleGrant
from samenspel.audit.models import AccessEvent
from samenspel.network.models import Absence
from samenspel.trajectories import actions
from samenspel.trajectories.models import CareTeamRole, MeetingKind, Phase, Trajectory
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    TrajectoryFactory,
    make_professional,
)
from tests.factories.trajectories import add_to_team
from tests.trajectories.conftest import in_walk_along

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
TODAY = datetime.date(2026, 2, 2)


@pytest.fixture
def two_networks(world, django_capture_on_commit_callbacks):
    """The colleague walks along in the world's family and in a family of another network,
    coordinated by someone the reporter does not work with."""
    in_walk_along(world)
    RoleGrant.objects.filter(user=world.coordinator.user, role="coordinator").update(
        network=world.network
    )
    elsewhere = NetworkFactory()
    other_coordinator = make_professional(
        network=elsewhere,
        organisation=OrganisationFactory(),
        roles=(Role.PROFESSIONAL, Role.COORDINATOR),
    )
    far = TrajectoryFactory(family__network=elsewhere, family__name="Verweg")
    add_to_team(far, other_coordinator, CareTeamRole.COORDINATOR)
    add_to_team(far, world.colleague, CareTeamRole.WALK_ALONG)
    return world, far, other_coordinator


def test_reporting_lists_every_team_and_tells_each_coordinator(
    two_networks, client, mailoutbox, django_capture_on_commit_callbacks
):
    world, far, other_coordinator = two_networks
    client.force_login(world.coordinator.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/trajectories/absence/",
            {
                "professional": world.colleague.pk,
                "kind": "sick",
                "starts_on": TODAY.isoformat(),
                "ends_on": "2026-02-13",
            },
        )
    absence = Absence.objects.get()
    assert response.url == f"/trajectories/absence/{absence.pk}/"
    assert AccessEvent.objects.filter(action="trajectories.absence.create").count() == 1
    # The other network's coordinator is told (no family name in the mail); the reporter not.
    assert [m.to for m in mailoutbox] == [[other_coordinator.user.email]]
    assert "Verweg" not in mailoutbox[0].body
    # A link the reader can follow from the mail, and dates as Dutch writes them.
    assert f"http://testserver/trajectories/absence/{absence.pk}/" in mailoutbox[0].body
    assert "van 2 februari 2026 tot en met 13 februari 2026" in mailoutbox[0].body
    page = client.get(response.url).content.decode()
    assert world.trajectory.family.name in page
    assert 'data-testid="elsewhere"' in page
    assert f"Traject {far.pk}" in page
    assert other_coordinator.user.full_name in page
    assert "Verweg" not in page  # a family the reporter may not see stays unnamed


def test_absent_people_are_marked_and_offered_only_with_the_warning(two_networks, client):
    world, _far, _other = two_networks
    Absence.objects.create(
        professional=world.colleague,
        kind="sick",
        starts_on=TODAY,
        ends_on=datetime.date(2026, 2, 13),
    )
    client.force_login(world.coordinator.user)
    detail = client.get(f"/trajectories/{world.trajectory.pk}/").content.decode()
    assert 'data-testid="absent"' in detail
    assert "afwezig tot en met 13 februari 2026" in detail
    form = client.get(f"/trajectories/{world.trajectory.pk}/meetings/new/?kind=mdo")
    assert f"{world.colleague} (afwezig tot en met 13 februari 2026)" in form.content.decode()
    assert f"{world.coordinator} (afwezig" not in form.content.decode()


def test_a_perspective_written_for_an_absent_contributor(two_networks, client):
    world, _far, _other = two_networks
    trajectory = Trajectory.objects.get(pk=world.trajectory.pk)
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=Phase.MDO)
    meeting = actions.plan_meeting(
        trajectory,
        kind=MeetingKind.MDO,
        starts_at=timezone.now(),
        actor=world.coordinator.user,
        professionals=[world.coordinator, world.colleague],
    )
    client.force_login(world.coordinator.user)
    response = client.post(
        f"/trajectories/meetings/{meeting.pk}/perspective/",
        {
            "discipline": "LVB",
            "text": "Moeder leert door te doen.",
            "written_for": world.colleague.pk,
        },
    )
    assert response.status_code == 302
    perspective = meeting.perspectives.get()
    assert perspective.written_for == world.colleague
    assert perspective.author == world.coordinator.user
    page = client.get(f"/trajectories/meetings/{meeting.pk}/").content.decode()
    assert f"geschreven door {world.coordinator.user} voor {world.colleague}" in page
    # Only for someone invited to the meeting.
    stranger = make_professional(network=world.network)
    refused = client.post(
        f"/trajectories/meetings/{meeting.pk}/perspective/",
        {"discipline": "GGZ", "text": "x", "written_for": stranger.pk},
    )
    assert refused.status_code == 422
    assert meeting.perspectives.count() == 1
