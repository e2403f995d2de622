"""Professionals book direct and indirect time on their families' trajectories: quickly, with
defaults, each booking through the access policy and in the access log."""

import datetime

import pytest
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.insight.models import Activity, TimeEntry
from samenspel.trajectories.models import Meeting, MeetingKind, Participant
from tests.factories import TrajectoryFactory, make_professional
from tests.factories.plans import make_team
from tests.helpers import get_with_query_count

TODAY = datetime.date(2026, 11, 18)  # a Wednesday; the clock is pinned for fixtures and body
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
QUICK = reverse("insight:quick_entry")
WEEK = reverse("insight:week")


@pytest.fixture
def team():
    trajectory, professional = make_team(TrajectoryFactory(family__name="Bakker"))
    return trajectory, professional


def test_one_click_books_half_an_hour_with_the_family_today(client, team):
    trajectory, professional = team
    client.force_login(professional.user)

    page = client.get(QUICK)
    assert page.status_code == 200
    assert 'value="30"' in page.text and "Bakker" in page.text
    response = client.post(
        QUICK,
        {
            "trajectory": trajectory.pk,
            "worked_on": TODAY.isoformat(),
            "minutes": 30,
            "activity": Activity.FAMILY_CONTACT,
        },
    )

    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert (entry.minutes, entry.direct, entry.worked_on) == (30, True, TODAY)
    assert entry.organisation_id == professional.home_organisation_id
    event = AccessEvent.objects.filter(action="insight.time_entry.create").get()
    assert event.family_id == trajectory.family_id


def test_the_trajectory_page_offers_quick_entry(client, team):
    trajectory, professional = team
    client.force_login(professional.user)

    page = client.get(reverse("trajectories:detail", args=[trajectory.pk]))

    assert reverse("insight:quick_entry") in page.text
    assert 'name="minutes"' in page.text


def test_indirect_time_is_kept_apart(client, team):
    trajectory, professional = team
    client.force_login(professional.user)
    for activity, minutes in (
        (Activity.FAMILY_CONTACT, 60),
        (Activity.TRAVEL, 20),
        (Activity.REPORTING, 25),
    ):
        client.post(
            QUICK,
            {
                "trajectory": trajectory.pk,
                "worked_on": TODAY.isoformat(),
                "minutes": minutes,
                "activity": activity,
            },
        )

    page = client.get(WEEK)

    assert ">60 min<" in page.text.replace("\n", "").replace("  ", "")
    assert ">45 min<" in page.text.replace("\n", "").replace("  ", "")


def test_another_organisations_family_cannot_be_booked(client, team):
    trajectory, _professional = team
    outsider = make_professional()
    client.force_login(outsider.user)

    response = client.post(
        QUICK,
        {
            "trajectory": trajectory.pk,
            "worked_on": TODAY.isoformat(),
            "minutes": 30,
            "activity": Activity.TRAVEL,
        },
    )

    assert response.status_code == 200  # the family is not among the choices
    assert not TimeEntry.objects.exists()
    assert "Bakker" not in response.text


def test_future_days_and_silly_minutes_are_refused_in_dutch(client, team):
    trajectory, professional = team
    client.force_login(professional.user)

    response = client.post(
        QUICK,
        {
            "trajectory": trajectory.pk,
            "worked_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
            "minutes": 30,
            "activity": Activity.TRAVEL,
        },
    )

    assert "nog niet gekomen" in response.text
    assert not TimeEntry.objects.exists()


def test_a_held_meeting_proposes_its_duration(client, team):
    trajectory, professional = team
    meeting = Meeting.objects.create(
        trajectory=trajectory,
        kind=MeetingKind.MDO,
        duration_minutes=90,
        held=True,
        starts_at=datetime.datetime(2026, 11, 18, 9, tzinfo=datetime.UTC),
    )
    Participant.objects.create(meeting=meeting, professional=professional, present=True)
    client.force_login(professional.user)

    page = client.get(WEEK)
    assert reverse("insight:book_meeting", args=[meeting.pk]) in page.text
    client.post(reverse("insight:book_meeting", args=[meeting.pk]))
    client.post(reverse("insight:book_meeting", args=[meeting.pk]))  # twice: booked once

    entry = TimeEntry.objects.get()
    assert (entry.minutes, entry.direct, entry.activity) == (90, False, Activity.MDO)
    assert entry.worked_on == TODAY


def test_the_week_view_corrects_without_overwriting_a_newer_change(client, team):
    trajectory, professional = team
    client.force_login(professional.user)
    client.post(
        QUICK,
        {
            "trajectory": trajectory.pk,
            "worked_on": TODAY.isoformat(),
            "minutes": 30,
            "activity": Activity.FAMILY_CONTACT,
        },
    )
    entry = TimeEntry.objects.get()
    url = reverse("insight:entry_change", args=[entry.pk])

    client.post(
        url,
        {
            "worked_on": TODAY.isoformat(),
            "minutes": 45,
            "activity": Activity.REPORTING,
            "version": 1,
        },
    )
    stale = client.post(
        url,
        {
            "worked_on": TODAY.isoformat(),
            "minutes": 10,
            "activity": Activity.REPORTING,
            "version": 1,
        },
    )

    entry.refresh_from_db()
    assert (entry.minutes, entry.direct, entry.version) == (45, False, 2)
    assert "in de tussentijd" in stale.text


def test_someone_elses_entry_is_not_found(client, team):
    trajectory, professional = team
    client.force_login(professional.user)
    client.post(
        QUICK,
        {
            "trajectory": trajectory.pk,
            "worked_on": TODAY.isoformat(),
            "minutes": 30,
            "activity": Activity.FAMILY_CONTACT,
        },
    )
    entry = TimeEntry.objects.get()
    client.force_login(make_professional().user)

    assert client.get(reverse("insight:entry_change", args=[entry.pk])).status_code == 404
    assert client.post(reverse("insight:entry_remove", args=[entry.pk])).status_code == 404
    assert TimeEntry.objects.exists()


def test_the_week_view_costs_the_same_queries_for_more_entries(client, team):
    trajectory, professional = team
    client.force_login(professional.user)
    client.post(
        QUICK,
        {
            "trajectory": trajectory.pk,
            "worked_on": TODAY.isoformat(),
            "minutes": 30,
            "activity": Activity.FAMILY_CONTACT,
        },
    )
    get_with_query_count(client, WEEK, expected=WEEK_QUERIES)
    for _ in range(4):
        client.post(
            QUICK,
            {
                "trajectory": trajectory.pk,
                "worked_on": TODAY.isoformat(),
                "minutes": 15,
                "activity": Activity.TRAVEL,
            },
        )
    get_with_query_count(client, WEEK, expected=WEEK_QUERIES)


# Session, user, roles, professional, the week's entries, the places (policy) and the
# trajectories' families, and the meetings to propose.
WEEK_QUERIES = 9  # with the teams the professional is in (the team split, issue 15)
