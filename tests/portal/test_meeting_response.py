"""The family's response on the team's meeting page (issue 17: the MDO "wordt besproken met
het gezin"; the analysis gets the family's response): their views and agreement on the plan
and their answers, narrowed by the access policy — a reader on consent about one member
never reads (or sees the name of) another member."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.families.models import DataCategory
from samenspel.portal import actions
from samenspel.trajectories.actions import plan_meeting
from tests.factories import (
    OrganisationFactory,
    add_consent,
    add_to_network,
    add_to_team,
    make_professional,
)
from tests.helpers import get_with_query_count

pytestmark = pytest.mark.django_db

MEETING_PAGE = 26


@pytest.fixture
def response(family):
    version = family.version
    actions.save_view(
        version,
        member=family.parent,
        goal_key=family.goals["money"].key,
        words="Het gaat te snel met de schulden",
        stance="disagree",
        reason="Eerst de huur betalen",
        team_only=False,
        expected_revision=None,
        actor=family.parent_user,
    )
    actions.save_view(
        version,
        member=family.youth,
        goal_key=family.goals["school"].key,
        words="School is saai maar oké",
        stance="agree",
        reason="",
        team_only=False,
        expected_revision=None,
        actor=family.youth_user,
    )
    actions.answer_evaluation(
        family.trajectory,
        version=version,
        member=family.parent,
        goals={str(family.goals["money"].key): (2, "Nog veel brieven")},
        satisfaction=4,
        goes_well="De regisseur luistert",
        must_change="",
        actor=family.parent_user,
    )
    return plan_meeting(
        family.trajectory,
        kind="mdo",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        actor=family.coordinator.user,
        professionals=[family.coordinator],
        family_members=[],
    )


def test_the_team_reads_the_familys_response_at_the_mdo(family, client_for, response):
    team = client_for(family.coordinator.user)
    url = reverse("trajectories:meeting", args=[response.pk])
    page = get_with_query_count(team, url, expected=MEETING_PAGE).text
    section = page.split('data-testid="family-response"')[1].split("</section>")[0]
    assert "De reactie van het gezin" in page
    assert "Het gaat te snel met de schulden" in section and "Eerst de huur betalen" in section
    assert "School is saai maar oké" in section
    assert "Nog veel brieven" in section and "De regisseur luistert" in section
    assert "Marieke" in section and "Emir" in section


def _reader_on_consent(family, *, about):
    network = family.trajectory.network
    school = OrganisationFactory()
    add_to_network(school, network)
    mentor = make_professional(organisation=school, network=network)
    add_to_team(family.trajectory, mentor)
    consent = add_consent(
        family.trajectory.family,
        school,
        data_categories=[DataCategory.PERSONAL, DataCategory.HELP_QUESTIONS, DataCategory.SCHOOL],
    )
    consent.about.set(about)
    return mentor.user


def test_a_reader_on_consent_about_everyone_reads_the_response_in_their_categories(
    family, client_for, response
):
    reader = _reader_on_consent(family, about=[family.parent, family.youth])
    page = client_for(reader).get(reverse("trajectories:meeting", args=[response.pk]))
    assert page.status_code == 200
    section = page.text.split('data-testid="family-response"')[1].split("</section>")[0]
    assert "School is saai maar oké" in section and "De regisseur luistert" in section
    # The consent names no finances: the words about the money goal stay out.
    for withheld in ("Eerst de huur betalen", "Het gaat te snel", "Nog veel brieven"):
        assert withheld not in page.text, withheld


def test_a_reader_on_consent_about_the_youth_only_reads_none_of_the_familys_words(
    family, client_for, response
):
    # The response is about the household's plan: shared only when the consents cover every
    # member (docs/ARCHITECTURE.md, "Who sees what of a file").
    reader = _reader_on_consent(family, about=[family.youth])
    page = client_for(reader).get(reverse("trajectories:meeting", args=[response.pk]))
    assert page.status_code == 200
    assert 'data-testid="family-response"' not in page.text
    for withheld in ("Marieke", "Het gaat te snel", "Eerst de huur", "Nog veel brieven", "saai"):
        assert withheld not in page.text, withheld
