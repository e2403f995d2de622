"""Meetings with date, place and who comes, into the phone's calendar; short messages to the
coordinator with office hours and no read receipts, logged (issue 17, point 6)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.audit.models import AccessEvent
from samenspel.portal.models import FamilyMessage
from samenspel.trajectories.actions import plan_meeting
from tests.core.test_form_of_address import main_text
from tests.helpers import get_with_query_count
from tests.portal.b1 import b1_problems

pytestmark = pytest.mark.django_db

MEETINGS_PAGE = 12


def _meeting(family, days: int, place: str):
    meeting = plan_meeting(
        family.trajectory,
        kind="evaluation",
        starts_at=timezone.now() + datetime.timedelta(days=days),
        actor=family.coordinator.user,
        professionals=[family.coordinator],
        family_members=[family.parent, family.youth],
    )
    meeting.location = place
    meeting.save(update_fields=["location"])
    return meeting


def test_the_family_sees_upcoming_meetings_and_adds_one_to_the_calendar(family, client_for):
    meeting = _meeting(family, 3, "Buurthuis De Kroon")
    youth = client_for(family.youth_user)
    youth.get(reverse("core:home"))
    url = reverse("portal:meetings", args=[family.trajectory.pk])
    page = get_with_query_count(youth, url, expected=MEETINGS_PAGE)
    assert "Buurthuis De Kroon" in page.text and family.coordinator.user.full_name in page.text
    assert "Marieke" in page.text and b1_problems(page.text) == []
    _meeting(family, 10, "Thuis")
    assert (
        get_with_query_count(youth, url, expected=MEETINGS_PAGE).text.count('data-testid="meeting"')
        == 2
    )
    ics = youth.get(reverse("trajectories:meeting_ics", args=[meeting.pk]))
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content


def test_a_message_reaches_the_coordinator_and_is_logged(family, client_for):
    parent = client_for(family.parent_user)
    url = reverse("portal:messages", args=[family.trajectory.pk])
    page = parent.get(url)
    assert "maandag tot en met vrijdag" in page.text and b1_problems(page.text) == []
    assert "gelezen" not in page.text  # no read receipts
    assert (
        parent.post(url, {"text": "Kunnen we de afspraak van dinsdag verzetten?"}).status_code
        == 302
    )
    message = FamilyMessage.objects.get()
    assert message.member == family.parent
    assert AccessEvent.objects.filter(
        action="portal.message.send", user=family.parent_user
    ).exists()
    team = client_for(family.coordinator.user)
    plan_page = team.get(reverse("plans:plan_detail", args=[family.trajectory.pk])).text
    assert "Kunnen we de afspraak van dinsdag verzetten?" in plan_page


def test_an_empty_message_is_refused_in_plain_words(family, client_for):
    parent = client_for(family.parent_user)
    response = parent.post(reverse("portal:messages", args=[family.trajectory.pk]), {"text": " "})
    assert response.status_code == 200 and "Schrijf eerst je bericht." in response.text
    assert not FamilyMessage.objects.exists()


def test_the_youth_does_not_read_his_mothers_messages_in_the_plan(family, client_for):
    client_for(family.parent_user).post(
        reverse("portal:messages", args=[family.trajectory.pk]),
        {"text": "Alleen voor de regisseur."},
    )
    page = client_for(family.youth_user).get(
        reverse("plans:plan_detail", args=[family.trajectory.pk])
    )
    # The words as read (a family page links "regisseur" to the word list).
    assert "Alleen voor de regisseur." not in main_text(page.text)
