"""Professionals see their own time and their team's direct/indirect split (issue 15) on
"Mijn tijd": per finished quarter, the team's minutes only when they lie on enough families and
enough colleagues besides the reader booked time, so neither a colleague's nor a family's time
can be worked out by subtracting one's own."""

import datetime

import pytest
from django.urls import reverse

from samenspel.analytics.periods import Quarter
from samenspel.insight.models import Activity, TimeEntry
from samenspel.network.models import Team
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    TrajectoryFactory,
    make_professional,
)

TODAY = datetime.date(2026, 11, 18)
DAY = Quarter.of(TODAY).previous.first_day + datetime.timedelta(days=10)  # Q3 2026
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
URL = reverse("insight:week")


def book(professional, network, organisation, families, *, direct, indirect):
    for _ in range(families):
        trajectory = TrajectoryFactory(family__network=network, family__name="Zwaluw")
        for minutes, activity in ((direct, Activity.FAMILY_CONTACT), (indirect, Activity.MDO)):
            TimeEntry.objects.create(
                professional=professional,
                trajectory=trajectory,
                organisation=organisation,
                network=network,
                worked_on=DAY,
                minutes=minutes,
                activity=activity,
                direct=activity == Activity.FAMILY_CONTACT,
            )


def team_of(colleagues, *, families=3):
    network = NetworkFactory(name="Beter Thuis")
    organisation = OrganisationFactory()
    me = make_professional(organisation=organisation)
    team = Team.objects.create(name="Wijkteam Noord", network=network)
    team.members.add(me)
    book(me, network, organisation, 2, direct=60, indirect=30)
    for _ in range(colleagues):
        colleague = make_professional(organisation=organisation)
        team.members.add(colleague)
        book(colleague, network, organisation, families, direct=40, indirect=20)
    return me, network, organisation


def rows(body):
    section = body.split('data-testid="team-time"', 1)[1].split("</section>", 1)[0]
    return section.split("K3 2026", 1)[1].split("</tr>", 1)[0]


def test_the_team_split_beside_ones_own(client, django_assert_num_queries):
    me, _network, organisation = team_of(3)
    # Time of a member outside the team's network does not count for the team.
    book(me, NetworkFactory(), organisation, 1, direct=500, indirect=500)
    client.force_login(me.user)
    with django_assert_num_queries(WEEK_QUERIES):
        response = client.get(URL)
    body = response.text
    assert response.status_code == 200
    assert "De tijd van uw team" in body and "Wijkteam Noord" in body
    assert "<title>Mijn tijd · Samenspel</title>" in body
    q3 = rows(body)
    # Mine: 2 families x (60 + 30); the team's: mine plus 3 x 3 families x (40 + 20).
    assert "120 / 60" in q3
    assert "480 / 240" in q3
    assert "33%" in q3
    assert "Zwaluw" not in body.split('data-testid="team-time"', 1)[1]


@pytest.mark.parametrize(("colleagues", "families"), [(2, 6), (3, 2)])
def test_a_small_team_or_few_families_are_not_shown(client, colleagues, families):
    """Two colleagues: one's own subtracted leaves two people, the smaller one's time
    bounded by the other's; few families: the figure points at them."""
    me, _network, _organisation = team_of(colleagues, families=families)
    client.force_login(me.user)
    q3 = rows(client.get(URL).text)
    assert "120 / 60" in q3  # one's own time is always one's own to see
    assert "te weinig gezinnen of collega&#x27;s" in q3 or "te weinig gezinnen of collega's" in q3
    total = 120 + colleagues * families * 40
    assert f"{total} / " not in q3


def test_no_team_no_section(client):
    professional = make_professional()
    client.force_login(professional.user)
    assert 'data-testid="team-time"' not in client.get(URL).text


# Session, user, roles, second factor, the professional, the week's entries, the trajectories
# for proposals, the teams, their members and the team's time.
WEEK_QUERIES = 13
