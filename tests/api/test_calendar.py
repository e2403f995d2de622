"""The professional's private calendar feed: their meetings and evaluation due dates, only
for families the policy lets them see, naming no family; revocable; logged per family."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samenspel.audit.models import AccessEvent
from samenspel.trajectories.actions import plan_meeting
from samenspel.trajectories.models import CareTeamRole, Trajectory
from tests.factories import (
    FamilyFactory,
    OrganisationFactory,
    TrajectoryFactory,
    add_to_network,
    add_to_team,
    make_professional,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def helper():
    family = FamilyFactory(name="Verhoeven")
    trajectory = TrajectoryFactory(family=family)
    organisation = OrganisationFactory()
    add_to_network(organisation, family.network)
    professional = make_professional(organisation=organisation, network=family.network)
    add_to_team(trajectory, professional, CareTeamRole.COORDINATOR)
    due = timezone.localdate() + datetime.timedelta(days=10)
    Trajectory.objects.filter(pk=trajectory.pk).update(next_evaluation_on=due)
    meeting = plan_meeting(
        trajectory,
        kind="mdo",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        actor=professional.user,
        professionals=[professional],
        family_members=[],
    )
    return professional, trajectory, meeting, due


def test_the_feed_has_the_meetings_and_due_dates_and_no_family_name(client, helper):
    professional, trajectory, meeting, due = helper
    client.force_login(professional.user)
    page = client.get("/calendar/")
    assert page.status_code == 200
    assert client.post("/calendar/new").status_code == 302
    url = client.get("/calendar/").context["url"]
    client.logout()
    feed = client.get(url)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert f"UID:{meeting.uid}@samenspel" in body
    assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}" in body
    assert "Verhoeven" not in body
    event = AccessEvent.objects.filter(action="api.calendar.read").first()
    assert event is not None and event.family_id == trajectory.family_id


def test_a_new_link_ends_the_old_one_and_stopping_ends_it(client, helper):
    professional = helper[0]
    client.force_login(professional.user)
    client.post("/calendar/new")
    old = client.get("/calendar/").context["url"]
    client.post("/calendar/new")
    new = client.get("/calendar/").context["url"]
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.post("/calendar/stop")
    assert client.get(new).status_code == 404
    assert client.get("/calendar/feed/guess.ics").status_code == 404


def test_a_family_the_policy_hides_is_left_out(client, helper):
    _professional, trajectory, meeting, _due = helper
    # Another organisation's place without consent: the family is not visible to them.
    other = make_professional(organisation=OrganisationFactory(), network=trajectory.network)
    add_to_team(trajectory, other)
    meeting.participants.create(professional=other)
    client.force_login(other.user)
    client.post("/calendar/new")
    url = client.get("/calendar/").context["url"]
    body = client.get(url).content.decode()
    assert str(meeting.uid) not in body and "VALUE=DATE" not in body
